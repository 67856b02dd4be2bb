import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  addMonths,
  compareDates,
  DateString,
  daysInclusive,
  daysSince,
  isLeapYear,
  isWithin,
  monthEnd,
  parseDate,
  periodFromAnchor,
  periodIndexOf,
} from "./dates.ts";

const d = parseDate;

describe("dates: month arithmetic", () => {
  it("Jan 31 + 1 month = Feb 28 in a common year, Feb 29 in a leap year", () => {
    assert.equal(addMonths(d("2025-01-31"), 1).toString(), "2025-02-28");
    assert.equal(addMonths(d("2024-01-31"), 1).toString(), "2024-02-29");
  });

  it("month ends of 28/29/30/31-day months", () => {
    assert.equal(monthEnd(d("2025-02-10")).toString(), "2025-02-28");
    assert.equal(monthEnd(d("2024-02-10")).toString(), "2024-02-29");
    assert.equal(monthEnd(d("2025-04-01")).toString(), "2025-04-30");
    assert.equal(monthEnd(d("2025-12-31")).toString(), "2025-12-31");
  });

  it("leap years: 2000 and 2024 are, 1900 and 2025 are not", () => {
    assert.deepEqual([2000, 2024, 1900, 2025].map(isLeapYear), [true, true, false, false]);
  });

  it("refuses impossible and malformed dates", () => {
    assert.throws(() => d("2025-02-29"));
    assert.throws(() => d("2025-13-01"));
    assert.throws(() => d("15/01/2025"));
  });
});

describe("dates: periods from an anchor (billing.md)", () => {
  it("monthly periods from Jan 31: 31 Jan–27 Feb, 28 Feb–30 Mar, 31 Mar–29 Apr (never chained)", () => {
    const a = d("2025-01-31");
    assert.deepEqual(
      [0, 1, 2].map((n) => {
        const p = periodFromAnchor(a, n);
        return `${p.start}..${p.end}`;
      }),
      ["2025-01-31..2025-02-27", "2025-02-28..2025-03-30", "2025-03-31..2025-04-29"],
    );
  });

  it("a period starting on day d ends the day before day d of the next month", () => {
    const p = periodFromAnchor(d("2024-07-09"), 0);
    assert.equal(p.end.toString(), "2024-08-08");
  });

  it("annual periods have 365 or 366 days", () => {
    assert.equal(
      daysInclusive(
        periodFromAnchor(d("2023-03-01"), 0, 12).start,
        periodFromAnchor(d("2023-03-01"), 0, 12).end,
      ),
      366,
    );
    assert.equal(
      daysInclusive(
        periodFromAnchor(d("2025-03-01"), 0, 12).start,
        periodFromAnchor(d("2025-03-01"), 0, 12).end,
      ),
      365,
    );
  });

  it("inclusive day counts: 9–31 July is 23 days; a single day is 1; reversed is 0", () => {
    assert.equal(daysInclusive(d("2019-07-09"), d("2019-07-31")), 23);
    assert.equal(daysInclusive(d("2019-07-09"), d("2019-07-09")), 1);
    assert.equal(daysInclusive(d("2019-07-10"), d("2019-07-09")), 0);
  });

  it("D6: the order date is day 0, so day 14 is still inside a 14-day window", () => {
    assert.equal(daysSince(d("2025-01-31"), d("2025-02-14")), 14);
    assert.equal(daysSince(d("2025-01-31"), d("2025-02-15")), 15);
  });

  it("property: consecutive periods tile the calendar with no gap or overlap", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1999-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 60 }),
        fc.constantFrom(1, 12),
        (date, n, len) => {
          const anchor = d(date.toISOString().slice(0, 10));
          const p = periodFromAnchor(anchor, n, len);
          const q = periodFromAnchor(anchor, n + 1, len);
          assert.equal(p.end.add({ days: 1 }).toString(), q.start.toString());
          assert.ok(compareDates(p.start, p.end) <= 0);
          assert.equal(periodIndexOf(anchor, p.start, len), n);
          assert.equal(periodIndexOf(anchor, p.end, len), n);
          assert.ok(isWithin(p.end, p));
        },
      ),
    );
  });

  it("property: the days of a period split at any day sum to the whole", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01"), max: new Date("2090-12-31"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 400 }),
        (date, offset) => {
          const p = periodFromAnchor(d(date.toISOString().slice(0, 10)), 0, 12);
          const total = daysInclusive(p.start, p.end);
          const split = p.start.add({ days: offset % total });
          assert.equal(
            daysInclusive(p.start, split.subtract({ days: 1 })) + daysInclusive(split, p.end),
            total,
          );
        },
      ),
    );
  });

  it("a date before the anchor has no period", () => {
    assert.equal(periodIndexOf(d("2025-01-10"), d("2025-01-09")), -1);
  });
});

describe("DateString (the one zod schema of date inputs)", () => {
  it("accepts calendar days and refuses impossible or malformed ones with one message", () => {
    for (const ok of ["2026-02-28", "2024-02-29", "2026-12-31"]) assert.equal(DateString.parse(ok), ok);
    for (const bad of ["2026-02-30", "2026-13-01", "2025-02-29", "2026-04-31", "2026-1-01", "26-01-01", ""]) {
      const r = DateString.safeParse(bad);
      assert.equal(r.success, false, bad);
      assert.equal(r.error!.issues[0]!.message, "not a calendar date (YYYY-MM-DD)");
    }
  });
});
