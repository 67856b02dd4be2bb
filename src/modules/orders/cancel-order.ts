import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { parseInput } from "../../shared/parse-input.ts";
import type { Actor } from "../tenancy/index.ts";
import { statusActorOf } from "./execute-lines.ts";
import { viewOrder } from "./get-order.ts";
import { asBssClerk, getOrderToDecide } from "./order-access.ts";
import type { OrderJson } from "./orders.json.ts";
import { saveOrderChange } from "./orders.repo.ts";
import { moveOrder } from "./orders.states.ts";
import { CancelInput } from "./orders.types.ts";

/**
 * Staff cancel an order that is not executed yet (waiting for approval, submitted or in
 * progress). An executed order is final: its subscriptions are cancelled as subscriptions (409).
 */
export async function cancelOrder(
  deps: Deps,
  actor: Actor,
  orderId: string,
  rawInput: unknown,
): Promise<OrderJson> {
  const bss = asBssClerk(actor);
  const input = parseInput(CancelInput, rawInput ?? {});
  return transaction(deps.db, async (tx) => {
    const order = await getOrderToDecide(tx, bss, orderId);
    const change = moveOrder({ order, events: [] }, "canceled", {
      actor: statusActorOf({ actor: bss, channel: "bss" }),
      at: deps.clock.now(),
      eventId: deps.ids.next("evt"),
      note: input.reason ?? null,
    });
    await saveOrderChange(tx, change);
    return viewOrder(deps, tx, change.order);
  });
}
