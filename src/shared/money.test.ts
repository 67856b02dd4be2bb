import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  allocate,
  divRound,
  formatAmount,
  installments,
  multiplyFraction,
  parseAmount,
  sumAmounts,
  toMoneyJson,
} from "./money.ts";

const bigints = (min: bigint, max: bigint) => fc.bigInt({ min, max });

describe("money: rounding", () => {
  const cases: Array<[bigint, bigint, "half-up" | "floor" | "ceil", bigint]> = [
    [5n, 2n, "half-up", 3n], // 2.5 → 3
    [-5n, 2n, "half-up", -3n], // -2.5 → -3 (away from zero, billing.md)
    [7n, 3n, "half-up", 2n], // 2.33 → 2
    [8n, 3n, "half-up", 3n], // 2.67 → 3
    [-7n, 3n, "floor", -3n],
    [7n, 3n, "floor", 2n],
    [7n, 3n, "ceil", 3n],
    [-7n, 3n, "ceil", -2n],
    [6n, 3n, "ceil", 2n],
    [0n, 7n, "half-up", 0n],
  ];
  for (const [n, d, mode, expected] of cases) {
    it(`${n}/${d} ${mode} = ${expected}`, () => assert.equal(divRound(n, d, mode), expected));
  }

  it("refuses a zero or negative denominator", () => {
    assert.throws(() => divRound(1n, 0n, "half-up"), RangeError);
    assert.throws(() => divRound(1n, -2n, "half-up"), RangeError);
  });

  it("billing.md example: 23/31 × 31.00 = 23.00", () => {
    assert.equal(multiplyFraction(3100n, 23n, 31n, "half-up"), 2300n);
  });

  it("property: half-up is within half a unit of the exact value and symmetric for negatives", () => {
    fc.assert(
      fc.property(bigints(-(10n ** 12n), 10n ** 12n), bigints(1n, 10n ** 6n), (n, d) => {
        const r = divRound(n, d, "half-up");
        const diff2 = (r * d - n) * 2n; // 2·(r − n/d)·d
        assert.ok(diff2 <= d && diff2 >= -d, `${n}/${d} → ${r}`);
        assert.equal(divRound(-n, d, "half-up"), -r);
      }),
    );
  });
});

describe("money: allocate", () => {
  it("splits 100 into thirds as 34/33/33", () =>
    assert.deepEqual(allocate(100n, [1n, 1n, 1n]), [34n, 33n, 33n]));
  it("splits a negative total with the same shape", () =>
    assert.deepEqual(allocate(-100n, [1n, 1n, 1n]), [-34n, -33n, -33n]));
  it("gives nothing to a zero weight", () => assert.deepEqual(allocate(10n, [0n, 1n]), [0n, 10n]));
  it("refuses empty, negative or all-zero weights", () => {
    assert.throws(() => allocate(1n, []), RangeError);
    assert.throws(() => allocate(1n, [-1n, 2n]), RangeError);
    assert.throws(() => allocate(1n, [0n, 0n]), RangeError);
  });

  it("property: parts always sum to the whole and each is within one unit of its exact share", () => {
    fc.assert(
      fc.property(
        bigints(-(10n ** 15n), 10n ** 15n),
        fc
          .array(bigints(0n, 10n ** 6n), { minLength: 1, maxLength: 40 })
          .filter((w) => w.some((x) => x > 0n)),
        (total, weights) => {
          const parts = allocate(total, weights);
          assert.equal(sumAmounts(parts), total);
          const sum = sumAmounts(weights);
          parts.forEach((p, i) => {
            const exactTimesSum = total * weights[i]!;
            const delta = p * sum - exactTimesSum;
            assert.ok(delta < sum && delta > -sum, `part ${i} off by ≥ 1 unit`);
          });
        },
      ),
    );
  });
});

describe("money: installments (AC1M)", () => {
  it("12 installments of 1000.00: eleven of 83.33 and a last of 83.37", () => {
    const parts = installments(100000n, 12);
    assert.deepEqual(parts.slice(0, 11), Array(11).fill(8333n));
    assert.equal(parts[11], 8337n);
  });

  it("property: installments sum to the annual price; all but the last are equal", () => {
    fc.assert(
      fc.property(bigints(0n, 10n ** 12n), fc.integer({ min: 1, max: 36 }), (total, count) => {
        const parts = installments(total, count);
        assert.equal(parts.length, count);
        assert.equal(sumAmounts(parts), total);
        for (let i = 1; i < count - 1; i++) assert.equal(parts[i], parts[0]);
      }),
    );
  });
});

describe("money: text", () => {
  it("formats and parses minor units", () => {
    assert.equal(formatAmount(123450n, "EUR"), "1234.50");
    assert.equal(formatAmount(-5n, "EUR"), "-0.05");
    assert.equal(formatAmount(1200n, "JPY"), "1200");
    assert.equal(parseAmount("12.3", "EUR"), 1230n);
    assert.equal(parseAmount("-0.05", "EUR"), -5n);
    assert.equal(parseAmount("7", "EUR"), 700n);
  });

  it("refuses more decimals than the currency has, and non-numbers", () => {
    assert.throws(() => parseAmount("1.234", "EUR"), /more than 2 decimals/);
    // Issue 12: nothing a bigint money column cannot hold.
    assert.equal(parseAmount("92233720368547758.07", "EUR"), 9_223_372_036_854_775_807n);
    assert.throws(() => parseAmount("92233720368547758.08", "EUR"), /too large/);
    assert.throws(() => parseAmount("-99999999999999999999", "EUR"), /too large/);
    assert.throws(() => parseAmount("1e3", "EUR"), RangeError);
    assert.throws(() => parseAmount("", "EUR"), RangeError);
  });

  it("property: parse(format(x)) = x", () => {
    fc.assert(
      fc.property(bigints(-(10n ** 15n), 10n ** 15n), (x) =>
        assert.equal(parseAmount(formatAmount(x, "EUR"), "EUR"), x),
      ),
    );
  });

  it("money JSON carries minor units as a string, never a float", () => {
    assert.deepEqual(toMoneyJson(1999n, "EUR"), { currency: "EUR", minor: "1999", decimal: "19.99" });
  });
});
