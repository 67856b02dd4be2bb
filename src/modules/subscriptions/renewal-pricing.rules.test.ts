import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { addMonths, parseDate } from "../../shared/dates.ts";
import { renewalPrice } from "./renewal-pricing.rules.ts";

/**
 * R-PRC-02 as a property: an MCMB subscription bought on a random day at a random price with a
 * random protection (1–24 months) renews every month for three years while the current price
 * changes at random dates. Before the anniversary every renewal keeps the purchase price and
 * cost; the first renewal on or after it takes the price current then.
 */
describe("renewal pricing rules", () => {
  it("R-PRC-02 a protected price never changes before its anniversary (random price changes and dates)", () => {
    const day = fc
      .record({
        y: fc.integer({ min: 2026, max: 2030 }),
        m: fc.integer({ min: 1, max: 12 }),
        d: fc.integer({ min: 1, max: 31 }),
      })
      .map(({ y, m, d }) => parseDate(`${y}-${String(m).padStart(2, "0")}-01`).add({ days: d - 1 }));
    fc.assert(
      fc.property(
        day,
        fc.bigInt({ min: 0n, max: 10_000_000n }),
        fc.integer({ min: 1, max: 24 }),
        // Price changes: after n days from the purchase, the current price becomes p.
        fc.array(
          fc.record({
            after: fc.integer({ min: 0, max: 1100 }),
            price: fc.bigInt({ min: 0n, max: 10_000_000n }),
          }),
          {
            maxLength: 12,
          },
        ),
        (start, price, months, changes) => {
          const anniversary = addMonths(start, months).toString();
          const sorted = [...changes].sort((a, b) => a.after - b.after);
          const currentOn = (d: string) => {
            let p = price + 1n; // the list moved away from the purchase price at once
            for (const c of sorted) if (start.add({ days: c.after }).toString() <= d) p = c.price;
            return p;
          };
          let state = {
            unitPrice: price,
            unitCost: price / 2n,
            protectedUntil: anniversary as string | null,
          };
          let repricedOnce = false;
          for (let n = 1; n <= 36; n++) {
            const termStart = addMonths(start, n).toString();
            const current = currentOn(termStart);
            const next = renewalPrice({
              ...state,
              currency: "EUR",
              userDefined: false,
              termStart,
              current: { amount: current, cost: current / 3n, currency: "EUR" },
              protectionMonths: 0,
            });
            if (!repricedOnce && termStart < anniversary) {
              assert.equal(next.reason, "protected");
              assert.equal(next.unitPrice, price);
              assert.equal(next.unitCost, price / 2n);
            } else {
              assert.equal(next.reason, "current_price");
              assert.equal(next.unitPrice, current);
              repricedOnce = true;
            }
            state = {
              unitPrice: next.unitPrice,
              unitCost: next.unitCost,
              protectedUntil: next.protectedUntil,
            };
          }
          assert.ok(repricedOnce);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("R-PRC-01 a user-defined price is never repriced nor protected; R-PRC-03 another currency is never taken", () => {
    const base = {
      unitPrice: 1000n,
      unitCost: 500n,
      currency: "EUR",
      userDefined: false,
      protectedUntil: null,
      termStart: "2027-02-01",
      current: { amount: 1200n, cost: 600n, currency: "EUR" },
      protectionMonths: 12,
    };
    assert.deepEqual(renewalPrice({ ...base, userDefined: true }), {
      unitPrice: 1000n,
      unitCost: 500n,
      protectedUntil: null,
      reason: "user_defined",
    });
    assert.deepEqual(
      renewalPrice({ ...base, current: { ...base.current, currency: "USD" } }).reason,
      "no_price_in_currency",
    );
    assert.deepEqual(renewalPrice({ ...base, current: undefined }).unitPrice, 1000n);
    // At the anniversary itself the current price applies and a new term starts.
    assert.deepEqual(renewalPrice({ ...base, protectedUntil: "2027-02-01" }), {
      unitPrice: 1200n,
      unitCost: 600n,
      protectedUntil: "2028-02-01",
      reason: "current_price",
    });
  });
});
