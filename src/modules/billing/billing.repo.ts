import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../shared/db.ts";
import {
  billingAccounts,
  billingCharges,
  billingDocuments,
  billingItems,
  billingRuns,
} from "./billing.schema.ts";
import type { BillingItemRow, BillingRunRow, ChargeRow, DocumentRow } from "./billing.types.ts";

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

export async function listChargesOf(
  tx: Tx,
  tenantId: string,
  where: { subscriptionId?: string; documentId?: string },
): Promise<ChargeRow[]> {
  const conditions: SQL[] = [eq(billingCharges.tenantId, tenantId)];
  if (where.subscriptionId) conditions.push(eq(billingCharges.subscriptionId, where.subscriptionId));
  if (where.documentId) conditions.push(eq(billingCharges.documentId, where.documentId));
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

const OPENING = `
with counter as (
  insert into billing_counters (tenant_id, kind, last)
  select $1, 'invoice', $2::int where $2::int > 0
  on conflict (tenant_id, kind) do update set last = billing_counters.last + excluded.last
  returning last
), docs as (
  insert into billing_documents (id, tenant_id, kind, seq, number, account_id, issue_date, currency, net, tax,
    gross, line_count, run_id, source, created_at)
  select d.id, $1, 'invoice', c.last - $2::int + d.ordinal,
    $3 || '-' || lpad((c.last - $2::int + d.ordinal)::text, 6, '0'), d.account_id, d.issue_date::date, d.currency,
    d.net::bigint, d.tax::bigint, d.gross::bigint, d.line_count, null, d.source, d.created_at::timestamptz
  from jsonb_to_recordset($4::jsonb) as d(id text, ordinal int, account_id text, issue_date text, currency text,
    net text, tax text, gross text, line_count int, source text, created_at text), counter c
  returning id, seq
), items as (
  insert into billing_items select * from jsonb_populate_recordset(null::billing_items, $5::jsonb)
), charges as (
  insert into billing_charges select * from jsonb_populate_recordset(null::billing_charges, $6::jsonb)
)
select id, seq from docs`;

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
): Promise<Map<string, number>> {
  const query = tx._.session.prepareQuery<{
    execute: { rows: Array<{ id: string; seq: number | string }> };
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
  return new Map(rows.map((r) => [r.id, Number(r.seq)]));
}

/** Takes `count` numbers of a kind from the tenant's gapless counter (row-locked until commit). */
export async function takeNumbers(tx: Tx, tenantId: string, kind: string, count: number): Promise<number> {
  const result = (await tx.execute(sql`
    insert into billing_counters (tenant_id, kind, last) values (${tenantId}, ${kind}, ${count})
    on conflict (tenant_id, kind) do update set last = billing_counters.last + ${count}
    returning last`)) as unknown as { rows: Array<{ last: number | string }> };
  return Number(result.rows[0]!.last) - count + 1; // the first number taken
}

export async function insertDocuments(tx: Tx, rows: readonly DocumentRow[]): Promise<void> {
  if (rows.length) await tx.insert(billingDocuments).values([...rows]);
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

export async function findDocument(tx: Tx, tenantId: string, id: string): Promise<DocumentRow | undefined> {
  const [row] = await tx
    .select()
    .from(billingDocuments)
    .where(and(eq(billingDocuments.tenantId, tenantId), eq(billingDocuments.id, id)));
  return row;
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
