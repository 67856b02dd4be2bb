import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createPriceList, upsertPriceListEntries } from "../src/modules/catalog/index.ts";
import { copyOf, drain, type TenantWorld, tenantSubscription, tenantWorld } from "./distribution-fixtures.ts";
import { createTestContext, type TestContext } from "./harness.ts";
import { promotedCharges, promotion } from "./promotion-fixtures.ts";

/**
 * R-PRM-02: a tenant copy gets the distributor's promotions active on the copy's order date,
 * chosen by the same rules against the distributor-side price (the tenant reseller's price list in
 * the distributor's BSS); the tenant's own subscription is untouched by the distributor's promotions.
 */
describe("promotions on tenant copies", () => {
  let t: TestContext;
  let w: TenantWorld;
  before(async () => {
    t = await createTestContext({ start: "2026-02-01T09:00:00Z" });
    w = await tenantWorld(t.deps);
    const list = await createPriceList(t.deps, w.actors.distributorAdmin, {
      name: "Nimbus list",
      ownerAccountId: w.resellerAccountId,
    });
    const std = await w.product(w.distributor.id, "DBX-STD-MCMB");
    await upsertPriceListEntries(t.deps, w.actors.distributorAdmin, list.id, [
      { productId: std.id, unitPrice: "10.00" },
    ]);
  });
  after(() => t.close());

  it("R-PRM-02 the copy gets the distributor's best active promotion against the distributor-side price", async () => {
    const std = await w.product(w.distributor.id, "DBX-STD-MCMB");
    // 3.00 off 10.00 = 7.00 beats 20 % (8.00); an ended one and another tenant's do not count.
    const best = await promotion(t.deps, w.distributor.id, {
      name: "Partner launch",
      productIds: [std.id],
      valueType: "monetary",
      amount: "3.00",
      currency: std.currency,
      kind: "limited_recurring",
      cycles: 2,
      startDate: "2026-01-01",
    });
    await promotion(t.deps, w.distributor.id, {
      productIds: [std.id],
      basisPoints: 2000,
      startDate: "2026-01-01",
    });
    await promotion(t.deps, w.distributor.id, {
      productIds: [std.id],
      basisPoints: 9000,
      startDate: "2026-01-01",
      endDate: "2026-01-31",
    });
    const source = await tenantSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 4 });
    assert.equal(source.promotionId, null);
    await drain(t.deps);
    const copy = await copyOf(t.deps, w, source.id);
    assert.ok(copy);
    assert.equal(copy.promotionId, best.id);
    assert.equal(copy.unitPrice, 1000n);
    const [first] = await promotedCharges(t.deps, copy.id);
    assert.equal(first!.amount, "2800"); // 4 × (10.00 − 3.00)
    assert.equal(first!.promotion_name, "Partner launch");
  });
});
