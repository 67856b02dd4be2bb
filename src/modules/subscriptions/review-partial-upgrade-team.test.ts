import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
} from "../../../test/subscription-fixtures.ts";
import { placeBssOrder } from "../orders/index.ts";
import { cancelSubscription } from "./cancel-subscription.ts";
import { recordProvisioningResult } from "./record-provisioning-result.ts";
import { findSubscription } from "./subscriptions.repo.ts";
import type { CommandContext } from "./subscriptions.types.ts";
import { upgradeSubscription } from "./upgrade-subscription.ts";

/**
 * Review: R-ORD-02 after a partial upgrade. The partial upgrade's new subscription "shares the
 * team and carries no key" (ARCHITECTURE); the origin holds the team's one key. When the origin
 * is cancelled, the key is released although the team (same admin email) still has a live plan —
 * so a new order for that email is accepted: two live plans for one team admin.
 */
describe("review: R-ORD-02 once the origin of a partial upgrade is cancelled", () => {
  let t: TestContext;
  let w: SubscriptionWorld;
  let bss: CommandContext;
  before(async () => {
    t = await createTestContext();
    w = await setupSubscriptionWorld(t.deps);
    bss = { actor: w.actors.clerk, channel: "bss" };
  });
  after(() => t.close());

  it("R-ORD-02 a new plan for the admin email of a live partial-upgrade subscription is refused", async () => {
    const email = "team-admin-partial@example.test";
    const { subscription: origin } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1Y",
      quantity: 6,
      adminEmail: email,
    });
    const business = await w.product("DBX-BUS-AC1Y");
    const up = await upgradeSubscription(t.deps, bss, {
      subscriptionId: origin.id,
      targetProductId: business.id,
      quantity: 3,
    });
    const child = up.newSubscription!.subscription;
    assert.equal(child.adminEmail, email, "the new subscription is the same team");

    // The origin is cancelled in full (inside the window; the vendor confirms, R-CAN-05).
    await cancelSubscription(t.deps, bss, { subscriptionId: origin.id, mode: "immediate" });
    await recordProvisioningResult(t.deps, {
      tenantId: w.tenant.id,
      subscriptionId: origin.id,
      outcome: "synchronized",
    });
    assert.equal((await findSubscription(t.deps.db, w.tenant.id, origin.id))!.status, "canceled");
    assert.equal((await findSubscription(t.deps.db, w.tenant.id, child.id))!.status, "active");

    // The team still administers a live plan (the child): a new plan for the email must be refused.
    const std = await w.product("DBX-STD-MCMB");
    const preview = await placeBssOrder(
      t.deps,
      w.actors.clerk,
      {
        accountId: w.customerA2.id,
        lines: [
          { productId: std.id, quantity: 3, serviceDetails: { resellerId: "RS-1", adminEmail: email } },
        ],
      },
      { dryRun: true },
    );
    assert.deepEqual(
      preview.violations.map((v) => v.code),
      ["R-ORD-02"],
    );
  });
});
