import {
  isUniqueViolation,
  pgArray,
  queryRows,
  type SQL,
  sql,
  type Tx,
  transaction,
} from "../../shared/db.ts";
import { pricedCommonLines } from "./invoice-due.priced.sql.ts";

export { pgArray };

/**
 * The raw SQL of the billing run's money part (invoice-due.ts): bulk reads that skip drizzle's row
 * mapping (dates and money come back as text), and bulk writes that send each column as one array
 * parameter and `unnest` it — one statement per chunk, whatever its size (stack-traps #8, #9).
 */

/** Paying accounts with a period to bill or a charge to invoice on `day`, in a stable order. */
export async function listDueAccounts(tx: Tx, tenantId: string, day: string): Promise<string[]> {
  const rows = await queryRows<{ account: string }>(
    tx,
    sql`select bill_to_account_id as account from billing_items
          where tenant_id = ${tenantId} and status = 'active' and next_period_start <= ${day}::date
            and (ends_on is null or next_period_start <= ends_on)
        union
        select bill_to_account_id from billing_charges
          where tenant_id = ${tenantId} and document_id is null and invoice_on <= ${day}::date
        order by 1`,
  );
  return rows.map((r) => r.account);
}

/** A billing item as the run reads it: money and dates as text. */
export interface DueItem {
  id: string;
  account_id: string;
  bill_to_account_id: string;
  subscription_id: string;
  addon_id: string | null;
  product_id: string;
  description: string;
  term: string;
  quantity: number;
  unit_price: string;
  discount_basis_points: number;
  currency: string;
  cycle_anchor: string;
  next_period_start: string;
  ends_on: string | null;
  next_unit_price: string | null;
  next_discount_basis_points: number | null;
  next_price_from: string | null;
  prorate: boolean;
  /** R-PRM-01: the item's promotion snapshot (null on most items). */
  promotion_id: string | null;
  promotion_name: string | null;
  promotion_value_type: string | null;
  promotion_value: string | null;
  promotion_until: string | null;
}

/** Due items (already locked by `lockDueRefs`) that TypeScript prices: every column, money and dates as text. */
export async function readDueItems(tx: Tx, tenantId: string, ids: readonly string[]): Promise<DueItem[]> {
  if (ids.length === 0) return [];
  return queryRows<DueItem>(
    tx,
    sql`select id, account_id, bill_to_account_id, subscription_id, addon_id, product_id, description, term,
          quantity, unit_price::text as unit_price, discount_basis_points, currency,
          cycle_anchor::text as cycle_anchor, next_period_start::text as next_period_start,
          ends_on::text as ends_on, next_unit_price::text as next_unit_price, next_discount_basis_points,
          next_price_from::text as next_price_from, prorate, promotion_id, promotion_name,
          promotion_value_type, promotion_value::text as promotion_value, promotion_until::text as promotion_until
        from billing_items
        where tenant_id = ${tenantId} and id = any(${pgArray(ids)}::text[])
        order by id`,
  );
}

/** An uninvoiced charge that was already in the ledger when the chunk started (an event's, a Billing Day one). */
export interface PendingCharge {
  id: string;
  bill_to_account_id: string;
  kind: string;
  currency: string;
  amount: string;
  tax: string;
}

/** The uninvoiced charges due by `day` of these paying accounts, row-locked: they join today's documents. */
export async function lockPendingCharges(
  tx: Tx,
  tenantId: string,
  accountIds: readonly string[],
  day: string,
): Promise<PendingCharge[]> {
  if (accountIds.length === 0) return [];
  return queryRows<PendingCharge>(
    tx,
    sql`select id, bill_to_account_id, kind, currency, amount::text as amount, tax::text as tax
        from billing_charges
        where tenant_id = ${tenantId} and document_id is null and invoice_on <= ${day}::date
          and bill_to_account_id = any(${pgArray(accountIds)}::text[])
        order by id
        for update`,
  );
}

/** New recurring charges of a chunk, column by column (index i of every array is one charge). */
export interface ChargeColumns {
  id: string[];
  accountId: string[];
  billToAccountId: string[];
  itemId: string[];
  subscriptionId: string[];
  addonId: Array<string | null>;
  productId: string[];
  description: string[];
  periodStart: string[];
  periodEnd: string[];
  fromDate: string[];
  toDate: string[];
  days: number[];
  periodDays: number[];
  quantity: number[];
  unitPrice: bigint[];
  periodsPerTerm: number[];
  discountBasisPoints: number[];
  installmentNo: Array<number | null>;
  prorated: boolean[];
  amount: bigint[];
  taxRateBasisPoints: number[];
  tax: bigint[];
  currency: string[];
  explanation: string[];
  /** R-PRM-01: the line's promotion (null when none; the statement leaves the columns out when no line has one). */
  promotionId: Array<string | null>;
  promotionName: Array<string | null>;
  promotionValueType: Array<string | null>;
  promotionValue: Array<bigint | null>;
  dedupeKey: string[];
  invoiceOn: string[];
  documentId: Array<string | null>;
}

export const emptyChargeColumns = (): ChargeColumns => ({
  id: [],
  accountId: [],
  billToAccountId: [],
  itemId: [],
  subscriptionId: [],
  addonId: [],
  productId: [],
  description: [],
  periodStart: [],
  periodEnd: [],
  fromDate: [],
  toDate: [],
  days: [],
  periodDays: [],
  quantity: [],
  unitPrice: [],
  periodsPerTerm: [],
  discountBasisPoints: [],
  installmentNo: [],
  prorated: [],
  amount: [],
  taxRateBasisPoints: [],
  tax: [],
  currency: [],
  explanation: [],
  promotionId: [],
  promotionName: [],
  promotionValueType: [],
  promotionValue: [],
  dedupeKey: [],
  invoiceOn: [],
  documentId: [],
});

/** Where each billed item goes next: the day after what was billed, ended when past its last day. */
export interface ItemProgress {
  id: string[];
  next: string[];
  ended: boolean[];
}

/** The chunk's common items, priced by SQL (invoice-due.priced.sql.ts): item, new charge id, its document. */
export interface CommonWork {
  itemIds: string[];
  chargeIds: string[];
  documentIds: string[];
}

/** What a chunk's write put on each document (null: charges waiting for a later invoice). */
export interface DocumentSums {
  document_id: string | null;
  net: string;
  tax: string;
  lines: number;
}

/**
 * Writes the chunk's charges — the TypeScript-priced columns and the SQL-priced common items —
 * (exactly once: a charge whose dedupe key or recurring period exists is skipped) and advances
 * their items, in one statement. Charges due today arrive already on the document the caller is
 * about to issue (`documentId`), so a line is written once, never inserted and then updated.
 * Returns what was inserted per document: nothing written is read back.
 */
export async function writeChargesAndProgress(
  tx: Tx,
  input: {
    tenantId: string;
    kind: string;
    source: string;
    now: Date;
    charges: ChargeColumns;
    progress: ItemProgress;
    common: CommonWork;
  },
): Promise<DocumentSums[]> {
  // A plain INSERT first, in a savepoint: ON CONFLICT's speculative insertion costs ~70 % more per
  // row (measured on PostgreSQL 15), and with the items locked and advanced in the same statement a
  // duplicate is the exception. If one is there, the unique constraint refuses the statement and it
  // is redone skipping the duplicates — exactly once either way, by the same constraints.
  try {
    return await transaction(tx, (sp) => writeStatement(sp, input, false));
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return writeStatement(tx, input, true);
  }
}

const CHARGE_COLUMNS =
  sql.raw(`id, account_id, bill_to_account_id, item_id, subscription_id, addon_id, product_id,
  description, period_start, period_end, from_date, to_date, days, period_days, quantity, unit_price,
  periods_per_term, discount_basis_points, installment_no, prorated, amount, tax_rate_basis_points, tax, currency,
  explanation, promotion_id, promotion_name, promotion_value_type, promotion_value, dedupe_key, invoice_on,
  document_id`);

async function writeStatement(
  tx: Tx,
  input: Parameters<typeof writeChargesAndProgress>[1],
  skipDuplicates: boolean,
): Promise<DocumentSums[]> {
  const c = input.charges;
  const p = input.progress;
  const now = input.now.toISOString();
  const parts: SQL[] = [];
  const sources: SQL[] = [];
  const advances: SQL[] = [];
  if (c.id.length > 0) {
    // R-PRM-01: the promotion columns travel only when a line has one (most chunks have none).
    const promoted = c.promotionId.some((id) => id !== null);
    const promoArrays = promoted
      ? sql`, ${pgArray(c.promotionId)}::text[], ${pgArray(c.promotionName)}::text[],
          ${pgArray(c.promotionValueType)}::text[], ${pgArray(c.promotionValue)}::bigint[]`
      : sql``;
    const promoNames = promoted
      ? sql`, promotion_id, promotion_name, promotion_value_type, promotion_value`
      : sql``;
    parts.push(sql`ts as (
          select *${
            promoted
              ? sql``
              : sql`, null::text as promotion_id, null::text as promotion_name,
            null::text as promotion_value_type, null::bigint as promotion_value`
          } from unnest(
            ${pgArray(c.id)}::text[], ${pgArray(c.accountId)}::text[], ${pgArray(c.billToAccountId)}::text[],
            ${pgArray(c.itemId)}::text[], ${pgArray(c.subscriptionId)}::text[], ${pgArray(c.addonId)}::text[],
            ${pgArray(c.productId)}::text[], ${pgArray(c.description)}::text[], ${pgArray(c.periodStart)}::date[],
            ${pgArray(c.periodEnd)}::date[], ${pgArray(c.fromDate)}::date[], ${pgArray(c.toDate)}::date[],
            ${pgArray(c.days)}::int[], ${pgArray(c.periodDays)}::int[], ${pgArray(c.quantity)}::int[],
            ${pgArray(c.unitPrice)}::bigint[], ${pgArray(c.periodsPerTerm)}::int[],
            ${pgArray(c.discountBasisPoints)}::int[], ${pgArray(c.installmentNo)}::int[],
            ${pgArray(c.prorated)}::boolean[], ${pgArray(c.amount)}::bigint[],
            ${pgArray(c.taxRateBasisPoints)}::int[], ${pgArray(c.tax)}::bigint[], ${pgArray(c.currency)}::text[],
            ${pgArray(c.explanation)}::text[], ${pgArray(c.dedupeKey)}::text[], ${pgArray(c.invoiceOn)}::date[],
            ${pgArray(c.documentId)}::text[]${promoArrays}
          ) as p(id, account_id, bill_to_account_id, item_id, subscription_id, addon_id, product_id, description,
                 period_start, period_end, from_date, to_date, days, period_days, quantity, unit_price,
                 periods_per_term, discount_basis_points, installment_no, prorated, amount,
                 tax_rate_basis_points, tax, currency, explanation, dedupe_key, invoice_on, document_id${promoNames})
        )`);
    sources.push(sql`select ${CHARGE_COLUMNS} from ts`);
  }
  if (p.id.length > 0)
    advances.push(sql`select * from unnest(${pgArray(p.id)}::text[], ${pgArray(p.next)}::date[],
      ${pgArray(p.ended)}::boolean[]) as a(id, next, ended)`);
  if (input.common.itemIds.length > 0) {
    parts.push(sql`sq as (${pricedCommonLines({ tenantId: input.tenantId, ...input.common })})`);
    sources.push(sql`select ${CHARGE_COLUMNS} from sq`);
    advances.push(sql`select item_id, next, ended from sq`);
  }
  if (sources.length === 0) return [];
  return queryRows<DocumentSums>(
    tx,
    sql`with ${sql.join(parts, sql`, `)}, inserted as (
          insert into billing_charges (${CHARGE_COLUMNS}, tenant_id, kind, credited_amount, credits_charge_id,
            source, created_at)
          select ${CHARGE_COLUMNS}, ${input.tenantId}, ${input.kind}, 0, null, ${input.source}, ${now}::timestamptz
          from (${sql.join(sources, sql` union all `)}) s
          ${skipDuplicates ? sql`on conflict do nothing` : sql``}
          returning document_id, amount, tax
        ), advanced as (
          update billing_items i set next_period_start = a.next,
            status = case when a.ended then 'ended' else i.status end, updated_at = ${now}::timestamptz
          from (${sql.join(advances, sql` union all `)}) as a(id, next, ended)
          where i.tenant_id = ${input.tenantId} and i.id = a.id
          returning 1
        )
        select document_id, coalesce(sum(amount), 0)::text as net, coalesce(sum(tax), 0)::text as tax,
          count(*)::int as lines
        from inserted group by document_id`,
  );
}

/** A document the chunk issues (numbers taken from the tenant's gapless counter in the same transaction). */
export interface NewDocument {
  id: string;
  kind: string;
  seq: number;
  number: string;
  accountId: string;
  currency: string;
  net: bigint;
  tax: bigint;
  lineCount: number;
}

/** Inserts the chunk's documents in one statement. */
export async function insertDocumentRows(
  tx: Tx,
  input: {
    tenantId: string;
    issueDate: string;
    runId: string | null;
    source: string;
    now: Date;
    documents: readonly NewDocument[];
  },
): Promise<void> {
  const d = input.documents;
  if (d.length === 0) return;
  await tx.execute(sql`
    insert into billing_documents (id, tenant_id, kind, seq, number, account_id, issue_date, due_date, currency, net,
      tax, gross, line_count, run_id, source, created_at)
    select d.id, ${input.tenantId}, d.kind, d.seq, d.number, d.account_id, ${input.issueDate}::date,
      case when d.kind = 'invoice' then ${input.issueDate}::date + coalesce(ba.payment_terms_days, 30) end, d.currency,
      d.net, d.tax, d.net + d.tax, d.line_count, ${input.runId}, ${input.source}, ${input.now.toISOString()}::timestamptz
    from unnest(
      ${pgArray(d.map((x) => x.id))}::text[], ${pgArray(d.map((x) => x.kind))}::text[],
      ${pgArray(d.map((x) => x.seq))}::int[], ${pgArray(d.map((x) => x.number))}::text[],
      ${pgArray(d.map((x) => x.accountId))}::text[], ${pgArray(d.map((x) => x.currency))}::text[],
      ${pgArray(d.map((x) => x.net))}::bigint[], ${pgArray(d.map((x) => x.tax))}::bigint[],
      ${pgArray(d.map((x) => x.lineCount))}::int[]
    ) as d(id, kind, seq, number, account_id, currency, net, tax, line_count)
    -- R-PAY-01: the due date from the paying account's terms at issue (default 30 days)
    left join billing_accounts ba on ba.tenant_id = ${input.tenantId} and ba.account_id = d.account_id`);
}
