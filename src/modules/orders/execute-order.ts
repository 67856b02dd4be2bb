import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { violationsError } from "../../shared/errors.ts";
import type { CommandContext } from "../subscriptions/index.ts";
import { type Actor, getAccount } from "../tenancy/index.ts";
import { executeNow, pricingResellerOf } from "./execute-lines.ts";
import { asBssClerk, getOrderToDecide } from "./order-access.ts";
import { draftFromRow, productIdsOf } from "./order-lines.ts";
import { loadOrderCatalog, loadTenantSettings } from "./order-products.ts";
import { type OrderJson, orderJson } from "./orders.json.ts";
import { listEvents, listLines, saveOrderChange, updateLinesPricing } from "./orders.repo.ts";
import { orderStates } from "./orders.states.ts";
import type { OrderStatus } from "./orders.types.ts";
import { channelOf } from "./orders.types.ts";
import { onLines, vendorPrecheckPlacedOrder } from "./vendor-precheck.ts";

/**
 * Staff execute a Submitted or In Progress order (R-ORD-08): every line becomes a subscription in
 * one transaction, with the order's channel. A failing line rolls everything back; the order stays
 * as it was and the error names the rule and the line.
 */
export async function executeOrder(deps: Deps, actor: Actor, orderId: string): Promise<OrderJson> {
  const bss = asBssClerk(actor);
  // R-PRV-02: the vendor's validate-only answer, asked before the transaction (issue 13).
  const vendor = await vendorPrecheckPlacedOrder(deps, bss, orderId);
  return transaction(deps.db, async (tx) => {
    const order = await getOrderToDecide(tx, bss, orderId);
    orderStates.assertTransition(order.status as OrderStatus, "executed");
    const ctx: CommandContext = { actor: bss, channel: channelOf(order) };
    const customer = await getAccount(tx, order.tenantId, order.accountId!);
    const lines = (await listLines(tx, order.tenantId, order.id)).map(draftFromRow);
    if (vendor.length > 0) throw violationsError(onLines(vendor, lines));
    // Lines priced at submission execute with that snapshot; today's prices are the fallback.
    const { products, prices } = await loadOrderCatalog(
      tx,
      order.tenantId,
      productIdsOf(lines),
      pricingResellerOf(customer),
    );
    const tenant = await loadTenantSettings(tx, order.tenantId);
    const done = await executeNow(deps, tx, {
      change: { order, events: [] },
      ctx,
      customer,
      lines,
      products,
      prices,
      today: deps.clock.today(tenant.timeZone),
    });
    await saveOrderChange(tx, done.change);
    await updateLinesPricing(tx, order.tenantId, done.lines, deps.clock.now());
    return orderJson(done.change.order, done.lines, products, await listEvents(tx, order.tenantId, order.id));
  });
}
