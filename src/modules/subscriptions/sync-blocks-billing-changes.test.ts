import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import {
  bssCtx,
  createTestSubscription,
  setupSubscriptionWorld,
} from "../../../test/subscription-fixtures.ts";
import { sql } from "../../shared/db.ts";
import { cancelSubscription } from "./cancel-subscription.ts";
import { editPricing } from "./edit-pricing.ts";
import { recordProvisioningResult } from "./record-provisioning-result.ts";
import { setAutoRenew } from "./set-auto-renew.ts";
import { findSubscription } from "./subscriptions.repo.ts";
import type { CommandContext } from "./subscriptions.types.ts";
import { upgradeSubscription } from "./upgrade-subscription.ts";

/**
 * Issue 13.6 (R-PRV-01, R-QTY-03): a Failed sync, or one the vendor has not confirmed yet, blocks
 * the billing changes that send nothing to the vendor themselves — Edit Pricing Info and the
 * Renew Automatically toggle — until a retry succeeds. Before the fix both answered 200.
 */
describe("issue 13: a failed or pending sync blocks billing changes", () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof setupSubscriptionWorld>>;
  let storefront: CommandContext;
  before(async () => {
    t = await createTestContext({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
    storefront = { actor: w.actors.sfA, channel: "storefront" };
  });
  after(() => t.close());

  const pending = async () =>
    (await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 3, synchronized: false }))
      .subscription;
  const failed = async () => {
    const sub = await pending();
    return recordProvisioningResult(t.deps, {
      tenantId: sub.tenantId,
      subscriptionId: sub.id,
      outcome: "failed",
      error: "User is Already on Another Team",
    });
  };
  const unchanged = async (
    id: string,
    expected: { unitPrice: bigint; autoRenew: boolean; version: number },
  ) => {
    const now = (await findSubscription(t.deps.db, w.tenant.id, id))!;
    assert.deepEqual({ unitPrice: now.unitPrice, autoRenew: now.autoRenew, version: now.version }, expected);
  };

  it("R-PRV-01 Edit Pricing Info on a Failed subscription is refused with the vendor's reason, preview and commit", async () => {
    const sub = await failed();
    const preview = await editPricing(
      t.deps,
      bssCtx(w),
      { subscriptionId: sub.id, unitPrice: "1.00", applyTo: "next" },
      { dryRun: true },
    );
    assert.equal(preview.violations[0]?.code, "R-PRV-01");
    assert.match(preview.violations[0]!.message, /User is Already on Another Team/);
    await assert.rejects(
      editPricing(t.deps, bssCtx(w), { subscriptionId: sub.id, unitPrice: "1.00", applyTo: "next" }),
      (e: { code?: string }) => e.code === "R-PRV-01",
    );
    await unchanged(sub.id, { unitPrice: sub.unitPrice, autoRenew: sub.autoRenew, version: sub.version });
  });

  it("R-PRV-01 the Storefront's Renew Automatically toggle is refused while the sync is Pending, and works once the vendor confirmed", async () => {
    const sub = await pending();
    await assert.rejects(
      setAutoRenew(t.deps, storefront, { subscriptionId: sub.id, autoRenew: false }),
      (e: { code?: string; message?: string }) =>
        e.code === "R-PRV-01" && /not synchronized/.test(e.message ?? ""),
    );
    await unchanged(sub.id, { unitPrice: sub.unitPrice, autoRenew: true, version: sub.version });
    const synced = await recordProvisioningResult(t.deps, {
      tenantId: sub.tenantId,
      subscriptionId: sub.id,
      outcome: "synchronized",
      externalId: `dbtid:${sub.id}`,
    });
    const done = await setAutoRenew(t.deps, storefront, { subscriptionId: synced.id, autoRenew: false });
    assert.deepEqual(done.violations, []);
    assert.equal((await findSubscription(t.deps.db, w.tenant.id, sub.id))!.autoRenew, false);
  });
});

describe("issue 13 review: Unsynchronized subscriptions and the Storefront's cancel", () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof setupSubscriptionWorld>>;
  before(async () => {
    t = await createTestContext({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
  });
  after(() => t.close());

  const unsynchronized = async () => {
    const { subscription } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
      synchronized: false,
    });
    // No service manager provisions it (R-PRV-01): what order execution sets for such products.
    await t.deps.db.execute(
      sql`update subscriptions set sync_status = 'unsynchronized' where id = ${subscription.id}`,
    );
    return subscription;
  };

  it("R-PRV-01 an Unsynchronized subscription is never blocked by sync rules: upgraded without R-QTY-03", async () => {
    const sub = await unsynchronized();
    const business = await w.product("DBX-BUS-MCMB");
    const done = await upgradeSubscription(t.deps, bssCtx(w), {
      subscriptionId: sub.id,
      targetProductId: business.id,
    });
    assert.deepEqual(done.violations, []);
    assert.equal((await findSubscription(t.deps.db, w.tenant.id, sub.id))!.productId, business.id);
  });

  it("R-PRV-01 R-CAN-05 a full Immediate cancellation of an Unsynchronized subscription is applied at once (no vendor will confirm it)", async () => {
    const sub = await unsynchronized();
    const done = await cancelSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id, mode: "immediate" });
    assert.deepEqual(done.violations, []);
    const after = (await findSubscription(t.deps.db, w.tenant.id, sub.id))!;
    assert.equal(after.status, "canceled");
    assert.equal(after.pendingOperation, null);
  });

  it("R-DSH-06 the Storefront cannot cancel a subscription its menu does not offer to cancel (not Active)", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
    });
    await t.deps.db.execute(sql`update subscriptions set status = 'suspended' where id = ${sub.id}`);
    await assert.rejects(
      cancelSubscription(
        t.deps,
        { actor: w.actors.sfA, channel: "storefront" },
        { subscriptionId: sub.id, mode: "immediate" },
      ),
      (e: { code?: string }) => e.code === "R-DSH-06",
    );
    assert.equal((await findSubscription(t.deps.db, w.tenant.id, sub.id))!.status, "suspended");
  });
});
