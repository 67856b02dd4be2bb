import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import {
  bssCtx,
  createTestSubscription,
  setupSubscriptionWorld,
} from "../../../test/subscription-fixtures.ts";
import { sql } from "../../shared/db.ts";
import { createPriceList, upsertPriceListEntries } from "../catalog/index.ts";
import { addAddon } from "./add-addon.ts";
import { findSubscription } from "./subscriptions.repo.ts";
import { upgradeSubscription } from "./upgrade-subscription.ts";

/**
 * Issue 13.2 (R-PRC-03): an upgrade or a new add-on is priced in the subscription's (the paying
 * account's) currency from a price in that currency, or refused naming the product and the currency.
 */
describe("R-PRC-03 plan changes in the subscription's currency", () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof setupSubscriptionWorld>>;
  before(async () => {
    t = await createTestContext({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
  });
  after(() => t.close());

  const usdSubscription = async (sku: string, quantity: number) => {
    const { subscription } = await createTestSubscription(t.deps, w, { sku, quantity });
    // A subscription of a USD customer (its price came from a USD list).
    await t.deps.db.execute(sql`update subscriptions set currency = 'USD' where id = ${subscription.id}`);
    await t.deps.db.execute(
      sql`update billing_items set currency = 'USD' where subscription_id = ${subscription.id}`,
    );
    return subscription;
  };

  it("R-PRC-03 an upgrade and an add-on without a price in the subscription's currency are refused, naming both; nothing changes", async () => {
    const sub = await usdSubscription("DBX-STD-MCMB", 3);
    const business = await w.product("DBX-BUS-MCMB");
    await assert.rejects(
      upgradeSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id, targetProductId: business.id }),
      (e: { code?: string; message?: string }) =>
        e.code === "R-PRC-03" && e.message!.includes(business.name) && e.message!.includes("USD"),
    );
    const pack = (await w.product("DBX-STD-MCMB")).addons[0]!;
    await assert.rejects(
      addAddon(t.deps, bssCtx(w), { subscriptionId: sub.id, productId: pack.id, quantity: 1 }),
      (e: { code?: string }) => e.code === "R-PRC-03",
    );
    const after = (await findSubscription(t.deps.db, w.tenant.id, sub.id))!;
    assert.equal(after.productId, sub.productId);
    assert.equal(after.version, sub.version);
  });

  it("R-PRC-03 with a USD price in the reseller's list the upgrade is priced from it, in USD", async () => {
    const sub = await usdSubscription("DBX-STD-MCMB", 3);
    const business = await w.product("DBX-BUS-MCMB");
    const list = await createPriceList(t.deps, w.actors.clerk, {
      name: "Reseller A in USD",
      ownerAccountId: w.reseller.id,
      currency: "USD",
    });
    await upsertPriceListEntries(t.deps, w.actors.clerk, list.id, [
      { productId: business.id, unitPrice: "21.00" },
    ]);
    const done = await upgradeSubscription(t.deps, bssCtx(w), {
      subscriptionId: sub.id,
      targetProductId: business.id,
    });
    assert.deepEqual(done.violations, []);
    const after = (await findSubscription(t.deps.db, w.tenant.id, sub.id))!;
    assert.equal(after.productId, business.id);
    assert.equal(after.currency, "USD");
    assert.equal(after.unitPrice, 2100n);
  });
});
