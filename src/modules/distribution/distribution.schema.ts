import { sql } from "drizzle-orm";
import { boolean, check, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Back ordering per tenant reseller (issue 6): while on, the tenant's paid subscriptions and
 * their customers are copied into the distributor's BSS and kept in step. Off for a new tenant;
 * once on it stays on (a check: `active` implies `activated_at`; no code path clears it).
 */
export const distributionSettings = pgTable(
  "distribution_settings",
  {
    /** The tenant reseller's tenant. */
    tenantId: text().primaryKey(),
    distributorTenantId: text().notNull(),
    backOrdering: boolean().notNull().default(false),
    activatedAt: timestamp({ withTimezone: true }),
    activatedBy: text(),
    /** R-TEN-02 "Use of API Options": the responsible user set on new copies (a distributor staff user). */
    responsibleUserId: text(),
    /** The last activation's result: accounts copied, subscriptions queued. */
    activation: jsonb().notNull().default({}),
  },
  (t) => [
    index("distribution_settings_distributor_idx").on(t.distributorTenantId),
    check("distribution_settings_active_ck", sql`not ${t.backOrdering} or ${t.activatedAt} is not null`),
  ],
);

/**
 * Every event of a tenant's books applied to the distributor's copies, keyed by the event
 * (R-TEN-04 reliability): applying an event inserts its row in the same transaction, so a
 * replayed event finds it and changes nothing.
 */
export const distributionEvents = pgTable(
  "distribution_events",
  {
    id: text().primaryKey(),
    distributorTenantId: text().notNull(),
    sourceTenantId: text().notNull(),
    kind: text().notNull(), // subscription | account
    sourceId: text().notNull(),
    copyId: text(),
    outcome: text().notNull(), // created | updated | unchanged | skipped
    summary: text().notNull(),
    appliedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index("distribution_events_source_idx").on(t.sourceTenantId, t.sourceId),
    check("distribution_events_kind_ck", sql`${t.kind} in ('subscription', 'account')`),
    check(
      "distribution_events_outcome_ck",
      sql`${t.outcome} in ('created', 'updated', 'unchanged', 'skipped')`,
    ),
  ],
);
