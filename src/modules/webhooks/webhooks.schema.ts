import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { tenants } from "../tenancy/tenancy.schema.ts";

/**
 * Webhooks for integrators (issue 15.5, the Standard Webhooks specification).
 *
 * - `webhook_endpoints`: a tenant's receivers — URL, subscribed event types, enabled, and the
 *   signing secret (`whsec_…`). The secret is stored as is: the server must compute HMACs with
 *   it at every delivery, so it cannot be hashed; it is never returned after creation/rotation.
 * - `webhook_events`: one row per event, with the exact JSON body every delivery of it sends
 *   (signatures are over bytes, so a retry or a replay signs the same body). Its id is the
 *   `webhook-id` header.
 * - `webhook_deliveries`: one per (event, endpoint), plus one per replay; the retry schedule
 *   lives here (attempts, next attempt, status).
 * - `webhook_attempts`: the log — every HTTP attempt with its status code, the first 2 KB of the
 *   response, the error and the duration.
 *
 * Times of attempts are real time (the receiver checks `webhook-timestamp` against its own
 * clock); the event's `timestamp` in the body is business time (deps.clock).
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: text().primaryKey(),
    tenantId: text()
      .notNull()
      .references(() => tenants.id),
    url: text().notNull(),
    description: text().notNull().default(""),
    eventTypes: text().array().notNull(),
    enabled: boolean().notNull().default(true),
    secret: text().notNull(),
    secretRotatedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    unique("webhook_endpoints_tenant_id_uq").on(t.tenantId, t.id),
    // emitWebhookEvent: the tenant's enabled endpoints (one indexed query per event).
    index("webhook_endpoints_enabled_idx").on(t.tenantId).where(sql`${t.enabled}`),
    check("webhook_endpoints_url_ck", sql`${t.url} ~ '^https?://' and length(${t.url}) <= 2000`),
    check("webhook_endpoints_secret_ck", sql`${t.secret} like 'whsec_%'`),
  ],
);

export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: text().primaryKey(),
    tenantId: text()
      .notNull()
      .references(() => tenants.id),
    type: text().notNull(),
    /** The exact request body (JSON text) every delivery of this event sends and signs. */
    body: text().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("webhook_events_tenant_id_uq").on(t.tenantId, t.id),
    index("webhook_events_tenant_idx").on(t.tenantId, t.createdAt),
  ],
);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    eventId: text().notNull(),
    endpointId: text().notNull(),
    /** A replay: the delivery it sends again (same event, same webhook-id). */
    replayOf: text(),
    status: text().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }),
    lastStatusCode: integer(),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    unique("webhook_deliveries_tenant_id_uq").on(t.tenantId, t.id),
    index("webhook_deliveries_endpoint_idx").on(t.tenantId, t.endpointId, t.createdAt),
    index("webhook_deliveries_event_idx").on(t.tenantId, t.eventId),
    // One original delivery per (event, endpoint); replays are extra rows.
    uniqueIndex("webhook_deliveries_original_uq")
      .on(t.eventId, t.endpointId)
      .where(sql`${t.replayOf} is null`),
    check("webhook_deliveries_status_ck", sql`${t.status} in ('pending', 'succeeded', 'failed')`),
    check("webhook_deliveries_attempts_ck", sql`${t.attempts} >= 0`),
    foreignKey({
      columns: [t.tenantId, t.eventId],
      foreignColumns: [webhookEvents.tenantId, webhookEvents.id],
      name: "webhook_deliveries_event_fk",
    }),
    foreignKey({
      columns: [t.tenantId, t.endpointId],
      foreignColumns: [webhookEndpoints.tenantId, webhookEndpoints.id],
      name: "webhook_deliveries_endpoint_fk",
    }).onDelete("cascade"),
  ],
);

export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    deliveryId: text().notNull(),
    attempt: integer().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    durationMs: integer().notNull(),
    statusCode: integer(),
    /** The first 2 KB of the response body. */
    responseBody: text(),
    error: text(),
    success: boolean().notNull(),
  },
  (t) => [
    uniqueIndex("webhook_attempts_delivery_uq").on(t.tenantId, t.deliveryId, t.attempt),
    check("webhook_attempts_attempt_ck", sql`${t.attempt} >= 1 and ${t.durationMs} >= 0`),
    foreignKey({
      columns: [t.tenantId, t.deliveryId],
      foreignColumns: [webhookDeliveries.tenantId, webhookDeliveries.id],
      name: "webhook_attempts_delivery_fk",
    }).onDelete("cascade"),
  ],
);
