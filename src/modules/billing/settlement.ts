import { type SQL, sql } from "drizzle-orm";
import type { Deps } from "../../deps.ts";
import type { Db, Tx } from "../../shared/db.ts";
import { getTenant } from "../tenancy/index.ts";
import type { DocumentRow } from "./billing.types.ts";

/**
 * R-PAY-01: how far an invoice is settled. Every read of payments, balances, statements and the
 * accounting export goes through these helpers, so the rule "which documents count" lives here once.
 *
 * - `paid`: the payments allocated to the invoice.
 * - credit notes: the issued credit lines that credit a charge of the invoice (automatic credit
 *   notes credit charges; hand-made ones too, line by line), tax included. They settle the
 *   invoice up to what payments left open: `credited = min(credits, gross − paid)`; any excess is
 *   the account's credit (it shows in the balance, which is totals-based).
 * - outstanding = gross − paid − credited (never negative).
 * - status: paid when nothing is outstanding; overdue when past the due date (tenant's today);
 *   partially paid when something settled it; else unpaid. Credit notes have no status.
 */

export type PaymentStatus = "unpaid" | "partially_paid" | "paid" | "overdue";
export const PAYMENT_STATUSES = ["unpaid", "partially_paid", "paid", "overdue"] as const;

/**
 * The documents that count for money (issued ones). Hand-made credit notes have drafts: when their
 * `status` column is merged, this is the one place to add `and <alias>.status = 'issued'` (and in
 * the allocation trigger of migration 0014).
 */
export function countsSql(alias: string): SQL {
  return sql.raw(`(${alias}.status = 'issued')`); // a draft credit note (R-DOC-01) counts nowhere
}

/** Allocated payments of the document `d` (a table alias or the table name). */
export function paidSql(d: string): SQL {
  return sql.raw(`(select coalesce(sum(pa.amount), 0) from payment_allocations pa
    where pa.tenant_id = ${d}.tenant_id and pa.document_id = ${d}.id)`);
}

/** What issued credit notes credit of the document `d`'s charges, tax included (positive). */
export function creditsSql(d: string): SQL {
  return sql`(select coalesce(sum(-(cr.amount + cr.tax)), 0) from billing_charges ch
    join billing_charges cr on cr.tenant_id = ch.tenant_id and cr.credits_charge_id = ch.id
    join billing_documents cn on cn.tenant_id = cr.tenant_id and cn.id = cr.document_id
    where ch.tenant_id = ${sql.raw(d)}.tenant_id and ch.document_id = ${sql.raw(d)}.id
      and cn.kind = 'credit_note' and ${countsSql("cn")})`;
}

/** The status of document `d` as SQL (null for credit notes), given `paid` and `credits` SQL and today. */
export function statusSql(d: string, today: string): SQL {
  const D = sql.raw(d);
  const paid = paidSql(d);
  const credits = creditsSql(d);
  return sql`(case when ${D}.kind <> 'invoice' then null
    when ${paid} + ${credits} >= ${D}.gross then 'paid'
    when ${D}.due_date < ${today}::date then 'overdue'
    when ${paid} + ${credits} > 0 then 'partially_paid'
    else 'unpaid' end)`;
}

export interface Settlement {
  paid: bigint;
  credited: bigint;
  outstanding: bigint;
  status: PaymentStatus | null;
}

/** The settlement of one document from its paid and credit sums (see the module comment). */
export function settlementOf(
  d: Pick<DocumentRow, "kind" | "gross" | "dueDate">,
  paid: bigint,
  credits: bigint,
  today: string,
): Settlement {
  if (d.kind !== "invoice") return { paid: 0n, credited: 0n, outstanding: 0n, status: null };
  const room = d.gross - paid > 0n ? d.gross - paid : 0n;
  const credited = credits < room ? (credits > 0n ? credits : 0n) : room;
  const outstanding = d.gross - paid - credited > 0n ? d.gross - paid - credited : 0n;
  const status: PaymentStatus =
    outstanding === 0n
      ? "paid"
      : d.dueDate !== null && d.dueDate < today
        ? "overdue"
        : paid + credited > 0n
          ? "partially_paid"
          : "unpaid";
  return { paid, credited, outstanding, status };
}

/** Paid and credit sums of documents, by id. */
export async function settlementSums(
  db: Db | Tx,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, { paid: bigint; credits: bigint }>> {
  if (ids.length === 0) return new Map();
  const result = (await db.execute(sql`
    select d.id, ${paidSql("d")}::text as paid, ${creditsSql("d")}::text as credits
    from billing_documents d
    where d.tenant_id = ${tenantId} and d.id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`)) as unknown as {
    rows: Array<{ id: string; paid: string; credits: string }>;
  };
  return new Map(result.rows.map((r) => [r.id, { paid: BigInt(r.paid), credits: BigInt(r.credits) }]));
}

/** Settlements of documents (by id), as of the tenant's today. */
export async function settlementsOf(
  deps: Deps,
  db: Db | Tx,
  tenantId: string,
  docs: readonly DocumentRow[],
): Promise<Map<string, Settlement>> {
  const today = await tenantToday(deps, db, tenantId);
  const sums = await settlementSums(
    db,
    tenantId,
    docs.map((d) => d.id),
  );
  return new Map(
    docs.map((d) => {
      const s = sums.get(d.id) ?? { paid: 0n, credits: 0n };
      return [d.id, settlementOf(d, s.paid, s.credits, today)];
    }),
  );
}

/** Today (YYYY-MM-DD) in the tenant's time zone, by the installation's clock. */
export async function tenantToday(deps: Deps, db: Db | Tx, tenantId: string): Promise<string> {
  const tenant = await getTenant(db as Db, tenantId);
  return deps.clock.today(tenant.timeZone).toString();
}
