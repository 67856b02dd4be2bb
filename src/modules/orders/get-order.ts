import type { Deps } from "../../deps.ts";
import { type Tx, transaction } from "../../shared/db.ts";
import { todayFor } from "../subscriptions/index.ts";
import { type Actor, accountNames } from "../tenancy/index.ts";
import { asBssViewer, getVisibleOrder } from "./order-access.ts";
import { draftFromRow, productIdsOf } from "./order-lines.ts";
import { loadOrderProducts } from "./order-products.ts";
import { withPromotions } from "./order-promotions.ts";
import { type OrderJson, orderJson, type ViewOptions } from "./orders.json.ts";
import { listEvents, listLines } from "./orders.repo.ts";
import type { OrderRow } from "./orders.types.ts";

/**
 * An order with its lines (product names, prices, add-ons, subscriptions) and its status events.
 * Staff see any order of the tenant; a Storefront user one of its subtree. R-DSH-02: an end
 * customer looking at an order its reseller placed on its behalf sees no amounts.
 */
export async function getOrder(deps: Deps, actor: Actor, orderId: string): Promise<OrderJson> {
  if (actor.kind === "bss") asBssViewer(actor);
  return transaction(deps.db, async (tx) => {
    const order = await getVisibleOrder(tx, actor, orderId);
    return viewOrder(deps, tx, order, { hideAmounts: hidesAmounts(actor, order) });
  });
}

/** R-DSH-02: amounts are hidden from the customer of an order placed on its behalf. */
export function hidesAmounts(actor: Actor, order: Pick<OrderRow, "onBehalf" | "accountId">): boolean {
  return actor.kind === "storefront" && order.onBehalf && order.accountId === actor.accountId;
}

export async function viewOrder(
  deps: Deps,
  tx: Tx,
  order: OrderRow,
  options: ViewOptions = {},
): Promise<OrderJson> {
  const rows = (await listLines(tx, order.tenantId, order.id)).map(draftFromRow);
  const products = await loadOrderProducts(deps, tx, order.tenantId, productIdsOf(rows));
  const lines = await withPromotions(tx, {
    tenantId: order.tenantId,
    accountId: order.accountId,
    lines: rows,
    products,
    today: await todayFor(deps, tx, order.tenantId),
    currency: order.currency,
  });
  const names = await accountNames(tx, order.tenantId, [order.accountId]);
  return orderJson(order, lines, products, await listEvents(tx, order.tenantId, order.id), {
    accountName: order.accountId ? (names.get(order.accountId) ?? null) : null,
    ...options,
  });
}
