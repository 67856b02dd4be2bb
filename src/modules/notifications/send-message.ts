import type { Deps } from "../../deps.ts";
import { findMessage, listAttachments, markMessageSent } from "./notifications.repo.ts";

export type SendOutcome =
  | { messageId: string; status: "sent"; transport: string; providerMessageId: string | null }
  | { messageId: string; status: "already_sent" };

/** A delivery failure the mail server says will not change on retry (SMTP 5xx: no such mailbox…). */
export class PermanentMailError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentMailError";
  }
}

/**
 * Delivers one queued message through deps.mailer, outside any transaction (no network call
 * inside one, DESIGN.md), then records it as sent. Called by the outbox job only.
 *
 * An already-sent message is not sent again. The one gap at-least-once delivery leaves — the
 * server accepted the email and the worker died before the row said so — is narrowed by a
 * Message-ID derived from the message id: a repeat carries the same Message-ID, which mail
 * systems use to drop duplicates.
 */
export async function sendMessage(
  deps: Deps,
  input: { tenantId: string; messageId: string },
): Promise<SendOutcome | undefined> {
  const message = await findMessage(deps.db, input.tenantId, input.messageId);
  if (!message) return undefined;
  if (message.status === "sent") return { messageId: message.id, status: "already_sent" };

  const { transport, from, transporter } = deps.mailer;
  // The stored bytes, as enqueued: every attempt sends the same files.
  const attachments = (await listAttachments(deps.db, input.tenantId, message.id)).map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength),
  }));
  let info: { messageId?: string };
  try {
    info = await transporter.sendMail({
      from,
      to: message.toAddress,
      subject: message.subject,
      text: message.textBody,
      ...(message.htmlBody ? { html: message.htmlBody } : {}),
      ...(attachments.length ? { attachments } : {}),
      messageId: `<${message.id}@openbss>`,
    });
  } catch (e) {
    const code = (e as { responseCode?: unknown }).responseCode;
    if (typeof code === "number" && code >= 500 && code < 600)
      throw new PermanentMailError((e as Error).message, { cause: e });
    throw e;
  }
  const providerMessageId = info.messageId ?? null;
  await markMessageSent(deps.db, input.tenantId, message.id, {
    transport,
    providerMessageId,
    sentAt: deps.clock.now(),
  });
  return { messageId: message.id, status: "sent", transport, providerMessageId };
}
