import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { queryRows, type Tx } from "../../shared/db.ts";
import {
  billingAccounts,
  billingCharges,
  billingDocuments,
  billingItems,
  billingRuns,
  documentDeliveries,
} from "./billing.schema.ts";
import type {
  BillingItemRow,
  BillingRunRow,
  ChargeRow,
  DocumentDelivery,
  DocumentRow,
} from "./billing.types.ts";

/** The only SQL of the billing tables. Every function takes (tx, tenantId, …). */

// ---- options ---------------------------------------------------------------------------------

export async function findBillingAccount(tx: Tx, tenantId: string, accountId: string) {
  const [row] = await tx
    .select()
    .from(billingAccounts)
    .where(and(eq(billingAccounts.tenantId, tenantId), eq(billingAccounts.accountId, accountId)));
  return row;
}

export async function listBillingAccounts(tx: Tx, tenantId: string, accountIds: readonly string[]) {
  if (accountIds.length === 0) return [];
  return tx
    .select()
    .from(billingAccounts)
    .where(and(eq(billingAccounts.tenantId, tenantId), inArray(billingAccounts.accountId, [...accountIds])));
}

export async function upsertBillingAccount(tx: Tx, row: typeof billingAccounts.$inferInsert) {
  const { tenantId: _t, accountId: _a, ...set } = row;
  const [out] = await tx
    .insert(billingAccounts)
    .values(row)
    .onConflictDoUpdate({ target: [billingAccounts.tenantId, billingAccounts.accountId], set })
    .returning();
  return out!;
}

// ---- items -----------------------------------------------------------------------------------

/** The items of a subscription (base first), row-locked: a change and the run never interleave. */
export async function lockItems(tx: Tx, tenantId: string, subscriptionId: string): Promise<BillingItemRow[]> {
  return tx
    .select()
    .from(billingItems)
    .where(and(eq(billingItems.tenantId, tenantId), eq(billingItems.subscriptionId, subscriptionId)))
    .orderBy(sql`${billingItems.addonId} nulls first`, asc(billingItems.id))
    .for("update");
}

export async function listItemsOf(
  tx: Tx,
  tenantId: string,
  subscriptionId: string,
): Promise<BillingItemRow[]> {
  return tx
    .select()
    .from(billingItems)
    .where(and(eq(billingItems.tenantId, tenantId), eq(billingItems.subscriptionId, subscriptionId)))
    .orderBy(sql`${billingItems.addonId} nulls first`, asc(billingItems.id));
}

export async function updateItem(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: Partial<Omit<BillingItemRow, "id" | "tenantId" | "createdAt">>,
): Promise<void> {
  await tx
    .update(billingItems)
    .set(patch)
    .where(and(eq(billingItems.tenantId, tenantId), eq(billingItems.id, id)));
}

// ---- charges ---------------------------------------------------------------------------------

const chargeColumns = (c: ChargeRow) => ({
  id: c.id,
  tenant_id: c.tenantId,
  account_id: c.accountId,
  bill_to_account_id: c.billToAccountId,
  item_id: c.itemId,
  subscription_id: c.subscriptionId,
  addon_id: c.addonId,
  product_id: c.productId,
  kind: c.kind,
  description: c.description,
  period_start: c.periodStart,
  period_end: c.periodEnd,
  from_date: c.fromDate,
  to_date: c.toDate,
  days: c.days,
  period_days: c.periodDays,
  quantity: c.quantity,
  unit_price: c.unitPrice.toString(),
  periods_per_term: c.periodsPerTerm,
  discount_basis_points: c.discountBasisPoints,
  installment_no: c.installmentNo,
  prorated: c.prorated,
  amount: c.amount.toString(),
  tax_rate_basis_points: c.taxRateBasisPoints,
  tax: c.tax.toString(),
  currency: c.currency,
  explanation: c.explanation,
  promotion_id: c.promotionId,
  promotion_name: c.promotionName,
  promotion_value_type: c.promotionValueType,
  promotion_value: c.promotionValue?.toString() ?? null,
  credited_amount: c.creditedAmount.toString(),
  credits_charge_id: c.creditsChargeId,
  dedupe_key: c.dedupeKey,
  invoice_on: c.invoiceOn,
  document_id: c.documentId,
  source: c.source,
  created_at: c.createdAt.toISOString(),
});

/**
 * Inserts charges in one statement; a charge whose dedupe key (or recurring period) exists is
 * skipped — exactly once, even when two runs race. Returns the ids actually inserted.
 */
export async function insertCharges(tx: Tx, rows: readonly ChargeRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const result = (await tx.execute(sql`
    insert into billing_charges
    select * from jsonb_populate_recordset(null::billing_charges, ${JSON.stringify(rows.map(chargeColumns))}::jsonb)
    on conflict do nothing
    returning id`)) as unknown as { rows: Array<{ id: string }> };
  return new Set(result.rows.map((r) => r.id));
}

/** The charges of an item for periods overlapping [from, …), oldest first, row-locked for crediting. */
export async function lockCreditableCharges(
  tx: Tx,
  tenantId: string,
  itemId: string,
  from: string,
): Promise<ChargeRow[]> {
  return tx
    .select()
    .from(billingCharges)
    .where(
      and(
        eq(billingCharges.tenantId, tenantId),
        eq(billingCharges.itemId, itemId),
        sql`${billingCharges.kind} <> 'credit'`,
        sql`${billingCharges.toDate} >= ${from}`,
        sql`${billingCharges.creditedAmount} < ${billingCharges.amount}`,
      ),
    )
    .orderBy(asc(billingCharges.fromDate), asc(billingCharges.id))
    .for("update");
}

export async function addCredited(tx: Tx, tenantId: string, chargeId: string, amount: bigint): Promise<void> {
  await tx
    .update(billingCharges)
    .set({ creditedAmount: sql`${billingCharges.creditedAmount} + ${amount.toString()}::bigint` })
    .where(and(eq(billingCharges.tenantId, tenantId), eq(billingCharges.id, chargeId)));
}

/** Which lines by their document's status: a draft credit note's lines never count (R-DOC-01). */
export type DocumentStatusFilter = "issued" | "draft" | "any";

/**
 * Charges of a subscription or a document. `documentStatus` (default "issued") leaves out — or
 * keeps only — the lines of draft credit notes: a subscription's lines, balances and exports never
 * see a draft (uninvoiced charges, which have no document, count as "issued" here).
 */
export async function listChargesOf(
  tx: Tx,
  tenantId: string,
  where: { subscriptionId?: string; documentId?: string; documentStatus?: DocumentStatusFilter },
): Promise<ChargeRow[]> {
  const conditions: SQL[] = [eq(billingCharges.tenantId, tenantId)];
  if (where.subscriptionId) conditions.push(eq(billingCharges.subscriptionId, where.subscriptionId));
  if (where.documentId) conditions.push(eq(billingCharges.documentId, where.documentId));
  const onDraft = sql`exists (select 1 from billing_documents d where d.tenant_id = ${billingCharges.tenantId}
    and d.id = ${billingCharges.documentId} and d.status = 'draft')`;
  const status = where.documentStatus ?? "issued";
  if (status === "issued") conditions.push(sql`not ${onDraft}`);
  else if (status === "draft") conditions.push(onDraft);
  return tx
    .select()
    .from(billingCharges)
    .where(and(...conditions))
    .orderBy(asc(billingCharges.periodStart), asc(billingCharges.createdAt), asc(billingCharges.id));
}

// ---- documents -------------------------------------------------------------------------------

const itemColumns = (i: BillingItemRow) => ({
  id: i.id,
  tenant_id: i.tenantId,
  account_id: i.accountId,
  bill_to_account_id: i.billToAccountId,
  subscription_id: i.subscriptionId,
  addon_id: i.addonId,
  product_id: i.productId,
  description: i.description,
  term: i.term,
  quantity: i.quantity,
  unit_price: i.unitPrice.toString(),
  discount_basis_points: i.discountBasisPoints,
  currency: i.currency,
  cycle_anchor: i.cycleAnchor,
  next_period_start: i.nextPeriodStart,
  ends_on: i.endsOn,
  next_unit_price: i.nextUnitPrice?.toString() ?? null,
  next_discount_basis_points: i.nextDiscountBasisPoints,
  next_price_from: i.nextPriceFrom,
  excluded_installments: i.excludedInstallments,
  promotion_id: i.promotionId,
  promotion_name: i.promotionName,
  promotion_value_type: i.promotionValueType,
  promotion_value: i.promotionValue?.toString() ?? null,
  promotion_until: i.promotionUntil,
  prorate: i.prorate,
  status: i.status,
  created_at: i.createdAt.toISOString(),
  updated_at: i.updatedAt.toISOString(),
});

/** R-PAY-01: an account without billing options pays within 30 days. */
export const DEFAULT_PAYMENT_TERMS_DAYS = 30;

const OPENING = `
with counter as (
  insert into billing_counters (tenant_id, kind, last)
  select $1, 'invoice', $2::int where $2::int > 0
  on conflict (tenant_id, kind) do update set last = billing_counters.last + excluded.last
  returning last
), docs as (
  insert into billing_documents (id, tenant_id, kind, seq, number, account_id, issue_date, due_date, currency, net,
    tax, gross, line_count, run_id, source, created_at)
  select d.id, $1, 'invoice', c.last - $2::int + d.ordinal,
    $3 || '-' || lpad((c.last - $2::int + d.ordinal)::text, 6, '0'), d.account_id, d.issue_date::date,
    d.issue_date::date + coalesce(ba.payment_terms_days, ${DEFAULT_PAYMENT_TERMS_DAYS}), d.currency,
    d.net::bigint, d.tax::bigint, d.gross::bigint, d.line_count, null, d.source, d.created_at::timestamptz
  from jsonb_to_recordset($4::jsonb) as d(id text, ordinal int, account_id text, issue_date text, currency text,
    net text, tax text, gross text, line_count int, source text, created_at text)
  cross join counter c
  left join billing_accounts ba on ba.tenant_id = $1 and ba.account_id = d.account_id
  returning id, seq, due_date::text as due_date
), items as (
  insert into billing_items select * from jsonb_populate_recordset(null::billing_items, $5::jsonb)
), charges as (
  insert into billing_charges select * from jsonb_populate_recordset(null::billing_charges, $6::jsonb)
)
select id, seq, due_date from docs`;

/**
 * The order path's one statement: new billing items, their charges (already on their documents)
 * and the invoices, numbered from the tenant's gapless counter in the same statement.
 * Returns the number taken by each document.
 */
export async function insertOpening(
  tx: Tx,
  tenantId: string,
  items: readonly BillingItemRow[],
  charges: readonly ChargeRow[],
  documents: ReadonlyArray<DocumentRow & { ordinal: number }>,
  prefix: string,
): Promise<Map<string, { seq: number; dueDate: string }>> {
  const query = tx._.session.prepareQuery<{
    execute: { rows: Array<{ id: string; seq: number | string; due_date: string }> };
    all: unknown;
    values: unknown;
  }>(
    {
      sql: OPENING,
      params: [
        tenantId,
        documents.length,
        prefix,
        JSON.stringify(
          documents.map((d) => ({
            id: d.id,
            ordinal: d.ordinal,
            account_id: d.accountId,
            issue_date: d.issueDate,
            currency: d.currency,
            net: d.net.toString(),
            tax: d.tax.toString(),
            gross: d.gross.toString(),
            line_count: d.lineCount,
            source: d.source,
            created_at: d.createdAt.toISOString(),
          })),
        ),
        JSON.stringify(items.map(itemColumns)),
        JSON.stringify(charges.map(chargeColumns)),
      ],
    },
    undefined,
    "billing_opening",
    false,
  );
  const rows = (await query.execute()).rows;
  return new Map(rows.map((r) => [r.id, { seq: Number(r.seq), dueDate: r.due_date }]));
}

/** Takes `count` numbers of a kind from the tenant's gapless counter (row-locked until commit). */
export async function takeNumbers(tx: Tx, tenantId: string, kind: string, count: number): Promise<number> {
  const result = (await tx.execute(sql`
    insert into billing_counters (tenant_id, kind, last) values (${tenantId}, ${kind}, ${count})
    on conflict (tenant_id, kind) do update set last = billing_counters.last + ${count}
    returning last`)) as unknown as { rows: Array<{ last: number | string }> };
  return Number(result.rows[0]!.last) - count + 1; // the first number taken
}

/**
 * Inserts documents; each invoice's due date is set in the same statement from its paying
 * account's payment terms at issue (R-PAY-01) and written back onto the rows.
 */
export async function insertDocuments(tx: Tx, rows: DocumentRow[]): Promise<void> {
  if (rows.length === 0) return;
  const inserted = await tx
    .insert(billingDocuments)
    .values(
      rows.map((r) => ({
        ...r,
        dueDate:
          r.kind === "invoice"
            ? sql<string>`(${r.issueDate}::date + coalesce((select ba.payment_terms_days from billing_accounts ba
                where ba.tenant_id = ${r.tenantId} and ba.account_id = ${r.accountId}), ${DEFAULT_PAYMENT_TERMS_DAYS}::int))`
            : null,
      })),
    )
    .returning({ id: billingDocuments.id, dueDate: billingDocuments.dueDate });
  const due = new Map(inserted.map((r) => [r.id, r.dueDate]));
  for (const r of rows) r.dueDate = due.get(r.id) ?? null;
}

/** Puts charges on their documents: pairs of (charge id, document id), one statement. */
export async function assignDocuments(
  tx: Tx,
  tenantId: string,
  pairs: ReadonlyArray<readonly [string, string]>,
): Promise<void> {
  if (pairs.length === 0) return;
  await tx.execute(sql`
    update billing_charges c set document_id = p.d
    from jsonb_to_recordset(${JSON.stringify(pairs.map(([c, d]) => ({ c, d })))}::jsonb) as p(c text, d text)
    where c.tenant_id = ${tenantId} and c.id = p.c and c.document_id is null`);
}

/**
 * R-DOC-02: the invoices a credit note credits — its lines' credited charges' documents, each
 * once, in number order (a hand-made credit note names one; an automatic one may credit lines
 * of several invoices).
 */
export async function listCreditedDocuments(
  tx: Tx,
  tenantId: string,
  documentId: string,
): Promise<Array<{ id: string; number: string }>> {
  return queryRows<{ id: string; number: string }>(
    tx,
    sql`
    select distinct d.id, d.number
      from billing_charges c
      join billing_charges credited on credited.tenant_id = c.tenant_id and credited.id = c.credits_charge_id
      join billing_documents d on d.tenant_id = credited.tenant_id and d.id = credited.document_id
     where c.tenant_id = ${tenantId} and c.document_id = ${documentId}
     order by d.number`,
  );
}

export async function findDocument(tx: Tx, tenantId: string, id: string): Promise<DocumentRow | undefined> {
  const [row] = await tx
    .select()
    .from(billingDocuments)
    .where(and(eq(billingDocuments.tenantId, tenantId), eq(billingDocuments.id, id)));
  return row;
}

/** A document row-locked for a change (a draft credit note being edited, issued or deleted). */
export async function lockDocument(tx: Tx, tenantId: string, id: string): Promise<DocumentRow | undefined> {
  const [row] = await tx
    .select()
    .from(billingDocuments)
    .where(and(eq(billingDocuments.tenantId, tenantId), eq(billingDocuments.id, id)))
    .for("update");
  return row;
}

export async function updateDocument(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: Partial<Omit<DocumentRow, "id" | "tenantId" | "kind" | "createdAt">>,
): Promise<DocumentRow> {
  const [row] = await tx
    .update(billingDocuments)
    .set(patch)
    .where(and(eq(billingDocuments.tenantId, tenantId), eq(billingDocuments.id, id)))
    .returning();
  return row!;
}

/** Deletes a draft document (its lines first); the trigger refuses it for an issued one. */
export async function deleteDraftDocument(tx: Tx, tenantId: string, id: string): Promise<void> {
  await tx
    .delete(billingCharges)
    .where(and(eq(billingCharges.tenantId, tenantId), eq(billingCharges.documentId, id)));
  await tx
    .delete(billingDocuments)
    .where(and(eq(billingDocuments.tenantId, tenantId), eq(billingDocuments.id, id)));
}

/** Deletes one line of a draft document (the trigger refuses it on an issued one). */
export async function deleteCharge(tx: Tx, tenantId: string, id: string): Promise<void> {
  await tx
    .delete(billingCharges)
    .where(and(eq(billingCharges.tenantId, tenantId), eq(billingCharges.id, id)));
}

/** Dates a draft's lines on the day it is issued (their document is still a draft). */
export async function setInvoiceOn(tx: Tx, tenantId: string, documentId: string, day: string): Promise<void> {
  await tx
    .update(billingCharges)
    .set({ invoiceOn: day })
    .where(and(eq(billingCharges.tenantId, tenantId), eq(billingCharges.documentId, documentId)));
}

/** Charges by id, row-locked in id order (two issuers of credits on the same lines queue up). */
export async function lockChargesById(
  tx: Tx,
  tenantId: string,
  ids: readonly string[],
): Promise<ChargeRow[]> {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(billingCharges)
    .where(and(eq(billingCharges.tenantId, tenantId), inArray(billingCharges.id, [...ids])))
    .orderBy(asc(billingCharges.id))
    .for("update");
}

/** The documents that credit `documentId` by hand (R-DOC-01), oldest first. */
export async function listCreditingDocuments(
  tx: Tx,
  tenantId: string,
  documentId: string,
): Promise<DocumentRow[]> {
  return tx
    .select()
    .from(billingDocuments)
    .where(and(eq(billingDocuments.tenantId, tenantId), eq(billingDocuments.creditsDocumentId, documentId)))
    .orderBy(asc(billingDocuments.createdAt), asc(billingDocuments.id));
}

// ---- deliveries (R-DOC-03) ------------------------------------------------------------------

export async function findDelivery(
  tx: Tx,
  tenantId: string,
  documentId: string,
): Promise<DocumentDelivery | undefined> {
  const [row] = await tx
    .select()
    .from(documentDeliveries)
    .where(and(eq(documentDeliveries.tenantId, tenantId), eq(documentDeliveries.documentId, documentId)));
  return row;
}

/** Records a document's delivery unless it has one (exactly once: the primary key); true when written. */
export async function insertDelivery(tx: Tx, row: DocumentDelivery): Promise<boolean> {
  const inserted = await tx
    .insert(documentDeliveries)
    .values(row)
    .onConflictDoNothing({ target: [documentDeliveries.tenantId, documentDeliveries.documentId] })
    .returning({ id: documentDeliveries.documentId });
  return inserted.length > 0;
}

/** Those of `documentIds` that have no delivery yet (the delivery job's batch), in id order. */
export async function listUndeliveredDocuments(
  tx: Tx,
  tenantId: string,
  documentIds: readonly string[],
): Promise<DocumentRow[]> {
  if (documentIds.length === 0) return [];
  const d = billingDocuments;
  return tx
    .select()
    .from(d)
    .where(
      and(
        eq(d.tenantId, tenantId),
        inArray(d.id, [...documentIds]),
        eq(d.status, "issued"), // a draft (R-DOC-01) is never delivered
        sql`not exists (select 1 from document_deliveries x where x.tenant_id = ${d.tenantId} and x.document_id = ${d.id})`,
      ),
    )
    .orderBy(asc(d.id));
}

// ---- runs ------------------------------------------------------------------------------------

export async function insertRun(tx: Tx, row: BillingRunRow): Promise<void> {
  await tx.insert(billingRuns).values(row);
}

export async function updateRun(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: Partial<Omit<BillingRunRow, "id" | "tenantId">>,
): Promise<void> {
  await tx
    .update(billingRuns)
    .set(patch)
    .where(and(eq(billingRuns.tenantId, tenantId), eq(billingRuns.id, id)));
}

export async function findRun(tx: Tx, tenantId: string, id: string): Promise<BillingRunRow | undefined> {
  const [row] = await tx
    .select()
    .from(billingRuns)
    .where(and(eq(billingRuns.tenantId, tenantId), eq(billingRuns.id, id)));
  return row;
}
