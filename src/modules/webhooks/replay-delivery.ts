import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { conflict, notFound } from "../../shared/errors.ts";
import type { Actor } from "../tenancy/index.ts";
import { enqueueDeliveryAttempt } from "./emit-webhook-event.ts";
import { asBss } from "./webhooks.guards.ts";
import { type DeliveryListRow, findDelivery, findEndpoint, insertDelivery } from "./webhooks.repo.ts";

/**
 * An admin sends a delivery's event again: a new delivery of the same event (same body, same
 * `webhook-id`, so a receiver that already processed it can tell) to the same endpoint, with its
 * own attempts and retry schedule. The endpoint must be enabled (409 otherwise).
 */
export async function replayDelivery(deps: Deps, actor: Actor, deliveryId: string): Promise<DeliveryListRow> {
  const bss = asBss(actor, "admin");
  return transaction(deps.db, async (tx) => {
    const original = await findDelivery(tx, bss.tenantId, deliveryId);
    if (!original) throw notFound("Webhook delivery", deliveryId);
    const endpoint = await findEndpoint(tx, bss.tenantId, original.endpointId, { forUpdate: true });
    if (!endpoint) throw notFound("Webhook delivery", deliveryId);
    if (!endpoint.enabled)
      throw conflict("The endpoint is disabled: enable it before replaying", { endpointId: endpoint.id });
    const replay = await insertDelivery(tx, {
      id: deps.ids.next("whd"),
      tenantId: bss.tenantId,
      eventId: original.eventId,
      endpointId: original.endpointId,
      replayOf: original.id,
      status: "pending",
    });
    await enqueueDeliveryAttempt(deps, tx, bss.tenantId, { deliveryId: replay.id, attempt: 1 });
    return { ...replay, eventType: original.eventType };
  });
}
