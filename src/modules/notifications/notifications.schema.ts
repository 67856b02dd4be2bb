import { sql } from "drizzle-orm";
import {
  check,
  customType,
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

/** Raw bytes (a Buffer on pg, a Uint8Array on PGlite: both are Uint8Arrays). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

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
    unique("messages_tenant_id_uq").on(t.tenantId, t.id),
    index("messages_tenant_idx").on(t.tenantId, t.createdAt),
    // The mailbox filters by recipient (the Storefront shows a user their own mail).
    index("messages_to_idx").on(t.tenantId, sql`lower(${t.toAddress})`, t.createdAt),
    check("messages_status_ck", sql`${t.status} in ('queued', 'sent', 'failed')`),
  ],
);

/**
 * Files sent with a message (R-DOC-03: a document's PDF), stored as the exact bytes at enqueue
 * time, so every retry of the delivery sends the same file and the mailbox shows what was sent.
 */
export const messageAttachments = pgTable(
  "message_attachments",
  {
    id: text().primaryKey(),
    tenantId: text().notNull(),
    messageId: text().notNull(),
    position: integer().notNull(),
    filename: text().notNull(),
    contentType: text().notNull(),
    size: integer().notNull(),
    content: bytea().notNull(),
  },
  (t) => [
    uniqueIndex("message_attachments_position_uq").on(t.tenantId, t.messageId, t.position),
    check("message_attachments_size_ck", sql`${t.size} = octet_length(${t.content})`),
    foreignKey({
      columns: [t.tenantId, t.messageId],
      foreignColumns: [messages.tenantId, messages.id],
      name: "message_attachments_message_fk",
    }).onDelete("cascade"),
  ],
);
