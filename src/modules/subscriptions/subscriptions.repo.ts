import { and, asc, count, desc, eq, gte, ilike, inArray, lte, or, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../shared/db.ts";
import { likePattern } from "../../shared/paging.ts";
import {
  scheduledChanges,
  subscriptionAddons,
  subscriptionHistory,
  subscriptions,
} from "./subscriptions.schema.ts";
import type { SubscriptionAddonRow, SubscriptionRow } from "./subscriptions.types.ts";

/** The only SQL of the subscription tables. Every function takes (tx, tenantId, …). */

export type NewSubscription = typeof subscriptions.$inferInsert;
export type SubscriptionPatch = Partial<Omit<NewSubscription, "id" | "tenantId" | "version" | "createdAt">>;
export type ScheduledChangeRow = typeof scheduledChanges.$inferSelect;
export type HistoryRow = typeof subscriptionHistory.$inferSelect;

export async function insertSubscription(tx: Tx, row: NewSubscription): Promise<SubscriptionRow> {
  const [created] = await tx.insert(subscriptions).values(row).returning();
  return created!;
}

export async function findSubscription(
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<SubscriptionRow | undefined> {
  const [row] = await tx
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.id, id)));
  return row;
}

/** Reads and row-locks a subscription for a change (FOR UPDATE): concurrent commands queue up. */
export async function lockSubscription(
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<SubscriptionRow | undefined> {
  const [row] = await tx
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.id, id)))
    .for("update");
  return row;
}

/** Writes a patch and bumps the version; `updatedAt` is the caller's clock. */
export async function updateSubscription(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: SubscriptionPatch & { updatedAt: Date },
): Promise<SubscriptionRow> {
  const [row] = await tx
    .update(subscriptions)
    .set({ ...patch, version: sql`${subscriptions.version} + 1` })
    .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.id, id)))
    .returning();
  return row!;
}

export interface SubscriptionFilter {
  accountIds?: readonly string[];
  status?: string;
  productId?: string;
  productTypeId?: string;
  syncStatus?: string;
  startFrom?: string;
  startTo?: string;
  q?: string;
  sort?: string;
  limit: number;
  offset: number;
}

import type { AnyPgColumn } from "drizzle-orm/pg-core";

const SORTS: Record<string, AnyPgColumn> = {
  name: subscriptions.name,
  startDate: subscriptions.startDate,
  termEndDate: subscriptions.termEndDate,
  createdAt: subscriptions.createdAt,
  status: subscriptions.status,
  quantity: subscriptions.quantity,
};

export async function listSubscriptions(
  tx: Tx,
  tenantId: string,
  f: SubscriptionFilter,
): Promise<{ rows: SubscriptionRow[]; total: number }> {
  const where: SQL[] = [eq(subscriptions.tenantId, tenantId)];
  if (f.accountIds) {
    if (f.accountIds.length === 0) return { rows: [], total: 0 };
    where.push(inArray(subscriptions.accountId, [...f.accountIds]));
  }
  if (f.status) where.push(eq(subscriptions.status, f.status));
  if (f.productId) where.push(eq(subscriptions.productId, f.productId));
  if (f.productTypeId) where.push(eq(subscriptions.productTypeId, f.productTypeId));
  if (f.syncStatus) where.push(eq(subscriptions.syncStatus, f.syncStatus));
  if (f.startFrom) where.push(gte(subscriptions.startDate, f.startFrom));
  if (f.startTo) where.push(lte(subscriptions.startDate, f.startTo));
  if (f.q) {
    const p = likePattern(f.q);
    where.push(
      or(
        ilike(subscriptions.name, p),
        ilike(subscriptions.adminEmail, p),
        ilike(subscriptions.externalId, p),
      )!,
    );
  }
  const sortKey = (f.sort ?? "-createdAt").replace(/^-/, "");
  const column = SORTS[sortKey] ?? subscriptions.createdAt;
  const order = (f.sort ?? "-createdAt").startsWith("-") ? desc(column) : asc(column);
  const rows = await tx
    .select()
    .from(subscriptions)
    .where(and(...where))
    .orderBy(order, asc(subscriptions.id))
    .limit(f.limit)
    .offset(f.offset);
  const [c] = await tx
    .select({ n: count() })
    .from(subscriptions)
    .where(and(...where));
  return { rows, total: Number(c?.n ?? 0) };
}

// ---- add-ons ----

export async function insertAddon(
  tx: Tx,
  row: typeof subscriptionAddons.$inferInsert,
): Promise<SubscriptionAddonRow> {
  const [created] = await tx.insert(subscriptionAddons).values(row).returning();
  return created!;
}

export async function listAddons(
  tx: Tx,
  tenantId: string,
  subscriptionId: string,
): Promise<SubscriptionAddonRow[]> {
  return tx
    .select()
    .from(subscriptionAddons)
    .where(
      and(eq(subscriptionAddons.tenantId, tenantId), eq(subscriptionAddons.subscriptionId, subscriptionId)),
    )
    .orderBy(asc(subscriptionAddons.createdAt), asc(subscriptionAddons.id));
}

export async function listAddonsOfSubscriptions(
  tx: Tx,
  tenantId: string,
  subscriptionIds: readonly string[],
): Promise<SubscriptionAddonRow[]> {
  if (subscriptionIds.length === 0) return [];
  return tx
    .select()
    .from(subscriptionAddons)
    .where(
      and(
        eq(subscriptionAddons.tenantId, tenantId),
        inArray(subscriptionAddons.subscriptionId, [...subscriptionIds]),
      ),
    )
    .orderBy(asc(subscriptionAddons.createdAt), asc(subscriptionAddons.id));
}

export async function updateAddon(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: Partial<typeof subscriptionAddons.$inferInsert> & { updatedAt: Date },
): Promise<SubscriptionAddonRow> {
  const [row] = await tx
    .update(subscriptionAddons)
    .set(patch)
    .where(and(eq(subscriptionAddons.tenantId, tenantId), eq(subscriptionAddons.id, id)))
    .returning();
  return row!;
}

// ---- scheduled changes ----

export async function insertScheduledChange(
  tx: Tx,
  row: typeof scheduledChanges.$inferInsert,
): Promise<ScheduledChangeRow> {
  const [created] = await tx.insert(scheduledChanges).values(row).returning();
  return created!;
}

export async function listScheduledChanges(
  tx: Tx,
  tenantId: string,
  subscriptionId: string,
  status?: "pending" | "applied" | "revoked",
): Promise<ScheduledChangeRow[]> {
  const where = [
    eq(scheduledChanges.tenantId, tenantId),
    eq(scheduledChanges.subscriptionId, subscriptionId),
  ];
  if (status) where.push(eq(scheduledChanges.status, status));
  return tx
    .select()
    .from(scheduledChanges)
    .where(and(...where))
    .orderBy(asc(scheduledChanges.effectiveDate), asc(scheduledChanges.createdAt));
}

export async function resolveScheduledChange(
  tx: Tx,
  tenantId: string,
  id: string,
  status: "applied" | "revoked",
  at: Date,
): Promise<void> {
  await tx
    .update(scheduledChanges)
    .set({ status, resolvedAt: at })
    .where(
      and(
        eq(scheduledChanges.tenantId, tenantId),
        eq(scheduledChanges.id, id),
        eq(scheduledChanges.status, "pending"),
      ),
    );
}

// ---- history ----

export async function insertHistory(tx: Tx, row: typeof subscriptionHistory.$inferInsert): Promise<void> {
  await tx.insert(subscriptionHistory).values(row);
}

export async function listHistory(
  tx: Tx,
  tenantId: string,
  subscriptionId: string,
  page: { limit: number; offset: number },
): Promise<{ rows: HistoryRow[]; total: number }> {
  const where = and(
    eq(subscriptionHistory.tenantId, tenantId),
    eq(subscriptionHistory.subscriptionId, subscriptionId),
  );
  const rows = await tx
    .select()
    .from(subscriptionHistory)
    .where(where)
    .orderBy(asc(subscriptionHistory.seq))
    .limit(page.limit)
    .offset(page.offset);
  const [c] = await tx.select({ n: count() }).from(subscriptionHistory).where(where);
  return { rows, total: Number(c?.n ?? 0) };
}
