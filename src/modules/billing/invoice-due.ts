import type { Deps } from "../../deps.ts";
import { addDays, type PlainDate, parseDate } from "../../shared/dates.ts";
import { type Tx, transaction } from "../../shared/db.ts";
import { documentNumber, loadOptionsMap, prorates } from "./billing.core.ts";
import { assignDocuments, takeNumbers } from "./billing.repo.ts";
import {
  duePeriods,
  explainLine,
  type ItemPromotion,
  itemPromotion,
  type LineInputs,
  lineAmount,
  lineTax,
  type PricedLine,
  promotionFor,
  type Term,
} from "./billing.rules.ts";
import { queueDocumentDelivery } from "./deliver-documents.ts";
import {
  type DueItem,
  emptyChargeColumns,
  existingCharges,
  type ItemProgress,
  insertDocumentRows,
  listDueAccounts,
  lockDueItems,
  lockPendingCharges,
  type NewDocument,
  writeChargesAndProgress,
} from "./invoice-due.sql.ts";

export interface InvoiceDueResult {
  accounts: number;
  charges: number;
  documents: number;
}

export interface InvoiceDueOptions {
  runId: string | null;
  /** Accounts per transaction: a crash loses at most the chunk in progress (it rolls back). */
  chunkSize?: number;
  onProgress?: (p: {
    accountsDone: number;
    accountsTotal: number;
    charges: number;
    documents: number;
  }) => Promise<void> | void;
}

/** Paying accounts per transaction by default: ~2 subscriptions each, a few thousand lines per statement. */
const DEFAULT_CHUNK = 2000;

/**
 * The money part of the billing run for a tenant and a date: every billing item with a period
 * starting on or before the date is billed (renewals, AC1M installments, AC1Y years; a day missed
 * is caught up), and every uninvoiced charge due by then is invoiced — one invoice (and one
 * credit note) per paying account. Set-based: accounts are taken in chunks, and each chunk is
 * one transaction of a handful of statements, never a round trip per subscription. Exactly once:
 * charges are unique per (item, period) and documents take only uninvoiced charges, so a rerun
 * (after a crash at any point) completes the work and creates nothing twice.
 */
export async function invoiceDue(
  deps: Deps,
  tenantId: string,
  date: PlainDate,
  options: InvoiceDueOptions,
): Promise<InvoiceDueResult> {
  const accounts = await listDueAccounts(deps.db, tenantId, date.toString());
  const size = options.chunkSize ?? DEFAULT_CHUNK;
  const price = createPricer(date);
  const result: InvoiceDueResult = { accounts: accounts.length, charges: 0, documents: 0 };
  for (let i = 0; i < accounts.length; i += size) {
    const chunk = accounts.slice(i, i + size);
    const done = await transaction(deps.db, (tx) =>
      invoiceChunk(deps, tx, tenantId, date, chunk, options.runId, price),
    );
    result.charges += done.charges;
    result.documents += done.documents;
    await options.onProgress?.({
      accountsDone: Math.min(i + size, accounts.length),
      accountsTotal: accounts.length,
      charges: result.charges,
      documents: result.documents,
    });
  }
  return result;
}

/** A document being put together in a chunk: the new lines due today and the charges that waited. */
interface Group {
  key: string;
  kind: "invoice" | "credit_note";
  id: string;
  accountId: string;
  currency: string;
  net: bigint;
  tax: bigint;
  lines: number;
  pendingIds: string[];
}

/**
 * One chunk, one transaction: lock the due items and the charges waiting to be invoiced, price the
 * due periods (billing.rules.ts), then write the charges — those due today straight onto the
 * documents they belong to — and advance the items in one statement, and issue the documents with
 * gapless numbers: one per (kind, paying account, currency), numbered in that order (as
 * `issueDocuments` does).
 */
async function invoiceChunk(
  deps: Deps,
  tx: Tx,
  tenantId: string,
  date: PlainDate,
  accounts: readonly string[],
  runId: string | null,
  price: Pricer,
): Promise<{ charges: number; documents: number }> {
  const day = date.toString();
  const items = await lockDueItems(tx, tenantId, accounts, day);
  const pending = await lockPendingCharges(tx, tenantId, accounts, day);
  if (items.length === 0 && pending.length === 0) return { charges: 0, documents: 0 };
  const optionsByAccount = await loadOptionsMap(tx, tenantId, accounts);
  const now = deps.clock.now();
  const source = `billing run ${day}`;

  const groups = new Map<string, Group>();
  const groupOf = (kind: Group["kind"], accountId: string, currency: string): Group => {
    const key = `${kind}\u0000${accountId}\u0000${currency}`;
    let g = groups.get(key);
    if (!g) {
      const id = deps.ids.next(kind === "invoice" ? "inv" : "crn");
      g = { key, kind, id, accountId, currency, net: 0n, tax: 0n, lines: 0, pendingIds: [] };
      groups.set(key, g);
    }
    return g;
  };

  const c = emptyChargeColumns();
  const chargeGroups: Array<Group | null> = [];
  const progress: ItemProgress = { id: [], next: [], ended: [] };
  for (const item of items) {
    const options = optionsByAccount.get(item.bill_to_account_id)!;
    const { lines, dates } = price(
      item,
      prorates(options, { productId: item.product_id, prorate: item.prorate }),
    );
    if (lines.length === 0) continue;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const d = dates[i]!;
      const partial = line.days < line.periodDays;
      const invoiceOn = partial && options.partialCharges === "billing_day" ? d.dayAfter : d.from;
      const group = invoiceOn <= day ? groupOf("invoice", item.bill_to_account_id, item.currency) : null;
      c.id.push(deps.ids.next("chg"));
      c.accountId.push(item.account_id);
      c.billToAccountId.push(item.bill_to_account_id);
      c.itemId.push(item.id);
      c.subscriptionId.push(item.subscription_id);
      c.addonId.push(item.addon_id);
      c.productId.push(item.product_id);
      c.description.push(item.description);
      c.periodStart.push(d.periodStart);
      c.periodEnd.push(d.periodEnd);
      c.fromDate.push(d.from);
      c.toDate.push(d.to);
      c.days.push(line.days);
      c.periodDays.push(line.periodDays);
      c.quantity.push(line.quantity);
      c.unitPrice.push(line.unitPrice);
      c.periodsPerTerm.push(line.periodsPerTerm);
      c.discountBasisPoints.push(line.discountBasisPoints);
      c.installmentNo.push(line.installmentNo);
      c.prorated.push(line.prorated);
      c.amount.push(line.amount);
      c.taxRateBasisPoints.push(options.taxRateBasisPoints);
      c.tax.push(lineTax(line.amount, options.taxRateBasisPoints));
      c.currency.push(item.currency);
      c.explanation.push(line.explanation);
      c.promotionId.push(line.promotion?.id ?? null);
      c.promotionName.push(line.promotion?.name ?? null);
      c.promotionValueType.push(line.promotion?.valueType ?? null);
      c.promotionValue.push(line.promotion?.value ?? null);
      c.dedupeKey.push(`rec:${item.id}:${d.periodStart}`);
      c.invoiceOn.push(invoiceOn);
      c.documentId.push(group?.id ?? null);
      chargeGroups.push(group);
    }
    const next = dates.at(-1)!.dayAfter;
    progress.id.push(item.id);
    progress.next.push(next);
    progress.ended.push(item.ends_on !== null && next > item.ends_on);
  }

  const inserted = c.id.length
    ? await writeChargesAndProgress(tx, { tenantId, kind: "recurring", source, now, charges: c, progress })
    : 0;
  // A charge skipped as a duplicate (its period was billed already) is on no document: count only
  // the lines actually written. Normally every one was, and nothing is read back.
  const kept = inserted === c.id.length ? null : await existingCharges(tx, tenantId, c.id);
  for (let i = 0; i < c.id.length; i++) {
    const g = chargeGroups[i];
    if (!g || (kept && !kept.has(c.id[i]!))) continue;
    g.net += c.amount[i]!;
    g.tax += c.tax[i]!;
    g.lines++;
  }
  for (const p of pending) {
    const g = groupOf(p.kind === "credit" ? "credit_note" : "invoice", p.bill_to_account_id, p.currency);
    g.net += BigInt(p.amount);
    g.tax += BigInt(p.tax);
    g.lines++;
    g.pendingIds.push(p.id);
  }
  const documents = await issueChunkDocuments(deps, tx, tenantId, [...groups.values()], {
    issueDate: day,
    source,
    runId,
    now,
  });
  return { charges: inserted, documents };
}

/** Numbers the chunk's documents from the tenant's counters (in key order, like issueDocuments) and writes them. */
async function issueChunkDocuments(
  deps: Deps,
  tx: Tx,
  tenantId: string,
  all: Group[],
  input: { issueDate: string; source: string; runId: string | null; now: Date },
): Promise<number> {
  const groups = all.filter((g) => g.lines > 0).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (groups.length === 0) return 0;
  const counts = { invoice: 0, credit_note: 0 };
  for (const g of groups) counts[g.kind]++;
  const next = {
    invoice: counts.invoice ? await takeNumbers(tx, tenantId, "invoice", counts.invoice) : 0,
    credit_note: counts.credit_note ? await takeNumbers(tx, tenantId, "credit_note", counts.credit_note) : 0,
  };
  const documents: NewDocument[] = [];
  const pairs: Array<readonly [string, string]> = [];
  for (const g of groups) {
    const seq = next[g.kind]++;
    documents.push({
      id: g.id,
      kind: g.kind,
      seq,
      number: documentNumber(g.kind, seq),
      accountId: g.accountId,
      currency: g.currency,
      net: g.net,
      tax: g.tax,
      lineCount: g.lines,
    });
    for (const id of g.pendingIds) pairs.push([id, g.id] as const);
  }
  await insertDocumentRows(tx, { tenantId, ...input, documents });
  await assignDocuments(tx, tenantId, pairs);
  // R-DOC-03: the chunk's documents are emailed by ONE job, after this transaction commits.
  await queueDocumentDelivery(
    deps,
    tx,
    tenantId,
    documents.map((d) => d.id),
  );
  return documents.length;
}

// ---- pricing ---------------------------------------------------------------------------------

/** A billed line's dates as stored, and the day after it (where the item goes next). */
interface LineDates {
  periodStart: string;
  periodEnd: string;
  from: string;
  to: string;
  dayAfter: string;
}

interface Priced {
  lines: readonly PricedLine[];
  dates: readonly LineDates[];
}

type Pricer = (item: DueItem, prorate: boolean) => Priced;

/** Priced lines remembered per shape (same quantity and price): bounds the memory of a long run. */
const MAX_PRICES_PER_SHAPE = 2000;

/**
 * Prices items with `duePeriods` (billing.rules.ts, the one source of the arithmetic) — fast. The
 * dates of a due line (period, days, installment, whether it is prorated) depend only on the item's
 * term, cycle anchor, next period start, end and the proration option — its "shape"; the price only
 * feeds `lineAmount` and `explainLine`. Most items of a day share a handful of shapes, and the
 * calendar arithmetic (Temporal) is ~95 % of `duePeriods`' cost, so an item whose shape was priced
 * before reuses that shape's dates and gets its own amount and explanation from the same two
 * functions `priceSpan` uses. For each shape the first differently priced item is also priced by
 * `duePeriods` itself and must come out identical, else the shape is always priced in full. Lines
 * are immutable here, so items with the same shape and price share them.
 */
function createPricer(date: PlainDate): Pricer {
  const shapes = new Map<
    string,
    { template: Priced; price: string; verified: boolean; broken: boolean; byPrice: Map<string, Priced> }
  >();
  const dates = new Map<string, PlainDate>();
  const parse = (text: string) => {
    let d = dates.get(text);
    if (!d) {
      d = parseDate(text);
      dates.set(text, d);
    }
    return d;
  };
  const full = (item: ReturnType<typeof priceable>, prorate: boolean): Priced => {
    const lines = duePeriods(item, date, { prorate });
    return { lines, dates: lines.map(datesOf) };
  };
  return (raw, prorate) => {
    const item = priceable(raw, parse);
    const key = `${item.term}|${raw.cycle_anchor}|${raw.next_period_start}|${raw.ends_on}|${prorate}`;
    // A promotion is part of the price (its cycles depend only on the period starts, i.e. the shape).
    const promo = item.promotion
      ? `|${item.promotion.id}|${item.promotion.valueType}|${item.promotion.value}|${raw.promotion_until}`
      : "";
    const price = `${item.unitPrice}|${item.quantity}|${item.discountBasisPoints}|${item.currency}${promo}`;
    const shape = shapes.get(key);
    if (!shape) {
      const template = full(item, prorate);
      shapes.set(key, { template, price, verified: false, broken: false, byPrice: new Map() });
      return template;
    }
    if (shape.broken) return full(item, prorate);
    if (price === shape.price) return shape.template;
    const seen = shape.byPrice.get(price);
    if (seen) return seen;
    const lines = shape.template.lines.map((l) => reprice(l, item));
    if (!shape.verified) {
      const check = full(item, prorate);
      if (!sameLines(check.lines, lines)) {
        shape.broken = true;
        return check;
      }
      shape.verified = true;
    }
    const priced = { lines, dates: shape.template.dates };
    if (shape.byPrice.size < MAX_PRICES_PER_SHAPE) shape.byPrice.set(price, priced);
    return priced;
  };
}

/** The line of `template`'s period for another price: what priceSpan computes from the same inputs. */
function reprice(
  template: PricedLine,
  item: {
    unitPrice: bigint;
    quantity: number;
    discountBasisPoints: number;
    currency: string;
    promotion: ItemPromotion | null;
  },
): PricedLine {
  const inputs: LineInputs = {
    promotion: promotionFor(item.promotion, template.periodStart),
    unitPrice: item.unitPrice,
    quantity: item.quantity,
    discountBasisPoints: item.discountBasisPoints,
    periodsPerTerm: template.periodsPerTerm,
    days: template.days,
    periodDays: template.periodDays,
    prorated: template.prorated,
    installmentNo: template.installmentNo,
  };
  return {
    ...inputs,
    periodStart: template.periodStart,
    periodEnd: template.periodEnd,
    from: template.from,
    to: template.to,
    amount: lineAmount(inputs),
    explanation: explainLine({ ...inputs, from: template.from, to: template.to, currency: item.currency }),
  };
}

function sameLines(a: readonly PricedLine[], b: readonly PricedLine[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set([...a.flatMap((l) => Object.keys(l)), ...b.flatMap((l) => Object.keys(l))]);
  return a.every((l, i) => {
    const m = b[i]! as unknown as Record<string, unknown>;
    const n = l as unknown as Record<string, unknown>;
    return [...keys].every((k) => {
      const x = n[k];
      const y = m[k];
      if (x instanceof Object && y instanceof Object) return String(x) === String(y);
      return x === y;
    });
  });
}

function datesOf(line: PricedLine): LineDates {
  return {
    periodStart: line.periodStart.toString(),
    periodEnd: line.periodEnd.toString(),
    from: line.from.toString(),
    to: line.to.toString(),
    dayAfter: addDays(line.to, 1).toString(),
  };
}

function priceable(item: DueItem, parse: (text: string) => PlainDate) {
  // Edit Pricing Info for the next cycle: the new price applies from its date on.
  const useNext = item.next_price_from !== null && item.next_period_start >= item.next_price_from;
  return {
    term: item.term as Term,
    quantity: item.quantity,
    unitPrice: BigInt(useNext && item.next_unit_price !== null ? item.next_unit_price : item.unit_price),
    discountBasisPoints:
      useNext && item.next_discount_basis_points !== null
        ? item.next_discount_basis_points
        : item.discount_basis_points,
    currency: item.currency,
    cycleAnchor: parse(item.cycle_anchor),
    nextPeriodStart: parse(item.next_period_start),
    endsOn: item.ends_on ? parse(item.ends_on) : null,
    promotion: item.promotion_id
      ? itemPromotion({
          promotionId: item.promotion_id,
          promotionName: item.promotion_name,
          promotionValueType: item.promotion_value_type,
          promotionValue: item.promotion_value === null ? null : BigInt(item.promotion_value),
          promotionUntil: item.promotion_until,
        })
      : null,
  };
}
