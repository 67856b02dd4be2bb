import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { advanceTo, documentLines } from "../../../test/billing-fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import {
  bssCtx,
  createCustomer,
  createTestSubscription,
  setupSubscriptionWorld,
} from "../../../test/subscription-fixtures.ts";
import { editPricing } from "./edit-pricing.ts";

/** Edit Pricing Info (issue 4): a new price for the current cycle (re-billed) or from the next. */
describe("edit pricing info", () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof setupSubscriptionWorld>>;
  before(async () => {
    t = await createTestContext({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
  });
  after(() => t.close());

  const make = async () =>
    (
      await createTestSubscription(t.deps, w, {
        sku: "DBX-STD-MCMB",
        quantity: 3,
        accountId: (await createCustomer(t.deps, w)).id,
      })
    ).subscription;

  it("from the next cycle: nothing billed changes, the next period bills the new price and discount", async () => {
    const sub = await make();
    const r = await editPricing(t.deps, bssCtx(w), {
      subscriptionId: sub.id,
      applyTo: "next",
      unitPrice: "12.00",
      discountBasisPoints: 1000,
    });
    assert.deepEqual(r.billing.charges, []);
    assert.deepEqual(
      [r.subscription.subscription.unitPrice, r.subscription.subscription.discountBasisPoints],
      [1200n, 1000],
    );
    await advanceTo(t.deps, "2026-02-16");
    assert.deepEqual(
      (await documentLines(t.deps, w.tenant.id, sub.id)).map((l) => [
        l.issueDate,
        l.kind,
        l.amount,
        l.explanation,
      ]),
      [
        ["2026-01-15", "recurring", "45.00", "3 × 15.00 (15 Jan – 14 Feb 2026)"],
        // 3 × 12.00 − 10 % = 32.40
        ["2026-02-15", "recurring", "32.40", "3 × 12.00 − 10 % discount (15 Feb – 14 Mar 2026)"],
      ],
    );
  });

  it("for the current cycle: the invoiced period is credited and charged again at the new price (preview = commit)", async () => {
    const sub = await make();
    const input = { subscriptionId: sub.id, applyTo: "current" as const, unitPrice: "10.00" };
    const preview = await editPricing(t.deps, bssCtx(w), input, { dryRun: true });
    const commit = await editPricing(t.deps, bssCtx(w), input);
    const show = (o: typeof commit) => o.billing.charges.map((c) => [c.kind, c.amount, c.explanation]);
    assert.deepEqual(show(preview), show(commit));
    assert.deepEqual(show(commit), [
      ["credit", -4500n, "Credit of 45.00 × 28/28 days (16 Feb – 15 Mar 2026)"],
      ["price_change", 3000n, "3 × 10.00 (16 Feb – 15 Mar 2026)"],
    ]);
    assert.deepEqual(
      commit.billing.documents.map((d) => [d.kind, d.gross]),
      [
        ["credit_note", -4500n],
        ["invoice", 3000n],
      ],
    );
  });

  it("refuses a price with more decimals than the currency, naming the field", async () => {
    const sub = await make();
    await assert.rejects(
      editPricing(t.deps, bssCtx(w), { subscriptionId: sub.id, applyTo: "next", unitPrice: "1.234" }),
      (e: { code?: string; message?: string }) =>
        e.code === "validation_failed" && /unitPrice/.test(e.message ?? ""),
    );
  });
});
