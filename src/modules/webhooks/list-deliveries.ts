import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import type { Page } from "../../shared/paging.ts";
import type { Actor } from "../tenancy/index.ts";
import { asBss } from "./webhooks.guards.ts";
import {
  type AttemptRow,
  type DeliveryListRow,
  type EventRow,
  findDelivery,
  findEndpoint,
  findEvent,
  listAttempts,
  listDeliveryRows,
} from "./webhooks.repo.ts";
import type { ListDeliveriesQuery } from "./webhooks.types.ts";

/** An endpoint's deliveries log, newest first. */
export async function listDeliveries(
  deps: Deps,
  actor: Actor,
  endpointId: string,
  query: ListDeliveriesQuery,
): Promise<Page<DeliveryListRow>> {
  const bss = asBss(actor, "viewer");
  if (!(await findEndpoint(deps.db, bss.tenantId, endpointId)))
    throw notFound("Webhook endpoint", endpointId);
  const { items, total } = await listDeliveryRows(deps.db, bss.tenantId, endpointId, query);
  return { items, total, limit: query.limit, offset: query.offset };
}

/** One delivery with the event's body and every attempt (status code, response, error, duration). */
export async function getDelivery(
  deps: Deps,
  actor: Actor,
  deliveryId: string,
): Promise<{ delivery: DeliveryListRow; event: EventRow; attempts: AttemptRow[] }> {
  const bss = asBss(actor, "viewer");
  const delivery = await findDelivery(deps.db, bss.tenantId, deliveryId);
  if (!delivery) throw notFound("Webhook delivery", deliveryId);
  const event = await findEvent(deps.db, bss.tenantId, delivery.eventId);
  if (!event) throw notFound("Webhook delivery", deliveryId);
  return { delivery, event, attempts: await listAttempts(deps.db, bss.tenantId, deliveryId) };
}
