import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import {
  bssCtx,
  createTestSubscription,
  historyRecord,
  previewThenCommit,
  type SubscriptionWorld,
  setupSubscriptionWorld,
} from "../../../test/subscription-fixtures.ts";
import { rejectsWith } from "../../../test/tenancy-fixtures.ts";
import { cancelSubscription } from "./cancel-subscription.ts";
import { recordProvisioningResult } from "./record-provisioning-result.ts";
import { resumeSubscription } from "./resume-subscription.ts";
import { suspendSubscription } from "./suspend-subscription.ts";

/** Suspension (R-SUS-01, R-SGN-07). Today is 2026-01-15 until the last test moves the clock. */
describe("suspend and resume", () => {
  let t: TestContext;
  let w: SubscriptionWorld;
  before(async () => {
    t = await createTestContext();
    w = await setupSubscriptionWorld(t.deps);
  });
  after(() => t.close());

  const tenant = () => w.tenant.id;
  const codes = (o: { violations: { code: string }[] }) => o.violations.map((v) => v.code);

  it("R-SUS-01 a Dropbox plan can be suspended in the first 14 days of its billing period, and keeps its plan", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-ADV-AC1Y",
      quantity: 4,
      startDate: "2026-01-01", // day 14: still inside (D6)
    });
    const { commit } = await previewThenCommit(t.deps, tenant(), sub.id, (o) =>
      suspendSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id, reason: "unpaid invoice" }, o),
    );
    assert.equal(commit.effect, "immediate");
    assert.equal(commit.rule?.code, "R-SUS-01");
    const s = commit.subscription.subscription;
    assert.deepEqual([s.status, s.productId, s.quantity], ["suspended", sub.productId, 4]);
    const h = await historyRecord(t.deps, tenant(), sub.id, "suspended");
    assert.deepEqual(h.changes.status, { from: "active", to: "suspended" });
    assert.match(h.summary, /unpaid invoice/);
  });

  it("R-SUS-01 outside the first 14 days suspension is refused", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-ADV-AC1Y",
      quantity: 4,
      startDate: "2025-12-31", // day 15
    });
    const o = await suspendSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id }, { dryRun: true });
    assert.deepEqual(codes(o), ["R-SUS-01"]);
    assert.match(o.violations[0]!.message, /start of a billing period or within its first 14 days/);
    await assert.rejects(
      suspendSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id }),
      rejectsWith("R-SUS-01"),
    );
  });

  it("R-SGN-07 a Dropbox Sign subscription cannot be suspended", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-MCMB",
      quantity: 2,
    });
    const o = await suspendSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id }, { dryRun: true });
    assert.deepEqual(codes(o), ["R-SGN-07"]);
    assert.equal(o.violations[0]!.message, "Dropbox Sign subscriptions cannot be suspended.");
  });

  it("suspension needs an Active, synchronized subscription (R-SUS-01, R-PRV-01)", async () => {
    const ending = await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 3 });
    await cancelSubscription(t.deps, bssCtx(w), {
      subscriptionId: ending.subscription.id,
      mode: "end_of_billing_period",
    });
    const o = await suspendSubscription(
      t.deps,
      bssCtx(w),
      { subscriptionId: ending.subscription.id },
      { dryRun: true },
    );
    assert.deepEqual(codes(o), ["R-SUS-01"]);
    const failed = await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 3 });
    await recordProvisioningResult(t.deps, {
      tenantId: tenant(),
      subscriptionId: failed.subscription.id,
      outcome: "failed",
      error: "User is Already on Another Team",
    });
    await assert.rejects(
      suspendSubscription(t.deps, bssCtx(w), { subscriptionId: failed.subscription.id }),
      rejectsWith("R-PRV-01", /User is Already on Another Team/),
    );
  });

  it("R-SUS-01 only a suspended subscription can be resumed", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
    });
    await assert.rejects(
      resumeSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id }),
      rejectsWith("R-SUS-01"),
    );
  });

  it("R-SUS-01 a suspended subscription can be resumed any time, also after the window", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-BPL-AC1Y",
      quantity: 3,
      startDate: "2026-01-10",
    });
    await suspendSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id });
    t.clock.advance({ days: 40 }); // 2026-02-24: day 45
    const { commit } = await previewThenCommit(t.deps, tenant(), sub.id, (o) =>
      resumeSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id }, o),
    );
    assert.equal(commit.subscription.subscription.status, "active");
    assert.equal(commit.subscription.withinWindow, false);
    assert.equal(commit.subscription.subscription.termEndDate, "2027-01-09", "the term is unchanged");
    const h = await historyRecord(t.deps, tenant(), sub.id, "resumed");
    assert.equal(h.effective_date, "2026-02-24");
  });
});
