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

export type NewHistoryRow = Omit<typeof subscriptionHistory.$inferInsert, "seq">;

// Every column is given (the rows are complete SubscriptionRow / SubscriptionAddonRow objects), so
// `select *` of the populated record matches the table's columns; history's seq takes its default.
const INSERT_NEW_SUBSCRIPTION = `
with s as (
  insert into subscriptions select * from jsonb_populate_record(null::subscriptions, $1::jsonb)
), a as (
  insert into subscription_addons select * from jsonb_populate_recordset(null::subscription_addons, $2::jsonb)
)
insert into subscription_history (id, tenant_id, subscription_id, at, action, channel, actor_user_id,
  actor_kind, effective_date, summary, changes)
select id, tenant_id, subscription_id, at, action, channel, actor_user_id, actor_kind, effective_date,
  summary, changes
from jsonb_populate_record(null::subscription_history, $3::jsonb)`;

/**
 * A new subscription with its add-ons and its first history record, in ONE prepared statement
 * (the order path: no query builder, no round trip per row, nothing read back — the caller built
 * the complete rows). The foreign keys of the add-ons and history are checked at the statement's
 * end, when the subscription exists.
 */
export async function insertNewSubscription(
  tx: Tx,
  subscription: SubscriptionRow,
  addons: readonly SubscriptionAddonRow[],
  history: NewHistoryRow,
): Promise<void> {
  await preparedRows(tx, "subscriptions_insert_new", INSERT_NEW_SUBSCRIPTION, [
    JSON.stringify(subscriptionColumns(subscription)),
    JSON.stringify(addons.map(addonColumns)),
    JSON.stringify(historyColumns(history)),
  ]);
}

// Rows keyed by column name (drizzle's snake_case casing), bigints and instants as text.
const text = (v: bigint) => v.toString();
const instant = (v: Date | null | undefined) => (v ? v.toISOString() : null);

function subscriptionColumns(s: SubscriptionRow) {
  return {
    id: s.id,
    tenant_id: s.tenantId,
    account_id: s.accountId,
    reseller_account_id: s.resellerAccountId,
    order_id: s.orderId,
    order_line_id: s.orderLineId,
    product_id: s.productId,
    product_type_id: s.productTypeId,
    name: s.name,
    quantity: s.quantity,
    term: s.term,
    billing_plan: s.billingPlan,
    unit_price: text(s.unitPrice),
    unit_cost: text(s.unitCost),
    currency: s.currency,
    discount_basis_points: s.discountBasisPoints,
    price_list_id: s.priceListId,
    price_user_defined: s.priceUserDefined,
    price_protected_until: s.priceProtectedUntil,
    is_trial: s.isTrial,
    trial_end_date: s.trialEndDate,
    order_date: s.orderDate,
    start_date: s.startDate,
    activation_date: s.activationDate,
    term_start_date: s.termStartDate,
    term_anchor_date: s.termAnchorDate,
    term_index: s.termIndex,
    term_end_date: s.termEndDate,
    window_start_date: s.windowStartDate,
    auto_renew: s.autoRenew,
    status: s.status,
    awaiting_start: s.awaitingStart,
    sync_status: s.syncStatus,
    sync_error: s.syncError,
    external_id: s.externalId,
    admin_email: s.adminEmail,
    exclusive_key: s.exclusiveKey,
    service_details: s.serviceDetails,
    characteristics: s.characteristics,
    channel: s.channel,
    responsible_user_id: s.responsibleUserId,
    parent_subscription_id: s.parentSubscriptionId,
    pending_operation: s.pendingOperation,
    version: s.version,
    created_at: instant(s.createdAt),
    updated_at: instant(s.updatedAt),
    canceled_at: instant(s.canceledAt),
    cancel_effective_date: s.cancelEffectiveDate,
    bill_to_account_id: s.billToAccountId,
    managed_by_tenant_id: s.managedByTenantId,
    source_subscription_id: s.sourceSubscriptionId,
    subscription_type: s.subscriptionType,
    bill_to_contact_id: s.billToContactId,
    custom_fields: s.customFields,
    promotion_id: s.promotionId,
    promotion: s.promotion,
  } satisfies Record<Snake<keyof SubscriptionRow & string>, unknown>;
}

function addonColumns(a: SubscriptionAddonRow) {
  return {
    id: a.id,
    tenant_id: a.tenantId,
    subscription_id: a.subscriptionId,
    product_id: a.productId,
    name: a.name,
    quantity: a.quantity,
    unit_price: text(a.unitPrice),
    unit_cost: text(a.unitCost),
    price_user_defined: a.priceUserDefined,
    price_protected_until: a.priceProtectedUntil,
    status: a.status,
    added_date: a.addedDate,
    window_start_date: a.windowStartDate,
    canceled_date: a.canceledDate,
    sync_status: a.syncStatus,
    sync_error: a.syncError,
    created_at: instant(a.createdAt),
    updated_at: instant(a.updatedAt),
  } satisfies Record<Snake<keyof SubscriptionAddonRow & string>, unknown>;
}

function historyColumns(h: NewHistoryRow) {
  return {
    id: h.id,
    tenant_id: h.tenantId,
    subscription_id: h.subscriptionId,
    at: instant(h.at),
    action: h.action,
    channel: h.channel,
    actor_user_id: h.actorUserId ?? null,
    actor_kind: h.actorKind,
    effective_date: h.effectiveDate,
    summary: h.summary,
    changes: h.changes ?? {},
  } satisfies Record<Snake<keyof NewHistoryRow & string>, unknown>;
}

/** `unitPrice` → `unit_price`: the mappers above must name every column (a new column fails to compile). */
type Snake<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Uppercase<H> ? (H extends Lowercase<H> ? H : `_${Lowercase<H>}`) : H}${Snake<T>}`
  : S;

/**
 * Runs a fixed SQL text as a NAMED statement: PostgreSQL parses and plans it once per connection
 * instead of on every call, and no query builder runs. PGlite ignores the name. The text of a name
 * must never change.
 */
async function preparedRows<T>(tx: Tx, name: string, text: string, params: unknown[]): Promise<T[]> {
  const query = tx._.session.prepareQuery<{ execute: { rows: T[] }; all: unknown; values: unknown }>(
    { sql: text, params },
    undefined,
    name,
    false,
  );
  return (await query.execute()).rows;
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

/**
 * Writes a patch and bumps the version; `updatedAt` is the caller's clock. `keepVersion`: only for
 * the vendor's confirmation of what the subscription already says (issue 12, ARCHITECTURE.md).
 */
export async function updateSubscription(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: SubscriptionPatch & { updatedAt: Date },
  options: { keepVersion?: boolean } = {},
): Promise<SubscriptionRow> {
  const [row] = await tx
    .update(subscriptions)
    .set(options.keepVersion ? patch : { ...patch, version: sql`${subscriptions.version} + 1` })
    .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.id, id)))
    .returning();
  return row!;
}

/**
 * Sets the version a command ends at (issue 12: exactly one step per committed command, whatever
 * number of row updates it made). Only for a row the transaction has locked FOR UPDATE, so no
 * other transaction can have committed a version in between.
 */
export async function setSubscriptionVersion(
  tx: Tx,
  tenantId: string,
  id: string,
  version: number,
): Promise<void> {
  await tx
    .update(subscriptions)
    .set({ version })
    .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.id, id)));
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
