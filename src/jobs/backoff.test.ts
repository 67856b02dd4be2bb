import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BACKOFF_CAP_MS, backoffCeilingMs, backoffMs, seededRandom } from "./backoff.ts";

describe("retry backoff (exponential, base 1 s, cap 10 min, full jitter)", () => {
  it("doubles the ceiling per attempt from 1 s", () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((a) => backoffCeilingMs(a)),
      [1_000, 2_000, 4_000, 8_000, 16_000],
    );
  });

  it("caps the ceiling at 10 minutes, also for absurd attempt numbers", () => {
    assert.equal(backoffCeilingMs(10), 512_000);
    assert.equal(backoffCeilingMs(11), BACKOFF_CAP_MS);
    assert.equal(backoffCeilingMs(5_000), BACKOFF_CAP_MS);
  });

  it("stays within [0, ceiling] for every attempt and many draws", () => {
    const random = seededRandom(42);
    for (let attempt = 1; attempt <= 30; attempt++) {
      for (let i = 0; i < 200; i++) {
        const d = backoffMs(attempt, random);
        assert.ok(Number.isInteger(d), `${d} is whole milliseconds`);
        assert.ok(d >= 0 && d <= backoffCeilingMs(attempt), `attempt ${attempt}: ${d}`);
      }
    }
  });

  it("reaches both ends of the range (0 and the ceiling) at the extremes of the draw", () => {
    assert.equal(
      backoffMs(3, () => 0),
      0,
    );
    assert.equal(
      backoffMs(3, () => 0.999_999_999),
      4_000,
    );
    assert.equal(
      backoffMs(40, () => 0.999_999_999),
      BACKOFF_CAP_MS,
    );
  });

  it("jitters: draws spread across the range instead of clustering", () => {
    const random = seededRandom(7);
    const delays = Array.from({ length: 1_000 }, () => backoffMs(6, random)); // ceiling 32 s
    const distinct = new Set(delays).size;
    assert.ok(distinct > 900, `only ${distinct} distinct delays`);
    const lowHalf = delays.filter((d) => d < 16_000).length;
    assert.ok(lowHalf > 400 && lowHalf < 600, `${lowHalf} of 1000 in the lower half`);
  });

  it("is reproducible with the same seed and differs with another", () => {
    const draws = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 5 }, () => backoffMs(8, random));
    };
    assert.deepEqual(draws(1), draws(1));
    assert.notDeepEqual(draws(1), draws(2));
  });

  it("honours a custom base and cap", () => {
    assert.equal(backoffCeilingMs(3, { baseMs: 10, capMs: 25 }), 25);
    assert.equal(backoffCeilingMs(2, { baseMs: 10, capMs: 25 }), 20);
  });

  it("refuses attempt numbers below 1 and random values outside [0, 1)", () => {
    assert.throws(() => backoffCeilingMs(0), RangeError);
    assert.throws(() => backoffCeilingMs(1.5), RangeError);
    assert.throws(() => backoffMs(1, () => 1), RangeError);
    assert.throws(() => backoffMs(1, () => Number.NaN), RangeError);
  });
});
