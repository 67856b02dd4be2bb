import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { DateString } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import { formatAmount, parseAmount } from "../../shared/money.ts";
import { type Account, getAccount, getTenant } from "../tenancy/index.ts";
import { loadOptions } from "./billing.core.ts";
import { paymentAllocations, payments } from "./billing.schema.ts";
import { countsSql, creditsSql, paidSql } from "./settlement.ts";

/** R-PAY-01: payments and their allocations to invoices (shared by record and allocate). */

export type PaymentRow = typeof payments.$inferSelect;
export type AllocationRow = typeof paymentAllocations.$inferSelect;

export const PAYMENT_METHODS = ["bank_transfer", "cash", "card"] as const;

/** Amounts as decimal strings (e.g. "120.50"), parsed in the account's currency. */
const Amount = z.string().trim().min(1).max(40);

export const AllocationsInput = z
  .array(z.strictObject({ documentId: z.string().min(1).max(100), amount: Amount }))
  .min(1)
  .max(500);

/** Where the money goes: listed invoices, oldest due first ("auto"), or nowhere yet ("none"). */
export const AllocateInput = z.strictObject({
  allocations: AllocationsInput.optional(),
  auto: z.boolean().optional(),
});

export const RecordPaymentInput = z.strictObject({
  accountId: z.string().min(1).max(100),
  method: z.enum(PAYMENT_METHODS),
  paidOn: DateString,
  amount: Amount,
  reference: z.string().trim().min(1).max(200),
  note: z.string().trim().max(2000).optional(),
  /** Explicit allocations; without them the payment is allocated oldest due first unless auto is false. */
  allocations: AllocationsInput.optional(),
  auto: z.boolean().optional(),
});
export type RecordPaymentInput = z.input<typeof RecordPaymentInput>;

/** The account's currency: its billing options', else the account's, else the tenant's. */
export async function accountCurrency(tx: Tx, tenantId: string, account: Account): Promise<string> {
  const options = await loadOptions(tx, tenantId, account.id);
  return options.currency ?? account.currency ?? (await getTenant(tx, tenantId)).currency;
}

export async function payingAccount(tx: Tx, tenantId: string, accountId: string) {
  const account = await getAccount(tx, tenantId, accountId);
  return { account, currency: await accountCurrency(tx, tenantId, account) };
}

/** A positive amount in `currency`, or a 400 naming `path`. */
export function positiveAmount(text: string, currency: string, path: string): bigint {
  let value: bigint;
  try {
    value = parseAmount(text, currency);
  } catch (e) {
    throw new AppError("validation_failed", `Invalid input — ${path}: ${(e as Error).message}`, {
      issues: [{ path, message: (e as Error).message }],
    });
  }
  if (value <= 0n)
    throw new AppError("validation_failed", `Invalid input — ${path}: must be greater than 0`, {
      issues: [{ path, message: "must be greater than 0" }],
    });
  return value;
}

const refuse = (message: string, details?: Record<string, unknown>) =>
  new AppError("R-PAY-01", message, details);

interface OpenInvoice {
  id: string;
  number: string;
  accountId: string;
  currency: string;
  kind: string;
  outstanding: bigint;
}

/**
 * Locks the invoices (FOR UPDATE, in id order so concurrent payments never deadlock) and then
 * reads what is left to settle on each: after the lock, a concurrent payment's allocations are
 * committed and seen (READ COMMITTED takes a new snapshot per statement).
 */
async function lockOpenInvoices(
  tx: Tx,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, OpenInvoice>> {
  if (ids.length === 0) return new Map();
  const idList = JSON.stringify([...new Set(ids)]);
  await tx.execute(sql`
    select d.id from billing_documents d
    where d.tenant_id = ${tenantId} and d.id in (select jsonb_array_elements_text(${idList}::jsonb))
    order by d.id for update`);
  const result = (await tx.execute(sql`
    select d.id, d.number, d.account_id, d.currency, d.kind,
      (d.gross - ${paidSql("d")} - ${creditsSql("d")})::text as outstanding
    from billing_documents d
    where d.tenant_id = ${tenantId} and d.id in (select jsonb_array_elements_text(${idList}::jsonb))
      and ${countsSql("d")}`)) as unknown as {
    rows: Array<{
      id: string;
      number: string;
      account_id: string;
      currency: string;
      kind: string;
      outstanding: string;
    }>;
  };
  return new Map(
    result.rows.map((r) => [
      r.id,
      {
        id: r.id,
        number: r.number,
        accountId: r.account_id,
        currency: r.currency,
        kind: r.kind,
        outstanding: BigInt(r.outstanding) > 0n ? BigInt(r.outstanding) : 0n,
      },
    ]),
  );
}

/** The account's invoices with something left to settle, oldest due first. */
async function openInvoiceIds(tx: Tx, payment: PaymentRow): Promise<string[]> {
  const result = (await tx.execute(sql`
    select d.id from billing_documents d
    where d.tenant_id = ${payment.tenantId} and d.account_id = ${payment.accountId} and d.kind = 'invoice'
      and d.currency = ${payment.currency} and ${countsSql("d")}
      and d.gross > ${paidSql("d")} + ${creditsSql("d")}
    order by d.due_date, d.issue_date, d.seq`)) as unknown as { rows: Array<{ id: string }> };
  return result.rows.map((r) => r.id);
}

/**
 * Allocates (part of) a payment's unallocated amount: the listed invoices and amounts, or
 * automatically oldest due first. Refuses (422 R-PAY-01) an invoice of another account or
 * currency, a credit note, more than an invoice has left to settle, or more than the payment has
 * left. The payment row is locked first, then the invoices (always in this order).
 */
export async function allocate(
  deps: Deps,
  tx: Tx,
  paymentId: string,
  tenantId: string,
  request: { allocations?: ReadonlyArray<{ documentId: string; amount: string }>; auto?: boolean },
): Promise<AllocationRow[]> {
  const [payment] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId)))
    .for("update");
  if (!payment) throw notFound("Payment", paymentId);
  let left = payment.amount - payment.allocated;
  const planned: Array<{ documentId: string; amount: bigint }> = [];
  if (request.allocations) {
    const wanted = request.allocations.map((a, i) => ({
      documentId: a.documentId,
      amount: positiveAmount(a.amount, payment.currency, `allocations.${i}.amount`),
    }));
    const open = await lockOpenInvoices(
      tx,
      tenantId,
      wanted.map((w) => w.documentId),
    );
    const total = wanted.reduce((a, w) => a + w.amount, 0n);
    if (total > left)
      throw refuse(
        `R-PAY-01: the allocations (${formatAmount(total, payment.currency)}) exceed what is left of the payment (${formatAmount(left, payment.currency)})`,
        { unallocated: formatAmount(left, payment.currency) },
      );
    const taken = new Map<string, bigint>();
    for (const w of wanted) {
      const inv = open.get(w.documentId);
      if (!inv) throw notFound("Document", w.documentId);
      if (inv.kind !== "invoice" || inv.accountId !== payment.accountId || inv.currency !== payment.currency)
        throw refuse(
          `R-PAY-01: ${inv.number} is not an invoice of the payment's account in ${payment.currency}`,
          {
            documentId: inv.id,
          },
        );
      const already = taken.get(inv.id) ?? 0n;
      if (already + w.amount > inv.outstanding)
        throw refuse(
          `R-PAY-01: ${inv.number} has ${formatAmount(inv.outstanding - already, payment.currency)} left to settle`,
          { documentId: inv.id, outstanding: formatAmount(inv.outstanding, payment.currency) },
        );
      taken.set(inv.id, already + w.amount);
      planned.push(w);
    }
  } else if (request.auto !== false && left > 0n) {
    const ids = await openInvoiceIds(tx, payment);
    const open = await lockOpenInvoices(tx, tenantId, ids);
    for (const id of ids) {
      if (left === 0n) break;
      const inv = open.get(id);
      if (!inv || inv.outstanding === 0n) continue;
      const amount = inv.outstanding < left ? inv.outstanding : left;
      planned.push({ documentId: id, amount });
      left -= amount;
    }
  }
  if (planned.length === 0) return [];
  const now = deps.clock.now();
  const rows: AllocationRow[] = planned.map((p) => ({
    id: deps.ids.next("pal"),
    tenantId,
    paymentId: payment.id,
    documentId: p.documentId,
    amount: p.amount,
    createdAt: now,
  }));
  // The trigger re-checks every invariant under the same locks and keeps payments.allocated.
  await tx.insert(paymentAllocations).values(rows);
  return rows;
}

export async function findPayment(tx: Tx, tenantId: string, id: string): Promise<PaymentRow | undefined> {
  const [row] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, id)));
  return row;
}

export async function allocationsOf(tx: Tx, tenantId: string, paymentId: string): Promise<AllocationRow[]> {
  return tx
    .select()
    .from(paymentAllocations)
    .where(and(eq(paymentAllocations.tenantId, tenantId), eq(paymentAllocations.paymentId, paymentId)))
    .orderBy(paymentAllocations.createdAt, paymentAllocations.id);
}
