import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/**
 * An order: a Storefront basket (draft) or a BSS order, through the statuses of R-ORD-09.
 * `number` is a per-tenant sequence (order_counters) assigned on submission.
 */
export const orders = pgTable(
  "orders",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    number: integer(),
    channel: text().notNull(), // bss | storefront
    status: text().notNull(),
    /** The customer the order is for; null while a basket has no customer chosen yet. */
    accountId: text(),
    /** The reseller whose Storefront (or on whose behalf) it was placed; null for direct BSS sales. */
    resellerAccountId: text(),
    placedByUserId: text(),
    placedByKind: text().notNull(), // bss | storefront
    /** R-DSH-02: an order the reseller submitted on the customer's behalf shows no total to the customer. */
    onBehalf: boolean().notNull().default(false),
    currency: text().notNull(),
    orderDate: date({ mode: "string" }),
    note: text(),
    rejectionReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    submittedAt: timestamp({ withTimezone: true }),
    approvedAt: timestamp({ withTimezone: true }),
    executedAt: timestamp({ withTimezone: true }),
    canceledAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    unique("orders_tenant_id_uq").on(t.tenantId, t.id),
    uniqueIndex("orders_number_uq").on(t.tenantId, t.number).where(sql`${t.number} is not null`),
    index("orders_account_idx").on(t.tenantId, t.accountId, t.createdAt),
    index("orders_reseller_idx").on(t.tenantId, t.resellerAccountId, t.status),
    index("orders_status_idx").on(t.tenantId, t.status, t.createdAt),
    // One open basket per Storefront user.
    uniqueIndex("orders_one_basket_uq")
      .on(t.tenantId, t.placedByUserId)
      .where(sql`${t.status} = 'draft' and ${t.channel} = 'storefront'`),
    check(
      "orders_status_ck",
      sql`${t.status} in ('draft', 'pending_reseller_approval', 'submitted', 'in_progress', 'executed', 'canceled')`,
    ),
    // "tenant": recorded for a purchase made in a tenant reseller's BSS (R-TEN-04), never executed here.
    check("orders_channel_ck", sql`${t.channel} in ('bss', 'storefront', 'tenant')`),
    check("orders_number_ck", sql`${t.status} = 'draft' or ${t.number} is not null`),
    check("orders_account_ck", sql`${t.status} = 'draft' or ${t.accountId} is not null`),
  ],
);

export const orderLines = pgTable(
  "order_lines",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    orderId: text().notNull(),
    position: integer().notNull(),
    productId: text().notNull(),
    quantity: integer().notNull(),
    billingPlan: text().notNull(), // monthly | one_off
    /** [{ productId, quantity }] add-ons ordered with the plan. */
    addons: jsonb().notNull().default([]),
    /** Service details (R-ORD-06): e.g. { resellerId, adminEmail }. */
    serviceDetails: jsonb().notNull().default({}),
    unitPrice: bigint({ mode: "bigint" }),
    /** The unit cost when the line was priced for good (submission, or checkout); null before. */
    unitCost: bigint({ mode: "bigint" }),
    /** The price list the unit price came from then; null for the product's list price (or before). */
    priceListId: text(),
    subscriptionId: text(),
    /** R-TEN-02 / issue 13: the day the line's subscription starts (BSS orders); null = on execution. */
    startDate: date({ mode: "string" }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index("order_lines_order_idx").on(t.tenantId, t.orderId, t.position),
    check("order_lines_quantity_ck", sql`${t.quantity} >= 1`),
    check("order_lines_plan_ck", sql`${t.billingPlan} in ('monthly', 'one_off')`),
    foreignKey({
      columns: [t.tenantId, t.orderId],
      foreignColumns: [orders.tenantId, orders.id],
      name: "order_lines_order_fk",
    }).onDelete("cascade"),
  ],
);

/** Gapless per-tenant order numbers: `update … set last = last + 1 returning last` in the submit transaction. */
export const orderCounters = pgTable("order_counters", {
  tenantId: text().primaryKey(),
  last: integer().notNull().default(0),
});

/** Status changes of an order (who, when, from, to, why). */
export const orderEvents = pgTable(
  "order_events",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    orderId: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
    fromStatus: text(),
    toStatus: text().notNull(),
    actorUserId: text(),
    actorKind: text().notNull(),
    note: text(),
  },
  (t) => [
    index("order_events_order_idx").on(t.tenantId, t.orderId, t.at),
    foreignKey({
      columns: [t.tenantId, t.orderId],
      foreignColumns: [orders.tenantId, orders.id],
      name: "order_events_order_fk",
    }).onDelete("cascade"),
  ],
);
