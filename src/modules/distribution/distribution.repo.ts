import { and, count, eq } from "drizzle-orm";
import type { Tx } from "../../shared/db.ts";
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

/** A page of a tenant's applied events (oldest first) and their total. */
export async function listEvents(
  tx: Tx,
  sourceTenantId: string,
  page: { sourceId?: string | undefined; limit: number; offset: number },
): Promise<{ rows: EventRow[]; total: number }> {
  const where = and(
    eq(distributionEvents.sourceTenantId, sourceTenantId),
    page.sourceId ? eq(distributionEvents.sourceId, page.sourceId) : undefined,
  );
  const rows = await tx
    .select()
    .from(distributionEvents)
    .where(where)
    .orderBy(distributionEvents.appliedAt, distributionEvents.id)
    .limit(page.limit)
    .offset(page.offset);
  const [c] = await tx.select({ n: count() }).from(distributionEvents).where(where);
  return { rows, total: Number(c?.n ?? 0) };
}
