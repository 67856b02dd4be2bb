import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import { parseInput } from "../../shared/parse-input.ts";
import type { Actor } from "../tenancy/index.ts";
import { statusActorOf } from "./execute-lines.ts";
import { viewOrder } from "./get-order.ts";
import { getOrderToDecide } from "./order-access.ts";
import { sendOrderNotice } from "./order-notices.ts";
import type { OrderJson } from "./orders.json.ts";
import { saveOrderChange } from "./orders.repo.ts";
import { moveOrder, orderStates } from "./orders.states.ts";
import { channelOf, RejectInput } from "./orders.types.ts";

/** R-ORD-09: the reseller (or a BSS clerk) rejects an order waiting for its approval, with a reason: Canceled. */
export async function rejectOrder(
  deps: Deps,
  actor: Actor,
  orderId: string,
  rawInput: unknown,
): Promise<OrderJson> {
  const input = parseInput(RejectInput, rawInput);
  return transaction(deps.db, async (tx) => {
    const order = await getOrderToDecide(tx, actor, orderId);
    if (order.status !== "pending_reseller_approval")
      throw new AppError(
        "conflict",
        `Only an order waiting for approval can be rejected; this one is ${order.status}`,
        {
          from: order.status,
          to: "canceled",
          entity: orderStates.name,
        },
      );
    const change = moveOrder({ order: { ...order, rejectionReason: input.reason }, events: [] }, "canceled", {
      actor: statusActorOf({ actor, channel: channelOf(order) }),
      at: deps.clock.now(),
      eventId: deps.ids.next("evt"),
      note: input.reason,
    });
    await saveOrderChange(tx, change);
    await sendOrderNotice(deps, tx, change.order, "rejected"); // issue 15: the customer is told why
    return viewOrder(deps, tx, change.order);
  });
}
