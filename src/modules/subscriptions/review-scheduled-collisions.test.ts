import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
} from "../../../test/subscription-fixtures.ts";
import { addAddon } from "./add-addon.ts";
import { changeQuantity } from "./change-quantity.ts";
import { requestRenewalChange } from "./request-renewal-change.ts";
import { listScheduledChanges } from "./subscriptions.repo.ts";
import type { CommandContext } from "./subscriptions.types.ts";
import { upgradeSubscription } from "./upgrade-subscription.ts";

/**
 * Review: scheduled changes colliding with later commands. A pending quantity decrease / renewal
 * request fixes the quantity of the NEXT term; commands accepted afterwards must not leave a
 * scheduled quantity that breaks the rules of the product (R-SGN-01) or of its add-ons (R-SGN-02)
 * — the same rules that refuse the decrease when it is asked for after the change.
 */
describe("review: scheduled quantity changes vs later upgrades and add-ons", () => {
  let t: TestContext;
  let w: SubscriptionWorld;
  let bss: CommandContext;
  before(async () => {
    t = await createTestContext();
    w = await setupSubscriptionWorld(t.deps);
    bss = { actor: w.actors.clerk, channel: "bss" };
  });
  after(() => t.close());

  const pendingQuantities = async (subscriptionId: string) =>
    (await listScheduledChanges(t.deps.db, w.tenant.id, subscriptionId, "pending"))
      .filter((c) => c.kind === "quantity_decrease" || c.kind === "renewal_request")
      .map((c) => (c.payload as { quantity: number }).quantity);

  it("R-SGN-01 a full upgrade to Premium (min 5) does not keep a scheduled decrease to 2 seats", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-AC1Y",
      quantity: 6,
    });
    const dec = await changeQuantity(t.deps, bss, { subscriptionId: sub.id, quantity: 2 });
    assert.equal(dec.effect, "scheduled"); // R-SGN-05: at renewal; Standard allows 2 seats
    const premium = await w.product("DBXS-PRE-AC1Y");
    let upgraded = true;
    try {
      await upgradeSubscription(t.deps, bss, { subscriptionId: sub.id, targetProductId: premium.id });
    } catch {
      upgraded = false; // refusing the upgrade (revoke the decrease first) is an acceptable fix too
    }
    if (upgraded)
      for (const q of await pendingQuantities(sub.id))
        assert.ok(
          q >= premium.minQuantity,
          `the Premium subscription would renew with ${q} seats (R-SGN-01: at least ${premium.minQuantity})`,
        );
  });

  it("R-SGN-01 a full upgrade to Premium does not keep a renewal request for 3 seats", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-AC1Y",
      quantity: 6,
    });
    await requestRenewalChange(t.deps, bss, { subscriptionId: sub.id, quantity: 3 });
    const premium = await w.product("DBXS-PRE-AC1Y");
    let upgraded = true;
    try {
      await upgradeSubscription(t.deps, bss, { subscriptionId: sub.id, targetProductId: premium.id });
    } catch {
      upgraded = false;
    }
    if (upgraded)
      for (const q of await pendingQuantities(sub.id))
        assert.ok(q >= premium.minQuantity, `the Premium subscription would renew with ${q} seats`);
  });

  it("R-SGN-02 adding Salesforce (5-seat minimum) is refused while a decrease to 3 seats is scheduled", async () => {
    // The reverse order is refused: with Salesforce held, a decrease to 3 seats violates R-SGN-02.
    const { subscription: held } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-AC1Y",
      quantity: 6,
      addons: [{ sku: "DBXS-SFDC-AC1Y", quantity: 6 }],
    });
    const refused = await changeQuantity(
      t.deps,
      bss,
      { subscriptionId: held.id, quantity: 3 },
      { dryRun: true },
    );
    assert.ok(refused.violations.some((v) => v.code === "R-SGN-02"));

    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-AC1Y",
      quantity: 6,
    });
    await changeQuantity(t.deps, bss, { subscriptionId: sub.id, quantity: 3 });
    const sfdc = await w.product("DBXS-SFDC-AC1Y");
    const preview = await addAddon(
      t.deps,
      bss,
      { subscriptionId: sub.id, productId: sfdc.id },
      { dryRun: true },
    );
    assert.ok(
      preview.violations.some((v) => v.code === "R-SGN-02"),
      `the subscription renews with 3 seats and Salesforce: R-SGN-02 must refuse it like the reverse order; got ${JSON.stringify(preview.violations.map((v) => v.code))}`,
    );
  });
});
