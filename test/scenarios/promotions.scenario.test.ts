import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { advanceTo, documentLines } from "../billing-fixtures.ts";
import { createTestContext, type TestContext } from "../harness.ts";
import { orderSubscription, promotedCharges, promotion } from "../promotion-fixtures.ts";
import { createCustomer, setupSubscriptionWorld } from "../subscription-fixtures.ts";

/**
 * Promotions through the billing run with the manual clock (R-PRM-01, R-PRM-02, D12): the order
 * path bills the first cycle (open-billing), every later cycle is the set-based run's
 * (invoice-due) — both compute the same promoted amounts from billing.rules.
 */
describe("billing scenario: promotions", () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof setupSubscriptionWorld>>;
  before(async () => {
    t = await createTestContext({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
  });
  after(() => t.close());

  it("R-PRM-01 worked example: 20 % Limited Recurring for 2 cycles on 50.00/month bills 40.00, 40.00, then 50.00", async () => {
    const product = await w.product("DBX-STD-MCMB");
    const promo = await promotion(t.deps, w.tenant.id, {
      name: "Spring 20",
      productIds: [product.id],
      terms: ["MCMB"],
      kind: "limited_recurring",
      cycles: 2,
      basisPoints: 2000,
      startDate: "2026-01-10",
      endDate: "2026-01-20",
    });
    const customer = await createCustomer(t.deps, w);
    const sub = await orderSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 1,
      unitPrice: 5000n,
      accountId: customer.id,
    });
    assert.equal(sub.promotionId, promo.id);
    await advanceTo(t.deps, "2026-04-16");
    const lines = await documentLines(t.deps, w.tenant.id, sub.id);
    assert.deepEqual(
      lines.map((l) => [l.issueDate, l.amount, l.explanation]),
      [
        ["2026-01-15", "40.00", '1 × (50.00 − 20 % promotion "Spring 20" = 40.00) (15 Jan – 14 Feb 2026)'],
        ["2026-02-15", "40.00", '1 × (50.00 − 20 % promotion "Spring 20" = 40.00) (15 Feb – 14 Mar 2026)'],
        ["2026-03-15", "50.00", "1 × 50.00 (15 Mar – 14 Apr 2026)"],
        ["2026-04-15", "50.00", "1 × 50.00 (15 Apr – 14 May 2026)"],
      ],
    );
    const charges = await promotedCharges(t.deps, sub.id);
    assert.deepEqual(
      charges.map((c) => [c.promotion_id, c.promotion_name, c.promotion_value]),
      [
        [promo.id, "Spring 20", "2000"],
        [promo.id, "Spring 20", "2000"],
        [null, null, null],
        [null, null, null],
      ],
    );
  });

  it("R-PRM-01 R-PRM-02 13 months: Limited Recurring, Recurring, One Time Monetary and no promotion side by side, to the cent", async () => {
    // A fresh product per promotion kind would change nothing; the choice is per customer's facts,
    // so each customer holds one promotion (new customers only, distinct prerequisites are other tests).
    const std = await w.product("DBX-STD-MCMB"); // 15.00 / licence / month
    const edu = await w.product("DBX-EDU-MCMB");
    const one = await w.product("DBX-1TB-MCMB");
    const start = "2026-04-20";
    await advanceTo(t.deps, start);
    await promotion(t.deps, w.tenant.id, {
      name: "Three months 10 %",
      productIds: [std.id],
      terms: ["MCMB"],
      kind: "limited_recurring",
      cycles: 3,
      basisPoints: 1000,
      startDate: start,
      endDate: start,
    });
    await promotion(t.deps, w.tenant.id, {
      name: "Forever 12.5 %",
      productIds: [edu.id],
      terms: ["MCMB"],
      kind: "recurring",
      basisPoints: 1250,
      startDate: start,
      endDate: start,
    });
    await promotion(t.deps, w.tenant.id, {
      name: "First month 4.00 off",
      productIds: [one.id],
      terms: ["MCMB"],
      kind: "one_time",
      valueType: "monetary",
      amount: "4.00",
      currency: one.currency,
      startDate: start,
      endDate: start,
    });
    const subs = {
      std: await orderSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 3 }),
      edu: await orderSubscription(t.deps, w, { sku: "DBX-EDU-MCMB", quantity: 7 }),
      one: await orderSubscription(t.deps, w, { sku: "DBX-1TB-MCMB", quantity: 2 }),
    };
    // Ordered the day after the promotions ended: nothing.
    await advanceTo(t.deps, "2026-04-21");
    const late = await orderSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 3 });
    assert.equal(late.promotionId, null);
    await advanceTo(t.deps, "2027-05-19"); // 13 monthly cycles: 20 Apr 2026 … 20 Apr 2027

    const amounts = async (id: string) => (await documentLines(t.deps, w.tenant.id, id)).map((l) => l.amount);
    const p = (x: bigint) => (Number(x) / 100).toFixed(2);
    // 3 × 15.00 = 45.00; 10 % off for 3 cycles: 3 × 13.50 = 40.50.
    const stdLines = await amounts(subs.std.id);
    assert.equal(stdLines.length, 13);
    assert.deepEqual(stdLines.slice(0, 4), ["40.50", "40.50", "40.50", "45.00"]);
    assert.ok(stdLines.slice(3).every((a) => a === "45.00"));
    // Every month 12.5 % off: 7 × unit × 0.875, rounded once per line.
    const eduWhole = BigInt(edu.listPrice) * 7n;
    const eduPromoted = (eduWhole * 8750n * 2n + 10_000n) / 20_000n;
    const eduLines = await amounts(subs.edu.id);
    assert.equal(eduLines.length, 13);
    assert.ok(
      eduLines.every((a) => a === p(eduPromoted)),
      eduLines.join(","),
    );
    // One Time: the first cycle costs 2 × (unit − 4.00), never below 0, then the list price.
    const oneUnit = BigInt(one.listPrice);
    const oneLines = await amounts(subs.one.id);
    assert.equal(oneLines.length, 13);
    assert.equal(oneLines[0], p(2n * (oneUnit > 400n ? oneUnit - 400n : 0n)));
    assert.ok(oneLines.slice(1).every((a) => a === p(2n * oneUnit)));
    const lateLines = await amounts(late.id);
    assert.equal(lateLines.length, 13);
    assert.ok(lateLines.every((a) => a === "45.00"));
  });
});
