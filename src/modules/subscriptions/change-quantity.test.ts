import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import {
  bssCtx,
  createTestSubscription,
  historyRecord,
  previewThenCommit,
  publishInStorefront,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  storefrontCtx,
  subscriptionState,
} from "../../../test/subscription-fixtures.ts";
import { rejectsWith } from "../../../test/tenancy-fixtures.ts";
import { cancelSubscription } from "./cancel-subscription.ts";
import { changeQuantity } from "./change-quantity.ts";
import { recordProvisioningResult } from "./record-provisioning-result.ts";
import { requestRenewalChange } from "./request-renewal-change.ts";
import { suspendSubscription } from "./suspend-subscription.ts";

/** Licence changes (R-QTY-01..03, R-SGN-01/04/05, R-TRL-01), evaluated from the catalogue's policies. */
describe("changeQuantity", () => {
  let t: TestContext;
  let w: SubscriptionWorld;
  before(async () => {
    t = await createTestContext();
    w = await setupSubscriptionWorld(t.deps);
    await publishInStorefront(t.deps, w, ["DBXS-STD-MCMB"]); // R-DSH-06: Storefront licence purchases
  });
  after(() => t.close());

  const tenant = () => w.tenant.id;
  const codes = (o: { violations: { code: string }[] }) => o.violations.map((v) => v.code);

  it("R-QTY-01 adding licences takes effect now; preview = commit; history records it", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
    });
    const { commit } = await previewThenCommit(t.deps, tenant(), sub.id, (o) =>
      changeQuantity(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 5 }, o),
    );
    assert.equal(commit.effect, "immediate");
    assert.equal(commit.effectiveDate, "2026-01-15");
    assert.equal(commit.subscription.subscription.quantity, 5);
    assert.deepEqual(commit.subscription.scheduledChanges, []);
    const h = await historyRecord(t.deps, tenant(), sub.id, "quantity_increased");
    assert.deepEqual(h.changes.quantity, { from: 3, to: 5 });
    assert.equal(h.channel, "bss");
    assert.equal(h.actor_user_id, w.clerk.id);
    assert.equal(h.effective_date, "2026-01-15");
  });

  it("R-QTY-02 reducing Dropbox licences is scheduled for the renewal, shown on the subscription", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-BUS-MCMB",
      quantity: 8,
    });
    const { commit } = await previewThenCommit(t.deps, tenant(), sub.id, (o) =>
      changeQuantity(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 4 }, o),
    );
    assert.equal(commit.effect, "scheduled");
    assert.equal(commit.rule?.code, "R-QTY-02");
    assert.equal(commit.effectiveDate, "2026-02-15", "the day after the term's last day (2026-02-14)");
    assert.equal(commit.subscription.subscription.quantity, 8, "billed as before until the renewal");
    const change = commit.subscription.scheduledChanges[0]!;
    assert.equal(change.kind, "quantity_decrease");
    assert.equal(change.effectiveDate, "2026-02-15");
    assert.equal((change.payload as { quantity: number }).quantity, 4);
    const h = await historyRecord(t.deps, tenant(), sub.id, "quantity_decrease_scheduled");
    assert.deepEqual(h.changes.quantity, { from: 8, to: 4 });

    // A second decrease replaces the first (one pending per kind); asking for the current quantity revokes it.
    const again = await changeQuantity(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 5 });
    assert.deepEqual(
      again.subscription.scheduledChanges.map((c) => (c.payload as { quantity: number }).quantity),
      [5],
    );
    const back = await changeQuantity(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 8 });
    assert.deepEqual(back.subscription.scheduledChanges, []);
    await historyRecord(t.deps, tenant(), sub.id, "quantity_decrease_revoked");
  });

  it("R-QTY-03 needs Active, synchronized and not Pending For Cancel; a failed sync blocks it", async () => {
    const pending = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
      synchronized: false,
    });
    const p = await changeQuantity(
      t.deps,
      bssCtx(w),
      { subscriptionId: pending.subscription.id, quantity: 4 },
      { dryRun: true },
    );
    assert.deepEqual(codes(p), ["R-QTY-03"]);

    const failed = await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 3 });
    await recordProvisioningResult(t.deps, {
      tenantId: tenant(),
      subscriptionId: failed.subscription.id,
      outcome: "failed",
      error: "Reseller Cannot Access This Team",
    });
    const before = await subscriptionState(t.deps, tenant(), failed.subscription.id);
    await assert.rejects(
      changeQuantity(t.deps, bssCtx(w), { subscriptionId: failed.subscription.id, quantity: 4 }),
      rejectsWith("R-QTY-03", /Reseller Cannot Access This Team/),
    );
    assert.equal(
      await subscriptionState(t.deps, tenant(), failed.subscription.id),
      before,
      "nothing written",
    );

    const ending = await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 3 });
    await cancelSubscription(t.deps, bssCtx(w), {
      subscriptionId: ending.subscription.id,
      mode: "end_of_billing_period",
    });
    await assert.rejects(
      changeQuantity(t.deps, bssCtx(w), { subscriptionId: ending.subscription.id, quantity: 4 }),
      rejectsWith("R-QTY-03", /Pending For Cancel/),
    );

    const suspended = await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 3 });
    await suspendSubscription(t.deps, bssCtx(w), { subscriptionId: suspended.subscription.id });
    await assert.rejects(
      changeQuantity(t.deps, bssCtx(w), { subscriptionId: suspended.subscription.id, quantity: 4 }),
      rejectsWith("R-QTY-03", /Active/),
    );
  });

  it("R-ORD-01 / R-SGN-01 a decrease below the product's minimum is refused, naming the minimum", async () => {
    const dbx = await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 4 });
    await assert.rejects(
      changeQuantity(t.deps, bssCtx(w), { subscriptionId: dbx.subscription.id, quantity: 2 }),
      rejectsWith("R-ORD-01", /includes 3 licensed users; order at least 3/),
    );
    const sign = await createTestSubscription(t.deps, w, { sku: "DBXS-PRE-AC1Y", quantity: 6 });
    const refused = await changeQuantity(
      t.deps,
      bssCtx(w),
      { subscriptionId: sign.subscription.id, quantity: 4 },
      { dryRun: true },
    );
    assert.deepEqual(codes(refused), ["R-SGN-01"]);
    assert.match(refused.violations[0]!.message, /at least 5 seats/);
    assert.equal(refused.effect, "none");
    assert.equal(
      refused.subscription.subscription.quantity,
      6,
      "a refused preview shows the state unchanged",
    );
  });

  it("R-SGN-04 BSS: raising a Sign subscription raises its add-ons with it", async () => {
    const { subscription: sub, addons } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-MCMB",
      quantity: 5,
      addons: [
        { sku: "DBXS-SP-MCMB", quantity: 5 },
        { sku: "DBXS-TP15-MCMB", quantity: 5 },
      ],
    });
    const { commit } = await previewThenCommit(t.deps, tenant(), sub.id, (o) =>
      changeQuantity(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 7 }, o),
    );
    assert.deepEqual(
      commit.subscription.addons.map((a) => a.quantity),
      [7, 7],
    );
    // An explicit mismatch is not silently overwritten.
    await assert.rejects(
      changeQuantity(t.deps, bssCtx(w), {
        subscriptionId: sub.id,
        quantity: 8,
        addons: [{ addonId: addons[0]!.id, quantity: 7 }],
      }),
      rejectsWith("R-SGN-04"),
    );
  });

  it("R-DSH-06 Buy Licenses in a Storefront needs the product published there: the server refuses what the menu hides (issue 13)", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-BUS-MCMB",
      quantity: 3,
    });
    const sf = storefrontCtx(w, "sfA1");
    const preview = await changeQuantity(
      t.deps,
      sf,
      { subscriptionId: sub.id, quantity: 4 },
      { dryRun: true },
    );
    assert.deepEqual(
      preview.violations.map((v) => v.code),
      ["R-DSH-06"],
    );
    await assert.rejects(
      changeQuantity(t.deps, sf, { subscriptionId: sub.id, quantity: 4 }),
      (e: { code?: string }) => e.code === "R-DSH-06",
    );
    // The back office may always sell licences; a published product may be bought in the Storefront.
    const bss = await changeQuantity(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 4 });
    assert.deepEqual(bss.violations, []);
    await publishInStorefront(t.deps, w, ["DBX-BUS-MCMB"]);
    const bought = await changeQuantity(t.deps, sf, { subscriptionId: sub.id, quantity: 5 });
    assert.deepEqual(bought.violations, []);
    assert.equal(bought.subscription.subscription.quantity, 5);
  });

  it("R-SGN-04 Storefront: a change whose add-on quantities do not match is refused; matching ones pass", async () => {
    const { subscription: sub, addons } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-MCMB",
      quantity: 5,
      addons: [{ sku: "DBXS-SP-MCMB", quantity: 5 }],
    });
    const sf = storefrontCtx(w, "sfA1");
    const missing = await changeQuantity(
      t.deps,
      sf,
      { subscriptionId: sub.id, quantity: 6 },
      { dryRun: true },
    );
    assert.deepEqual(codes(missing), ["R-SGN-04"]);
    assert.match(missing.violations[0]!.message, /same quantity as the subscription's seats/);
    await assert.rejects(
      changeQuantity(t.deps, sf, {
        subscriptionId: sub.id,
        quantity: 6,
        addons: [{ addonId: addons[0]!.id, quantity: 7 }],
      }),
      rejectsWith("R-SGN-04"),
    );
    const ok = await changeQuantity(t.deps, sf, {
      subscriptionId: sub.id,
      quantity: 6,
      addons: [{ addonId: addons[0]!.id, quantity: 6 }],
    });
    assert.equal(ok.subscription.subscription.quantity, 6);
    assert.equal(ok.subscription.addons[0]!.quantity, 6);
    assert.equal((await historyRecord(t.deps, tenant(), sub.id, "quantity_increased")).channel, "storefront");
  });

  it("R-SGN-05 a Sign decrease takes effect at renewal, its add-ons with it", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-AC1Y",
      quantity: 6,
      addons: [{ sku: "DBXS-SP-AC1Y", quantity: 6 }],
    });
    const { commit } = await previewThenCommit(t.deps, tenant(), sub.id, (o) =>
      changeQuantity(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 3 }, o),
    );
    assert.equal(commit.rule?.code, "R-SGN-05");
    assert.equal(commit.effect, "scheduled");
    assert.equal(commit.effectiveDate, "2027-01-15");
    const payload = commit.subscription.scheduledChanges[0]!.payload as {
      quantity: number;
      addons: { quantity: number }[];
    };
    assert.equal(payload.quantity, 3);
    assert.deepEqual(
      payload.addons.map((a) => a.quantity),
      [3],
    );
    assert.equal(commit.subscription.addons[0]!.quantity, 6, "the add-on keeps its quantity until then");
  });

  it("R-SGN-02 a decrease that leaves a 5-seat add-on under 5 seats is refused", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-MCMB",
      quantity: 5,
      addons: [{ sku: "DBXS-SFDC-MCMB", quantity: 5 }],
    });
    await assert.rejects(
      changeQuantity(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 4 }),
      rejectsWith("R-SGN-02"),
    );
  });

  it("R-TRL-01 a trial gets no extra licences (change rule)", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB-TRIAL",
      quantity: 3,
    });
    const refused = await changeQuantity(
      t.deps,
      bssCtx(w),
      { subscriptionId: sub.id, quantity: 4 },
      { dryRun: true },
    );
    assert.deepEqual(codes(refused), ["R-TRL-01"]);
    assert.match(refused.violations[0]!.message, /Upgrade it to the paid plan/);
  });

  it("R-ORD-04 a Dropbox add-on's quantity cannot be changed", async () => {
    const { subscription: sub, addons } = await createTestSubscription(t.deps, w, {
      sku: "DBX-ASV-MCMB",
      quantity: 3,
      addons: [{ sku: "DBX-ASV-10TB-MCMB", quantity: 1 }],
    });
    await assert.rejects(
      changeQuantity(t.deps, bssCtx(w), {
        subscriptionId: sub.id,
        quantity: 4,
        addons: [{ addonId: addons[0]!.id, quantity: 2 }],
      }),
      rejectsWith("R-ORD-04"),
    );
    const ok = await changeQuantity(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 4 });
    assert.equal(ok.subscription.addons[0]!.quantity, 1, "the storage add-on does not follow the licences");
  });

  it("400 for the current quantity without a pending decrease, and for an add-on of another subscription", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
    });
    await assert.rejects(
      changeQuantity(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 3 }),
      rejectsWith("validation_failed", /already has 3 licences/),
    );
    await assert.rejects(
      changeQuantity(t.deps, bssCtx(w), {
        subscriptionId: sub.id,
        quantity: 4,
        addons: [{ addonId: "add_nope", quantity: 4 }],
      }),
      rejectsWith("validation_failed", /not an active add-on/),
    );
  });

  it("R-REN-02 a decrease is refused while a renewal request sets the renewal quantity", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1Y",
      quantity: 6,
    });
    await requestRenewalChange(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 8 });
    await assert.rejects(
      changeQuantity(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 4 }),
      rejectsWith("R-REN-02"),
    );
  });
});
