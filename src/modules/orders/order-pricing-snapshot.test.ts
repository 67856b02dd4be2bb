import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { line, type OrderWorld, orderWorld, rowsOf } from "../../../test/order-fixtures.ts";
import { sql } from "../../shared/db.ts";
import { createPriceList, updateProduct, upsertPriceListEntries } from "../catalog/index.ts";
import { addBasketLine, approveOrder, checkoutBasket, placeBssOrder } from "./index.ts";

/**
 * What ordering reads of the catalogue and when: a line is priced for good when the order is
 * submitted (price, cost and price list are stored on the line, and execution uses them, however
 * late it comes), and an edit of a product reaches the very next order (the catalogue's cache of
 * product details is keyed by row versions, not by time).
 */

describe("order pricing snapshot and catalogue freshness", () => {
  let ctx: TestContext;
  let w: OrderWorld;

  before(async () => {
    ctx = await createTestContext();
    w = await orderWorld(ctx.deps);
  });
  after(() => ctx.close());

  it("a line keeps the price, cost and price list of its submission until approval executes it", async () => {
    const productId = w.id("DBX-STD-AC1Y");
    const list = await createPriceList(ctx.deps, w.actors.clerk, {
      name: "Reseller A list",
      ownerAccountId: w.resellerA.id,
    });
    await upsertPriceListEntries(ctx.deps, w.actors.clerk, list.id, [
      { productId, unitPrice: "150.00", cost: null },
    ]);
    await updateProduct(ctx.deps, w.actors.admin, productId, { cost: "100.00" });

    // Customer A1 needs its reseller's approval (R-ORD-09): submitted now, executed later.
    await addBasketLine(ctx.deps, w.actors.sfA1, line(w, "DBX-STD-AC1Y", 3));
    const { order } = await checkoutBasket(ctx.deps, w.actors.sfA1, {});
    assert.equal(order.status, "pending_reseller_approval");
    const [stored] = await rowsOf<{ unit_price: string; unit_cost: string; price_list_id: string }>(
      ctx.deps,
      "order_lines",
      sql`order_id = ${order.id}`,
    );
    assert.equal(String(stored!.unit_price), "15000");
    assert.equal(String(stored!.unit_cost), "10000");
    assert.equal(stored!.price_list_id, list.id);

    // Meanwhile the list and the cost change; the approval executes what was submitted.
    await upsertPriceListEntries(ctx.deps, w.actors.clerk, list.id, [
      { productId, unitPrice: "190.00", cost: null },
    ]);
    await updateProduct(ctx.deps, w.actors.admin, productId, { cost: "120.00" });
    const approved = await approveOrder(ctx.deps, w.actors.sfA, order.id);
    assert.equal(approved.status, "executed");
    const [sub] = await rowsOf<{ unit_price: string; unit_cost: string; price_list_id: string }>(
      ctx.deps,
      "subscriptions",
      sql`order_id = ${order.id}`,
    );
    assert.equal(String(sub!.unit_price), "15000");
    assert.equal(String(sub!.unit_cost), "10000");
    assert.equal(sub!.price_list_id, list.id);

    // A BSS order placed now gets today's price and cost.
    const placed = await placeBssOrder(ctx.deps, w.actors.clerk, {
      accountId: w.customerA3.id,
      lines: [line(w, "DBX-STD-AC1Y", 3)],
    });
    const [fresh] = await rowsOf<{ unit_price: string; unit_cost: string }>(
      ctx.deps,
      "subscriptions",
      sql`order_id = ${placed.order.id}`,
    );
    assert.equal(String(fresh!.unit_price), "19000");
    assert.equal(String(fresh!.unit_cost), "12000");
  });

  it("a product edit reaches the very next order (no time-to-live on cached product details)", async () => {
    const productId = w.id("DBX-STD-MCMB");
    const order = () =>
      placeBssOrder(ctx.deps, w.actors.clerk, {
        accountId: w.customerA3.id,
        lines: [line(w, "DBX-STD-MCMB", 3)],
      });
    const before = await order(); // the product's details are cached now
    const renamed = `Dropbox Standard ${Date.now()}`;
    await updateProduct(ctx.deps, w.actors.admin, productId, { name: renamed, listPrice: "17.00" });
    const after = await order();
    assert.notEqual(before.order.lines[0]!.productName, renamed);
    assert.equal(after.order.lines[0]!.productName, renamed);
    const [sub] = await rowsOf<{ name: string }>(
      ctx.deps,
      "subscriptions",
      sql`order_id = ${after.order.id}`,
    );
    assert.equal(sub!.name, renamed);
  });
});
