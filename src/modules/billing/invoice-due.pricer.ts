import { addDays, type PlainDate, parseDate } from "../../shared/dates.ts";
import {
  duePeriods,
  explainLine,
  type ItemPromotion,
  itemPromotion,
  type LineInputs,
  lineAmount,
  type PricedLine,
  promotionFor,
  type Term,
} from "./billing.rules.ts";
import type { DueItem } from "./invoice-due.sql.ts";

/**
 * The billing run's TypeScript pricing (the items SQL does not price: partial periods, catch-up,
 * an end inside the period): `duePeriods` with the calendar work cached per period shape.
 */

/** A billed line's dates as stored, and the day after it (where the item goes next). */
export interface LineDates {
  periodStart: string;
  periodEnd: string;
  from: string;
  to: string;
  dayAfter: string;
}

export interface Priced {
  lines: readonly PricedLine[];
  dates: readonly LineDates[];
}

export type Pricer = (item: DueItem, prorate: boolean) => Priced;

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
export function createPricer(date: PlainDate): Pricer {
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
