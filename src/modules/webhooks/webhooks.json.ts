import { z } from "zod";
import type { AttemptRow, DeliveryListRow, EndpointRow, EventRow } from "./webhooks.repo.ts";
import { MAX_DELIVERY_ATTEMPTS, WEBHOOK_EVENT_TYPES } from "./webhooks.rules.ts";
import { DELIVERY_STATUSES } from "./webhooks.types.ts";

/** API shapes of webhooks. The secret appears only in EndpointWithSecretJson (create, rotate). */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const EndpointJson = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  enabled: z.boolean(),
  secretRotatedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EndpointJson = z.infer<typeof EndpointJson>;

export const EndpointWithSecretJson = EndpointJson.extend({
  /** Shown once: at creation and when rotated. */
  secret: z.string(),
});

export function endpointJson(e: EndpointRow): EndpointJson {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes as EndpointJson["eventTypes"],
    enabled: e.enabled,
    secretRotatedAt: iso(e.secretRotatedAt),
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export const DeliveryJson = z.object({
  id: z.string(),
  endpointId: z.string(),
  /** The event's id: the `webhook-id` header of every attempt, replays included. */
  eventId: z.string(),
  eventType: z.string(),
  replayOf: z.string().nullable(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
});
export type DeliveryJson = z.infer<typeof DeliveryJson>;

export function deliveryJson(d: DeliveryListRow): DeliveryJson {
  return {
    id: d.id,
    endpointId: d.endpointId,
    eventId: d.eventId,
    eventType: d.eventType,
    replayOf: d.replayOf,
    status: d.status as DeliveryJson["status"],
    attempts: d.attempts,
    maxAttempts: MAX_DELIVERY_ATTEMPTS,
    nextAttemptAt: iso(d.nextAttemptAt),
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    completedAt: iso(d.completedAt),
  };
}

export const AttemptJson = z.object({
  attempt: z.number().int(),
  startedAt: z.string(),
  durationMs: z.number().int(),
  statusCode: z.number().int().nullable(),
  responseBody: z.string().nullable(),
  error: z.string().nullable(),
  success: z.boolean(),
});

export const DeliveryDetailJson = DeliveryJson.extend({
  /** The body every attempt sends: `{ type, timestamp, data }`. */
  payload: z.unknown(),
  attemptLog: z.array(AttemptJson),
});

export function deliveryDetailJson(d: DeliveryListRow, event: EventRow, attempts: AttemptRow[]) {
  return {
    ...deliveryJson(d),
    payload: JSON.parse(event.body) as unknown,
    attemptLog: attempts.map((a) => ({
      attempt: a.attempt,
      startedAt: a.startedAt.toISOString(),
      durationMs: a.durationMs,
      statusCode: a.statusCode,
      responseBody: a.responseBody,
      error: a.error,
      success: a.success,
    })),
  };
}
