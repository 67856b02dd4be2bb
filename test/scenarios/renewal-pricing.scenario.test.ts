import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadProductDetails } from "../../src/modules/catalog/index.ts";
import { changeQuantity } from "../../src/modules/subscriptions/index.ts";
import { advanceTo, documentLines } from "../billing-fixtures.ts";
import { createTestContext, type TestContext } from "../harness.ts";
import { priceRow, protect, renewalSummaries, setListPrice } from "../pricing-fixtures.ts";
import { bssCtx, createTestSubscription, setupSubscriptionWorld } from "../subscription-fixtures.ts";

/**
 * R-PRC-01 / R-PRC-02 over 13 months with the manual clock (issue 14's worked example): 10.00 per
 * licence, 12 months' protection, bought 2027-01-01 × 5; the list price becomes 12.00 on
 * 2027-04-01; 3 licences are added on 2027-05-01; the 2028-01-01 renewal bills 12.00. Four
 * subscriptions side by side: MCMB and AC1Y, each protected (the product type's 12 months) and
 * unprotected (the product's own 0 overrides its type). Every invoice line to the cent.
 */
describe("renewal pricing scenario (R-PRC-01, R-PRC-02)", () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof setupSubscriptionWorld>>;
  before(async () => {
    t = await createTestContext({ start: "2027-01-01T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
  });
  after(() => t.close());

  it("R-PRC-01 R-PRC-02 the worked example: MCMB and AC1Y, protected and not — to the cent", async () => {
    const tenantId = w.tenant.id;
    const skus = {
      mcmbProtected: "DBX-STD-MCMB",
      mcmbOpen: "DBX-BUS-MCMB",
      ac1yProtected: "DBX-STD-AC1Y",
      ac1yOpen: "DBX-BUS-AC1Y",
    };
    const products = Object.fromEntries(
      await Promise.all(Object.entries(skus).map(async ([k, sku]) => [k, await w.product(sku)])),
    ) as Record<keyof typeof skus, Awaited<ReturnType<typeof w.product>>>;
    for (const p of Object.values(products)) await setListPrice(t.deps, tenantId, p.id, "10.00");
    const typeId = products.mcmbProtected.productTypeId;
    await protect(t.deps, tenantId, { productTypeId: typeId }, "MCMB", 12);
    await protect(t.deps, tenantId, { productTypeId: typeId }, "AC1Y", 12);
    await protect(t.deps, tenantId, { productId: products.mcmbOpen.id }, "MCMB", 0);
    await protect(t.deps, tenantId, { productId: products.ac1yOpen.id }, "AC1Y", 0);

    const subs: Record<string, string> = {};
    // The products as they are now (the world caches them as first read, at 15.00).
    const fresh = {
      ...w,
      product: (sku: string) => loadProductDetails(t.deps.db, { tenantId }, products[keyOf(sku)].id),
    };
    const keyOf = (sku: string) => Object.entries(skus).find(([, s]) => s === sku)![0] as keyof typeof skus;
    for (const [k, sku] of Object.entries(skus)) {
      // The fixture prices a subscription at the product's list price (no price list): 10.00.
      const { subscription } = await createTestSubscription(t.deps, fresh, { sku, quantity: 5 });
      subs[k] = subscription.id;
    }
    assert.equal((await priceRow(t.deps, subs.mcmbProtected!)).price_protected_until, "2028-01-01");
    assert.equal((await priceRow(t.deps, subs.ac1yProtected!)).price_protected_until, "2028-01-01");
    assert.equal((await priceRow(t.deps, subs.mcmbOpen!)).price_protected_until, null);

    await advanceTo(t.deps, "2027-03-31");
    for (const p of Object.values(products)) await setListPrice(t.deps, tenantId, p.id, "12.00");
    await advanceTo(t.deps, "2027-05-01");
    for (const id of Object.values(subs))
      await changeQuantity(t.deps, bssCtx(w), { subscriptionId: id, quantity: 8 });
    await advanceTo(t.deps, "2028-02-01");

    const lines = async (id: string) =>
      (await documentLines(t.deps, tenantId, id)).map((l) => [l.issueDate, l.kind, l.amount, l.explanation]);

    // MCMB, protected until 2028-01-01: every month to 2027-12 bills 10.00, January 2028 12.00.
    const protectedMcmb = await lines(subs.mcmbProtected!);
    assert.deepEqual(
      protectedMcmb.map((l) => [l[0], l[1], l[2]]),
      [
        ["2027-01-01", "recurring", "50.00"],
        ["2027-02-01", "recurring", "50.00"],
        ["2027-03-01", "recurring", "50.00"],
        ["2027-04-01", "recurring", "50.00"],
        ["2027-05-01", "recurring", "50.00"],
        ["2027-05-01", "increase", "30.00"],
        ["2027-06-01", "recurring", "80.00"],
        ["2027-07-01", "recurring", "80.00"],
        ["2027-08-01", "recurring", "80.00"],
        ["2027-09-01", "recurring", "80.00"],
        ["2027-10-01", "recurring", "80.00"],
        ["2027-11-01", "recurring", "80.00"],
        ["2027-12-01", "recurring", "80.00"],
        ["2028-01-01", "recurring", "96.00"],
        ["2028-02-01", "recurring", "96.00"],
      ],
    );
    assert.equal(protectedMcmb[5]![3], "3 × 10.00 (1–31 May 2027)");
    assert.equal(protectedMcmb[13]![3], "8 × 12.00 (1–31 Jan 2028)");
    const protectedSummaries = await renewalSummaries(t.deps, subs.mcmbProtected!);
    assert.match(protectedSummaries[2]!, /at 10\.00 \(price protected until 2028-01-01 — R-PRC-02\)$/);
    // The anniversary: the current price, and a new protection term (the type's 12 months).
    assert.equal(
      protectedSummaries[11],
      "Renewed automatically: new term 2028-01-01 – 2028-01-31 at 12.00 (was 10.00); price protected until 2029-01-01",
    );
    assert.deepEqual(await priceRow(t.deps, subs.mcmbProtected!), {
      unit_price: "1200",
      unit_cost: (await priceRow(t.deps, subs.mcmbProtected!)).unit_cost,
      price_user_defined: false,
      price_protected_until: "2029-01-01",
    });

    // MCMB, unprotected: April 2027 on bills 12.00, and the added licences cost 12.00.
    assert.deepEqual(
      (await lines(subs.mcmbOpen!)).map((l) => [l[0], l[1], l[2]]),
      [
        ["2027-01-01", "recurring", "50.00"],
        ["2027-02-01", "recurring", "50.00"],
        ["2027-03-01", "recurring", "50.00"],
        ["2027-04-01", "recurring", "60.00"],
        ["2027-05-01", "recurring", "60.00"],
        ["2027-05-01", "increase", "36.00"],
        ["2027-06-01", "recurring", "96.00"],
        ["2027-07-01", "recurring", "96.00"],
        ["2027-08-01", "recurring", "96.00"],
        ["2027-09-01", "recurring", "96.00"],
        ["2027-10-01", "recurring", "96.00"],
        ["2027-11-01", "recurring", "96.00"],
        ["2027-12-01", "recurring", "96.00"],
        ["2028-01-01", "recurring", "96.00"],
        ["2028-02-01", "recurring", "96.00"],
      ],
    );
    assert.equal(
      (await renewalSummaries(t.deps, subs.mcmbOpen!))[2],
      "Renewed automatically: new term 2027-04-01 – 2027-04-30 at 12.00 (was 10.00)",
    );

    // AC1Y, both: the year bills 10.00, the licences added on 2027-05-01 cost 10.00 for 245/365
    // days (3 × 10.00 × 245/365 = 20.136… → 20.14); the renewal on 2028-01-01 bills 12.00.
    for (const id of [subs.ac1yProtected!, subs.ac1yOpen!]) {
      assert.deepEqual(await lines(id), [
        ["2027-01-01", "recurring", "50.00", "5 × 10.00 (1 Jan – 31 Dec 2027)"],
        ["2027-05-01", "increase", "20.14", "3 × 10.00 × 245/365 days (1 May – 31 Dec 2027)"],
        ["2028-01-01", "recurring", "96.00", "8 × 12.00 (1 Jan – 31 Dec 2028)"],
      ]);
    }
  });
});
