import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { unique } from "../../../test/factories.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import {
  bssCtx,
  createTestSubscription,
  historyRecord,
  previewThenCommit,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  subscriptionState,
} from "../../../test/subscription-fixtures.ts";
import { rejectsWith } from "../../../test/tenancy-fixtures.ts";
import { transaction } from "../../shared/db.ts";
import { cancelSubscription } from "./cancel-subscription.ts";
import { changeQuantity } from "./change-quantity.ts";
import { reactivateSubscription } from "./reactivate-subscription.ts";
import { recordProvisioningResult } from "./record-provisioning-result.ts";
import { requestRenewalChange, revokeRenewalChange } from "./request-renewal-change.ts";
import { resumeSubscription } from "./resume-subscription.ts";
import { revokeCancellation } from "./revoke-cancellation.ts";
import { setAutoRenew } from "./set-auto-renew.ts";
import { changeStatus } from "./subscriptions.core.ts";
import type { CommandOutcome } from "./subscriptions.guards.ts";
import { lockSubscription } from "./subscriptions.repo.ts";
import { suspendSubscription } from "./suspend-subscription.ts";

/** Re-activation (R-REN-01) and the finality of Canceled (R-CAN-04). Today is 2026-01-15. */
describe("reactivate, and Canceled is final", () => {
  let t: TestContext;
  let w: SubscriptionWorld;
  before(async () => {
    t = await createTestContext();
    w = await setupSubscriptionWorld(t.deps);
  });
  after(() => t.close());

  const tenant = () => w.tenant.id;
  const codes = (o: { violations: { code: string }[] }) => o.violations.map((v) => v.code);

  /** What the billing run does on the day after the term of a non-renewing subscription (R-REN-01, D7). */
  async function lapse(subscriptionId: string) {
    await transaction(t.deps.db, async (tx) => {
      const sub = (await lockSubscription(tx, tenant(), subscriptionId))!;
      await changeStatus(
        t.deps,
        tx,
        { actor: { kind: "system", tenantId: tenant(), name: "billing-run" }, channel: "bss" },
        sub,
        "inactive",
        {
          action: "set_inactive",
          summary: "Not renewed",
          effectiveDate: "2026-01-15",
          patch: { updatedAt: new Date() },
        },
      );
    });
  }

  it("R-REN-01 an Inactive subscription is re-activated with a new term from today", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 4,
      startDate: "2025-12-01",
    });
    await setAutoRenew(t.deps, bssCtx(w), { subscriptionId: sub.id, autoRenew: false });
    await lapse(sub.id);
    const { commit } = await previewThenCommit(t.deps, tenant(), sub.id, (o) =>
      reactivateSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id }, o),
    );
    const s = commit.subscription.subscription;
    assert.deepEqual(
      [s.status, s.termStartDate, s.termEndDate, s.windowStartDate, s.autoRenew, s.quantity],
      ["active", "2026-01-15", "2026-02-14", "2026-01-15", true, 4],
    );
    assert.equal(commit.subscription.nextRenewalDate, "2026-02-15");
    const h = await historyRecord(t.deps, tenant(), sub.id, "reactivated");
    assert.deepEqual(h.changes.status, { from: "inactive", to: "active" });
    await assert.rejects(
      reactivateSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id }),
      rejectsWith("R-REN-01", /Only an Inactive subscription/),
    );
  });

  it("R-ORD-02 re-activating a Dropbox plan whose admin email meanwhile has another plan is refused", async () => {
    const adminEmail = `${unique("team")}@example.test`;
    const { subscription: old } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
      adminEmail,
    });
    await setAutoRenew(t.deps, bssCtx(w), { subscriptionId: old.id, autoRenew: false });
    await lapse(old.id);
    await createTestSubscription(t.deps, w, { sku: "DBX-BUS-MCMB", quantity: 3, adminEmail });
    const before = await subscriptionState(t.deps, tenant(), old.id);
    const preview = await reactivateSubscription(
      t.deps,
      bssCtx(w),
      { subscriptionId: old.id },
      { dryRun: true },
    );
    assert.deepEqual(codes(preview), ["R-ORD-02"]);
    assert.equal(preview.subscription.subscription.status, "inactive");
    await assert.rejects(
      reactivateSubscription(t.deps, bssCtx(w), { subscriptionId: old.id }),
      rejectsWith("R-ORD-02"),
    );
    assert.equal(await subscriptionState(t.deps, tenant(), old.id), before);
  });

  it("R-CAN-04 every command on a canceled subscription is refused with R-CAN-04, and nothing is written", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1Y",
      quantity: 3,
    });
    await cancelSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id, mode: "immediate" });
    await recordProvisioningResult(t.deps, {
      tenantId: tenant(),
      subscriptionId: sub.id,
      outcome: "synchronized",
    });
    const id = { subscriptionId: sub.id };
    const ctx = bssCtx(w);
    const commands: Record<string, (o: { dryRun: boolean }) => Promise<CommandOutcome>> = {
      reactivate: (o) => reactivateSubscription(t.deps, ctx, id, o),
      quantity: (o) => changeQuantity(t.deps, ctx, { ...id, quantity: 5 }, o),
      cancel: (o) => cancelSubscription(t.deps, ctx, { ...id, mode: "end_of_billing_period" }, o),
      revokeCancellation: (o) => revokeCancellation(t.deps, ctx, id, o),
      suspend: (o) => suspendSubscription(t.deps, ctx, id, o),
      resume: (o) => resumeSubscription(t.deps, ctx, id, o),
      autoRenew: (o) => setAutoRenew(t.deps, ctx, { ...id, autoRenew: false }, o),
      renewalRequest: (o) => requestRenewalChange(t.deps, ctx, { ...id, quantity: 5 }, o),
      revokeRenewalRequest: (o) => revokeRenewalChange(t.deps, ctx, id, o),
    };
    const before = await subscriptionState(t.deps, tenant(), sub.id);
    for (const [name, run] of Object.entries(commands)) {
      const preview = await run({ dryRun: true });
      assert.deepEqual(codes(preview), ["R-CAN-04"], name);
      assert.equal(preview.subscription.subscription.status, "canceled", name);
      await assert.rejects(
        run({ dryRun: false }),
        rejectsWith("R-CAN-04", /can never be changed or reactivated/),
      );
    }
    assert.equal(await subscriptionState(t.deps, tenant(), sub.id), before);
  });

  it("R-TRL-01 an ended trial is not re-activated", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-MCMB-TRIAL",
      quantity: 2,
      startDate: "2025-12-01",
    });
    await lapse(sub.id);
    await assert.rejects(
      reactivateSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id }),
      rejectsWith("R-TRL-01"),
    );
  });
});
