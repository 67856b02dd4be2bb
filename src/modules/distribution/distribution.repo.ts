import { and, count, eq, sql } from "drizzle-orm";
import { queryOne, type Tx } from "../../shared/db.ts";
import { distributionEvents, distributionSettings } from "./distribution.schema.ts";

/** The only SQL of the distribution tables. */

export type SettingsRow = typeof distributionSettings.$inferSelect;
export type EventRow = typeof distributionEvents.$inferSelect;

export async function findSettings(tx: Tx, tenantId: string): Promise<SettingsRow | undefined> {
  const [row] = await tx
    .select()
    .from(distributionSettings)
    .where(eq(distributionSettings.tenantId, tenantId));
  return row;
}

/** Locks (creating if needed) a tenant reseller's settings row: activations of one tenant queue up. */
export async function lockSettings(
  tx: Tx,
  tenantId: string,
  distributorTenantId: string,
): Promise<SettingsRow> {
  await tx.insert(distributionSettings).values({ tenantId, distributorTenantId }).onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(distributionSettings)
    .where(eq(distributionSettings.tenantId, tenantId))
    .for("update");
  return row!;
}

export async function setResponsibleUser(
  tx: Tx,
  tenantId: string,
  responsibleUserId: string | null,
): Promise<SettingsRow> {
  const [row] = await tx
    .update(distributionSettings)
    .set({ responsibleUserId })
    .where(eq(distributionSettings.tenantId, tenantId))
    .returning();
  return row!;
}

export async function activateSettings(
  tx: Tx,
  tenantId: string,
  patch: { activatedAt: Date; activatedBy: string | null; activation: Record<string, unknown> },
): Promise<SettingsRow> {
  const [row] = await tx
    .update(distributionSettings)
    .set({ backOrdering: true, ...patch })
    .where(eq(distributionSettings.tenantId, tenantId))
    .returning();
  return row!;
}

/**
 * Claims an event for applying: true the first time, false when it was applied before (a
 * replay). The row commits with the changes it stands for, or not at all.
 */
export async function claimEvent(tx: Tx, row: typeof distributionEvents.$inferInsert): Promise<boolean> {
  const inserted = await tx
    .insert(distributionEvents)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: distributionEvents.id });
  return inserted.length > 0;
}

export async function setEventOutcome(
  tx: Tx,
  id: string,
  patch: { outcome: EventRow["outcome"]; summary: string; copyId: string | null },
): Promise<void> {
  await tx.update(distributionEvents).set(patch).where(eq(distributionEvents.id, id));
}

export async function countEvents(tx: Tx, sourceTenantId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(distributionEvents)
    .where(eq(distributionEvents.sourceTenantId, sourceTenantId));
  return Number(row?.n ?? 0);
}

export async function listEvents(tx: Tx, sourceTenantId: string, sourceId?: string): Promise<EventRow[]> {
  return tx
    .select()
    .from(distributionEvents)
    .where(
      and(
        eq(distributionEvents.sourceTenantId, sourceTenantId),
        sourceId ? eq(distributionEvents.sourceId, sourceId) : undefined,
      ),
    )
    .orderBy(distributionEvents.appliedAt, distributionEvents.id);
}

/** Events of a tenant still waiting in the outbox (not applied yet). */
export async function countPendingEvents(tx: Tx, tenantId: string): Promise<number> {
  const row = await queryOne<{ n: string }>(
    tx,
    sql`select count(*) as n from jobs
        where tenant_id = ${tenantId} and kind in ('subscription.changed', 'account.changed')
          and status in ('pending', 'running')`,
  );
  return Number(row?.n ?? 0);
}
