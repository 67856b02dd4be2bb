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
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/** A configured service manager of a tenant (e.g. the Dropbox one) and its settings. */
export const serviceManagerInstances = pgTable(
  "service_manager_instances",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    vendor: text().notNull(),
    name: text().notNull(),
    settings: jsonb().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("smi_tenant_vendor_uq").on(t.tenantId, t.vendor)],
);

/** A background action of a service manager (Get Services Definition): status, progress and log. */
export const serviceManagerRuns = pgTable(
  "service_manager_runs",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    instanceId: text()
      .notNull()
      .references(() => serviceManagerInstances.id),
    action: text().notNull(),
    status: text().notNull().default("queued"),
    progressDone: integer().notNull().default(0),
    progressTotal: integer().notNull().default(0),
    log: jsonb().notNull().default([]),
    summary: jsonb(),
    error: text(),
    requestedBy: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("smr_tenant_idx").on(t.tenantId, t.createdAt),
    check("smr_status_ck", sql`${t.status} in ('queued', 'running', 'succeeded', 'failed')`),
    check("smr_action_ck", sql`${t.action} in ('get_services_definition')`),
  ],
);

/**
 * A product type (e.g. "Dropbox Subscription") carries the policies every product of the type
 * follows (DESIGN.md "Rules are data"); products may override single policies.
 */
export const productTypes = pgTable(
  "product_types",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    code: text().notNull(),
    name: text().notNull(),
    serviceManagerInstanceId: text().references(() => serviceManagerInstances.id),
    policies: jsonb().notNull().default({}),
    status: text().notNull().default("active"),
    /** R-CRQ-01: Storefront cancellations of subscriptions are executed at once (else they are requests). */
    autoCancelSubscriptions: boolean().notNull().default(true),
    /** R-CRQ-01: Storefront cancellations of add-ons are executed at once (else they are requests). */
    autoCancelAddons: boolean().notNull().default(true),
    /** R-CRQ-01: a cancellation whose credit is above this (tenant currency, minor units) waits anyway. */
    cancelThreshold: bigint({ mode: "bigint" }),
    cancelThresholdCurrency: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      "product_types_cancel_threshold_ck",
      sql`(${t.cancelThreshold} is null) = (${t.cancelThresholdCurrency} is null) and coalesce(${t.cancelThreshold}, 0) >= 0`,
    ),
    uniqueIndex("product_types_code_uq").on(t.tenantId, t.code),
    unique("product_types_tenant_id_uq").on(t.tenantId, t.id),
    check("product_types_status_ck", sql`${t.status} in ('active', 'retired')`),
  ],
);

/**
 * A product is sold in exactly one billing term (R-CAT-04). listPrice and cost are per unit
 * for one commitment term, in minor units: MCMB = one month, AC1M and AC1Y = twelve months
 * (AC1M bills it in 12 installments).
 */
export const products = pgTable(
  "products",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    productTypeId: text().notNull(),
    sku: text().notNull(),
    name: text().notNull(),
    description: text(),
    /** What the product offers, one short line each (Storefront cards and plan comparison, issue 16). */
    features: jsonb().$type<string[]>().notNull().default([]),
    kind: text().notNull(), // base | addon
    term: text().notNull(), // MCMB | AC1M | AC1Y
    isTrial: boolean().notNull().default(false),
    trialDays: integer(),
    /** A trial's paid twin (R-TRL-01: a trial ends unless upgraded to this product). */
    trialPaidProductId: text(),
    includedLicences: integer().notNull().default(0),
    minQuantity: integer().notNull().default(1),
    maxQuantity: integer(),
    listPrice: bigint({ mode: "bigint" }).notNull(),
    cost: bigint({ mode: "bigint" }).notNull(),
    currency: text().notNull(),
    characteristics: jsonb().notNull().default({}),
    policies: jsonb().notNull().default({}),
    excludedFromProration: boolean().notNull().default(false),
    status: text().notNull().default("active"),
    definitionHash: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("products_sku_uq").on(t.tenantId, t.sku),
    unique("products_tenant_id_uq").on(t.tenantId, t.id),
    index("products_type_idx").on(t.tenantId, t.productTypeId),
    foreignKey({
      columns: [t.tenantId, t.productTypeId],
      foreignColumns: [productTypes.tenantId, productTypes.id],
      name: "products_type_fk",
    }),
    check("products_kind_ck", sql`${t.kind} in ('base', 'addon')`),
    check("products_term_ck", sql`${t.term} in ('MCMB', 'AC1M', 'AC1Y')`),
    check("products_status_ck", sql`${t.status} in ('active', 'retired')`),
    check("products_money_ck", sql`${t.listPrice} >= 0 and ${t.cost} >= 0`),
    check(
      "products_qty_ck",
      sql`${t.minQuantity} >= 0 and (${t.maxQuantity} is null or ${t.maxQuantity} >= ${t.minQuantity})`,
    ),
    check(
      "products_trial_ck",
      sql`(${t.isTrial} and ${t.trialDays} > 0) or (not ${t.isTrial} and ${t.trialDays} is null)`,
    ),
    // R-TRL-01: no AC1M trials.
    check("products_trial_term_ck", sql`not (${t.isTrial} and ${t.term} = 'AC1M')`),
    check("products_trial_paid_ck", sql`${t.trialPaidProductId} is null or ${t.isTrial}`),
    foreignKey({
      columns: [t.tenantId, t.trialPaidProductId],
      foreignColumns: [t.tenantId, t.id],
      name: "products_trial_paid_fk",
    }),
  ],
);

/** Which add-on products can be attached to which base product. */
export const productAddons = pgTable(
  "product_addons",
  {
    tenantId: text().notNull(),
    parentProductId: text().notNull(),
    addonProductId: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.parentProductId, t.addonProductId] }),
    index("product_addons_addon_idx").on(t.addonProductId),
    check("product_addons_self_ck", sql`${t.parentProductId} <> ${t.addonProductId}`),
    foreignKey({
      columns: [t.tenantId, t.parentProductId],
      foreignColumns: [products.tenantId, products.id],
      name: "product_addons_parent_fk",
    }),
    foreignKey({
      columns: [t.tenantId, t.addonProductId],
      foreignColumns: [products.tenantId, products.id],
      name: "product_addons_addon_fk",
    }),
  ],
);

/** Declared upgrade edges; the closure and the implied downgrades are computed (R-UPG-06). */
export const upgradePaths = pgTable(
  "upgrade_paths",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    fromProductId: text().notNull(),
    toProductId: text().notNull(),
    source: text().notNull().default("manual"), // definition | manual
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("upgrade_paths_uq").on(t.tenantId, t.fromProductId, t.toProductId),
    index("upgrade_paths_to_idx").on(t.tenantId, t.toProductId),
    check("upgrade_paths_self_ck", sql`${t.fromProductId} <> ${t.toProductId}`),
    check("upgrade_paths_source_ck", sql`${t.source} in ('definition', 'manual')`),
    foreignKey({
      columns: [t.tenantId, t.fromProductId],
      foreignColumns: [products.tenantId, products.id],
      name: "upgrade_paths_from_fk",
    }),
    foreignKey({
      columns: [t.tenantId, t.toProductId],
      foreignColumns: [products.tenantId, products.id],
      name: "upgrade_paths_to_fk",
    }),
  ],
);

/** Products of which a team (scope) may hold only one at a time (R-CAT-06). */
export const exclusiveSets = pgTable(
  "exclusive_sets",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    code: text().notNull(),
    name: text().notNull(),
    scope: text().notNull(), // admin_email | subscription
    /** The product type whose services definition declares the set (null = made by hand). */
    productTypeId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("exclusive_sets_code_uq").on(t.tenantId, t.code),
    check("exclusive_sets_scope_ck", sql`${t.scope} in ('admin_email', 'subscription')`),
    foreignKey({
      columns: [t.tenantId, t.productTypeId],
      foreignColumns: [productTypes.tenantId, productTypes.id],
      name: "exclusive_sets_type_fk",
    }),
  ],
);

export const exclusiveSetMembers = pgTable(
  "exclusive_set_members",
  {
    setId: text()
      .notNull()
      .references(() => exclusiveSets.id, { onDelete: "cascade" }),
    productId: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.setId, t.productId] }),
    index("exclusive_set_members_product_idx").on(t.productId),
  ],
);

/**
 * Price lists per tenant: one default list; a list may belong to a reseller account (its
 * markup list) and may derive its prices as a markup over cost (basis points).
 */
export const priceLists = pgTable(
  "price_lists",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    name: text().notNull(),
    currency: text().notNull(),
    isDefault: boolean().notNull().default(false),
    ownerAccountId: text(),
    markupBasisPoints: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("price_lists_name_uq").on(t.tenantId, t.name),
    uniqueIndex("price_lists_one_default_uq").on(t.tenantId).where(sql`${t.isDefault}`),
    unique("price_lists_tenant_id_uq").on(t.tenantId, t.id),
    check("price_lists_markup_ck", sql`${t.markupBasisPoints} is null or ${t.markupBasisPoints} >= -10000`),
  ],
);

export const priceListEntries = pgTable(
  "price_list_entries",
  {
    priceListId: text()
      .notNull()
      .references(() => priceLists.id, { onDelete: "cascade" }),
    tenantId: text().notNull(),
    productId: text().notNull(),
    unitPrice: bigint({ mode: "bigint" }).notNull(),
    cost: bigint({ mode: "bigint" }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.priceListId, t.productId] }),
    foreignKey({
      columns: [t.tenantId, t.priceListId],
      foreignColumns: [priceLists.tenantId, priceLists.id],
      name: "price_list_entries_list_fk",
    }),
    foreignKey({
      columns: [t.tenantId, t.productId],
      foreignColumns: [products.tenantId, products.id],
      name: "price_list_entries_product_fk",
    }),
    check("price_list_entries_money_ck", sql`${t.unitPrice} >= 0 and (${t.cost} is null or ${t.cost} >= 0)`),
  ],
);

/** Product groups offer several plans of one service together in a Storefront (R-CAT-07). */
export const productGroups = pgTable(
  "product_groups",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    name: text().notNull(),
    description: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("product_groups_name_uq").on(t.tenantId, t.name)],
);

export const productGroupMembers = pgTable(
  "product_group_members",
  {
    groupId: text()
      .notNull()
      .references(() => productGroups.id, { onDelete: "cascade" }),
    productId: text().notNull(),
    position: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.productId] })],
);

/** What a Standard Edition reseller publishes in its Storefront: a product or a product group. */
export const storefrontPublications = pgTable(
  "storefront_publications",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    resellerAccountId: text().notNull(),
    productId: text(),
    productGroupId: text(),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("storefront_pub_product_uq")
      .on(t.resellerAccountId, t.productId)
      .where(sql`${t.productId} is not null`),
    uniqueIndex("storefront_pub_group_uq")
      .on(t.resellerAccountId, t.productGroupId)
      .where(sql`${t.productGroupId} is not null`),
    check("storefront_pub_one_ck", sql`(${t.productId} is null) <> (${t.productGroupId} is null)`),
  ],
);

/**
 * R-PRC-02 price protection (issue 14): how many months the sell price and cost of a purchase
 * are locked, per product OR per product type (a product's own row wins), per currency and
 * commitment term. 0 = off (a product row of 0 switches off its type's protection).
 */
export const priceProtectionTerms = pgTable(
  "price_protection_terms",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    productId: text(),
    productTypeId: text(),
    currency: text().notNull(),
    term: text().notNull(), // MCMB | AC1M | AC1Y
    months: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    unique("price_protection_terms_tenant_id_uq").on(t.tenantId, t.id),
    uniqueIndex("price_protection_terms_product_uq")
      .on(t.tenantId, t.productId, t.currency, t.term)
      .where(sql`${t.productId} is not null`),
    uniqueIndex("price_protection_terms_type_uq")
      .on(t.tenantId, t.productTypeId, t.currency, t.term)
      .where(sql`${t.productTypeId} is not null`),
    check("price_protection_terms_one_ck", sql`(${t.productId} is null) <> (${t.productTypeId} is null)`),
    check("price_protection_terms_term_ck", sql`${t.term} in ('MCMB', 'AC1M', 'AC1Y')`),
    check("price_protection_terms_months_ck", sql`${t.months} between 0 and 120`),
    check("price_protection_terms_currency_ck", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    foreignKey({
      columns: [t.tenantId, t.productId],
      foreignColumns: [products.tenantId, products.id],
      name: "price_protection_terms_product_fk",
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.tenantId, t.productTypeId],
      foreignColumns: [productTypes.tenantId, productTypes.id],
      name: "price_protection_terms_type_fk",
    }).onDelete("cascade"),
  ],
);

/**
 * Promotions (R-PRM-01, issue 14): a price reduction on the recurring charges of subscriptions
 * ordered between `startDate` and `endDate` (both inclusive; no end = open). `kind`: one_time (the
 * first cycle), recurring (every cycle), limited_recurring (the first `cycles` cycles). Value:
 * monetary (`amount` minor units off the unit price, in `currency`) or percentage (`basisPoints`
 * off the unit price). The subscription snapshots what it got (subscriptions.promotion,
 * billing_items.promotion_*): editing or ending a promotion never changes running subscriptions.
 */
export const promotions = pgTable(
  "promotions",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    name: text().notNull(),
    description: text(),
    startDate: date({ mode: "string" }).notNull(),
    endDate: date({ mode: "string" }),
    /** Eligible commitment terms (MCMB, AC1M, AC1Y). */
    terms: jsonb().$type<string[]>().notNull(),
    kind: text().notNull(), // one_time | recurring | limited_recurring
    cycles: integer(),
    valueType: text().notNull(), // monetary | percentage
    amount: bigint({ mode: "bigint" }),
    currency: text(),
    basisPoints: integer(),
    newCustomersOnly: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    unique("promotions_tenant_id_uq").on(t.tenantId, t.id),
    index("promotions_dates_idx").on(t.tenantId, t.startDate, t.endDate),
    // An end the day before the start: withdrawn before it began (ended while scheduled).
    check("promotions_dates_ck", sql`${t.endDate} is null or ${t.endDate} >= ${t.startDate} - 1`),
    check("promotions_kind_ck", sql`${t.kind} in ('one_time', 'recurring', 'limited_recurring')`),
    check(
      "promotions_cycles_ck",
      sql`(${t.kind} = 'limited_recurring' and ${t.cycles} between 1 and 1000) or (${t.kind} <> 'limited_recurring' and ${t.cycles} is null)`,
    ),
    check(
      "promotions_value_ck",
      sql`(${t.valueType} = 'monetary' and ${t.amount} > 0 and ${t.currency} is not null and ${t.basisPoints} is null) or (${t.valueType} = 'percentage' and ${t.basisPoints} between 1 and 10000 and ${t.amount} is null and ${t.currency} is null)`,
    ),
  ],
);

/** A promotion's products: `eligible` (what it discounts) and `prerequisite` (what the customer must hold). */
export const promotionProducts = pgTable(
  "promotion_products",
  {
    tenantId: text().notNull(),
    promotionId: text().notNull(),
    productId: text().notNull(),
    role: text().notNull(), // eligible | prerequisite
  },
  (t) => [
    primaryKey({ columns: [t.promotionId, t.role, t.productId], name: "promotion_products_pk" }),
    index("promotion_products_product_idx").on(t.tenantId, t.productId, t.role),
    check("promotion_products_role_ck", sql`${t.role} in ('eligible', 'prerequisite')`),
    foreignKey({
      columns: [t.tenantId, t.promotionId],
      foreignColumns: [promotions.tenantId, promotions.id],
      name: "promotion_products_promotion_fk",
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.tenantId, t.productId],
      foreignColumns: [products.tenantId, products.id],
      name: "promotion_products_product_fk",
    }),
  ],
);
