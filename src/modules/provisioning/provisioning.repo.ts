import { and, asc, count, eq } from "drizzle-orm";
import type { Db, Tx } from "../../shared/db.ts";
import { provisioningStates } from "./provisioning.schema.ts";
import type { DriftDifference, DriftStatus } from "./provisioning.types.ts";

/** The only SQL on provisioning_states. */
export type ProvisioningStateRow = typeof provisioningStates.$inferSelect;

export async function recordSync(
  tx: Tx,
  row: {
    tenantId: string;
    subscriptionId: string;
    externalId: string;
    action: string;
    calls: string[];
    at: Date;
  },
): Promise<void> {
  const values = {
    tenantId: row.tenantId,
    subscriptionId: row.subscriptionId,
    externalId: row.externalId,
    lastAction: row.action,
    lastCalls: row.calls,
    lastSyncedAt: row.at,
  };
  await tx
    .insert(provisioningStates)
    .values(values)
    .onConflictDoUpdate({
      target: [provisioningStates.tenantId, provisioningStates.subscriptionId],
      set: {
        externalId: values.externalId,
        lastAction: values.lastAction,
        lastCalls: values.lastCalls,
        lastSyncedAt: values.lastSyncedAt,
      },
    });
}

export async function recordDrift(
  tx: Tx,
  row: {
    tenantId: string;
    subscriptionId: string;
    status: DriftStatus;
    differences: DriftDifference[];
    at: Date;
  },
): Promise<void> {
  const set = { driftStatus: row.status, driftDifferences: row.differences, driftCheckedAt: row.at };
  await tx
    .insert(provisioningStates)
    .values({ tenantId: row.tenantId, subscriptionId: row.subscriptionId, ...set })
    .onConflictDoUpdate({ target: [provisioningStates.tenantId, provisioningStates.subscriptionId], set });
}

export async function findProvisioningState(
  db: Db,
  tenantId: string,
  subscriptionId: string,
): Promise<ProvisioningStateRow | undefined> {
  const [row] = await db
    .select()
    .from(provisioningStates)
    .where(
      and(eq(provisioningStates.tenantId, tenantId), eq(provisioningStates.subscriptionId, subscriptionId)),
    );
  return row;
}

export async function listDrift(
  db: Db,
  tenantId: string,
  page: { limit: number; offset: number },
): Promise<{ items: ProvisioningStateRow[]; total: number }> {
  const where = and(eq(provisioningStates.tenantId, tenantId), eq(provisioningStates.driftStatus, "drift"));
  const [items, [totalRow]] = await Promise.all([
    db
      .select()
      .from(provisioningStates)
      .where(where)
      .orderBy(asc(provisioningStates.driftCheckedAt), asc(provisioningStates.subscriptionId))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(provisioningStates).where(where),
  ]);
  return { items, total: Number(totalRow?.n ?? 0) };
}
