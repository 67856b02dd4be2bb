import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { addDays, daysInclusive, parseDate } from "../../shared/dates.ts";
import {
  creditAmount,
  cycleAnchor,
  duePeriods,
  formatRange,
  lineAmount,
  lineTax,
  type PriceableItem,
  periodAt,
  periodIndex,
  priceSpan,
  type Term,
} from "./billing.rules.ts";

const d = parseDate;

function item(over: Partial<PriceableItem> = {}): PriceableItem {
  return {
    term: "MCMB",
    quantity: 1,
    unitPrice: 3100n,
    discountBasisPoints: 0,
    currency: "EUR",
    cycleAnchor: d("2019-07-09"),
    ...over,
  };
}

describe("billing rules: periods", () => {
  it("monthly periods come from the anchor, never chained: 31 Jan → 28 Feb → 31 Mar", () => {
    const anchor = d("2023-01-31");
    assert.deepEqual(
      [0, 1, 2].map((n) => periodAt(anchor, n, 1)).map((p) => `${p.start}..${p.end}`),
      ["2023-01-31..2023-02-27", "2023-02-28..2023-03-30", "2023-03-31..2023-04-29"],
    );
  });

  it("billing day 'first' aligns MCMB to the 1st; annual commitments keep their anniversary", () => {
    assert.equal(cycleAnchor("MCMB", d("2019-07-09"), "first").toString(), "2019-08-01");
    assert.equal(cycleAnchor("MCMB", d("2019-07-01"), "first").toString(), "2019-07-01");
    assert.equal(cycleAnchor("AC1M", d("2019-07-09"), "first").toString(), "2019-07-09");
    assert.equal(cycleAnchor("MCMB", d("2019-07-09"), "anniversary").toString(), "2019-07-09");
  });

  it("a day before the anchor lies in period -1 (the partial first period)", () => {
    const anchor = d("2019-08-01");
    assert.equal(periodIndex(anchor, d("2019-07-09"), 1), -1);
    const p = periodAt(anchor, -1, 1);
    assert.equal(`${p.start}..${p.end}`, "2019-07-01..2019-07-31");
  });

  it("property: every day of a span lies in exactly the period periodIndex names", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01"), max: new Date("2090-12-31"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 800 }),
        fc.constantFrom(1, 12),
        (anchorDate, offset, months) => {
          const anchor = d(anchorDate.toISOString().slice(0, 10));
          const day = addDays(anchor, offset);
          const p = periodAt(anchor, periodIndex(anchor, day, months), months);
          return (
            daysInclusive(p.start, day) >= 1 &&
            daysInclusive(day, p.end) >= 1 &&
            p.start.until(p.end).days >= 0
          );
        },
      ),
    );
  });
});

describe("billing rules: amounts (spec/billing.md)", () => {
  it("billing.md example: billing day 1, ordered 2019-07-09 at 31.00/month → 23.00, then 31.00 for August", () => {
    const anchor = cycleAnchor("MCMB", d("2019-07-09"), "first");
    const lines = duePeriods(
      { ...item({ cycleAnchor: anchor }), nextPeriodStart: d("2019-07-09"), endsOn: null },
      d("2019-08-01"),
      { prorate: true },
    );
    assert.deepEqual(
      lines.map((l) => [l.from.toString(), l.to.toString(), l.amount, l.explanation]),
      [
        ["2019-07-09", "2019-07-31", 2300n, "1 × 31.00 × 23/31 days (9–31 Jul 2019)"],
        ["2019-08-01", "2019-08-31", 3100n, "1 × 31.00 (1–31 Aug 2019)"],
      ],
    );
  });

  it("the issue's example: 5 × 12.00 × 22/31 days (10–31 Jan 2024) = 42.58", () => {
    const line = priceSpan(
      item({ quantity: 5, unitPrice: 1200n, cycleAnchor: d("2024-01-01") }),
      d("2024-01-10"),
      d("2024-01-31"),
      { prorate: true },
    );
    assert.equal(line.explanation, "5 × 12.00 × 22/31 days (10–31 Jan 2024)");
    assert.equal(line.amount, 4258n); // 60.00 × 22/31 = 42.5806… → 42.58
  });

  it("half-up once per line: 1 × 10.00 × 1/8 = 1.25 exactly; 1 × 0.05 × 1/2 = 0.025 → 0.03", () => {
    const base = {
      quantity: 1,
      discountBasisPoints: 0,
      periodsPerTerm: 1,
      prorated: true,
      installmentNo: null,
    };
    assert.equal(lineAmount({ ...base, unitPrice: 1000n, days: 1, periodDays: 8 }), 125n);
    assert.equal(lineAmount({ ...base, unitPrice: 5n, days: 1, periodDays: 2 }), 3n);
  });

  it("without proration a partial period costs the whole period", () => {
    const line = priceSpan(item({ cycleAnchor: d("2024-01-01") }), d("2024-01-10"), d("2024-01-31"), {
      prorate: false,
    });
    assert.equal(line.amount, 3100n);
    assert.equal(line.prorated, false);
  });

  it("a discount is part of the one rounding: 3 × 9.99 − 12.5 % = 26.22", () => {
    const line = priceSpan(
      item({ quantity: 3, unitPrice: 999n, discountBasisPoints: 1250, cycleAnchor: d("2024-03-01") }),
      d("2024-03-01"),
      d("2024-03-31"),
      { prorate: true },
    );
    assert.equal(line.amount, 2622n); // 29.97 × 0.875 = 26.22375
    assert.match(line.explanation, /− 12.5 % discount/);
  });

  it("AC1M: 12 installments of the annual price, the last absorbs the remainder", () => {
    const ac1m = item({ term: "AC1M", quantity: 1, unitPrice: 10000n, cycleAnchor: d("2024-01-15") });
    const lines = duePeriods({ ...ac1m, nextPeriodStart: d("2024-01-15"), endsOn: null }, d("2024-12-15"), {
      prorate: true,
    });
    assert.equal(lines.length, 12);
    assert.deepEqual(
      lines.map((l) => l.amount),
      [...Array(11).fill(833n), 837n],
    );
    assert.equal(
      lines[11]!.explanation,
      "Installment 12 of 12, absorbs the rounding remainder: 1 × 100.00 ÷ 12 (15 Dec 2024 – 14 Jan 2025)",
    );
  });

  it("AC1Y: one charge of the annual price; a partial year counts 365 or 366 days", () => {
    const ac1y = item({ term: "AC1Y", quantity: 2, unitPrice: 12000n, cycleAnchor: d("2024-01-01") });
    const whole = priceSpan(ac1y, d("2024-01-01"), d("2024-12-31"), { prorate: true });
    assert.equal(whole.amount, 24000n);
    const part = priceSpan(ac1y, d("2024-12-02"), d("2024-12-31"), { prorate: true, quantity: 1 });
    assert.equal(part.periodDays, 366);
    assert.equal(part.amount, 984n); // 120.00 × 30/366 = 9.836… → 9.84
  });

  it("a period cut by endsOn is billed up to that day only, then nothing more", () => {
    const lines = duePeriods(
      {
        ...item({ cycleAnchor: d("2024-01-01") }),
        nextPeriodStart: d("2024-01-01"),
        endsOn: d("2024-02-10"),
      },
      d("2024-06-01"),
      { prorate: true },
    );
    assert.deepEqual(
      lines.map((l) => [l.from.toString(), l.to.toString(), l.amount]),
      [
        ["2024-01-01", "2024-01-31", 3100n],
        ["2024-02-01", "2024-02-10", 1069n], // 31.00 × 10/29
      ],
    );
  });

  it("tax is rounded once per line", () => {
    assert.equal(lineTax(4258n, 2100), 894n); // 42.58 × 21 % = 8.9418
    assert.equal(lineTax(-4258n, 2100), -894n);
  });

  it("formats ranges the way a clerk reads them", () => {
    assert.equal(formatRange(d("2024-01-10"), d("2024-01-31")), "10–31 Jan 2024");
    assert.equal(formatRange(d("2024-01-10"), d("2024-02-09")), "10 Jan – 9 Feb 2024");
    assert.equal(formatRange(d("2024-12-10"), d("2025-01-09")), "10 Dec 2024 – 9 Jan 2025");
  });
});

const terms = fc.constantFrom<Term>("MCMB", "AC1M", "AC1Y");
const anchors = fc
  .date({ min: new Date("2001-01-01"), max: new Date("2080-12-31"), noInvalidDate: true })
  .map((x) => d(x.toISOString().slice(0, 10)));

describe("billing rules: properties", () => {
  it("property: AC1M installments sum to the discounted annual price", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10_000_000n }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 10_000 }),
        anchors,
        (unitPrice, quantity, discount, anchor) => {
          const it = item({
            term: "AC1M",
            unitPrice,
            quantity,
            discountBasisPoints: discount,
            cycleAnchor: anchor,
          });
          const lines = duePeriods(
            { ...it, nextPeriodStart: anchor, endsOn: null },
            addDays(periodAt(anchor, 11, 1).start, 0),
            {
              prorate: true,
            },
          );
          const total = lines.reduce((a, l) => a + l.amount, 0n);
          const annual = (unitPrice * BigInt(quantity) * BigInt(10_000 - discount) * 2n + 10_000n) / 20_000n;
          return lines.length === 12 && total === annual;
        },
      ),
    );
  });

  it("property: the two prorated parts of a split period sum to the whole within one minor unit", () => {
    fc.assert(
      fc.property(
        terms,
        anchors,
        fc.bigInt({ min: 0n, max: 5_000_000n }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 400 }),
        (term, anchor, unitPrice, quantity, split) => {
          const it = item({ term, unitPrice, quantity, cycleAnchor: anchor });
          const months = term === "AC1Y" ? 12 : 1;
          const p = periodAt(anchor, 3, months);
          const days = daysInclusive(p.start, p.end);
          const cut = addDays(p.start, 1 + (split % (days - 1)));
          const whole = priceSpan(it, p.start, p.end, { prorate: true });
          const a = priceSpan(it, p.start, addDays(cut, -1), { prorate: true });
          const b = priceSpan(it, cut, p.end, { prorate: true });
          const wholeExact =
            term === "AC1M" ? (unitPrice * BigInt(quantity) * 10n + 60n) / 120n : whole.amount;
          const diff = a.amount + b.amount - wholeExact;
          return diff >= -1n && diff <= 1n && a.days + b.days === whole.days;
        },
      ),
    );
  });

  it("property: a credit never exceeds what is left to credit, and credit + kept = invoiced", () => {
    fc.assert(
      fc.property(
        terms,
        anchors,
        fc.bigInt({ min: 0n, max: 5_000_000n }),
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 4 }),
        (term, anchor, unitPrice, quantity, cuts) => {
          const it = item({ term, unitPrice, quantity, cycleAnchor: anchor });
          const months = term === "AC1Y" ? 12 : 1;
          const p = periodAt(anchor, 0, months);
          const line = priceSpan(it, p.start, p.end, { prorate: true });
          let credited = 0n;
          for (const c of cuts) {
            const from = addDays(p.start, c % line.periodDays);
            const charge = { ...line, fromDate: line.from, toDate: line.to, creditedAmount: credited };
            const credit = creditAmount(charge, from, { prorate: true });
            if (credit.amount < 0n || credit.amount > line.amount - credited) return false;
            credited += credit.amount;
          }
          return credited <= line.amount && line.amount - credited >= 0n;
        },
      ),
    );
  });

  it("a credit from day x is computed from the invoiced line, not today's price", () => {
    const line = priceSpan(
      item({ quantity: 5, unitPrice: 1200n, cycleAnchor: d("2024-01-01") }),
      d("2024-01-01"),
      d("2024-01-31"),
      {
        prorate: true,
      },
    );
    const charge = { ...line, fromDate: line.from, toDate: line.to, creditedAmount: 0n };
    assert.deepEqual(creditAmount(charge, d("2024-01-10"), { prorate: true }).amount, 4258n);
    assert.deepEqual(
      creditAmount(charge, d("2024-01-10"), { prorate: true, share: { units: 2, of: 5 } }).amount,
      1703n,
    );
    assert.equal(creditAmount(charge, d("2024-01-10"), { prorate: false }).amount, 0n);
    assert.equal(creditAmount(charge, d("2024-01-01"), { prorate: false }).amount, 6000n);
    assert.equal(
      creditAmount({ ...charge, creditedAmount: 6000n }, d("2024-01-10"), { prorate: true }).amount,
      0n,
    );
  });
});
