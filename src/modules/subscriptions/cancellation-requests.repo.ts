import { and, asc, count, desc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import type { Tx } from "../../shared/db.ts";
import { cancellationRequests } from "./subscriptions.schema.ts";

/** The SQL of `cancellation_requests` (R-CRQ-02). Every function takes (tx, tenantId, …). */

export type CancellationRequestRow = typeof cancellationRequests.$inferSelect;
export type NewCancellationRequestRow = typeof cancellationRequests.$inferInsert;
export const REQUEST_STATUSES = ["pending", "approved", "rejected", "withdrawn"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export async function insertCancellationRequest(
  tx: Tx,
  row: NewCancellationRequestRow,
): Promise<CancellationRequestRow> {
  const [inserted] = await tx.insert(cancellationRequests).values(row).returning();
  return inserted!;
}

export async function findCancellationRequest(
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<CancellationRequestRow | undefined> {
  const [row] = await tx
    .select()
    .from(cancellationRequests)
    .where(and(eq(cancellationRequests.tenantId, tenantId), eq(cancellationRequests.id, id)));
  return row;
}

/** Row-locks a request (FOR UPDATE): two decisions on one request queue up, the second sees the first. */
export async function lockCancellationRequest(
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<CancellationRequestRow | undefined> {
  const [row] = await tx
    .select()
    .from(cancellationRequests)
    .where(and(eq(cancellationRequests.tenantId, tenantId), eq(cancellationRequests.id, id)))
    .for("update");
  return row;
}

/** The pending request of a subscription (addonId null) or of one of its add-ons. */
export async function findPendingRequest(
  tx: Tx,
  tenantId: string,
  subscriptionId: string,
  addonId: string | null,
): Promise<CancellationRequestRow | undefined> {
  const [row] = await tx
    .select()
    .from(cancellationRequests)
    .where(
      and(
        eq(cancellationRequests.tenantId, tenantId),
        eq(cancellationRequests.subscriptionId, subscriptionId),
        addonId === null ? isNull(cancellationRequests.addonId) : eq(cancellationRequests.addonId, addonId),
        eq(cancellationRequests.status, "pending"),
      ),
    );
  return row;
}

/** Every pending request of a subscription (its own and its add-ons'), for the ribbon. */
export async function listPendingRequests(
  tx: Tx,
  tenantId: string,
  subscriptionId: string,
): Promise<CancellationRequestRow[]> {
  return tx
    .select()
    .from(cancellationRequests)
    .where(
      and(
        eq(cancellationRequests.tenantId, tenantId),
        eq(cancellationRequests.subscriptionId, subscriptionId),
        eq(cancellationRequests.status, "pending"),
      ),
    )
    .orderBy(cancellationRequests.submittedAt, cancellationRequests.id);
}

export async function updateCancellationRequest(
  tx: Tx,
  tenantId: string,
  id: string,
  set: Partial<NewCancellationRequestRow>,
): Promise<CancellationRequestRow> {
  const [row] = await tx
    .update(cancellationRequests)
    .set(set)
    .where(and(eq(cancellationRequests.tenantId, tenantId), eq(cancellationRequests.id, id)))
    .returning();
  return row!;
}

export interface RequestFilter {
  status?: RequestStatus | undefined;
  accountId?: string | undefined;
  subscriptionId?: string | undefined;
  /** A Storefront caller's scope: only these accounts' requests. */
  accountIds?: readonly string[] | undefined;
}

export async function listCancellationRequestRows(
  tx: Tx,
  tenantId: string,
  filter: RequestFilter,
  page: { limit: number; offset: number; sort?: string | undefined },
): Promise<{ rows: CancellationRequestRow[]; total: number }> {
  const sort = page.sort ?? "-submittedAt";
  const dir = sort.startsWith("-") ? desc : asc;
  const column =
    sort.replace(/^-/, "") === "status" ? cancellationRequests.status : cancellationRequests.submittedAt;
  const where: SQL[] = [eq(cancellationRequests.tenantId, tenantId)];
  if (filter.status) where.push(eq(cancellationRequests.status, filter.status));
  if (filter.accountId) where.push(eq(cancellationRequests.accountId, filter.accountId));
  if (filter.subscriptionId) where.push(eq(cancellationRequests.subscriptionId, filter.subscriptionId));
  if (filter.accountIds) {
    if (filter.accountIds.length === 0) return { rows: [], total: 0 };
    where.push(inArray(cancellationRequests.accountId, [...filter.accountIds]));
  }
  const rows = await tx
    .select()
    .from(cancellationRequests)
    .where(and(...where))
    .orderBy(dir(column), dir(cancellationRequests.submittedAt), dir(cancellationRequests.id))
    .limit(page.limit)
    .offset(page.offset);
  const [n] = await tx
    .select({ n: count() })
    .from(cancellationRequests)
    .where(and(...where));
  return { rows, total: Number(n?.n ?? 0) };
}
