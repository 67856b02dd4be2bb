import { isUniqueViolation, pgArray, queryRows, sql, type Tx, transaction } from "../../shared/db.ts";

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

/**
 * The active items of these paying accounts with a period due by `day`, row-locked in id order (so
 * two runs, or a run and a command, queue up instead of deadlocking): the chunk's work.
 */
export async function lockDueItems(
  tx: Tx,
  tenantId: string,
  accountIds: readonly string[],
  day: string,
): Promise<DueItem[]> {
  if (accountIds.length === 0) return [];
  return queryRows<DueItem>(
    tx,
    sql`select id, account_id, bill_to_account_id, subscription_id, addon_id, product_id, description, term,
          quantity, unit_price::text as unit_price, discount_basis_points, currency,
          cycle_anchor::text as cycle_anchor, next_period_start::text as next_period_start,
          ends_on::text as ends_on, next_unit_price::text as next_unit_price, next_discount_basis_points,
          next_price_from::text as next_price_from, prorate, promotion_id, promotion_name,
          promotion_value_type, promotion_value::text as promotion_value, promotion_until::text as promotion_until
        from billing_items
        where tenant_id = ${tenantId} and bill_to_account_id = any(${pgArray(accountIds)}::text[])
          and status = 'active' and next_period_start <= ${day}::date
          and (ends_on is null or next_period_start <= ends_on)
        order by id
        for update`,
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

/**
 * Writes the chunk's charges (exactly once: a charge whose dedupe key or recurring period exists is
 * skipped) and advances its items, in one statement. Charges due today arrive already on the
 * document the caller is about to issue (`documentId`), so a line is written once, never inserted
 * and then updated. Returns how many charges were inserted.
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
  },
): Promise<number> {
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

async function writeStatement(
  tx: Tx,
  input: Parameters<typeof writeChargesAndProgress>[1],
  skipDuplicates: boolean,
): Promise<number> {
  const c = input.charges;
  const p = input.progress;
  const now = input.now.toISOString();
  // R-PRM-01: the promotion columns travel only when a line of the chunk has one (most chunks have
  // none: the statement stays exactly as cheap as before).
  const promoted = c.promotionId.some((id) => id !== null);
  const promoArrays = promoted
    ? sql`, ${pgArray(c.promotionId)}::text[], ${pgArray(c.promotionName)}::text[],
          ${pgArray(c.promotionValueType)}::text[], ${pgArray(c.promotionValue)}::bigint[]`
    : sql``;
  const promoNames = promoted
    ? sql`, promotion_id, promotion_name, promotion_value_type, promotion_value`
    : sql``;
  const promoValues = promoted
    ? sql`, p.promotion_id, p.promotion_name, p.promotion_value_type, p.promotion_value`
    : sql``;
  const rows = await queryRows<{ inserted: number | string }>(
    tx,
    sql`with p as (
          select * from unnest(
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
        ), inserted as (
          insert into billing_charges (id, tenant_id, account_id, bill_to_account_id, item_id, subscription_id,
            addon_id, product_id, kind, description, period_start, period_end, from_date, to_date, days,
            period_days, quantity, unit_price, periods_per_term, discount_basis_points, installment_no, prorated,
            amount, tax_rate_basis_points, tax, currency, explanation, credited_amount, credits_charge_id,
            dedupe_key, invoice_on, document_id, source, created_at${promoNames})
          select p.id, ${input.tenantId}, p.account_id, p.bill_to_account_id, p.item_id, p.subscription_id,
            p.addon_id, p.product_id, ${input.kind}, p.description, p.period_start, p.period_end, p.from_date,
            p.to_date, p.days, p.period_days, p.quantity, p.unit_price, p.periods_per_term,
            p.discount_basis_points, p.installment_no, p.prorated, p.amount, p.tax_rate_basis_points, p.tax,
            p.currency, p.explanation, 0, null, p.dedupe_key, p.invoice_on, p.document_id, ${input.source},
            ${now}::timestamptz${promoValues}
          from p
          ${skipDuplicates ? sql`on conflict do nothing` : sql``}
          returning 1
        ), advanced as (
          update billing_items i set next_period_start = a.next,
            status = case when a.ended then 'ended' else i.status end, updated_at = ${now}::timestamptz
          from unnest(${pgArray(p.id)}::text[], ${pgArray(p.next)}::date[], ${pgArray(p.ended)}::boolean[])
            as a(id, next, ended)
          where i.tenant_id = ${input.tenantId} and i.id = a.id
          returning 1
        )
        select (select count(*) from inserted) as inserted, (select count(*) from advanced) as advanced`,
  );
  return Number(rows[0]?.inserted ?? 0);
}

/** Which of these charge ids are in the ledger (after a write that skipped some as duplicates). */
export async function existingCharges(
  tx: Tx,
  tenantId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select id from billing_charges where tenant_id = ${tenantId} and id = any(${pgArray(ids)}::text[])`,
  );
  return new Set(rows.map((r) => r.id));
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
