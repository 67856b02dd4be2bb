import {
  addDays,
  addMonths,
  compareDates,
  daysInclusive,
  maxDate,
  minDate,
  type PlainDate,
  parseDate,
} from "../../shared/dates.ts";
import { divRound, formatAmount, installments } from "../../shared/money.ts";

/**
 * The arithmetic of spec/billing.md, pure: dates and prices in, amounts and their explanation
 * out. The run, the commands and their previews all bill through these functions, so every
 * line is reproducible by hand from its stored inputs.
 */

export type Term = "MCMB" | "AC1M" | "AC1Y";
export type BillingDay = "anniversary" | "first";

/** Length of one billing period: MCMB and AC1M bill monthly, AC1Y yearly (R-CAT-04). */
export function periodMonths(term: Term): number {
  return term === "AC1Y" ? 12 : 1;
}

/** Billing periods per commitment term: AC1M splits the year into 12 installments. */
export function periodsPerTerm(term: Term): number {
  return term === "AC1M" ? 12 : 1;
}

/**
 * Where full periods start. Anniversary: the start date. Billing day "first": the first 1st of a
 * month on or after the start — for monthly commitments (MCMB) only; annual commitments keep
 * their anniversary so AC1M's 12 installments still sum to the annual price (ARCHITECTURE.md).
 */
export function cycleAnchor(term: Term, start: PlainDate, billingDay: BillingDay): PlainDate {
  if (billingDay === "anniversary" || term !== "MCMB" || start.day === 1) return start;
  return addMonths(start.with({ day: 1 }), 1);
}

export interface Period {
  start: PlainDate;
  end: PlainDate;
}

/** Period n from the anchor (n may be -1: the virtual period a partial first period is part of). */
export function periodAt(anchor: PlainDate, n: number, months: number): Period {
  return {
    start: addMonths(anchor, n * months),
    end: addMonths(anchor, (n + 1) * months).subtract({ days: 1 }),
  };
}

/** Index of the period holding `date` (-1 before the anchor, for a partial first period). */
export function periodIndex(anchor: PlainDate, date: PlainDate, months: number): number {
  if (compareDates(date, anchor) < 0) return -1;
  const approx = Math.floor(((date.year - anchor.year) * 12 + date.month - anchor.month) / months);
  for (let n = Math.max(0, approx - 1); ; n++) {
    if (compareDates(date, periodAt(anchor, n, months).end) <= 0) return n;
  }
}

export function periodOf(anchor: PlainDate, date: PlainDate, months: number): Period & { index: number } {
  const index = periodIndex(anchor, date, months);
  return { ...periodAt(anchor, index, months), index };
}

/** What a line needs to be priced; exactly what the charge row stores. */
export interface LineInputs {
  unitPrice: bigint; // per unit per commitment term
  quantity: number;
  discountBasisPoints: number;
  periodsPerTerm: number;
  /** Days billed of the period, and the period's days (both inclusive). */
  days: number;
  periodDays: number;
  /** True: amount = price × days / periodDays. False: the whole period's price. */
  prorated: boolean;
  /** AC1M: which of the 12 installments (the last absorbs the rounding remainder). */
  installmentNo: number | null;
  /** R-PRM-01: the promotion that discounts this line's unit price (null: none). */
  promotion?: LinePromotion | null;
}

/**
 * A promotion as a line applies it (R-PRM-01): `value` is minor units off the unit price
 * (monetary; the unit price is per unit and commitment term, like the catalogue's) or basis points
 * off it (percentage). Applied to the unit price first, then the special discount; never below 0
 * (R-PRM-02); the line is still rounded once, half-up.
 */
export interface LinePromotion {
  id: string;
  name: string;
  valueType: "monetary" | "percentage";
  value: bigint;
}

/** An item's promotion: applies to periods starting before `until` (null: every period). */
export interface ItemPromotion extends LinePromotion {
  until: PlainDate | null;
}

/** The item's promotion from its stored columns (billing_items.promotion_*), or null. */
export function itemPromotion(row: {
  promotionId: string | null;
  promotionName: string | null;
  promotionValueType: string | null;
  promotionValue: bigint | null;
  promotionUntil: string | null;
}): ItemPromotion | null {
  if (!row.promotionId || row.promotionValue === null) return null;
  return {
    id: row.promotionId,
    name: row.promotionName ?? "",
    valueType: row.promotionValueType === "monetary" ? "monetary" : "percentage",
    value: row.promotionValue,
    until: row.promotionUntil ? parseDate(row.promotionUntil) : null,
  };
}

/** Whether an item's promotion applies to the period starting on `periodStart` (its cycles). */
export function promotionFor(
  promotion: ItemPromotion | null | undefined,
  periodStart: PlainDate,
): LinePromotion | null {
  if (!promotion) return null;
  if (promotion.until && compareDates(periodStart, promotion.until) >= 0) return null;
  return { id: promotion.id, name: promotion.name, valueType: promotion.valueType, value: promotion.value };
}

/**
 * The promoted unit price as an exact fraction num/den (no rounding: the line rounds once).
 * Percentage: unit × (1 − p); monetary: unit − amount, never below 0 (R-PRM-02).
 */
export function promotedUnit(unitPrice: bigint, promotion: LinePromotion | null | undefined) {
  if (!promotion) return { num: unitPrice, den: 1n };
  if (promotion.valueType === "percentage") {
    const bp = promotion.value > BP ? BP : promotion.value;
    return { num: unitPrice * (BP - bp), den: BP };
  }
  return { num: unitPrice > promotion.value ? unitPrice - promotion.value : 0n, den: 1n };
}

/**
 * The promoted unit price rounded half-up to the minor unit, for display (orders, Storefront):
 * the lines themselves are computed from the exact fraction.
 */
export function promotedUnitPrice(unitPrice: bigint, promotion: LinePromotion | null | undefined): bigint {
  const u = promotedUnit(unitPrice, promotion);
  return divRound(u.num, u.den, "half-up");
}

const BP = 10_000n;

/**
 * The most one billing item may bill per commitment term, in minor units (issue 12: amounts fit the
 * ledger's bigint columns). A unit price and a quantity each fit on their own (up to
 * 999,999,999,999.99 and 1,000,000 licences) but their product may not (> 9.2 × 10^18). Every line
 * of an item bills at most its term amount, tax is at most 100 %, so a document would need more than
 * 4,000 such lines before its total could overflow.
 */
export const MAX_TERM_AMOUNT = 10n ** 15n;

/** Why an item of `unitPrice` × `quantity` cannot be billed, or null when it can. */
export function termAmountProblem(item: {
  unitPrice: bigint;
  quantity: number;
  currency: string;
  description: string;
}): string | null {
  if (item.unitPrice * BigInt(item.quantity) <= MAX_TERM_AMOUNT) return null;
  const price = `${formatAmount(item.unitPrice, item.currency)} ${item.currency}`;
  const max = `${formatAmount(MAX_TERM_AMOUNT, item.currency)} ${item.currency}`;
  return `${item.description}: ${item.quantity} × ${price} per term is more than one item can bill (at most ${max})`;
}

/** The price of one whole period before splitting: unit × quantity, less the discount (rounded once). */
export function termAmount(
  unitPrice: bigint,
  quantity: number,
  discountBasisPoints: number,
  promotion?: LinePromotion | null,
): bigint {
  const u = promotedUnit(unitPrice, promotion);
  return divRound(u.num * BigInt(quantity) * (BP - BigInt(discountBasisPoints)), u.den * BP, "half-up");
}

/**
 * One line's amount, rounded once, half-up (billing.md). A whole AC1M installment is its share of
 * the discounted annual price (installment 12 absorbs the remainder); a prorated line is
 * unit × quantity × (1 − discount) × days / (periodsPerTerm × periodDays).
 */
export function lineAmount(i: LineInputs): bigint {
  if (!i.prorated) {
    const whole = termAmount(i.unitPrice, i.quantity, i.discountBasisPoints, i.promotion);
    if (i.periodsPerTerm === 1) return whole;
    const no = i.installmentNo ?? 1;
    return installments(whole, i.periodsPerTerm)[no - 1]!;
  }
  const u = promotedUnit(i.unitPrice, i.promotion);
  const numerator = u.num * BigInt(i.quantity) * (BP - BigInt(i.discountBasisPoints)) * BigInt(i.days);
  const denominator = u.den * BP * BigInt(i.periodsPerTerm) * BigInt(i.periodDays);
  return divRound(numerator, denominator, "half-up");
}

/** Tax of one line, rounded once per line; document tax is the sum of its lines' taxes. */
export function lineTax(amount: bigint, taxRateBasisPoints: number): bigint {
  return divRound(amount * BigInt(taxRateBasisPoints), BP, "half-up");
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "10–31 Jan 2024", "10 Jan – 9 Feb 2024", "10 Dec 2024 – 9 Jan 2025". */
export function formatRange(from: PlainDate, to: PlainDate): string {
  const m = (d: PlainDate) => MONTHS[d.month - 1]!;
  if (from.year === to.year && from.month === to.month) return `${from.day}–${to.day} ${m(to)} ${to.year}`;
  if (from.year === to.year) return `${from.day} ${m(from)} – ${to.day} ${m(to)} ${to.year}`;
  return `${from.day} ${m(from)} ${from.year} – ${to.day} ${m(to)} ${to.year}`;
}

function percent(bp: number): string {
  return `${(bp / 100).toFixed(2).replace(/\.?0+$/, "")} %`;
}

/** "50.00 − 20 % = 40.00", "50.00 − 15.00 = 35.00" (≈ when the promoted price has more decimals). */
export function explainPromotion(unitPrice: bigint, promotion: LinePromotion, currency: string): string {
  const off =
    promotion.valueType === "percentage"
      ? percent(Number(promotion.value))
      : formatAmount(promotion.value, currency);
  const u = promotedUnit(unitPrice, promotion);
  const exact = u.num % u.den === 0n;
  const shown = formatAmount(divRound(u.num, u.den, "half-up"), currency);
  return `${formatAmount(unitPrice, currency)} − ${off} promotion "${promotion.name}" ${exact ? "=" : "≈"} ${shown}`;
}

/**
 * The readable arithmetic of a line, e.g. "5 × 12.00 × 22/31 days (10–31 Jan 2024)"; a promoted
 * line shows its promoted unit price, e.g. "5 × (50.00 − 20 % promotion "Spring" = 40.00) (…)".
 */
export function explainLine(i: LineInputs & { from: PlainDate; to: PlainDate; currency: string }): string {
  const price = i.promotion
    ? `(${explainPromotion(i.unitPrice, i.promotion, i.currency)})`
    : formatAmount(i.unitPrice, i.currency);
  const perPeriod = i.periodsPerTerm === 1 ? price : `${price} ÷ ${i.periodsPerTerm}`;
  let text = `${i.quantity} × ${perPeriod}`;
  if (i.prorated) text += ` × ${i.days}/${i.periodDays} days`;
  if (i.discountBasisPoints > 0) text += ` − ${percent(i.discountBasisPoints)} discount`;
  text += ` (${formatRange(i.from, i.to)})`;
  if (i.installmentNo !== null && !i.prorated) {
    const last = i.installmentNo === i.periodsPerTerm ? ", absorbs the rounding remainder" : "";
    text = `Installment ${i.installmentNo} of ${i.periodsPerTerm}${last}: ${text}`;
  }
  return text;
}

/** A billed piece of a period: the line it makes, with its stored inputs. */
export interface PricedLine extends LineInputs {
  periodStart: PlainDate;
  periodEnd: PlainDate;
  from: PlainDate;
  to: PlainDate;
  amount: bigint;
  explanation: string;
}

export interface PriceableItem {
  term: Term;
  quantity: number;
  unitPrice: bigint;
  discountBasisPoints: number;
  currency: string;
  cycleAnchor: PlainDate;
  /** R-PRM-01: the item's promotion (its cycles are the periods starting before `until`). */
  promotion?: ItemPromotion | null;
}

/**
 * Prices [from, to] of the period holding `from` for `quantity` units (to is clipped to the
 * period). Whole when it covers the period, otherwise prorated — or whole anyway when the
 * account bills this product without proration.
 */
export function priceSpan(
  item: PriceableItem,
  from: PlainDate,
  to: PlainDate,
  options: { prorate: boolean; quantity?: number },
): PricedLine {
  const months = periodMonths(item.term);
  const period = periodOf(item.cycleAnchor, from, months);
  const end = minDate(to, period.end);
  const whole = compareDates(from, period.start) === 0 && compareDates(end, period.end) === 0;
  const perTerm = periodsPerTerm(item.term);
  const inputs: LineInputs = {
    unitPrice: item.unitPrice,
    quantity: options.quantity ?? item.quantity,
    discountBasisPoints: item.discountBasisPoints,
    periodsPerTerm: perTerm,
    days: daysInclusive(from, end),
    periodDays: daysInclusive(period.start, period.end),
    prorated: !whole && options.prorate,
    installmentNo: perTerm > 1 ? (((period.index % perTerm) + perTerm) % perTerm) + 1 : null,
    promotion: promotionFor(item.promotion, period.start),
  };
  const amount = lineAmount(inputs);
  return {
    ...inputs,
    periodStart: period.start,
    periodEnd: period.end,
    from,
    to: end,
    amount,
    explanation: explainLine({ ...inputs, from, to: end, currency: item.currency }),
  };
}

/**
 * The recurring lines an item owes up to `date`: every period (or its part) from
 * `nextPeriodStart` whose start is on or before `date`, never past `endsOn`.
 */
export function duePeriods(
  item: PriceableItem & { nextPeriodStart: PlainDate; endsOn: PlainDate | null },
  date: PlainDate,
  options: { prorate: boolean; maxPeriods?: number },
): PricedLine[] {
  const lines: PricedLine[] = [];
  let next = item.nextPeriodStart;
  const limit = options.maxPeriods ?? 1000;
  while (compareDates(next, date) <= 0 && (!item.endsOn || compareDates(next, item.endsOn) <= 0)) {
    const months = periodMonths(item.term);
    const period = periodOf(item.cycleAnchor, next, months);
    const to = item.endsOn ? minDate(period.end, item.endsOn) : period.end;
    lines.push(priceSpan(item, next, to, options));
    next = addDays(to, 1);
    if (lines.length >= limit) break;
  }
  return lines;
}

/** What a credit needs of the charge it credits. */
export interface CreditableCharge {
  amount: bigint;
  creditedAmount: bigint;
  fromDate: PlainDate;
  toDate: PlainDate;
  days: number;
  quantity: number;
  prorated: boolean;
  periodStart: PlainDate;
}

/**
 * The credit for [from, toDate] of an invoiced charge (billing.md): computed from the charge's own
 * amount and days, never from today's price, never more than what is left uncredited. `share`
 * credits only some of the units held (e.g. 2 of 7 licences move to a partial upgrade): the same
 * fraction of every line of the period. Without proration only a whole line is credited.
 */
export function creditAmount(
  charge: CreditableCharge,
  from: PlainDate,
  options: { prorate: boolean; share?: { units: number; of: number } },
): { amount: bigint; days: number; from: PlainDate } {
  const start = maxDate(from, charge.fromDate);
  const days = daysInclusive(start, charge.toDate);
  const left = charge.amount - charge.creditedAmount;
  if (days <= 0 || left <= 0n) return { amount: 0n, days: 0, from: start };
  if (!options.prorate && days < charge.days) return { amount: 0n, days, from: start };
  const units = BigInt(Math.min(options.share?.units ?? 1, options.share?.of ?? 1));
  const of = BigInt(options.share?.of ?? 1);
  const raw = divRound(charge.amount * BigInt(days) * units, BigInt(charge.days) * of, "half-up");
  return { amount: raw > left ? left : raw, days, from: start };
}

export function explainCredit(
  charge: CreditableCharge & { currency: string },
  credit: { amount: bigint; days: number; from: PlainDate },
  share?: { units: number; of: number },
): string {
  const part = share && share.units < share.of ? ` × ${share.units}/${share.of} licences` : "";
  return `Credit of ${formatAmount(charge.amount, charge.currency)} × ${credit.days}/${charge.days} days${part} (${formatRange(credit.from, charge.toDate)})`;
}

export const dateOf = (text: string): PlainDate => parseDate(text);

/**
 * R-PRM-01: the first day an item's promotion no longer applies — the start of the period after
 * its `cycles` cycles, counted from the item's first period (a partial first period counts as the
 * first cycle). Null: every cycle (Recurring).
 */
export function promotionUntil(
  term: Term,
  anchor: PlainDate,
  firstDay: PlainDate,
  cycles: number | null,
): PlainDate | null {
  if (cycles === null) return null;
  const months = periodMonths(term);
  return periodAt(anchor, periodIndex(anchor, firstDay, months) + cycles, months).start;
}
