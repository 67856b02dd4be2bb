import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  signInWorld,
} from "../../../test/subscription-fixtures.ts";
import { type Credential, type Req, send } from "../../../test/tenancy-fixtures.ts";
import { cancelSubscription } from "./cancel-subscription.ts";
import { revokeCancellation } from "./revoke-cancellation.ts";
import { findSubscription } from "./subscriptions.repo.ts";
import type { CommandContext } from "./subscriptions.types.ts";

/**
 * Review: cancellation guards.
 * - R-CAN-05: "A full cancellation is sent to the vendor first; the BSS applies it only when the
 *   vendor confirms". ARCHITECTURE: "While a full cancellation waits for the vendor every other
 *   change is refused". revokeCancellation does not check the pending vendor operation.
 * - R-CAN-02 Specific Date: a well-formed but impossible date (2026-02-30) is a 500.
 */
describe("review: cancellation guards", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  let as: Awaited<ReturnType<typeof signInWorld>>;
  let bss: CommandContext;
  before(async () => {
    t = await createTestApp();
    w = await setupSubscriptionWorld(t.deps);
    as = await signInWorld(t.app, w);
    bss = { actor: w.actors.clerk, channel: "bss" };
  });
  after(() => t.close());
  const call = (req: Req, cred: Credential) => send(t.app, req, cred);

  it("R-CAN-05 an End of Billing Period cancellation cannot be revoked while an Immediate one waits for the vendor", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1Y",
      quantity: 3,
    });
    await cancelSubscription(t.deps, bss, { subscriptionId: sub.id, mode: "end_of_billing_period" });
    const immediate = await cancelSubscription(t.deps, bss, { subscriptionId: sub.id, mode: "immediate" });
    assert.equal(immediate.effect, "awaiting_vendor");
    const preview = await revokeCancellation(t.deps, bss, { subscriptionId: sub.id }, { dryRun: true });
    assert.deepEqual(
      preview.violations.map((v) => v.code),
      ["R-CAN-05"],
      "the vendor has the full cancellation; reviving the subscription now contradicts what the vendor is doing",
    );
    const row = await findSubscription(t.deps.db, w.tenant.id, sub.id);
    assert.equal(row!.status, "pending_for_cancel");
  });

  it("R-CAN-02 a Specific Date that is not a calendar day is a 400 naming the field, not a 500", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1Y",
      quantity: 3,
    });
    const res = await call(
      {
        method: "POST",
        url: `/api/bss/subscriptions/${sub.id}/cancel?dryRun=true`,
        body: { mode: "specific_date", date: "2026-02-30" },
      },
      as.clerk,
    );
    assert.equal(res.statusCode, 400, res.body);
  });
});
