import { and, count, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "../../shared/db.ts";
import { queryNamed } from "../../shared/db.ts";
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from "./webhooks.schema.ts";
import type { DeliveryStatus } from "./webhooks.types.ts";

/** The only SQL on the webhook tables. Every function takes the tenant. */

export type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type EventRow = typeof webhookEvents.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;
export type DeliveryListRow = DeliveryRow & { eventType: string };

/** Per transaction: the enabled endpoints of a tenant as read by subscribedEndpointIds. */
const endpointsRead = new WeakMap<
  object,
  Map<string, Promise<Array<{ id: string; event_types: string[] }>>>
>();

export async function insertEndpoint(
  tx: Tx,
  row: typeof webhookEndpoints.$inferInsert,
): Promise<EndpointRow> {
  endpointsRead.delete(tx);
  const [inserted] = await tx.insert(webhookEndpoints).values(row).returning();
  return inserted!;
}

export async function findEndpoint(
  db: Db,
  tenantId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<EndpointRow | undefined> {
  const query = db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row;
}

export async function updateEndpointRow(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: Partial<
    Pick<EndpointRow, "url" | "description" | "eventTypes" | "enabled" | "secret" | "secretRotatedAt">
  > & {
    updatedAt: Date;
  },
): Promise<EndpointRow> {
  endpointsRead.delete(tx);
  const [row] = await tx
    .update(webhookEndpoints)
    .set(patch)
    .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)))
    .returning();
  return row!;
}

export async function deleteEndpointRow(tx: Tx, tenantId: string, id: string): Promise<boolean> {
  endpointsRead.delete(tx);
  const rows = await tx
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
  return rows.length === 1;
}

export async function listEndpointRows(
  db: Db,
  tenantId: string,
  f: { enabled?: boolean | undefined; limit: number; offset: number },
): Promise<{ items: EndpointRow[]; total: number }> {
  const where = and(
    eq(webhookEndpoints.tenantId, tenantId),
    f.enabled === undefined ? undefined : eq(webhookEndpoints.enabled, f.enabled),
  );
  const [items, totals] = await Promise.all([
    db
      .select()
      .from(webhookEndpoints)
      .where(where)
      .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ total: count() }).from(webhookEndpoints).where(where),
  ]);
  return { items, total: Number(totals[0]?.total ?? 0) };
}

/** The enabled endpoints of a tenant subscribed to `type` (webhook_endpoints_enabled_idx). */
/**
 * The enabled endpoints subscribed to `type`, in id order. The tenant's enabled endpoints are read
 * once per transaction (issue 17: an order emits several event types; one round trip, not one per
 * type); writing an endpoint in the transaction forgets what was read.
 */
export async function subscribedEndpointIds(tx: Tx, tenantId: string, type: string): Promise<string[]> {
  let byTenant = endpointsRead.get(tx);
  if (!byTenant) {
    byTenant = new Map();
    endpointsRead.set(tx, byTenant);
  }
  let read = byTenant.get(tenantId);
  if (!read) {
    read = queryNamed<{ id: string; event_types: string[] }>(
      tx,
      sql`select id, event_types from webhook_endpoints where tenant_id = ${tenantId} and enabled order by id`,
    );
    byTenant.set(tenantId, read);
  }
  return (await read).filter((r) => r.event_types.includes(type)).map((r) => r.id);
}

export async function insertEvent(tx: Tx, row: typeof webhookEvents.$inferInsert): Promise<void> {
  await tx.insert(webhookEvents).values(row);
}

export async function findEvent(db: Db, tenantId: string, id: string): Promise<EventRow | undefined> {
  const [row] = await db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.tenantId, tenantId), eq(webhookEvents.id, id)));
  return row;
}

export async function insertDelivery(
  tx: Tx,
  row: typeof webhookDeliveries.$inferInsert,
): Promise<DeliveryRow> {
  const [inserted] = await tx.insert(webhookDeliveries).values(row).returning();
  return inserted!;
}

export async function findDelivery(
  db: Db,
  tenantId: string,
  id: string,
): Promise<DeliveryListRow | undefined> {
  const [row] = await db
    .select({ delivery: webhookDeliveries, eventType: webhookEvents.type })
    .from(webhookDeliveries)
    .innerJoin(
      webhookEvents,
      and(
        eq(webhookEvents.tenantId, webhookDeliveries.tenantId),
        eq(webhookEvents.id, webhookDeliveries.eventId),
      ),
    )
    .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.id, id)));
  return row ? { ...row.delivery, eventType: row.eventType } : undefined;
}

export async function listDeliveryRows(
  db: Db,
  tenantId: string,
  endpointId: string,
  f: { status?: DeliveryStatus | undefined; eventType?: string | undefined; limit: number; offset: number },
): Promise<{ items: DeliveryListRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [
    eq(webhookDeliveries.tenantId, tenantId),
    eq(webhookDeliveries.endpointId, endpointId),
    f.status ? eq(webhookDeliveries.status, f.status) : undefined,
    f.eventType ? eq(webhookEvents.type, f.eventType) : undefined,
  ];
  const where = and(...conditions);
  const join = and(
    eq(webhookEvents.tenantId, webhookDeliveries.tenantId),
    eq(webhookEvents.id, webhookDeliveries.eventId),
  );
  const [rows, totals] = await Promise.all([
    db
      .select({ delivery: webhookDeliveries, eventType: webhookEvents.type })
      .from(webhookDeliveries)
      .innerJoin(webhookEvents, join)
      .where(where)
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ total: count() }).from(webhookDeliveries).innerJoin(webhookEvents, join).where(where),
  ]);
  return {
    items: rows.map((r) => ({ ...r.delivery, eventType: r.eventType })),
    total: Number(totals[0]?.total ?? 0),
  };
}

export async function listAttempts(db: Db, tenantId: string, deliveryId: string): Promise<AttemptRow[]> {
  return db
    .select()
    .from(webhookAttempts)
    .where(and(eq(webhookAttempts.tenantId, tenantId), eq(webhookAttempts.deliveryId, deliveryId)))
    .orderBy(webhookAttempts.attempt);
}

/**
 * Records attempt `attempt` of a pending delivery that has made `attempt − 1` attempts; false when
 * another run already recorded it (a duplicate job) or the delivery is no longer pending.
 */
export async function recordAttempt(
  tx: Tx,
  attempt: typeof webhookAttempts.$inferInsert,
  outcome: {
    status: DeliveryStatus;
    nextAttemptAt: Date | null;
    statusCode: number | null;
    error: string | null;
  },
): Promise<boolean> {
  const updated = await tx
    .update(webhookDeliveries)
    .set({
      attempts: attempt.attempt,
      status: outcome.status,
      nextAttemptAt: outcome.nextAttemptAt,
      lastStatusCode: outcome.statusCode,
      lastError: outcome.error,
      updatedAt: sql`now()`,
      completedAt: outcome.status === "pending" ? null : sql`now()`,
    })
    .where(
      and(
        eq(webhookDeliveries.tenantId, attempt.tenantId),
        eq(webhookDeliveries.id, attempt.deliveryId),
        eq(webhookDeliveries.status, "pending"),
        eq(webhookDeliveries.attempts, attempt.attempt - 1),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  if (updated.length !== 1) return false;
  await tx.insert(webhookAttempts).values(attempt);
  return true;
}

/** Ends a pending delivery without an attempt (its endpoint was disabled meanwhile). */
export async function failPendingDelivery(
  db: Db,
  tenantId: string,
  id: string,
  error: string,
): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({
      status: "failed",
      lastError: error,
      nextAttemptAt: null,
      updatedAt: sql`now()`,
      completedAt: sql`now()`,
    })
    .where(
      and(
        eq(webhookDeliveries.tenantId, tenantId),
        eq(webhookDeliveries.id, id),
        eq(webhookDeliveries.status, "pending"),
      ),
    );
}
