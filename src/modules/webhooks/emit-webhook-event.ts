import type { Deps } from "../../deps.ts";
import { enqueueJob } from "../../jobs/index.ts";
import type { Tx } from "../../shared/db.ts";
import { insertDelivery, insertEvent, subscribedEndpointIds } from "./webhooks.repo.ts";
import type { WebhookEventType } from "./webhooks.rules.ts";
import { DELIVER_WEBHOOK_JOB, type DeliverJobPayload } from "./webhooks.types.ts";

export interface WebhookEventInput {
  tenantId: string;
  type: WebhookEventType;
  /**
   * The resource's public JSON or ids. A function is called only when an endpoint subscribes, so
   * an expensive snapshot costs nothing for tenants without webhooks. Bigints become strings.
   */
  data: Record<string, unknown> | (() => Promise<Record<string, unknown>> | Record<string, unknown>);
}

/**
 * Emits a webhook event inside the caller's transaction: one event row (its id is the
 * `webhook-id`), one delivery per enabled endpoint of the tenant subscribed to the type, and an
 * outbox job per delivery — so the event exists exactly when the business change commits, and
 * one slow endpoint never holds up another. When no endpoint subscribes this is one indexed
 * query and nothing is written. Returns the event id, or null when nobody subscribes.
 */
export async function emitWebhookEvent(deps: Deps, tx: Tx, input: WebhookEventInput): Promise<string | null> {
  const endpointIds = await subscribedEndpointIds(tx, input.tenantId, input.type);
  if (endpointIds.length === 0) return null;
  const data = typeof input.data === "function" ? await input.data() : input.data;
  const eventId = deps.ids.next("whm");
  const occurredAt = deps.clock.now();
  const body = JSON.stringify({ type: input.type, timestamp: occurredAt.toISOString(), data }, (_k, v) =>
    typeof v === "bigint" ? v.toString() : v,
  );
  await insertEvent(tx, { id: eventId, tenantId: input.tenantId, type: input.type, body, occurredAt });
  for (const endpointId of endpointIds) {
    const delivery = await insertDelivery(tx, {
      id: deps.ids.next("whd"),
      tenantId: input.tenantId,
      eventId,
      endpointId,
      status: "pending",
    });
    await enqueueDeliveryAttempt(deps, tx, input.tenantId, { deliveryId: delivery.id, attempt: 1 });
  }
  return eventId;
}

/** The outbox job of one attempt (its own key, so a retry is a new job scheduled at its time). */
export async function enqueueDeliveryAttempt(
  deps: Deps,
  tx: Tx,
  tenantId: string,
  payload: DeliverJobPayload,
  runAt?: Date,
): Promise<void> {
  await enqueueJob(tx, deps.ids, {
    tenantId,
    kind: DELIVER_WEBHOOK_JOB,
    key: `${payload.deliveryId}:${payload.attempt}`,
    payload,
    ...(runAt ? { runAt } : {}),
  });
}
