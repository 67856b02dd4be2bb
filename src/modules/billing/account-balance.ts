import { sql } from "drizzle-orm";
import type { Deps } from "../../deps.ts";
import type { Db } from "../../shared/db.ts";
import { type Account, type Actor, assertAccountVisible, getAccount } from "../tenancy/index.ts";
import { accountCurrency } from "./payments.core.ts";
import { countsSql } from "./settlement.ts";

/**
 * R-PAY-01: what an account owes, per currency: invoices − credit notes − payments (totals, so
 * a credit note beyond what its invoice had left, or an unallocated payment, is credit that
 * lowers the balance). `unallocated` is the part of its payments not yet allocated to invoices.
 */

export interface Balance {
  currency: string;
  invoiced: bigint;
  credited: bigint;
  paid: bigint;
  unallocated: bigint;
  balance: bigint;
}

/** The account the actor may read money of: BSS the tenant's, Storefront its own or subtree (else 404). */
export async function readableAccount(deps: Deps, actor: Actor, accountId: string): Promise<Account> {
  return actor.kind === "storefront"
    ? assertAccountVisible(deps.db, actor, accountId)
    : getAccount(deps.db, actor.tenantId, accountId);
}

export async function balancesOf(db: Db, tenantId: string, account: Account): Promise<Balance[]> {
  const result = (await db.execute(sql`
    with docs as (
      select d.currency,
        sum(case when d.kind = 'invoice' then d.gross else 0 end) as invoiced,
        sum(case when d.kind = 'credit_note' then -d.gross else 0 end) as credited
      from billing_documents d
      where d.tenant_id = ${tenantId} and d.account_id = ${account.id} and ${countsSql("d")}
      group by d.currency
    ), pays as (
      select p.currency, sum(p.amount) as paid, sum(p.amount - p.allocated) as unallocated
      from payments p where p.tenant_id = ${tenantId} and p.account_id = ${account.id}
      group by p.currency
    )
    select coalesce(docs.currency, pays.currency) as currency,
      coalesce(docs.invoiced, 0)::text as invoiced, coalesce(docs.credited, 0)::text as credited,
      coalesce(pays.paid, 0)::text as paid, coalesce(pays.unallocated, 0)::text as unallocated
    from docs full join pays on pays.currency = docs.currency
    order by 1`)) as unknown as {
    rows: Array<{ currency: string; invoiced: string; credited: string; paid: string; unallocated: string }>;
  };
  const rows = result.rows.map((r) => {
    const b = {
      currency: r.currency,
      invoiced: BigInt(r.invoiced),
      credited: BigInt(r.credited),
      paid: BigInt(r.paid),
      unallocated: BigInt(r.unallocated),
    };
    return { ...b, balance: b.invoiced - b.credited - b.paid };
  });
  const home = await accountCurrency(db, tenantId, account);
  if (!rows.some((r) => r.currency === home))
    rows.unshift({ currency: home, invoiced: 0n, credited: 0n, paid: 0n, unallocated: 0n, balance: 0n });
  return rows.sort((a, b) =>
    a.currency === home ? -1 : b.currency === home ? 1 : a.currency < b.currency ? -1 : 1,
  );
}

/** The account's balances, its own currency first. */
export async function getAccountBalance(
  deps: Deps,
  actor: Actor,
  accountId: string,
): Promise<{ accountId: string; balances: Balance[] }> {
  const account = await readableAccount(deps, actor, accountId);
  return { accountId: account.id, balances: await balancesOf(deps.db, actor.tenantId, account) };
}
