import type { Tx } from "../../shared/db.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import {
  type Actor,
  assertAccountVisible,
  type BssActor,
  type BssRole,
  hasBssRole,
} from "../tenancy/index.ts";
import { findOrder, lockOrder } from "./orders.repo.ts";
import type { OrderRow } from "./orders.types.ts";

/**
 * Who may see and decide on an order — the one place of these checks. Anything outside the
 * caller's tenant or Storefront subtree, and every basket (a private draft), is not_found, the
 * same as a missing id.
 */

function asBss(actor: Actor, role: BssRole): BssActor {
  if (actor.kind !== "bss") throw new AppError("forbidden", "This is for BSS staff");
  if (!hasBssRole(actor, role)) throw new AppError("forbidden", `This needs the ${role} role or higher`);
  return actor;
}
export const asBssClerk = (actor: Actor) => asBss(actor, "clerk");
export const asBssViewer = (actor: Actor) => asBss(actor, "viewer");

/** An order (not a basket) the actor may see: any of the tenant for staff, the subtree for a Storefront user. */
export async function getVisibleOrder(
  tx: Tx,
  actor: Actor,
  orderId: string,
  lock = false,
): Promise<OrderRow> {
  const order = lock
    ? await lockOrder(tx, actor.tenantId, orderId)
    : await findOrder(tx, actor.tenantId, orderId);
  if (!order || order.status === "draft" || !order.accountId) throw notFound("Order", orderId);
  if (actor.kind === "storefront") {
    try {
      await assertAccountVisible(tx, actor, order.accountId);
    } catch {
      throw notFound("Order", orderId);
    }
  }
  return order;
}

/**
 * An order the actor may approve, reject or otherwise decide on, locked (FOR UPDATE): staff need
 * the clerk role; in the Storefront only the users of the reseller whose Storefront took the order.
 * The customer itself sees its order but cannot decide on it (403).
 */
export async function getOrderToDecide(tx: Tx, actor: Actor, orderId: string): Promise<OrderRow> {
  if (actor.kind === "bss") asBssClerk(actor);
  const order = await getVisibleOrder(tx, actor, orderId, true);
  if (actor.kind === "storefront") {
    const isItsReseller = actor.accountKind === "reseller" && order.resellerAccountId === actor.accountId;
    if (!isItsReseller || order.accountId === actor.accountId)
      throw new AppError("forbidden", "Only the reseller can approve or reject its customers' orders");
  }
  return order;
}
