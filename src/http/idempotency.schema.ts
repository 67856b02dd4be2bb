import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Idempotency-Key records (issue 3): the first request with a key stores its response; a retry
 * with the same key and body gets that response back without doing anything again; the same key
 * with another body is refused (409). Keys are scoped to the caller (session user or API key).
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    scope: text().notNull(), // "usr_…" or "key_…"
    key: text().notNull(),
    method: text().notNull(),
    path: text().notNull(),
    bodyHash: text().notNull(),
    status: text().notNull().default("in_progress"),
    responseStatus: integer(),
    responseBody: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.key] }),
    index("idempotency_keys_created_idx").on(t.createdAt), // for sweeping expired keys
    check("idempotency_keys_status_ck", sql`${t.status} in ('in_progress', 'completed')`),
  ],
);
