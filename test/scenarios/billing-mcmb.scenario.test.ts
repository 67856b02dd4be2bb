import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { changeQuantity, setAutoRenew } from "../../src/modules/subscriptions/index.ts";
import { advanceTo, documentLines, documents, subscriptionRow } from "../billing-fixtures.ts";
import { createTestContext, type TestContext } from "../harness.ts";
import { bssCtx, createTestSubscription, setupSubscriptionWorld } from "../subscription-fixtures.ts";

/**
 * MCMB over 13 months with the manual clock (issue 4 scenario): first charge at execution, monthly
 * renewals, a licence increase mid-period (prorated), Renew Automatically off → Inactive at the
 * term end (R-REN-01, D7) and nothing billed after. Every document and line to the cent.
 * Dropbox Standard MCMB: 15.00 per licence per month.
 */
describe("billing scenario: MCMB", () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof setupSubscriptionWorld>>;
  before(async () => {
    t = await createTestContext({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
  });
  after(() => t.close());

  it("renews monthly, prorates an increase, stops after auto-renew off — to the cent", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
    });
    await advanceTo(t.deps, "2026-02-25");
    await changeQuantity(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 5 });
    await advanceTo(t.deps, "2026-03-20");
    await setAutoRenew(t.deps, bssCtx(w), { subscriptionId: sub.id, autoRenew: false });
    await advanceTo(t.deps, "2027-02-16");

    assert.deepEqual(
      (await documentLines(t.deps, w.tenant.id, sub.id)).map((l) => [
        l.number,
        l.issueDate,
        l.kind,
        l.amount,
        l.explanation,
      ]),
      [
        ["INV-000001", "2026-01-15", "recurring", "45.00", "3 × 15.00 (15 Jan – 14 Feb 2026)"],
        ["INV-000002", "2026-02-15", "recurring", "45.00", "3 × 15.00 (15 Feb – 14 Mar 2026)"],
        // 2 × 15.00 × 18/28 = 19.2857… → 19.29
        ["INV-000003", "2026-02-25", "increase", "19.29", "2 × 15.00 × 18/28 days (25 Feb – 14 Mar 2026)"],
        ["INV-000004", "2026-03-15", "recurring", "75.00", "5 × 15.00 (15 Mar – 14 Apr 2026)"],
      ],
    );
    assert.deepEqual(
      (await documents(t.deps, w.tenant.id)).map((d) => [d.number, d.net, d.tax, d.gross, d.lines]),
      [
        ["INV-000001", "45.00", "0.00", "45.00", 1],
        ["INV-000002", "45.00", "0.00", "45.00", 1],
        ["INV-000003", "19.29", "0.00", "19.29", 1],
        ["INV-000004", "75.00", "0.00", "75.00", 1],
      ],
    );
    assert.deepEqual(await subscriptionRow(t.deps, sub.id), {
      status: "inactive",
      quantity: 5,
      termStart: "2026-03-15",
      termEnd: "2026-04-14",
    });
  });
});
