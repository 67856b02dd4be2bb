import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { inCounterTurn, queryOne, queryRows, type Tx } from "../../shared/db.ts";
import { orderCounters, orderEvents, orderLines, orders } from "./orders.schema.ts";
import type { OrderChange } from "./orders.states.ts";
import type { LineAddon, OrderEventRow, OrderLineRow, OrderRow } from "./orders.types.ts";

/** The only SQL of the order tables. Every function takes (tx, tenantId, …). */

export type NewOrder = typeof orders.$inferInsert;
export type NewOrderLine = typeof orderLines.$inferInsert;

export async function findOrder(tx: Tx, tenantId: string, id: string): Promise<OrderRow | undefined> {
  const [row] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, id)));
  return row;
}

/** Reads and row-locks an order (FOR UPDATE): two approvals or executions of one order queue up. */
export async function lockOrder(tx: Tx, tenantId: string, id: string): Promise<OrderRow | undefined> {
  const [row] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, id)))
    .for("update");
  return row;
}

/** The user's open basket (one per Storefront user, orders_one_basket_uq), optionally locked. */
export async function findBasket(
  tx: Tx,
  tenantId: string,
  userId: string,
  lock = false,
): Promise<OrderRow | undefined> {
  const q = tx
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.tenantId, tenantId),
        eq(orders.placedByUserId, userId),
        eq(orders.status, "draft"),
        eq(orders.channel, "storefront"),
      ),
    );
  const [row] = lock ? await q.for("update") : await q;
  return row;
}

/** The basket, created when missing; two first adds at once end up in the same basket. */
export async function ensureBasket(tx: Tx, row: NewOrder & { placedByUserId: string }): Promise<OrderRow> {
  await tx
    .insert(orders)
    .values(row)
    .onConflictDoNothing({
      target: [orders.tenantId, orders.placedByUserId],
      where: sql`status = 'draft' and channel = 'storefront'`,
    });
  return (await findBasket(tx, row.tenantId, row.placedByUserId, true))!;
}

export async function listLines(tx: Tx, tenantId: string, orderId: string): Promise<OrderLineRow[]> {
  return tx
    .select()
    .from(orderLines)
    .where(and(eq(orderLines.tenantId, tenantId), eq(orderLines.orderId, orderId)))
    .orderBy(asc(orderLines.position), asc(orderLines.id));
}

export async function insertLine(tx: Tx, row: NewOrderLine): Promise<void> {
  await tx.insert(orderLines).values(row);
}

export async function nextLinePosition(tx: Tx, tenantId: string, orderId: string): Promise<number> {
  const row = await queryOne<{ n: number }>(
    tx,
    sql`select coalesce(max(position), -1)::int + 1 as n from order_lines
        where tenant_id = ${tenantId} and order_id = ${orderId}`,
  );
  return Number(row?.n ?? 0);
}

export async function updateLine(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: Partial<Pick<NewOrderLine, "quantity" | "billingPlan" | "addons" | "serviceDetails">> & {
    updatedAt: Date;
  },
): Promise<void> {
  await tx
    .update(orderLines)
    .set(patch)
    .where(and(eq(orderLines.tenantId, tenantId), eq(orderLines.id, id)));
}

export async function deleteLine(tx: Tx, tenantId: string, orderId: string, id: string): Promise<boolean> {
  const rows = await tx
    .delete(orderLines)
    .where(and(eq(orderLines.tenantId, tenantId), eq(orderLines.orderId, orderId), eq(orderLines.id, id)))
    .returning({ id: orderLines.id });
  return rows.length > 0;
}

/**
 * The next gapless order number of the tenant: the counter row stays locked until the
 * transaction ends, so numbers are never skipped or doubled. Callers take it last, just before
 * commit, to keep the lock short.
 */
export async function nextOrderNumber(tx: Tx, tenantId: string): Promise<number> {
  const [row] = await inCounterTurn(`order:${tenantId}`, () =>
    tx
      .insert(orderCounters)
      .values({ tenantId, last: 1 })
      .onConflictDoUpdate({ target: orderCounters.tenantId, set: { last: sql`${orderCounters.last} + 1` } })
      .returning({ last: orderCounters.last }),
  );
  return row!.last;
}

/** Writes an existing order's new state and its status events. */
export async function saveOrderChange(tx: Tx, change: OrderChange): Promise<void> {
  const { id, tenantId, createdAt: _c, ...rest } = change.order;
  await tx
    .update(orders)
    .set(rest)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.id, id)));
  if (change.events.length > 0) await tx.insert(orderEvents).values(change.events);
}

// $1 tenant, $2 the order, $3 its lines, $4 its events (JSON, column names as keys). The order's
// number comes from the counter inside the statement (see nextOrderNumber).
const INSERT_NUMBERED_ORDER = `
with n as (
  insert into order_counters (tenant_id, last) values ($1, 1)
  on conflict (tenant_id) do update set last = order_counters.last + 1
  returning last
), o as (
  insert into orders (id, tenant_id, number, channel, status, account_id, reseller_account_id,
    placed_by_user_id, placed_by_kind, on_behalf, currency, order_date, note, rejection_reason,
    created_at, updated_at, submitted_at, approved_at, executed_at, canceled_at)
  select x.id, x.tenant_id, n.last, x.channel, x.status, x.account_id, x.reseller_account_id,
    x.placed_by_user_id, x.placed_by_kind, x.on_behalf, x.currency, x.order_date, x.note,
    x.rejection_reason, x.created_at, x.updated_at, x.submitted_at, x.approved_at, x.executed_at,
    x.canceled_at
  from n, jsonb_populate_record(null::orders, $2::jsonb) x
  returning number
), l as (
  insert into order_lines (id, tenant_id, order_id, position, product_id, quantity, billing_plan,
    addons, service_details, unit_price, unit_cost, price_list_id, subscription_id, start_date,
    created_at, updated_at)
  select x.id, x.tenant_id, x.order_id, x.position, x.product_id, x.quantity, x.billing_plan,
    x.addons, x.service_details, x.unit_price, x.unit_cost, x.price_list_id, x.subscription_id,
    x.start_date, x.created_at, x.updated_at
  from jsonb_populate_recordset(null::order_lines, $3::jsonb) x
), e as (
  insert into order_events (id, tenant_id, order_id, at, from_status, to_status, actor_user_id, actor_kind, note)
  select x.id, x.tenant_id, x.order_id, x.at, x.from_status, x.to_status, x.actor_user_id, x.actor_kind, x.note
  from jsonb_populate_recordset(null::order_events, $4::jsonb) x
)
select number from o`;

/**
 * A new order (BSS) with its number, lines and events, in ONE prepared statement (the order path:
 * no query builder, parsed and planned once per connection): the gapless counter (see
 * nextOrderNumber) is taken inside it, so the counter row is held only for this statement and the
 * commit — the per-tenant serialisation point of order placement. Returns the number.
 */
export async function insertNumberedOrder(
  tx: Tx,
  change: OrderChange,
  lines: readonly NewOrderLine[],
): Promise<number> {
  const o = change.order;
  const order = {
    id: o.id,
    tenant_id: o.tenantId,
    channel: o.channel,
    status: o.status,
    account_id: o.accountId,
    reseller_account_id: o.resellerAccountId,
    placed_by_user_id: o.placedByUserId,
    placed_by_kind: o.placedByKind,
    on_behalf: o.onBehalf,
    currency: o.currency,
    order_date: o.orderDate,
    note: o.note,
    rejection_reason: o.rejectionReason,
    created_at: iso(o.createdAt),
    updated_at: iso(o.updatedAt),
    submitted_at: iso(o.submittedAt),
    approved_at: iso(o.approvedAt),
    executed_at: iso(o.executedAt),
    canceled_at: iso(o.canceledAt),
  };
  const events = change.events.map((e) => ({
    id: e.id,
    tenant_id: e.tenantId,
    order_id: e.orderId,
    at: iso(e.at),
    from_status: e.fromStatus ?? null,
    to_status: e.toStatus,
    actor_user_id: e.actorUserId ?? null,
    actor_kind: e.actorKind,
    note: e.note ?? null,
  }));
  const params = [
    o.tenantId,
    JSON.stringify(order),
    JSON.stringify(lines.map(lineRecord)),
    JSON.stringify(events),
  ];
  const [row] = await inCounterTurn(`order:${o.tenantId}`, () =>
    preparedRows<{ number: number }>(tx, "orders_insert_numbered", INSERT_NUMBERED_ORDER, params),
  );
  return Number(row!.number);
}

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

/** Sets the priced fields (and subscription ids once executed) of many lines in one statement. */
export async function updateLinesPricing(
  tx: Tx,
  tenantId: string,
  lines: ReadonlyArray<
    Pick<
      OrderLineRow,
      "id" | "unitPrice" | "unitCost" | "priceListId" | "subscriptionId" | "serviceDetails"
    > & {
      addons: LineAddon[];
    }
  >,
  at: Date,
): Promise<void> {
  if (lines.length === 0) return;
  const json = JSON.stringify(
    lines.map((l) => ({
      id: l.id,
      unit_price: l.unitPrice?.toString() ?? null,
      unit_cost: l.unitCost?.toString() ?? null,
      price_list_id: l.priceListId,
      addons: l.addons,
      subscription_id: l.subscriptionId,
      service_details: l.serviceDetails,
    })),
  );
  await tx.execute(sql`
    update order_lines l set unit_price = x.unit_price, unit_cost = x.unit_cost,
      price_list_id = x.price_list_id, addons = x.addons,
      subscription_id = x.subscription_id, service_details = x.service_details,
      updated_at = ${iso(at)}::timestamptz
    from jsonb_to_recordset(${json}::jsonb) as x(id text, unit_price bigint, unit_cost bigint,
      price_list_id text, addons jsonb, subscription_id text, service_details jsonb)
    where l.tenant_id = ${tenantId} and l.id = x.id`);
}

/** R-ORD-06: whether the account has an order past the basket that was not canceled. */
export async function hasSubmittedOrders(tx: Tx, tenantId: string, accountId: string): Promise<boolean> {
  const row = await queryOne<{ one: number }>(
    tx,
    sql`select 1 as one from orders where tenant_id = ${tenantId} and account_id = ${accountId}
        and status not in ('draft', 'canceled') limit 1`,
  );
  return row !== undefined;
}

/**
 * An order's events in the order they happened. Several changes of one transaction share their
 * instant; the status table is acyclic, so a later status of R-ORD-09 always came later.
 */
export async function listEvents(tx: Tx, tenantId: string, orderId: string): Promise<OrderEventRow[]> {
  const rank = sql`case ${orderEvents.toStatus} when 'draft' then 0 when 'pending_reseller_approval' then 1
    when 'submitted' then 2 when 'in_progress' then 3 else 4 end`;
  return tx
    .select()
    .from(orderEvents)
    .where(and(eq(orderEvents.tenantId, tenantId), eq(orderEvents.orderId, orderId)))
    .orderBy(asc(orderEvents.at), rank, asc(orderEvents.id));
}

export interface OrderListFilter {
  /** Storefront scope: the caller's own orders, and for a reseller also those of its Storefront. */
  scope?: { accountId: string; orResellerAccountId?: string | undefined };
  status?: string | undefined;
  accountId?: string | undefined;
  channel?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  sort?: string | undefined;
  limit: number;
  offset: number;
}

export type OrderListRow = OrderRow & { total: bigint | null; lineCount: number };

const SORT_COLUMNS: Record<string, string> = {
  number: "o.number",
  orderDate: "o.order_date",
  createdAt: "o.created_at",
  status: "o.status",
};

/** Orders past the basket (drafts are private baskets), with their totals computed from the lines. */
export async function listOrders(
  tx: Tx,
  tenantId: string,
  f: OrderListFilter,
): Promise<{ rows: OrderListRow[]; total: number }> {
  const where: SQL[] = [sql`o.tenant_id = ${tenantId}`, sql`o.status <> 'draft'`];
  if (f.scope) {
    where.push(
      f.scope.orResellerAccountId
        ? sql`(o.account_id = ${f.scope.accountId} or o.reseller_account_id = ${f.scope.orResellerAccountId})`
        : sql`o.account_id = ${f.scope.accountId}`,
    );
  }
  if (f.status) where.push(sql`o.status = ${f.status}`);
  if (f.accountId) where.push(sql`o.account_id = ${f.accountId}`);
  if (f.channel) where.push(sql`o.channel = ${f.channel}`);
  if (f.from) where.push(sql`o.order_date >= ${f.from}`);
  if (f.to) where.push(sql`o.order_date <= ${f.to}`);
  const cond = sql.join(where, sql` and `);
  const sort = f.sort ?? "-createdAt";
  const column = SORT_COLUMNS[sort.replace(/^-/, "")] ?? "o.created_at";
  const dir = sort.startsWith("-") ? "desc" : "asc";
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`select o.*, t.total, t.line_count from orders o
      left join lateral (
        select sum(l.unit_price * l.quantity + coalesce((select sum((a->>'unitPrice')::bigint * (a->>'quantity')::int)
          from jsonb_array_elements(l.addons) a), 0))::text as total,
          count(*)::int as line_count
        from order_lines l where l.tenant_id = o.tenant_id and l.order_id = o.id) t on true
      where ${cond}
      order by ${sql.raw(`${column} ${dir} nulls last`)}, o.id ${sql.raw(dir)}
      limit ${f.limit} offset ${f.offset}`,
  );
  const count = await queryOne<{ n: number }>(tx, sql`select count(*)::int as n from orders o where ${cond}`);
  return { rows: rows.map(toListRow), total: Number(count?.n ?? 0) };
}

function toListRow(r: Record<string, unknown>): OrderListRow {
  const ts = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    number: r.number === null ? null : Number(r.number),
    channel: r.channel as string,
    status: r.status as string,
    accountId: (r.account_id as string | null) ?? null,
    resellerAccountId: (r.reseller_account_id as string | null) ?? null,
    placedByUserId: (r.placed_by_user_id as string | null) ?? null,
    placedByKind: r.placed_by_kind as string,
    onBehalf: Boolean(r.on_behalf),
    currency: r.currency as string,
    orderDate: r.order_date === null ? null : dateText(r.order_date),
    note: (r.note as string | null) ?? null,
    rejectionReason: (r.rejection_reason as string | null) ?? null,
    createdAt: ts(r.created_at)!,
    updatedAt: ts(r.updated_at)!,
    submittedAt: ts(r.submitted_at),
    approvedAt: ts(r.approved_at),
    executedAt: ts(r.executed_at),
    canceledAt: ts(r.canceled_at),
    total: r.total === null || r.total === undefined ? null : BigInt(r.total as string),
    lineCount: Number(r.line_count ?? 0),
  };
}

/** A date column read raw: node-postgres gives a Date at local midnight, PGlite a string. */
function dateText(v: unknown): string {
  if (v instanceof Date) {
    const p = (n: number) => String(n).padStart(2, "0");
    return `${v.getFullYear()}-${p(v.getMonth() + 1)}-${p(v.getDate())}`;
  }
  return String(v).slice(0, 10);
}

function iso(d: Date | null | undefined): string | null {
  return d ? d.toISOString() : null;
}

function lineRecord(l: NewOrderLine) {
  return {
    id: l.id,
    tenant_id: l.tenantId,
    order_id: l.orderId,
    position: l.position,
    product_id: l.productId,
    quantity: l.quantity,
    billing_plan: l.billingPlan,
    addons: l.addons ?? [],
    service_details: l.serviceDetails ?? {},
    unit_price: l.unitPrice?.toString() ?? null,
    unit_cost: l.unitCost?.toString() ?? null,
    price_list_id: l.priceListId ?? null,
    subscription_id: l.subscriptionId ?? null,
    start_date: l.startDate ?? null,
    created_at: iso(l.createdAt),
    updated_at: iso(l.updatedAt),
  };
}
