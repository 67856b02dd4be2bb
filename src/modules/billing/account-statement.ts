import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { DateString } from "../../shared/dates.ts";
import { AppError } from "../../shared/errors.ts";
import { parseInput } from "../../shared/parse-input.ts";
import type { Actor } from "../tenancy/index.ts";
import { readableAccount } from "./account-balance.ts";
import { accountCurrency } from "./payments.core.ts";
import { countsSql } from "./settlement.ts";

/**
 * R-PAY-01: an account's statement for a date range in one currency: the opening balance (what
 * was owed before `from`), every invoice, credit note and payment dated in the range in date
 * order (invoices, then credit notes, then payments on one day) with the running balance, and
 * the closing balance.
 */

export const StatementQuery = z.strictObject({
  from: DateString,
  to: DateString,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "an ISO 4217 code such as EUR")
    .optional(),
});

export interface StatementEntry {
  date: string;
  type: "invoice" | "credit_note" | "payment";
  id: string;
  /** The document number or the payment's reference. */
  reference: string;
  dueDate: string | null;
  method: string | null;
  /** Signed: invoices add to what is owed, credit notes and payments take from it. */
  amount: bigint;
  balance: bigint;
}

export interface Statement {
  accountId: string;
  accountName: string;
  currency: string;
  from: string;
  to: string;
  opening: bigint;
  entries: StatementEntry[];
  closing: bigint;
}

export async function getAccountStatement(
  deps: Deps,
  actor: Actor,
  accountId: string,
  rawQuery: unknown,
): Promise<Statement> {
  const q = parseInput(StatementQuery, rawQuery ?? {});
  if (q.to < q.from)
    throw new AppError("validation_failed", "Invalid input — to: must not be before from", {
      issues: [{ path: "to", message: "must not be before from" }],
    });
  const account = await readableAccount(deps, actor, accountId);
  const currency = q.currency ?? (await accountCurrency(deps.db, actor.tenantId, account));
  const tenantId = actor.tenantId;
  const opening = (await deps.db.execute(sql`
    select ((select coalesce(sum(d.gross), 0) from billing_documents d
        where d.tenant_id = ${tenantId} and d.account_id = ${account.id} and d.currency = ${currency}
          and d.issue_date < ${q.from}::date and ${countsSql("d")})
      - (select coalesce(sum(p.amount), 0) from payments p
        where p.tenant_id = ${tenantId} and p.account_id = ${account.id} and p.currency = ${currency}
          and p.paid_on < ${q.from}::date))::text as opening`)) as unknown as {
    rows: Array<{ opening: string }>;
  };
  const rows = (await deps.db.execute(sql`
    select * from (
      select d.kind as type, d.id, d.number as reference, d.issue_date::text as date, d.due_date::text as due_date,
        null::text as method, d.gross::text as amount, case d.kind when 'invoice' then 0 else 1 end as ord, d.seq
      from billing_documents d
      where d.tenant_id = ${tenantId} and d.account_id = ${account.id} and d.currency = ${currency}
        and d.issue_date between ${q.from}::date and ${q.to}::date and ${countsSql("d")}
      union all
      select 'payment', p.id, p.reference, p.paid_on::text, null, p.method, (-p.amount)::text, 2, 0
      from payments p
      where p.tenant_id = ${tenantId} and p.account_id = ${account.id} and p.currency = ${currency}
        and p.paid_on between ${q.from}::date and ${q.to}::date
    ) e order by e.date, e.ord, e.seq, e.id`)) as unknown as {
    rows: Array<{
      type: StatementEntry["type"];
      id: string;
      reference: string;
      date: string;
      due_date: string | null;
      method: string | null;
      amount: string;
    }>;
  };
  let balance = BigInt(opening.rows[0]!.opening);
  const start = balance;
  const entries = rows.rows.map((r) => {
    const amount = BigInt(r.amount);
    balance += amount;
    return {
      date: r.date,
      type: r.type,
      id: r.id,
      reference: r.reference,
      dueDate: r.due_date,
      method: r.method,
      amount,
      balance,
    };
  });
  return {
    accountId: account.id,
    accountName: account.name,
    currency,
    from: q.from,
    to: q.to,
    opening: start,
    entries,
    closing: balance,
  };
}
