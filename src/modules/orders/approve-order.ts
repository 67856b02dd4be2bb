import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import type { CommandContext } from "../subscriptions/index.ts";
import { type Actor, getAccount } from "../tenancy/index.ts";
import { pricingResellerOf, proceedAfterSubmission, statusActorOf } from "./execute-lines.ts";
import { getOrderToDecide } from "./order-access.ts";
import { draftFromRow, productIdsOf } from "./order-lines.ts";
import { loadOrderProducts, loadTenantSettings, priceProducts } from "./order-products.ts";
import { type OrderJson, orderJson } from "./orders.json.ts";
import { listEvents, listLines, saveOrderChange, updateLinesPricing } from "./orders.repo.ts";
import { moveOrder } from "./orders.states.ts";
import { channelOf } from "./orders.types.ts";

/**
 * R-ORD-09: the reseller (its Storefront users, or a BSS clerk) approves an end customer's order
 * waiting for it: Submitted, then executed at once like any submission (R-ORD-08). Execution runs
 * in the same transaction: if a line fails (e.g. R-ORD-02, the admin email got a plan meanwhile),
 * nothing changes — the order keeps waiting and the error says why.
 */
export async function approveOrder(deps: Deps, actor: Actor, orderId: string): Promise<OrderJson> {
  return transaction(deps.db, async (tx) => {
    const order = await getOrderToDecide(tx, actor, orderId);
    const ctx: CommandContext = { actor, channel: channelOf(order) };
    const now = deps.clock.now();
    const submitted = moveOrder({ order, events: [] }, "submitted", {
      actor: statusActorOf(ctx),
      at: now,
      eventId: deps.ids.next("evt"),
      note: "Approved by the reseller",
    });
    const customer = await getAccount(tx, order.tenantId, order.accountId!);
    const lines = (await listLines(tx, order.tenantId, order.id)).map(draftFromRow);
    const products = await loadOrderProducts(deps, tx, order.tenantId, productIdsOf(lines));
    // Unit prices stay those of the submission; this resolves today's costs and price list.
    const prices = await priceProducts(tx, order.tenantId, products, pricingResellerOf(customer));
    const tenant = await loadTenantSettings(tx, order.tenantId);
    const done = await proceedAfterSubmission(deps, tx, {
      change: submitted,
      ctx,
      customer,
      lines,
      products,
      prices,
      today: deps.clock.today(tenant.timeZone),
    });
    await saveOrderChange(tx, done.change);
    await updateLinesPricing(tx, order.tenantId, done.lines, now);
    return orderJson(done.change.order, done.lines, products, await listEvents(tx, order.tenantId, order.id));
  });
}
