import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import {
  bssCtx,
  createTestSubscription,
  setupSubscriptionWorld,
} from "../../../test/subscription-fixtures.ts";
import { editPricing } from "./edit-pricing.ts";
import { recordProvisioningResult } from "./record-provisioning-result.ts";
import { setAutoRenew } from "./set-auto-renew.ts";
import { findSubscription } from "./subscriptions.repo.ts";
import type { CommandContext } from "./subscriptions.types.ts";

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
