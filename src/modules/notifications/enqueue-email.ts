import type { Deps } from "../../deps.ts";
import { enqueueJob } from "../../jobs/index.ts";
import type { Tx } from "../../shared/db.ts";
import { insertAttachments, insertMessage } from "./notifications.repo.ts";
import { type EnqueueEmailInput, Recipient, SEND_MESSAGE_JOB } from "./notifications.types.ts";
import { renderTemplate } from "./templates/index.ts";

/**
 * Queues an email inside the caller's transaction (DESIGN.md "Side effects through the outbox"):
 * the rendered message row and its `notifications.send` job commit or roll back together with the
 * business change, so an email is never lost and never sent for a change that did not happen.
 *
 * The email is rendered now, not at send time: the mailbox shows exactly what was sent, and a
 * retry sends the same bytes. One email per (tenant, key): the same key again returns the first
 * message (its data wins) and queues nothing more.
 *
 * Bad input (unknown template, invalid data or address) is the calling use case's bug: it throws
 * a plain error (HTTP 500) and the caller's transaction writes nothing.
 */
export async function enqueueEmail(
  deps: Deps,
  tx: Tx,
  input: EnqueueEmailInput,
): Promise<{ messageId: string; created: boolean }> {
  if (!input.key.trim()) throw new TypeError("An email needs a non-empty business key");
  const to = Recipient.safeParse(input.to);
  if (!to.success) throw new TypeError(`'${input.to}' is not an email address (email ${input.key})`);
  const { data, email } = renderTemplate(input.template, input.data, { publicUrl: deps.config.PUBLIC_URL });

  const { id, created } = await insertMessage(tx, {
    id: deps.ids.next("msg"),
    tenantId: input.tenantId,
    key: input.key,
    template: input.template,
    toAddress: to.data,
    subject: email.subject,
    textBody: email.text,
    htmlBody: email.html,
    data,
    status: "queued",
    createdAt: deps.clock.now(),
  });
  if (created) {
    if (input.attachments?.length)
      await insertAttachments(
        tx,
        input.attachments.map((a, position) => ({
          id: deps.ids.next("att"),
          tenantId: input.tenantId,
          messageId: id,
          position,
          filename: a.filename,
          contentType: a.contentType,
          size: a.content.byteLength,
          content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength),
        })),
      );
    await enqueueJob(tx, deps.ids, {
      kind: SEND_MESSAGE_JOB,
      key: id,
      tenantId: input.tenantId,
      payload: { messageId: id },
    });
  }
  return { messageId: id, created };
}
