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
  storefrontCtx,
  subscriptionState,
} from "../../../test/subscription-fixtures.ts";
import { rejectsWith } from "../../../test/tenancy-fixtures.ts";
import { cancelSubscription } from "./cancel-subscription.ts";
import { changeQuantity } from "./change-quantity.ts";
import { revokeDowngrade } from "./downgrade-subscription.ts";
import { getSubscription } from "./get-subscription.ts";
import { recordProvisioningResult } from "./record-provisioning-result.ts";
import { requestRenewalChange, revokeRenewalChange } from "./request-renewal-change.ts";
import { revokeCancellation } from "./revoke-cancellation.ts";

/** Cancellation (R-CAN-01/02/05, R-SGN-08, R-QTY-02 via partial cancellation). Today is 2026-01-15. */
describe("cancelSubscription", () => {
  let t: TestContext;
  let w: SubscriptionWorld;
  before(async () => {
    t = await createTestContext();
    w = await setupSubscriptionWorld(t.deps);
  });
  after(() => t.close());

  const tenant = () => w.tenant.id;
  const codes = (o: { violations: { code: string }[] }) => o.violations.map((v) => v.code);
  const confirm = (subscriptionId: string) =>
    recordProvisioningResult(t.deps, { tenantId: tenant(), subscriptionId, outcome: "synchronized" });

  it("R-CAN-02 Immediate: sent to the vendor first (R-CAN-05), applied when the vendor confirms", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
    });
    const { commit } = await previewThenCommit(t.deps, tenant(), sub.id, (o) =>
      cancelSubscription(
        t.deps,
        bssCtx(w),
        { subscriptionId: sub.id, mode: "immediate", instructions: "Customer moves away" },
        o,
      ),
    );
    assert.equal(commit.effect, "awaiting_vendor");
    assert.equal(commit.rule?.code, "R-CAN-01", "inside the window, the rule allows it immediately");
    const pending = commit.subscription.subscription;
    assert.equal(
      pending.status,
      "active",
      "cancellation requested: the status stays until the vendor answers",
    );
    assert.equal(pending.syncStatus, "pending");
    assert.deepEqual(
      { ...(pending.pendingOperation as object), requestedAt: "-" },
      {
        kind: "cancel",
        requestedAt: "-",
        effectiveDate: "2026-01-15",
        mode: "immediate",
        channel: "bss",
        requestedBy: w.clerk.id,
        note: "Customer moves away",
        previousSyncStatus: "synchronized",
      },
    );
    const requested = await historyRecord(t.deps, tenant(), sub.id, "cancellation_requested");
    assert.match(requested.summary, /Immediate.*all 3 licences.*2026-01-15.*Customer moves away/);
    assert.equal(requested.changes.mode, "immediate");

    const done = await confirm(sub.id);
    assert.equal(done.status, "canceled");
    assert.equal(done.cancelEffectiveDate, "2026-01-15");
    assert.equal(done.pendingOperation, null);
    assert.equal(done.syncStatus, "synchronized");
    assert.ok(done.canceledAt);
    const canceled = await historyRecord(t.deps, tenant(), sub.id, "canceled");
    assert.equal(canceled.actor_kind, "system");
    assert.equal(canceled.channel, "bss", "the channel of the request");
  });

  it("R-CAN-02 Specific Date: today or a past day of the current term; never future, never before the start", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
      startDate: "2026-01-10",
    });
    const cancel = (date: string, dryRun = true) =>
      cancelSubscription(
        t.deps,
        bssCtx(w),
        { subscriptionId: sub.id, mode: "specific_date", date },
        { dryRun },
      );
    const future = await cancel("2026-01-16");
    assert.deepEqual(codes(future), ["R-CAN-02"]);
    assert.match(future.violations[0]!.message, /cannot be in the future/);
    const early = await cancel("2026-01-09");
    assert.deepEqual(codes(early), ["R-CAN-02"]);
    assert.match(early.violations[0]!.message, /from 2026-01-10/);
    await assert.rejects(cancel("2026-01-16", false), rejectsWith("R-CAN-02"));

    const { commit } = await previewThenCommit(t.deps, tenant(), sub.id, (o) =>
      cancelSubscription(
        t.deps,
        bssCtx(w),
        { subscriptionId: sub.id, mode: "specific_date", date: "2026-01-12" },
        o,
      ),
    );
    assert.equal(commit.effectiveDate, "2026-01-12");
    const done = await confirm(sub.id);
    assert.equal(done.cancelEffectiveDate, "2026-01-12");
  });

  it("R-CAN-02 End of Billing Period: Pending For Cancel with a scheduled cancellation; revocable → Active", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1Y",
      quantity: 3,
    });
    const { commit } = await previewThenCommit(t.deps, tenant(), sub.id, (o) =>
      cancelSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id, mode: "end_of_billing_period" }, o),
    );
    assert.equal(commit.effect, "scheduled");
    assert.equal(commit.effectiveDate, "2027-01-15", "the day after the term's last day");
    assert.equal(commit.subscription.subscription.status, "pending_for_cancel");
    assert.equal(commit.subscription.nextRenewalDate, null);
    assert.deepEqual(
      commit.subscription.scheduledChanges.map((c) => [c.kind, c.effectiveDate]),
      [["cancel_end_of_period", "2027-01-15"]],
    );
    await historyRecord(t.deps, tenant(), sub.id, "cancellation_scheduled");
    const again = await cancelSubscription(
      t.deps,
      bssCtx(w),
      { subscriptionId: sub.id, mode: "end_of_billing_period" },
      { dryRun: true },
    );
    assert.deepEqual(codes(again), ["R-CAN-02"]);

    const { commit: revoked } = await previewThenCommit(t.deps, tenant(), sub.id, (o) =>
      revokeCancellation(t.deps, bssCtx(w), { subscriptionId: sub.id }, o),
    );
    assert.equal(revoked.subscription.subscription.status, "active");
    assert.deepEqual(revoked.subscription.scheduledChanges, []);
    assert.equal(revoked.subscription.nextRenewalDate, "2027-01-15");
    await historyRecord(t.deps, tenant(), sub.id, "cancellation_revoked");
    await assert.rejects(
      revokeCancellation(t.deps, bssCtx(w), { subscriptionId: sub.id }),
      rejectsWith("R-CAN-02"),
    );
  });

  it("R-CAN-05 while a full cancellation waits for the vendor, no revoke is accepted (renewal request, downgrade)", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-BUS-AC1Y",
      quantity: 6,
    });
    await requestRenewalChange(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 5 });
    const immediate = await cancelSubscription(t.deps, bssCtx(w), {
      subscriptionId: sub.id,
      mode: "immediate",
    });
    assert.equal(immediate.effect, "awaiting_vendor");
    const before = await subscriptionState(t.deps, tenant(), sub.id);
    for (const run of [
      (o: { dryRun: boolean }) => revokeRenewalChange(t.deps, bssCtx(w), { subscriptionId: sub.id }, o),
      (o: { dryRun: boolean }) => revokeDowngrade(t.deps, bssCtx(w), { subscriptionId: sub.id }, o),
      (o: { dryRun: boolean }) => revokeCancellation(t.deps, bssCtx(w), { subscriptionId: sub.id }, o),
    ]) {
      assert.deepEqual(codes(await run({ dryRun: true })), ["R-CAN-05"]);
      await assert.rejects(run({ dryRun: false }), rejectsWith("R-CAN-05"));
    }
    assert.equal(await subscriptionState(t.deps, tenant(), sub.id), before);
  });

  it("R-CAN-01 outside the 14-day window only End of Billing Period is accepted", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
      startDate: "2025-12-31", // day 15 today
    });
    for (const mode of ["immediate", "specific_date"] as const) {
      const o = await cancelSubscription(
        t.deps,
        bssCtx(w),
        { subscriptionId: sub.id, mode, ...(mode === "specific_date" ? { date: "2026-01-15" } : {}) },
        { dryRun: true },
      );
      assert.deepEqual(codes(o), ["R-CAN-01"], mode);
      assert.match(o.violations[0]!.message, /Choose End of Billing Period instead/);
    }
    const eop = await cancelSubscription(t.deps, bssCtx(w), {
      subscriptionId: sub.id,
      mode: "end_of_billing_period",
    });
    assert.equal(eop.subscription.subscription.status, "pending_for_cancel");
  });

  it("R-TRL-01 a trial can be cancelled immediately on any of its days", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB-TRIAL",
      quantity: 3,
      startDate: "2025-12-20", // day 26: outside the window, inside the trial
    });
    const o = await cancelSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id, mode: "immediate" });
    assert.equal(o.effect, "awaiting_vendor");
    assert.equal(o.rule?.code, "R-TRL-01");
  });

  it("R-CAN-05 a refused cancellation leaves the subscription as it was, with the vendor's reason visible", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-MCMB",
      quantity: 5,
      addons: [{ sku: "DBXS-SP-MCMB", quantity: 5 }],
    });
    await cancelSubscription(t.deps, storefrontCtx(w), { subscriptionId: sub.id, mode: "immediate" });
    // While the vendor has not answered, nothing else may change the subscription.
    await assert.rejects(
      changeQuantity(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 6 }),
      rejectsWith("R-CAN-05"),
    );
    await assert.rejects(
      cancelSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id, mode: "end_of_billing_period" }),
      rejectsWith("R-CAN-05"),
    );
    const after = await recordProvisioningResult(t.deps, {
      tenantId: tenant(),
      subscriptionId: sub.id,
      outcome: "failed",
      error: "Reseller Cannot Access This Team",
    });
    assert.equal(after.status, "active");
    assert.equal(after.pendingOperation, null);
    assert.equal(after.syncStatus, "synchronized", "the sync status it had before the request");
    assert.match(after.syncError ?? "", /Reseller Cannot Access This Team/);
    const view = await getSubscription(t.deps, w.actors.sfA1, { subscriptionId: sub.id });
    assert.match(view.subscription.syncError ?? "", /Reseller Cannot Access This Team/, "the user sees why");
    assert.deepEqual(
      view.addons.map((a) => [a.status, a.quantity]),
      [["active", 5]],
    );
    const refused = await historyRecord(t.deps, tenant(), sub.id, "cancellation_refused");
    assert.equal(refused.channel, "storefront");
    assert.match(refused.summary, /Reseller Cannot Access This Team/);
    // The subscription can be changed again.
    const more = await changeQuantity(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 6 });
    assert.equal(more.subscription.subscription.quantity, 6);
  });

  it("R-SGN-08 a full cancellation of a Sign plan cancels its add-ons with it", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-PRE-AC1Y",
      quantity: 5,
      addons: [
        { sku: "DBXS-SFDC-AC1Y", quantity: 5 },
        { sku: "DBXS-TP15-AC1Y", quantity: 5 },
      ],
    });
    await cancelSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id, mode: "immediate" });
    await confirm(sub.id);
    const view = await getSubscription(t.deps, w.actors.clerk, { subscriptionId: sub.id });
    assert.deepEqual(
      view.addons.map((a) => [a.status, a.canceledDate]),
      [
        ["canceled", "2026-01-15"],
        ["canceled", "2026-01-15"],
      ],
    );
    const h = await historyRecord(t.deps, tenant(), sub.id, "canceled");
    assert.equal((h.changes.addonsCanceled as string[]).length, 2);
  });

  it("R-SGN-08 a partial cancellation reduces the add-ons with the plan, at renewal (R-SGN-05), in the Storefront too", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-MCMB",
      quantity: 7,
      addons: [{ sku: "DBXS-SP-MCMB", quantity: 7 }],
    });
    const { commit } = await previewThenCommit(t.deps, tenant(), sub.id, (o) =>
      cancelSubscription(
        t.deps,
        storefrontCtx(w, "sfA1"),
        { subscriptionId: sub.id, mode: "immediate", quantity: 2, instructions: "two left" },
        o,
      ),
    );
    assert.equal(commit.effect, "scheduled");
    assert.equal(commit.rule?.code, "R-SGN-05");
    const payload = commit.subscription.scheduledChanges[0]!.payload as {
      quantity: number;
      addons: { quantity: number }[];
    };
    assert.deepEqual([payload.quantity, payload.addons.map((a) => a.quantity)], [5, [5]]);
    const h = await historyRecord(t.deps, tenant(), sub.id, "partial_cancellation");
    assert.equal(h.changes.mode, "immediate");
    assert.equal(h.changes.cancelledLicences, 2);
    assert.equal(h.changes.instructions, "two left");
    assert.equal(h.effective_date, "2026-02-15");
  });

  it("R-QTY-02 a partial Dropbox cancellation is a decrease at renewal, whatever the mode", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-BUS-AC1M",
      quantity: 6,
    });
    const o = await cancelSubscription(t.deps, bssCtx(w), {
      subscriptionId: sub.id,
      mode: "immediate",
      quantity: 2,
    });
    assert.equal(o.effect, "scheduled");
    assert.equal(o.rule?.code, "R-QTY-02");
    assert.equal(o.subscription.subscription.quantity, 6);
    assert.equal(o.subscription.subscription.status, "active");
    assert.equal(
      o.subscription.subscription.pendingOperation,
      null,
      "partial: applied in the BSS first (R-CAN-05)",
    );
    await assert.rejects(
      cancelSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id, mode: "immediate", quantity: 4 }),
      rejectsWith("R-ORD-01"),
    );
  });

  it("400 for more licences than the subscription has", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
    });
    const before = await subscriptionState(t.deps, tenant(), sub.id);
    await assert.rejects(
      cancelSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id, mode: "immediate", quantity: 4 }),
      rejectsWith("validation_failed", /quantity/),
    );
    assert.equal(await subscriptionState(t.deps, tenant(), sub.id), before);
  });
});
