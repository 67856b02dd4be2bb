import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
  index,
  jsonb,
  type PgTableExtraConfigValue,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/**
 * A tenant is one BSS instance: a distributor's, or a tenant reseller's (which has a parent
 * tenant and is represented there by an account of kind "reseller").
 */
export const tenants = pgTable(
  "tenants",
  {
    id: text().primaryKey(),
    slug: text().notNull(),
    name: text().notNull(),
    kind: text().notNull(), // distributor | tenant_reseller
    parentTenantId: text(),
    parentAccountId: text(), // the account representing this tenant in the parent's BSS
    /**
     * The installation's root distributor: the first one bootstrapped. Its admins operate the
     * installation (the sandbox clock moves every tenant's time). At most one (tenants_root_uq).
     */
    root: boolean().notNull().default(false),
    currency: text().notNull().default("EUR"),
    timeZone: text().notNull().default("UTC"),
    settings: jsonb().notNull().default({}),
    /** R-DOC-02: the seller on the tenant's invoices and credit notes (its admin edits them). */
    address: jsonb().notNull().default({}),
    vatId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t): PgTableExtraConfigValue[] => [
    uniqueIndex("tenants_slug_uq").on(t.slug),
    check("tenants_kind_ck", sql`${t.kind} in ('distributor', 'tenant_reseller')`),
    check(
      "tenants_parent_ck",
      sql`(${t.kind} = 'distributor' and ${t.parentTenantId} is null) or (${t.kind} = 'tenant_reseller' and ${t.parentTenantId} is not null)`,
    ),
    foreignKey({ columns: [t.parentTenantId], foreignColumns: [t.id], name: "tenants_parent_fk" }),
    // The account representing a tenant reseller lives in the parent tenant's BSS.
    foreignKey({
      columns: [t.parentTenantId, t.parentAccountId],
      foreignColumns: [accounts.tenantId, accounts.id],
      name: "tenants_parent_account_fk",
    }),
    check("tenants_parent_account_ck", sql`(${t.parentTenantId} is null) = (${t.parentAccountId} is null)`),
    uniqueIndex("tenants_root_uq").on(t.root).where(sql`${t.root}`),
    check("tenants_root_ck", sql`not ${t.root} or ${t.kind} = 'distributor'`),
  ],
);

/**
 * Accounts inside a tenant: resellers (Basic or Standard Edition; Standard has a Storefront
 * alias), end customers (under a reseller), direct customers.
 */
export const accounts = pgTable(
  "accounts",
  {
    id: text().primaryKey(),
    tenantId: text()
      .notNull()
      .references(() => tenants.id),
    kind: text().notNull(), // reseller | end_customer | direct_customer
    parentAccountId: text(), // the reseller of an end customer
    name: text().notNull(),
    edition: text(), // resellers: basic | standard
    storefrontAlias: text(),
    orderApproval: boolean().notNull().default(true), // R-ORD-09: on by default
    paymentMethod: text(), // resellers: credit_card | cash | deposit (R-PAY-02)
    /**
     * R-PAY-02: a Standard Edition reseller paying by Credit Card locks its end customers' Order
     * Approval on. Derived (never written); referenced by accounts_parent_lock_fk.
     */
    locksCustomerApproval: boolean()
      .notNull()
      .generatedAlwaysAs(
        sql`coalesce(kind = 'reseller' and edition = 'standard' and payment_method = 'credit_card', false)`,
      ),
    /**
     * End customers: a copy of the reseller's locksCustomerApproval, kept equal by the foreign key
     * accounts_parent_lock_fk (on update cascade); with accounts_approval_lock_ck the database
     * refuses a locked customer whose Order Approval is off (R-PAY-02).
     */
    orderApprovalLocked: boolean().notNull().default(false),
    accountingNumber: text(),
    email: text(),
    address: jsonb().notNull().default({}),
    /** R-DOC-02: the buyer's VAT ID on its invoices and credit notes. */
    vatId: text(),
    currency: text(), // null = tenant default
    /** The language of the account's emails (a catalogue in notifications/templates/strings.<lang>.ts). */
    language: text().notNull().default("en"),
    vendorResellerId: text(), // the "Reseller ID" service detail (R-ORD-06)
    representsTenantId: text(), // a tenant reseller's account in its parent tenant
    /** A distributor copy of a tenant reseller's end customer (R-TEN-01): locked fields follow the source. */
    managedByTenantId: text(),
    sourceAccountId: text(),
    status: text().notNull().default("active"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("accounts_tenant_idx").on(t.tenantId, t.kind),
    index("accounts_parent_idx").on(t.tenantId, t.parentAccountId),
    uniqueIndex("accounts_storefront_alias_uq").on(t.storefrontAlias),
    uniqueIndex("accounts_represents_tenant_uq")
      .on(t.representsTenantId)
      .where(sql`${t.representsTenantId} is not null`),
    unique("accounts_tenant_id_uq").on(t.tenantId, t.id),
    uniqueIndex("accounts_copy_source_uq")
      .on(t.tenantId, t.sourceAccountId)
      .where(sql`${t.sourceAccountId} is not null`),
    check("accounts_copy_ck", sql`(${t.managedByTenantId} is null) = (${t.sourceAccountId} is null)`),
    check("accounts_kind_ck", sql`${t.kind} in ('reseller', 'end_customer', 'direct_customer')`),
    check(
      "accounts_edition_ck",
      sql`(${t.kind} = 'reseller' and ${t.edition} in ('basic', 'standard')) or (${t.kind} <> 'reseller' and ${t.edition} is null)`,
    ),
    check("accounts_parent_ck", sql`(${t.kind} = 'end_customer') = (${t.parentAccountId} is not null)`),
    check(
      "accounts_alias_ck",
      sql`${t.storefrontAlias} is null or (${t.edition} = 'standard' and ${t.storefrontAlias} ~ '^[a-z0-9][a-z0-9-]{1,39}$')`,
    ),
    check("accounts_status_ck", sql`${t.status} in ('active', 'inactive')`),
    check(
      "accounts_payment_method_ck",
      sql`(${t.kind} = 'reseller' and ${t.paymentMethod} in ('credit_card', 'cash', 'deposit')) or (${t.kind} <> 'reseller' and ${t.paymentMethod} is null)`,
    ),
    // R-PAY-02: the lock travels from the reseller to its customers through this key.
    unique("accounts_tenant_id_lock_uq").on(t.tenantId, t.id, t.locksCustomerApproval),
    foreignKey({
      columns: [t.tenantId, t.parentAccountId, t.orderApprovalLocked],
      foreignColumns: [t.tenantId, t.id, t.locksCustomerApproval],
      name: "accounts_parent_lock_fk",
    }).onUpdate("cascade"),
    check("accounts_approval_lock_ck", sql`not ${t.orderApprovalLocked} or ${t.orderApproval}`),
    foreignKey({
      columns: [t.tenantId, t.parentAccountId],
      foreignColumns: [t.tenantId, t.id],
      name: "accounts_parent_fk",
    }),
  ],
);

export const contacts = pgTable(
  "contacts",
  {
    id: text().primaryKey(),
    tenantId: text()
      .notNull()
      .references(() => tenants.id),
    accountId: text().notNull(),
    name: text().notNull(),
    email: text().notNull(),
    phone: text(),
    isPrimary: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("contacts_account_idx").on(t.tenantId, t.accountId),
    uniqueIndex("contacts_one_primary_uq").on(t.accountId).where(sql`${t.isPrimary}`),
    foreignKey({
      columns: [t.tenantId, t.accountId],
      foreignColumns: [accounts.tenantId, accounts.id],
      name: "contacts_account_fk",
    }),
  ],
);

/**
 * Users sign in with an email that is unique across the installation. BSS staff belong to a
 * tenant (accountId null, role admin | clerk | viewer); Storefront users belong to an account
 * (role storefront_admin | storefront_user).
 */
export const users = pgTable(
  "users",
  {
    id: text().primaryKey(),
    tenantId: text()
      .notNull()
      .references(() => tenants.id),
    accountId: text(),
    email: text().notNull(),
    name: text().notNull(),
    role: text().notNull(),
    passwordHash: text().notNull(),
    disabledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_email_uq").on(sql`lower(${t.email})`),
    index("users_tenant_idx").on(t.tenantId),
    check(
      "users_role_ck",
      sql`(${t.accountId} is null and ${t.role} in ('admin', 'clerk', 'viewer')) or (${t.accountId} is not null and ${t.role} in ('storefront_admin', 'storefront_user'))`,
    ),
    foreignKey({
      columns: [t.tenantId, t.accountId],
      foreignColumns: [accounts.tenantId, accounts.id],
      name: "users_account_fk",
    }),
  ],
);

/** Session tokens are stored hashed (sha-256); the cookie holds the token. */
export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    tokenHash: text().notNull(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tenantId: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("sessions_token_uq").on(t.tokenHash), index("sessions_user_idx").on(t.userId)],
);

/** API keys for integrations (Bearer). Stored hashed; the key is shown once at creation. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: text().primaryKey(),
    tenantId: text()
      .notNull()
      .references(() => tenants.id),
    name: text().notNull(),
    prefix: text().notNull(),
    keyHash: text().notNull(),
    role: text().notNull().default("admin"),
    createdBy: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("api_keys_hash_uq").on(t.keyHash),
    index("api_keys_tenant_idx").on(t.tenantId),
    check("api_keys_role_ck", sql`${t.role} in ('admin', 'clerk', 'viewer')`),
  ],
);

/**
 * Sign-in throttling (ARCHITECTURE.md "Identity and access"): one row per sign-in attempt that
 * is in progress or failed, keyed by the typed email (lowercased) and by the client address. A
 * table, not process memory, so the limits hold across API processes on one PostgreSQL. Rows
 * older than the window are pruned when a failure is recorded; real time, never business time.
 */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: text().primaryKey(),
    scope: text().notNull(), // email | address
    key: text().notNull(),
    attemptedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index("login_attempts_key_idx").on(t.scope, t.key, t.attemptedAt),
    index("login_attempts_time_idx").on(t.attemptedAt),
    check("login_attempts_scope_ck", sql`${t.scope} in ('email', 'address')`),
  ],
);
