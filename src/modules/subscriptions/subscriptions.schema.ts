import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/**
 * A subscription: one product for one customer account, from an executed order line.
 * Dates are calendar dates in the tenant's time zone (spec/billing.md).
 * `exclusiveKey` carries the one-plan-per-admin-email policy (R-ORD-02) as a database
 * constraint: set (e.g. "dropbox:admin@x.com") when the product's policy asks for it, and unique
 * per tenant among live subscriptions — two concurrent orders can never both get one.
 */
export const subscriptions = pgTable(
  "subscriptions",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    accountId: text().notNull(), // the customer (end customer, direct customer, or the reseller itself)
    resellerAccountId: text(), // the reseller that sold it (null for direct sales)
    orderId: text(),
    orderLineId: text(),
    productId: text().notNull(),
    productTypeId: text().notNull(),
    name: text().notNull(),
    quantity: integer().notNull(),
    term: text().notNull(), // MCMB | AC1M | AC1Y (copied from the product)
    billingPlan: text().notNull(), // monthly | one_off (R-ORD-05)
    unitPrice: bigint({ mode: "bigint" }).notNull(), // per unit per commitment term, minor units
    unitCost: bigint({ mode: "bigint" }).notNull(),
    currency: text().notNull(),
    discountBasisPoints: integer().notNull().default(0),
    priceListId: text(),
    /** R-PRC-01: the unit price was set by hand (Edit Pricing Info `unitPrice`): never repriced. */
    priceUserDefined: boolean().notNull().default(false),
    /**
     * R-PRC-02: the price and cost are locked for renewals and quantity changes before this day
     * (the protection anniversary: purchase + the product's protection months); null = none.
     */
    priceProtectedUntil: date({ mode: "string" }),
    isTrial: boolean().notNull().default(false),
    trialEndDate: date({ mode: "string" }),
    orderDate: date({ mode: "string" }).notNull(),
    startDate: date({ mode: "string" }).notNull(),
    activationDate: date({ mode: "string" }),
    termStartDate: date({ mode: "string" }).notNull(),
    termEndDate: date({ mode: "string" }).notNull(), // inclusive
    /**
     * Terms are computed from an anchor, never chained (spec/billing.md): term n runs from
     * anchor + n × term months to the day before anchor + (n + 1) × term months (31 Jan → 28 Feb →
     * 31 Mar). The anchor is the first term's start (a re-activation or a trial becoming paid
     * starts a new anchor; a partial upgrade's subscription shares its origin's).
     */
    termAnchorDate: date({ mode: "string" }).notNull(),
    termIndex: integer().notNull().default(0),
    /** Start of the change window: the executed order's date or the last renewal (R-CAN-01, D6). */
    windowStartDate: date({ mode: "string" }).notNull(),
    autoRenew: boolean().notNull().default(true),
    status: text().notNull(),
    /**
     * R-TEN-02 / issue 13: ordered with a start date still ahead — Inactive ("Starts on …"), not
     * provisioned, not billed, until the billing run of that date starts it. It holds its
     * admin-email key meanwhile (R-ORD-02). A copy of such a subscription waits the same way.
     */
    awaitingStart: boolean().notNull().default(false),
    syncStatus: text().notNull().default("unsynchronized"),
    syncError: text(),
    externalId: text(), // the vendor's id (Dropbox team id, R-EXT-01)
    adminEmail: text(),
    exclusiveKey: text(),
    serviceDetails: jsonb().notNull().default({}),
    characteristics: jsonb().notNull().default({}),
    channel: text().notNull(), // bss | storefront: where it was ordered
    responsibleUserId: text(),
    parentSubscriptionId: text(), // a partial upgrade's new subscription points to its origin
    /** A full cancellation waiting for the vendor's confirmation (R-CAN-05). */
    pendingOperation: jsonb(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    canceledAt: timestamp({ withTimezone: true }),
    cancelEffectiveDate: date({ mode: "string" }),
    /** Who pays (spec/billing.md "billing-to"): null = the customer; a tenant copy bills the tenant reseller. */
    billToAccountId: text(),
    /**
     * A distributor copy of a tenant reseller's subscription (R-TEN-01..05): the tenant that
     * manages it and the subscription it mirrors there. Both or neither.
     */
    managedByTenantId: text(),
    sourceSubscriptionId: text(),
    /** Fields the distributor may edit, also on copies (R-TEN-05). */
    subscriptionType: text(),
    billToContactId: text(),
    customFields: jsonb().notNull().default({}),
    /** R-PRM-01: the promotion chosen at creation, snapshotted (later edits of it change nothing here). */
    promotionId: text(),
    promotion: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [
    unique("subscriptions_tenant_id_uq").on(t.tenantId, t.id),
    index("subscriptions_account_idx").on(t.tenantId, t.accountId, t.status),
    index("subscriptions_reseller_idx").on(t.tenantId, t.resellerAccountId),
    index("subscriptions_product_idx").on(t.tenantId, t.productId),
    index("subscriptions_term_end_idx").on(t.tenantId, t.termEndDate),
    index("subscriptions_order_idx").on(t.tenantId, t.orderId),
    // R-ORD-02: one live plan per exclusive key (admin email) per tenant; a plan waiting for its
    // start date holds its key too (issue 13).
    uniqueIndex("subscriptions_exclusive_live_uq")
      .on(t.tenantId, t.exclusiveKey)
      .where(
        sql`${t.exclusiveKey} is not null and (${t.status} in ('active', 'suspended', 'pending_for_cancel') or (${t.status} = 'inactive' and ${t.awaitingStart}))`,
      ),
    uniqueIndex("subscriptions_order_line_uq").on(t.orderLineId).where(sql`${t.orderLineId} is not null`),
    check(
      "subscriptions_status_ck",
      sql`${t.status} in ('active', 'inactive', 'suspended', 'pending_for_cancel', 'canceled')`,
    ),
    check(
      "subscriptions_sync_ck",
      sql`${t.syncStatus} in ('unsynchronized', 'pending', 'synchronized', 'failed')`,
    ),
    check("subscriptions_term_ck", sql`${t.term} in ('MCMB', 'AC1M', 'AC1Y')`),
    check("subscriptions_plan_ck", sql`${t.billingPlan} in ('monthly', 'one_off')`),
    check("subscriptions_channel_ck", sql`${t.channel} in ('bss', 'storefront', 'tenant')`),
    uniqueIndex("subscriptions_copy_source_uq")
      .on(t.tenantId, t.sourceSubscriptionId)
      .where(sql`${t.sourceSubscriptionId} is not null`),
    check(
      "subscriptions_copy_ck",
      sql`(${t.managedByTenantId} is null) = (${t.sourceSubscriptionId} is null)`,
    ),
    check("subscriptions_quantity_ck", sql`${t.quantity} >= 1`),
    check("subscriptions_money_ck", sql`${t.unitPrice} >= 0 and ${t.unitCost} >= 0`),
    check("subscriptions_discount_ck", sql`${t.discountBasisPoints} between 0 and 10000`),
    check("subscriptions_dates_ck", sql`${t.termStartDate} <= ${t.termEndDate}`),
    check(
      "subscriptions_term_index_ck",
      sql`${t.termIndex} >= 0 and ${t.termAnchorDate} <= ${t.termStartDate}`,
    ),
    check("subscriptions_trial_ck", sql`(${t.isTrial}) = (${t.trialEndDate} is not null)`),
    check("subscriptions_canceled_ck", sql`(${t.status} = 'canceled') = (${t.canceledAt} is not null)`),
  ],
);

/** Add-ons on a subscription (Sign add-ons follow the base quantity, R-SGN-04). */
export const subscriptionAddons = pgTable(
  "subscription_addons",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    subscriptionId: text().notNull(),
    productId: text().notNull(),
    name: text().notNull(),
    quantity: integer().notNull(),
    unitPrice: bigint({ mode: "bigint" }).notNull(),
    unitCost: bigint({ mode: "bigint" }).notNull(),
    /** R-PRC-01/02 as on the subscription: a hand-set price is never repriced; protection anniversary. */
    priceUserDefined: boolean().notNull().default(false),
    priceProtectedUntil: date({ mode: "string" }),
    status: text().notNull().default("active"),
    addedDate: date({ mode: "string" }).notNull(),
    windowStartDate: date({ mode: "string" }).notNull(),
    canceledDate: date({ mode: "string" }),
    /**
     * R-PRV-01 / D16: the add-on's own provisioning status — Pending until the vendor holds it as
     * the BSS does, Failed (with the vendor's reason) when the vendor refused it while the rest of
     * the subscription went through; Unsynchronized when no service manager provisions it.
     */
    syncStatus: text().notNull().default("synchronized"),
    syncError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index("subscription_addons_sub_idx").on(t.tenantId, t.subscriptionId),
    check(
      "subscription_addons_sync_status_ck",
      sql`${t.syncStatus} in ('unsynchronized', 'pending', 'synchronized', 'failed')`,
    ),
    uniqueIndex("subscription_addons_live_uq")
      .on(t.subscriptionId, t.productId)
      .where(sql`${t.status} = 'active'`),
    check("subscription_addons_status_ck", sql`${t.status} in ('active', 'canceled')`),
    check("subscription_addons_quantity_ck", sql`${t.quantity} >= 1`),
    check(
      "subscription_addons_canceled_ck",
      sql`(${t.status} = 'canceled') = (${t.canceledDate} is not null)`,
    ),
    foreignKey({
      columns: [t.tenantId, t.subscriptionId],
      foreignColumns: [subscriptions.tenantId, subscriptions.id],
      name: "subscription_addons_sub_fk",
    }),
  ],
);

/**
 * Changes that take effect later: licence decreases at renewal (R-QTY-02, D3), end-of-period
 * cancellations (R-CAN-02), downgrades outside the window (R-DWN-01), future renewal requests
 * (R-REN-02). The billing run applies the due ones. One pending change per (subscription, kind).
 */
export const scheduledChanges = pgTable(
  "scheduled_changes",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    subscriptionId: text().notNull(),
    kind: text().notNull(),
    effectiveDate: date({ mode: "string" }).notNull(),
    payload: jsonb().notNull().default({}),
    status: text().notNull().default("pending"),
    channel: text().notNull(),
    requestedBy: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    resolvedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("scheduled_changes_due_idx").on(t.tenantId, t.effectiveDate).where(sql`${t.status} = 'pending'`),
    uniqueIndex("scheduled_changes_one_pending_uq")
      .on(t.subscriptionId, t.kind)
      .where(sql`${t.status} = 'pending'`),
    check(
      "scheduled_changes_kind_ck",
      sql`${t.kind} in ('quantity_decrease', 'cancel_end_of_period', 'downgrade', 'renewal_request')`,
    ),
    check("scheduled_changes_status_ck", sql`${t.status} in ('pending', 'applied', 'revoked')`),
    foreignKey({
      columns: [t.tenantId, t.subscriptionId],
      foreignColumns: [subscriptions.tenantId, subscriptions.id],
      name: "scheduled_changes_sub_fk",
    }),
  ],
);

/** Every change to a subscription: who, when, channel, what, effective date (issue 3). */
export const subscriptionHistory = pgTable(
  "subscription_history",
  {
    id: text().primaryKey(),
    /** Insertion order: records written by one command share `at`; seq keeps their order. */
    seq: bigserial({ mode: "number" }).notNull(),
    tenantId: text().notNull(),
    subscriptionId: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
    action: text().notNull(),
    channel: text().notNull(),
    actorUserId: text(),
    actorKind: text().notNull(), // bss | storefront | system
    effectiveDate: date({ mode: "string" }).notNull(),
    summary: text().notNull(),
    changes: jsonb().notNull().default({}),
  },
  (t) => [
    index("subscription_history_sub_idx").on(t.tenantId, t.subscriptionId, t.seq),
    foreignKey({
      columns: [t.tenantId, t.subscriptionId],
      foreignColumns: [subscriptions.tenantId, subscriptions.id],
      name: "subscription_history_sub_fk",
    }),
  ],
);

/**
 * R-CRQ-02: an end customer's cancellation that waits for approval (the product type does not
 * execute it automatically, or its credit is above the type's threshold). The subscription is
 * unchanged until a clerk or the reseller approves it (R-CRQ-03), which runs the ordinary
 * cancellation. At most one pending request per subscription / add-on (partial unique index).
 */
export const cancellationRequests = pgTable(
  "cancellation_requests",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    subscriptionId: text().notNull(),
    /** The add-on to cancel; null = the subscription (its licences). */
    addonId: text(),
    accountId: text().notNull(),
    /** Licences to cancel; null = all of them. */
    quantity: integer(),
    mode: text().notNull(), // immediate | end_of_billing_period
    instructions: text(),
    status: text().notNull().default("pending"),
    /** Why it waits: the type does not execute it automatically, or its credit is above the threshold. */
    reason: text().notNull(),
    /** The credit the cancellation's preview produced at submission (R-CRQ-01's amount), minor units. */
    estimatedCredit: bigint({ mode: "bigint" }),
    currency: text().notNull(),
    submittedAt: timestamp({ withTimezone: true }).notNull(),
    /** D13: the tenant's day of the submission, on which the change window is judged. */
    submittedOn: date({ mode: "string" }).notNull(),
    submittedByUserId: text(),
    submittedByEmail: text(),
    decidedAt: timestamp({ withTimezone: true }),
    decidedByUserId: text(),
    decidedBy: text(),
    /** Rejection: required (R-CRQ-03). */
    decisionReason: text(),
    /** Approval: what the cancellation did (effect, effective date). */
    result: jsonb(),
    version: integer().notNull().default(1),
  },
  (t) => [
    index("cancellation_requests_tenant_idx").on(t.tenantId, t.status, t.submittedAt),
    index("cancellation_requests_sub_idx").on(t.tenantId, t.subscriptionId),
    uniqueIndex("cancellation_requests_pending_uq")
      .on(t.tenantId, t.subscriptionId, sql`coalesce(${t.addonId}, '')`)
      .where(sql`${t.status} = 'pending'`),
    check(
      "cancellation_requests_status_ck",
      sql`${t.status} in ('pending', 'approved', 'rejected', 'withdrawn')`,
    ),
    check("cancellation_requests_mode_ck", sql`${t.mode} in ('immediate', 'end_of_billing_period')`),
    check("cancellation_requests_reason_ck", sql`${t.reason} in ('not_automatic', 'above_threshold')`),
    check("cancellation_requests_quantity_ck", sql`${t.quantity} is null or ${t.quantity} >= 1`),
    check("cancellation_requests_decided_ck", sql`(${t.status} = 'pending') = (${t.decidedAt} is null)`),
    check(
      "cancellation_requests_rejected_ck",
      sql`${t.status} <> 'rejected' or length(trim(coalesce(${t.decisionReason}, ''))) > 0`,
    ),
    foreignKey({
      columns: [t.tenantId, t.subscriptionId],
      foreignColumns: [subscriptions.tenantId, subscriptions.id],
      name: "cancellation_requests_sub_fk",
    }),
  ],
);

/**
 * Issue 16: every change of a subscription's recurring revenue, written by database triggers on
 * `subscriptions` and `subscription_addons` (migration 0022) — whatever writer changed the row
 * (commands, the set-based renewal, copies, imports). Amounts are the subscription's annual
 * recurring revenue (base + add-ons, net of its discount and a recurring promotion) in minor units
 * × 10^8, exact (see `subscription_arr_e8` in the migration and ARCHITECTURE.md "Revenue").
 * `at` is the row's `updated_at`: the business instant of the change (deps.clock). Insert-only.
 */
export const subscriptionMrrChanges = pgTable(
  "subscription_mrr_changes",
  {
    seq: bigserial({ mode: "number" }).primaryKey(),
    tenantId: text().notNull(),
    subscriptionId: text().notNull(),
    accountId: text().notNull(),
    resellerAccountId: text(),
    currency: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
    arrBefore: numeric({ mode: "string" }).notNull(),
    arrAfter: numeric({ mode: "string" }).notNull(),
    /**
     * The movement, decided when written: new (from 0, or an add-on bought with the subscription),
     * churned (to 0), expansion (up), contraction (down).
     */
    kind: text().notNull(),
  },
  (t) => [
    check(
      "subscription_mrr_changes_kind_ck",
      sql`${t.kind} in ('new', 'expansion', 'contraction', 'churned')`,
    ),
    index("subscription_mrr_changes_at_idx").on(t.tenantId, t.at),
    index("subscription_mrr_changes_account_idx").on(t.tenantId, t.accountId, t.at),
  ],
);

/**
 * Issue 16 (revenue at a glance, fast): each live paid subscription's CURRENT annual recurring
 * revenue, one row for its base (`item_id` '') and one per active add-on (`item_id` = the add-on's
 * id, `product_id` the add-on's product), in minor units × 10^8 as in `subscription_mrr_changes`.
 * Kept by the same database triggers (migration 0024) — one row per subscription item, never a
 * shared totals row, so concurrent writers (orders, the billing run) do not serialise on it. MRR/ARR
 * and the top lists are `sum(arr_e8) group by` over this narrow table.
 */
export const subscriptionArrItems = pgTable(
  "subscription_arr_items",
  {
    tenantId: text().notNull(),
    subscriptionId: text().notNull(),
    itemId: text().notNull(),
    currency: text().notNull(),
    accountId: text().notNull(),
    resellerAccountId: text(),
    managedByTenantId: text(),
    productId: text().notNull(),
    arrE8: numeric("arr_e8", { mode: "string" }).notNull(),
    /** 1 for the base row (counts the subscription), 0 for an add-on. */
    base: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.subscriptionId, t.itemId] }),
    index("subscription_arr_items_account_idx").on(t.tenantId, t.accountId),
  ],
);
