import { and, asc, count, desc, eq, inArray, ne, type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "../../shared/db.ts";
import { messageAttachments, messages } from "./notifications.schema.ts";
import type { MessageStatus } from "./notifications.types.ts";

/** The only SQL on `messages`. Every function takes the tenant: a message never leaks across tenants. */

export type MessageRow = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;

/** Inserts the message unless the tenant already has one with this key; returns the id either way. */
export async function insertMessage(tx: Tx, row: NewMessage): Promise<{ id: string; created: boolean }> {
  const [inserted] = await tx
    .insert(messages)
    .values(row)
    .onConflictDoNothing({ target: [messages.tenantId, messages.key] })
    .returning({ id: messages.id });
  if (inserted) return { id: inserted.id, created: true };
  // ON CONFLICT waited for the concurrent inserter to commit, so its row is visible here.
  const [existing] = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.tenantId, row.tenantId), eq(messages.key, row.key)));
  if (!existing) throw new Error(`message (${row.tenantId}, ${row.key}) conflicted but cannot be read`);
  return { id: existing.id, created: false };
}

export type AttachmentRow = typeof messageAttachments.$inferSelect;
export type AttachmentInfo = Omit<AttachmentRow, "content">;

export async function insertAttachments(tx: Tx, rows: AttachmentRow[]): Promise<void> {
  if (rows.length) await tx.insert(messageAttachments).values(rows);
}

/** A message's attachments with their bytes, in order (for sending). */
export async function listAttachments(db: Db, tenantId: string, messageId: string): Promise<AttachmentRow[]> {
  return db
    .select()
    .from(messageAttachments)
    .where(and(eq(messageAttachments.tenantId, tenantId), eq(messageAttachments.messageId, messageId)))
    .orderBy(asc(messageAttachments.position));
}

/** Name, type and size of the attachments of these messages (the mailbox), without the bytes. */
export async function listAttachmentInfo(
  db: Db,
  tenantId: string,
  messageIds: readonly string[],
): Promise<AttachmentInfo[]> {
  if (messageIds.length === 0) return [];
  const a = messageAttachments;
  return db
    .select({
      id: a.id,
      tenantId: a.tenantId,
      messageId: a.messageId,
      position: a.position,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
    })
    .from(a)
    .where(and(eq(a.tenantId, tenantId), inArray(a.messageId, [...messageIds])))
    .orderBy(asc(a.messageId), asc(a.position));
}

export async function findAttachment(
  db: Db,
  tenantId: string,
  messageId: string,
  id: string,
): Promise<AttachmentRow | undefined> {
  const [row] = await db
    .select()
    .from(messageAttachments)
    .where(
      and(
        eq(messageAttachments.tenantId, tenantId),
        eq(messageAttachments.messageId, messageId),
        eq(messageAttachments.id, id),
      ),
    );
  return row;
}

export async function findMessage(db: Db, tenantId: string, id: string): Promise<MessageRow | undefined> {
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.tenantId, tenantId), eq(messages.id, id)));
  return row;
}

export async function markMessageSent(
  db: Db,
  tenantId: string,
  id: string,
  sent: { transport: string; providerMessageId: string | null; sentAt: Date },
): Promise<void> {
  await db
    .update(messages)
    .set({ status: "sent", ...sent, error: null })
    .where(and(eq(messages.tenantId, tenantId), eq(messages.id, id)));
}

/**
 * Keeps the last error on the row; `final` (the outbox gives up) marks it failed. A message that
 * is already sent is left alone: a late failure report of a lost lease must not undo a delivery.
 */
export async function recordMessageFailure(
  db: Db,
  tenantId: string,
  id: string,
  failure: { error: string; final: boolean },
): Promise<void> {
  await db
    .update(messages)
    .set({ error: failure.error.slice(0, 4000), ...(failure.final ? { status: "failed" } : {}) })
    .where(and(eq(messages.tenantId, tenantId), eq(messages.id, id), ne(messages.status, "sent")));
}

export interface MessageFilters {
  to?: string | undefined;
  template?: string | undefined;
  status?: MessageStatus | undefined;
  /** One of MESSAGE_SORTS, `-` for descending; newest first without one. */
  sort?: string | undefined;
  limit: number;
  offset: number;
}

const MESSAGE_SORT_COLUMNS = {
  createdAt: messages.createdAt,
  subject: messages.subject,
  to: messages.toAddress,
  template: messages.template,
  status: messages.status,
} as const;

/** Newest first unless `sort` says otherwise; `to` matches the whole address, ignoring case (users' emails are case-insensitive). */
export async function listMessages(
  db: Db,
  tenantId: string,
  f: MessageFilters,
): Promise<{ items: MessageRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [
    eq(messages.tenantId, tenantId),
    f.to ? sql`lower(${messages.toAddress}) = lower(${f.to})` : undefined,
    f.template ? eq(messages.template, f.template) : undefined,
    f.status ? eq(messages.status, f.status) : undefined,
  ];
  const where = and(...conditions);
  const sort = f.sort ?? "-createdAt";
  const dir = sort.startsWith("-") ? desc : asc;
  const column =
    MESSAGE_SORT_COLUMNS[sort.replace(/^-/, "") as keyof typeof MESSAGE_SORT_COLUMNS] ?? messages.createdAt;
  const [items, totals] = await Promise.all([
    db
      .select()
      .from(messages)
      .where(where)
      .orderBy(dir(column), dir(messages.createdAt), dir(messages.id))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ total: count() }).from(messages).where(where),
  ]);
  return { items, total: Number(totals[0]?.total ?? 0) };
}
