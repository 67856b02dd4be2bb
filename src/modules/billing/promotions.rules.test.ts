import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDate } from "../../shared/dates.ts";
import {
  duePeriods,
  type ItemPromotion,
  lineAmount,
  priceSpan,
  promotedUnitPrice,
  promotionUntil,
} from "./billing.rules.ts";

const d = parseDate;
const pct = (bp: number, until: string | null = null): ItemPromotion => ({
  id: "prm_1",
  name: "Spring",
  valueType: "percentage",
  value: BigInt(bp),
  until: until ? d(until) : null,
});
const off = (minor: bigint, until: string | null = null): ItemPromotion => ({
  id: "prm_2",
  name: "Five off",
  valueType: "monetary",
  value: minor,
  until: until ? d(until) : null,
});
const item = (over: Partial<Parameters<typeof priceSpan>[0]> = {}) => ({
  term: "MCMB" as const,
  quantity: 5,
  unitPrice: 5000n,
  discountBasisPoints: 0,
  currency: "EUR",
  cycleAnchor: d("2026-01-01"),
  ...over,
});

describe("billing rules: promotions (R-PRM-01, R-PRM-02)", () => {
  it("R-PRM-01 a percentage promotion on a whole period: 5 × (50.00 − 20 % = 40.00) = 200.00, named in the explanation", () => {
    const line = priceSpan(item({ promotion: pct(2000) }), d("2026-01-01"), d("2026-01-31"), {
      prorate: true,
    });
    assert.equal(line.amount, 20_000n);
    assert.equal(line.explanation, '5 × (50.00 − 20 % promotion "Spring" = 40.00) (1–31 Jan 2026)');
    assert.equal(line.promotion?.id, "prm_1");
  });

  it("R-PRM-01 the promotion applies first on the unit price, then the special discount; one rounding per line", () => {
    // 3 × (12.34 − 15 % = 10.489) × (1 − 10 %) × 17/31 = 15.5305… → 15.53 (the promoted unit is
    // not rounded first: 3 × 10.49 × 0.9 × 17/31 would be 15.5318…)
    const line = priceSpan(
      item({ quantity: 3, unitPrice: 1234n, discountBasisPoints: 1000, promotion: pct(1500) }),
      d("2026-01-15"),
      d("2026-01-31"),
      { prorate: true },
    );
    assert.equal(line.amount, 1553n);
    assert.match(
      line.explanation,
      /3 × \(12\.34 − 15 % promotion "Spring" ≈ 10\.49\) × 17\/31 days − 10 % discount/,
    );
    // Without the promotion: 3 × 12.34 × 0.9 × 17/31 = 18.2712… → 18.27.
    assert.equal(lineAmount({ ...line, promotion: null }), 1827n);
  });

  it("R-PRM-02 a monetary amount never makes a line negative", () => {
    assert.equal(promotedUnitPrice(1500n, { id: "x", name: "x", valueType: "monetary", value: 99_900n }), 0n);
    const line = priceSpan(item({ promotion: off(99_900n) }), d("2026-01-01"), d("2026-01-31"), {
      prorate: true,
    });
    assert.equal(line.amount, 0n);
  });

  it("R-PRM-01 cycles count from the item's first period; a partial first period is the first cycle", () => {
    // Billing day 1, ordered 9 Jul: 9–31 Jul is cycle 1, August cycle 2, September full price.
    const until = promotionUntil("MCMB", d("2026-08-01"), d("2026-07-09"), 2);
    assert.equal(until?.toString(), "2026-09-01");
    const lines = duePeriods(
      {
        ...item({
          quantity: 1,
          unitPrice: 3100n,
          cycleAnchor: d("2026-08-01"),
          promotion: pct(5000, "2026-09-01"),
        }),
        nextPeriodStart: d("2026-07-09"),
        endsOn: null,
      },
      d("2026-09-01"),
      { prorate: true },
    );
    assert.deepEqual(
      lines.map((l) => [l.from.toString(), l.amount, l.promotion?.id ?? null]),
      [
        ["2026-07-09", 1150n, "prm_1"], // 31.00 × 50 % × 23/31
        ["2026-08-01", 1550n, "prm_1"],
        ["2026-09-01", 3100n, null],
      ],
    );
    assert.equal(promotionUntil("MCMB", d("2026-08-01"), d("2026-07-09"), null), null);
  });

  it("R-PRM-01 AC1M: a promoted installment is its share of the promoted annual price", () => {
    const line = priceSpan(
      item({ term: "AC1M", quantity: 2, unitPrice: 12_000n, promotion: off(1200n, "2026-02-01") }),
      d("2026-01-01"),
      d("2026-01-31"),
      { prorate: true },
    );
    assert.equal(line.amount, 1800n); // 2 × (120.00 − 12.00) ÷ 12
    const next = priceSpan(
      item({ term: "AC1M", quantity: 2, unitPrice: 12_000n, promotion: off(1200n, "2026-02-01") }),
      d("2026-02-01"),
      d("2026-02-28"),
      { prorate: true },
    );
    assert.equal(next.amount, 2000n);
    assert.equal(next.promotion, null);
  });
});
