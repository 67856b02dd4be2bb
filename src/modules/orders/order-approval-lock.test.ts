import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { line, type OrderWorld, orderWorld } from "../../../test/order-fixtures.ts";
import { rejectsWith } from "../../../test/tenancy-fixtures.ts";
import { getAccount, updateAccount, updateStorefrontCustomer } from "../tenancy/index.ts";
import { addBasketLine, approveOrder, checkoutBasket } from "./index.ts";

/**
 * R-PAY-02 × R-ORD-09: the order path reads the customer's Order Approval as it always has, so a
 * customer whose Standard Edition reseller pays by Credit Card has every Storefront order wait for
 * the reseller's approval — even a customer whose approval had been switched off before.
 */
describe("orders: R-PAY-02 locked Order Approval makes Storefront orders wait (R-ORD-09)", () => {
  let ctx: TestContext;
  let w: OrderWorld;
  before(async () => {
    ctx = await createTestContext();
    w = await orderWorld(ctx.deps);
  });
  after(() => ctx.close());

  it("R-PAY-02 R-ORD-09 a customer with approval off orders at once; once its reseller pays by Credit Card, its orders wait", async () => {
    // A3 has Order Approval off under Standard reseller A (Cash): executed at once.
    await addBasketLine(ctx.deps, w.actors.sfA3, line(w, "DBX-STD-MCMB", 3));
    const before = await checkoutBasket(ctx.deps, w.actors.sfA3, {}, { dryRun: false });
    assert.equal(before.order.status, "executed");

    // Reseller A starts paying by Credit Card: A3's approval is switched on and locked.
    await updateAccount(ctx.deps, w.actors.clerk, {
      accountId: w.resellerA.id,
      patch: { paymentMethod: "credit_card" },
    });
    const a3 = await getAccount(ctx.deps.db, w.tenant.id, w.customerA3.id);
    assert.equal(a3.orderApproval, true);
    assert.equal(a3.orderApprovalLocked, true);
    await assert.rejects(
      updateStorefrontCustomer(ctx.deps, w.actors.sfA, {
        accountId: w.customerA3.id,
        patch: { orderApproval: false },
      }),
      rejectsWith("R-PAY-02"),
    );

    await addBasketLine(ctx.deps, w.actors.sfA3, line(w, "DBX-STD-MCMB", 3));
    const { order } = await checkoutBasket(ctx.deps, w.actors.sfA3, {}, { dryRun: false });
    assert.equal(order.status, "pending_reseller_approval");
    const approved = await approveOrder(ctx.deps, w.actors.sfA, order.id);
    assert.equal(approved.status, "executed");
  });

  it("R-PAY-02 R-ORD-09 back on Cash, the reseller switches the customer's approval off and its orders run at once again", async () => {
    await updateAccount(ctx.deps, w.actors.clerk, {
      accountId: w.resellerA.id,
      patch: { paymentMethod: "cash" },
    });
    const off = await updateStorefrontCustomer(ctx.deps, w.actors.sfA, {
      accountId: w.customerA3.id,
      patch: { orderApproval: false },
    });
    assert.equal(off.orderApproval, false);
    await addBasketLine(ctx.deps, w.actors.sfA3, line(w, "DBX-STD-MCMB", 3));
    const { order } = await checkoutBasket(ctx.deps, w.actors.sfA3, {}, { dryRun: false });
    assert.equal(order.status, "executed");
  });
});
