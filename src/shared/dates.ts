import { Temporal } from "temporal-polyfill";
import { z } from "zod";

/**
 * Billing dates are calendar dates (spec/billing.md). A period is [start, end], both inclusive.
 * Period n is computed from the anchor (anchor + n months), never chained from the previous end,
 * so 31 Jan → 28/29 Feb → 31 Mar.
 */
export type PlainDate = Temporal.PlainDate;
export const PlainDate = Temporal.PlainDate;

export interface Period {
  readonly start: PlainDate;
  readonly end: PlainDate; // inclusive
}

export function parseDate(text: string): PlainDate {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new RangeError(`not a date (YYYY-MM-DD): "${text}"`);
  return Temporal.PlainDate.from(text, { overflow: "reject" });
}

/** The dates openbss accepts in its inputs: a business date, not any date PostgreSQL could hold. */
export const MIN_INPUT_DATE = "2000-01-01";
export const MAX_INPUT_DATE = "2999-12-31";

/**
 * A calendar date in an API input (body or querystring): YYYY-MM-DD that is a real day between
 * MIN_INPUT_DATE and MAX_INPUT_DATE, so "2026-02-30" or "0000-01-01" is a 400 naming the field
 * instead of reaching the database (issue 12). The one schema for every date input.
 */
export const DateString = z
  .string()
  .max(10, "not a calendar date (YYYY-MM-DD)")
  .superRefine((text, ctx) => {
    try {
      parseDate(text);
    } catch {
      ctx.addIssue({ code: "custom", message: "not a calendar date (YYYY-MM-DD)" });
      return;
    }
    if (text < MIN_INPUT_DATE || text > MAX_INPUT_DATE)
      ctx.addIssue({ code: "custom", message: `must be between ${MIN_INPUT_DATE} and ${MAX_INPUT_DATE}` });
  });

export function formatDate(date: PlainDate): string {
  return date.toString();
}

/** anchor + months, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(anchor: PlainDate, months: number): PlainDate {
  return anchor.add({ months }, { overflow: "constrain" });
}

export function addDays(date: PlainDate, days: number): PlainDate {
  return date.add({ days });
}

/**
 * The n-th period (n ≥ 0) of `lengthMonths` months starting at `anchor`.
 * start = anchor + n·len months; end = the day before anchor + (n+1)·len months.
 */
export function periodFromAnchor(anchor: PlainDate, n: number, lengthMonths = 1): Period {
  if (!Number.isInteger(n) || n < 0) throw new RangeError("period index must be a non-negative integer");
  const start = addMonths(anchor, n * lengthMonths);
  const end = addMonths(anchor, (n + 1) * lengthMonths).subtract({ days: 1 });
  return { start, end };
}

/** Index of the period (from `anchor`) that contains `date`; -1 when date is before the anchor. */
export function periodIndexOf(anchor: PlainDate, date: PlainDate, lengthMonths = 1): number {
  if (compareDates(date, anchor) < 0) return -1;
  const approx = Math.floor(monthsBetween(anchor, date) / lengthMonths);
  for (let n = Math.max(0, approx - 1); ; n++) {
    const p = periodFromAnchor(anchor, n, lengthMonths);
    if (compareDates(date, p.end) <= 0) return n;
  }
}

function monthsBetween(a: PlainDate, b: PlainDate): number {
  return (b.year - a.year) * 12 + (b.month - a.month);
}

export function monthEnd(date: PlainDate): PlainDate {
  return date.with({ day: date.daysInMonth });
}

export function monthStart(date: PlainDate): PlainDate {
  return date.with({ day: 1 });
}

/** Number of days from `from` to `to`, both inclusive (0 when to < from). */
export function daysInclusive(from: PlainDate, to: PlainDate): number {
  const diff = from.until(to, { largestUnit: "days" }).days + 1;
  return Math.max(diff, 0);
}

export function compareDates(a: PlainDate, b: PlainDate): number {
  return Temporal.PlainDate.compare(a, b);
}

export function isWithin(date: PlainDate, period: Period): boolean {
  return compareDates(date, period.start) >= 0 && compareDates(date, period.end) <= 0;
}

export function minDate(a: PlainDate, b: PlainDate): PlainDate {
  return compareDates(a, b) <= 0 ? a : b;
}

export function maxDate(a: PlainDate, b: PlainDate): PlainDate {
  return compareDates(a, b) >= 0 ? a : b;
}

/** Days elapsed since `from` (day 0) — D6: day 14 after the order date is still inside a 14-day window. */
export function daysSince(from: PlainDate, today: PlainDate): number {
  return from.until(today, { largestUnit: "days" }).days;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
