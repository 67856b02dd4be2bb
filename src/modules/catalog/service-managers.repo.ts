import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import { queryOne, sql, type Tx } from "../../shared/db.ts";
import { serviceManagerInstances, serviceManagerRuns } from "./catalog.schema.ts";

/** The only SQL of service-manager instances and their runs. */

export type InstanceRow = typeof serviceManagerInstances.$inferSelect;
export type RunRow = typeof serviceManagerRuns.$inferSelect;

export interface RunLogEntry {
  at: string;
  level: "info" | "warn" | "error";
  message: string;
}

export async function listInstances(tx: Tx, tenantId: string): Promise<InstanceRow[]> {
  return tx
    .select()
    .from(serviceManagerInstances)
    .where(eq(serviceManagerInstances.tenantId, tenantId))
    .orderBy(asc(serviceManagerInstances.vendor));
}

export async function findInstance(tx: Tx, tenantId: string, id: string): Promise<InstanceRow | undefined> {
  const rows = await tx
    .select()
    .from(serviceManagerInstances)
    .where(and(eq(serviceManagerInstances.tenantId, tenantId), eq(serviceManagerInstances.id, id)));
  return rows[0];
}

/** One instance per (tenant, vendor): inserting again returns the existing one. */
export async function insertInstanceIfMissing(
  tx: Tx,
  row: { id: string; tenantId: string; vendor: string; name: string; createdAt: Date },
): Promise<{ row: InstanceRow; created: boolean }> {
  const inserted = await tx.insert(serviceManagerInstances).values(row).onConflictDoNothing().returning();
  if (inserted[0]) return { row: inserted[0], created: true };
  const rows = await tx
    .select()
    .from(serviceManagerInstances)
    .where(
      and(eq(serviceManagerInstances.tenantId, row.tenantId), eq(serviceManagerInstances.vendor, row.vendor)),
    );
  return { row: rows[0]!, created: false };
}

/** Serialises runs of one instance (a second sync waits for the first to commit). */
export async function lockInstance(tx: Tx, tenantId: string, id: string): Promise<boolean> {
  const row = await queryOne<{ id: string }>(
    tx,
    sql`select id from service_manager_instances where tenant_id = ${tenantId} and id = ${id} for update`,
  );
  return Boolean(row);
}

export async function insertRun(tx: Tx, row: typeof serviceManagerRuns.$inferInsert): Promise<RunRow> {
  const [r] = await tx.insert(serviceManagerRuns).values(row).returning();
  return r!;
}

export async function findRun(tx: Tx, tenantId: string, id: string): Promise<RunRow | undefined> {
  const rows = await tx
    .select()
    .from(serviceManagerRuns)
    .where(and(eq(serviceManagerRuns.tenantId, tenantId), eq(serviceManagerRuns.id, id)));
  return rows[0];
}

/** By id alone: the job handler knows only the run id (the row carries its tenant). */
export async function findRunForUpdate(tx: Tx, id: string): Promise<RunRow | undefined> {
  const rows = await tx.select().from(serviceManagerRuns).where(eq(serviceManagerRuns.id, id)).for("update");
  return rows[0];
}

export async function findActiveRun(
  tx: Tx,
  tenantId: string,
  instanceId: string,
): Promise<RunRow | undefined> {
  const rows = await tx
    .select()
    .from(serviceManagerRuns)
    .where(
      and(
        eq(serviceManagerRuns.tenantId, tenantId),
        eq(serviceManagerRuns.instanceId, instanceId),
        inArray(serviceManagerRuns.status, ["queued", "running"]),
      ),
    )
    .orderBy(desc(serviceManagerRuns.createdAt))
    .limit(1);
  return rows[0];
}

export async function listRuns(
  tx: Tx,
  tenantId: string,
  instanceId: string,
  page: { limit: number; offset: number },
): Promise<{ items: RunRow[]; total: number }> {
  const cond = and(eq(serviceManagerRuns.tenantId, tenantId), eq(serviceManagerRuns.instanceId, instanceId));
  // One query after the other: callers may pass a transaction, which runs one query at a time.
  const items = await tx
    .select()
    .from(serviceManagerRuns)
    .where(cond)
    .orderBy(desc(serviceManagerRuns.createdAt), desc(serviceManagerRuns.id))
    .limit(page.limit)
    .offset(page.offset);
  const totals = await tx.select({ n: count() }).from(serviceManagerRuns).where(cond);
  return { items, total: Number(totals[0]?.n ?? 0) };
}

export async function latestRunsByInstance(tx: Tx, tenantId: string): Promise<Map<string, RunRow>> {
  const rows = await tx
    .selectDistinctOn([serviceManagerRuns.instanceId])
    .from(serviceManagerRuns)
    .where(eq(serviceManagerRuns.tenantId, tenantId))
    .orderBy(serviceManagerRuns.instanceId, desc(serviceManagerRuns.createdAt), desc(serviceManagerRuns.id));
  return new Map(rows.map((r) => [r.instanceId, r]));
}

export async function updateRun(
  tx: Tx,
  id: string,
  patch: Partial<
    Pick<
      RunRow,
      "status" | "progressDone" | "progressTotal" | "log" | "summary" | "error" | "startedAt" | "finishedAt"
    >
  >,
): Promise<RunRow> {
  const [r] = await tx.update(serviceManagerRuns).set(patch).where(eq(serviceManagerRuns.id, id)).returning();
  return r!;
}
