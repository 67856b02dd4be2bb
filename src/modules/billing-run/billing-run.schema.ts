import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/**
 * The manual (sandbox) clock's current time, so that a restart does not send the business date
 * back to the real today after months were advanced. One row, id "manual".
 */
export const sandboxClock = pgTable("sandbox_clock", {
  id: text().primaryKey(),
  instant: timestamp({ withTimezone: true }).notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});

/**
 * One advance of the sandbox clock, run in the background by the process that accepted it:
 * its progress (days done, the day reached, billing runs, documents, jobs) and its outcome.
 * Installation-wide (the clock moves every tenant's time), so no tenant_id; who asked is
 * recorded. At most one queued or running advance (clock_advance_runs_active_uq). The owning
 * process renews `lease_until` (database time) while it runs; a run whose lease expired was left
 * by a process that died and is marked failed by the next advance or the next start.
 */
export const clockAdvanceRuns = pgTable(
  "clock_advance_runs",
  {
    id: text().primaryKey(),
    status: text().notNull(), // queued | running | succeeded | failed | canceled
    unit: text().notNull(), // days | months (what was asked)
    amount: integer().notNull(),
    daysTotal: integer().notNull(),
    daysDone: integer().notNull().default(0),
    fromInstant: timestamp({ withTimezone: true }).notNull(),
    toInstant: timestamp({ withTimezone: true }).notNull(),
    currentDay: date({ mode: "string" }).notNull(), // the business date (UTC) reached so far
    runs: integer().notNull().default(0),
    documentsCreated: integer().notNull().default(0),
    jobsRun: integer().notNull().default(0),
    error: text(),
    cancelRequested: boolean().notNull().default(false),
    requestedByTenantId: text().notNull(),
    requestedByUserId: text(),
    requestedByApiKeyId: text(),
    leaseUntil: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index("clock_advance_runs_created_idx").on(t.createdAt, t.id),
    uniqueIndex("clock_advance_runs_active_uq")
      .on(sql`(true)`)
      .where(sql`${t.status} in ('queued', 'running')`),
    check(
      "clock_advance_runs_status_ck",
      sql`${t.status} in ('queued', 'running', 'succeeded', 'failed', 'canceled')`,
    ),
    check("clock_advance_runs_unit_ck", sql`${t.unit} in ('days', 'months')`),
    check("clock_advance_runs_days_ck", sql`${t.daysDone} between 0 and ${t.daysTotal}`),
  ],
);
