import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { adminEmail, line, type OrderWorld, orderWorld, rowsOf } from "../../../test/order-fixtures.ts";
import { rejectsWith } from "../../../test/tenancy-fixtures.ts";
import { sql } from "../../shared/db.ts";
import { publishToStorefront, unpublishFromStorefront } from "../catalog/index.ts";
import type { StorefrontActor } from "../tenancy/index.ts";
import {
  addBasketLine,
  approveOrder,
  checkoutBasket,
  getBasket,
  getOrder,
  listOrders,
  placeBssOrder,
  rejectOrder,
  removeBasketLine,
} from "./index.ts";

/** Storefront checkout: whom for (R-ORD-11), statuses and approval (R-ORD-09), confirmation (R-ORD-10), R-DSH-02. */

describe("Storefront checkout and approval", () => {
  let ctx: TestContext;
  let w: OrderWorld;
  const fill = (actor: StorefrontActor, ...lines: object[]) =>
    lines.reduce<Promise<unknown>>(
      (p, l) => p.then(() => addBasketLine(ctx.deps, actor, l)),
      Promise.resolve(),
    );
  const checkout = (actor: StorefrontActor, input: object = {}, dryRun = false) =>
    checkoutBasket(ctx.deps, actor, input, { dryRun });
  const messageOf = async (orderId: string) =>
    (
      await rowsOf<{ to_address: string; data: Record<string, unknown>; template: string }>(
        ctx.deps,
        "messages",
        sql`key = ${`order-confirmation:${orderId}`}`,
      )
    )[0];
  const subsOf = (orderId: string) => rowsOf(ctx.deps, "subscriptions", sql`order_id = ${orderId}`);

  before(async () => {
    ctx = await createTestContext();
    w = await orderWorld(ctx.deps);
  });
  after(() => ctx.close());

  it("R-ORD-11 a reseller orders for itself: Submitted and executed at once, not on anyone's behalf", async () => {
    await fill(w.actors.sfA, line(w, "DBX-STD-MCMB", 3));
    const { order } = await checkout(w.actors.sfA, { customer: { kind: "self" }, note: "For our office" });
    assert.equal(order.status, "executed");
    assert.equal(order.accountId, w.resellerA.id);
    assert.equal(order.resellerAccountId, w.resellerA.id);
    assert.equal(order.onBehalf, false);
    assert.equal(order.note, "For our office");
    assert.equal((await subsOf(order.id)).length, 1);
    assert.deepEqual(
      order.events.map((e) => `${e.fromStatus}→${e.toStatus}`),
      ["draft→submitted", "submitted→executed"],
    );
    assert.deepEqual((await getBasket(ctx.deps, w.actors.sfA)).lines, [], "the basket became the order");
  });

  it("R-ORD-11 a reseller orders for an existing end customer: no approval needed, placed on its behalf", async () => {
    await fill(w.actors.sfA, line(w, "DBX-STD-MCMB", 4));
    const { order } = await checkout(w.actors.sfA, {
      customer: { kind: "existing", accountId: w.customerA1.id },
    });
    assert.equal(order.status, "executed", "R-ORD-09: the reseller's own order does not wait for itself");
    assert.equal(order.accountId, w.customerA1.id);
    assert.equal(order.onBehalf, true);
    const [sub] = await subsOf(order.id);
    assert.equal(sub!.account_id, w.customerA1.id);
    assert.equal(sub!.channel, "storefront");
    // Another reseller's customer, or one of another tenant, is not found; an end customer orders for itself only.
    await fill(w.actors.sfA, line(w, "DBX-STD-MCMB", 3));
    for (const accountId of [w.customerB1.id, w.other.reseller.id])
      await assert.rejects(
        checkout(w.actors.sfA, { customer: { kind: "existing", accountId } }),
        rejectsWith("not_found"),
      );
    await fill(w.actors.sfA3, line(w, "DBX-STD-MCMB", 3));
    await assert.rejects(
      checkout(w.actors.sfA3, { customer: { kind: "existing", accountId: w.customerA1.id } }),
      rejectsWith("forbidden"),
    );
  });

  it("R-ORD-11 a reseller creates a new end customer at checkout, in the same transaction", async () => {
    const name = `Newco ${Date.now()}`;
    for (const l of (await getBasket(ctx.deps, w.actors.sfA)).lines)
      await removeBasketLine(ctx.deps, w.actors.sfA, l.id);
    await fill(w.actors.sfA, line(w, "DBX-STD-MCMB", 3));
    const { order } = await checkout(w.actors.sfA, {
      customer: { kind: "new", customer: { name, email: "owner@newco.test" } },
    });
    const [created] = await rowsOf<{ id: string; parent_account_id: string; kind: string }>(
      ctx.deps,
      "accounts",
      sql`tenant_id = ${w.tenant.id} and name = ${name}`,
    );
    assert.equal(created!.kind, "end_customer");
    assert.equal(created!.parent_account_id, w.resellerA.id);
    assert.equal(order.accountId, created!.id);
    assert.equal(order.status, "executed");
    // R-ORD-10: the new customer is written to at its own address; no amount on the reseller's order (R-DSH-02).
    const message = await messageOf(order.id);
    assert.equal(message!.to_address, "owner@newco.test");
    assert.equal(message!.data.total, null);
  });

  it("R-ORD-09 an end customer of a Standard reseller with Order Approval on waits; the reseller approves and it is executed", async () => {
    await fill(w.actors.sfA1, line(w, "DBX-STD-MCMB", 3), line(w, "DBXS-STD-MCMB", 2));
    const { order } = await checkout(w.actors.sfA1);
    assert.equal(order.status, "pending_reseller_approval");
    assert.ok(order.number !== null && order.submittedAt);
    assert.equal(order.onBehalf, false);
    assert.equal((await subsOf(order.id)).length, 0, "nothing is executed before the approval");
    const waiting = await listOrders(ctx.deps, w.actors.sfA, { status: "pending_reseller_approval" });
    assert.ok(
      waiting.items.some((o) => o.id === order.id),
      "the reseller lists what waits for it",
    );
    await assert.rejects(approveOrder(ctx.deps, w.actors.sfA1, order.id), rejectsWith("forbidden"));
    const approved = await approveOrder(ctx.deps, w.actors.sfA, order.id);
    assert.equal(approved.status, "executed");
    assert.ok(approved.approvedAt);
    assert.deepEqual(
      approved.events.map((e) => `${e.fromStatus}→${e.toStatus}`),
      ["draft→pending_reseller_approval", "pending_reseller_approval→submitted", "submitted→executed"],
    );
    assert.equal((await subsOf(order.id)).length, 2);
    assert.ok(approved.lines.every((l) => l.subscriptionId));
    await assert.rejects(approveOrder(ctx.deps, w.actors.sfA, order.id), rejectsWith("conflict"));
  });

  it("R-ORD-09 with Order Approval off the end customer's order is executed at once", async () => {
    await fill(w.actors.sfA3, line(w, "DBX-STD-MCMB", 3));
    const { order } = await checkout(w.actors.sfA3);
    assert.equal(order.status, "executed");
  });

  it("R-ORD-09 the reseller (or a BSS clerk) rejects with a reason: Canceled, nothing executed", async () => {
    await fill(w.actors.sfA2, line(w, "DBX-STD-MCMB", 3));
    const { order } = await checkout(w.actors.sfA2);
    const rejected = await rejectOrder(ctx.deps, w.actors.sfA, order.id, { reason: "Budget not approved" });
    assert.equal(rejected.status, "canceled");
    assert.equal(rejected.rejectionReason, "Budget not approved");
    assert.equal(rejected.events.at(-1)!.note, "Budget not approved");
    assert.equal((await subsOf(order.id)).length, 0);
    await fill(w.actors.sfA2, line(w, "DBX-STD-MCMB", 3));
    const second = await checkout(w.actors.sfA2);
    await assert.rejects(
      rejectOrder(ctx.deps, w.actors.viewer, second.order.id, { reason: "x" }),
      rejectsWith("forbidden"),
    );
    const byClerk = await rejectOrder(ctx.deps, w.actors.clerk, second.order.id, { reason: "Duplicate" });
    assert.equal(byClerk.status, "canceled");
    await assert.rejects(approveOrder(ctx.deps, w.actors.sfA, second.order.id), rejectsWith("conflict"));
  });

  it("R-ORD-02 an approval whose admin email got a plan meanwhile is refused; the order keeps waiting", async () => {
    const email = adminEmail();
    await fill(
      w.actors.sfA2,
      line(w, "DBX-STD-MCMB", 3, { serviceDetails: { resellerId: "R", adminEmail: email } }),
    );
    const { order } = await checkout(w.actors.sfA2);
    await placeBssOrder(ctx.deps, w.actors.clerk, {
      accountId: w.customerA3.id,
      lines: [line(w, "DBX-STD-AC1Y", 3, { serviceDetails: { resellerId: "R", adminEmail: email } })],
    });
    await assert.rejects(approveOrder(ctx.deps, w.actors.sfA, order.id), rejectsWith("R-ORD-02"));
    const still = await getOrder(ctx.deps, w.actors.clerk, order.id);
    assert.equal(still.status, "pending_reseller_approval");
    assert.equal((await subsOf(order.id)).length, 0);
  });

  it("R-CAT-07 an approval re-runs the pre-check: a product unpublished while the order waited is not provisioned", async () => {
    const pub = await publishToStorefront(ctx.deps, { tenantId: w.tenant.id }, w.resellerA.id, {
      productId: w.id("DBX-BUS-MCMB"),
    });
    await fill(w.actors.sfA2, line(w, "DBX-BUS-MCMB", 3));
    const { order } = await checkout(w.actors.sfA2);
    assert.equal(order.status, "pending_reseller_approval");
    await unpublishFromStorefront(ctx.deps, { tenantId: w.tenant.id }, w.resellerA.id, pub.id);
    await assert.rejects(approveOrder(ctx.deps, w.actors.sfA, order.id), rejectsWith("R-CAT-07"));
    const still = await getOrder(ctx.deps, w.actors.clerk, order.id);
    assert.equal(still.status, "pending_reseller_approval");
    assert.equal((await subsOf(order.id)).length, 0);
  });

  it("R-ORD-10 on submission the customer gets a confirmation with the link to the order's status page", async () => {
    await fill(w.actors.sfA1, line(w, "DBX-STD-MCMB", 5));
    const { order } = await checkout(w.actors.sfA1);
    const message = await messageOf(order.id);
    assert.equal(message!.template, "order_confirmation");
    assert.equal(message!.to_address, w.sfA1.email);
    assert.equal(
      message!.data.statusUrl,
      `${ctx.deps.config.PUBLIC_URL}/store/${w.resellerA.storefrontAlias}/orders/${order.id}`,
    );
    assert.equal(message!.data.orderNumber, order.number);
    assert.deepEqual(message!.data.total, { currency: "EUR", decimal: "75.00" });
    const jobs = await rowsOf(
      ctx.deps,
      "jobs",
      sql`tenant_id = ${w.tenant.id} and kind = 'notifications.send'`,
    );
    assert.ok(jobs.length >= 1, "delivered through the outbox");
  });

  it("R-DSH-02 an end customer sees no amounts on orders its reseller placed for it; the reseller does", async () => {
    await fill(w.actors.sfA, line(w, "DBX-STD-MCMB", 3));
    const { order } = await checkout(w.actors.sfA, {
      customer: { kind: "existing", accountId: w.customerA2.id },
    });
    const mine = await getOrder(ctx.deps, w.actors.sfA2, order.id);
    assert.equal(mine.total, null);
    assert.equal(mine.lines[0]!.unitPrice, null);
    const listed = (await listOrders(ctx.deps, w.actors.sfA2, {})).items.find((o) => o.id === order.id)!;
    assert.equal(listed.total, null);
    assert.equal((await getOrder(ctx.deps, w.actors.sfA, order.id)).total!.decimal, "45.00");
    assert.equal(
      (await listOrders(ctx.deps, w.actors.sfA, {})).items.find((o) => o.id === order.id)!.total!.decimal,
      "45.00",
    );
    // An end customer sees only its own orders; a sibling's is not found.
    assert.ok(
      (await listOrders(ctx.deps, w.actors.sfA1, {})).items.every((o) => o.accountId === w.customerA1.id),
    );
    await assert.rejects(getOrder(ctx.deps, w.actors.sfA1, order.id), rejectsWith("not_found"));
  });

  it("a checkout preview (dryRun) shows the priced order it would make and writes nothing", async () => {
    await fill(w.actors.sfA3, line(w, "DBX-STD-AC1Y", 3));
    const count = async () =>
      (await rowsOf(ctx.deps, "orders", sql`tenant_id = ${w.tenant.id} and status <> 'draft'`)).length;
    const before = await count();
    const preview = await checkout(w.actors.sfA3, {}, true);
    assert.equal(preview.preview, true);
    assert.deepEqual(preview.violations, []);
    assert.equal(preview.order.status, "executed");
    assert.equal(preview.order.total!.decimal, "486.00");
    assert.equal(await count(), before);
    assert.equal((await getBasket(ctx.deps, w.actors.sfA3)).lines.length, 1, "the basket is still there");
    await assert.rejects(checkout(w.actors.sfB), rejectsWith("R-CAT-07"));
    const emptied = await checkout(w.actors.sfA3);
    assert.equal(emptied.order.number, preview.order.number, "the preview's number was not used up");
    await assert.rejects(checkout(w.actors.sfA3), rejectsWith("conflict", /basket is empty/));
  });
});
