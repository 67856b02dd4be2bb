import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/**
 * The outbox (DESIGN.md "Side effects through the outbox"): a use case writes its state and
 * a job row in one transaction; workers claim due jobs with FOR UPDATE SKIP LOCKED.
 * `key` is the business key: enqueueing the same (kind, key) twice creates one job.
 * `queue` orders jobs: at most one job of a queue runs at a time, in creation order
 * (e.g. one queue per subscription, so provisioning calls reach the vendor in order).
 *
 * All times here are the database server's clock (infrastructure time), never deps.clock:
 * the business clock may be a manual clock months ahead of the wall clock.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: text().primaryKey(),
    /**
     * Creation order. `created_at` is the transaction's start time, so two jobs enqueued in one
     * transaction tie and ids tie-break at random within a millisecond; a sequence does not.
     */
    seq: bigserial({ mode: "number" }).notNull(),
    tenantId: text(),
    kind: text().notNull(),
    key: text().notNull(),
    queue: text(),
    payload: jsonb().notNull().default({}),
    status: text().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    /** Null: the handler's default (JobHandler.maxAttempts, else 8); set on the first failure. */
    maxAttempts: integer(),
    runAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lockedBy: text(),
    lockedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    result: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("jobs_kind_key_uq").on(t.kind, t.key),
    index("jobs_due_idx").on(t.runAt, t.seq).where(sql`${t.status} = 'pending'`),
    index("jobs_running_idx").on(t.lockedUntil).where(sql`${t.status} = 'running'`),
    index("jobs_queue_idx")
      .on(t.queue, t.seq)
      .where(sql`${t.queue} is not null and ${t.status} in ('pending', 'running')`),
    // The operator list: a tenant's jobs, newest first.
    index("jobs_tenant_idx").on(t.tenantId, t.createdAt),
    check("jobs_status_ck", sql`${t.status} in ('pending', 'running', 'done', 'dead')`),
    check(
      "jobs_attempts_ck",
      sql`${t.attempts} >= 0 and (${t.maxAttempts} is null or ${t.maxAttempts} >= 1)`,
    ),
  ],
);
