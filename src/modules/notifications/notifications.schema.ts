import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * Every email the system sends: written with the business change (and an outbox job that
 * delivers it), so a message is never lost and never sent twice for one business key.
 */
export const messages = pgTable(
  "messages",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    key: text().notNull(), // business key, e.g. "order-confirmation:ord_…"
    template: text().notNull(),
    toAddress: text().notNull(),
    subject: text().notNull(),
    textBody: text().notNull(),
    htmlBody: text(),
    data: jsonb().notNull().default({}),
    status: text().notNull().default("queued"),
    transport: text(),
    providerMessageId: text(),
    error: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("messages_key_uq").on(t.tenantId, t.key),
    index("messages_tenant_idx").on(t.tenantId, t.createdAt),
    // The mailbox filters by recipient (the Storefront shows a user their own mail).
    index("messages_to_idx").on(t.tenantId, sql`lower(${t.toAddress})`, t.createdAt),
    check("messages_status_ck", sql`${t.status} in ('queued', 'sent', 'failed')`),
  ],
);
