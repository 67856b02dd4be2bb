import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import type { BssActor, StorefrontActor } from "../tenancy/index.ts";
import {
  type AttachmentInfo,
  type AttachmentRow,
  findAttachment,
  findMessage,
  listAttachmentInfo,
  type MessageRow,
} from "./notifications.repo.ts";

/** A message as the mailbox shows it: with its attachments' names and sizes. */
export type MessageView = MessageRow & { attachments: AttachmentInfo[] };

/** Adds each message's attachments (one query for the page). */
export async function withAttachments(
  deps: Deps,
  tenantId: string,
  rows: MessageRow[],
): Promise<MessageView[]> {
  const info = await listAttachmentInfo(
    deps.db,
    tenantId,
    rows.map((m) => m.id),
  );
  return rows.map((m) => ({ ...m, attachments: info.filter((a) => a.messageId === m.id) }));
}

/** One email of the actor's tenant; another tenant's answers 404 like a missing one. */
export async function getMessage(deps: Deps, actor: BssActor, id: string): Promise<MessageView> {
  const message = await findMessage(deps.db, actor.tenantId, id);
  if (!message) throw notFound("Message", id);
  return (await withAttachments(deps, actor.tenantId, [message]))[0]!;
}

/** One email sent to the Storefront user's own address; anyone else's answers 404. */
export async function getMyMessage(deps: Deps, actor: StorefrontActor, id: string): Promise<MessageView> {
  const message = await findMessage(deps.db, actor.tenantId, id);
  if (!message || message.toAddress.toLowerCase() !== actor.email.toLowerCase())
    throw notFound("Message", id);
  return (await withAttachments(deps, actor.tenantId, [message]))[0]!;
}

/** A file sent with an email the actor may read (R-DOC-03: the document's PDF), with its bytes. */
export async function getAttachment(
  deps: Deps,
  actor: BssActor | StorefrontActor,
  messageId: string,
  id: string,
): Promise<AttachmentRow> {
  if (actor.kind === "bss") await getMessage(deps, actor, messageId);
  else await getMyMessage(deps, actor, messageId);
  const attachment = await findAttachment(deps.db, actor.tenantId, messageId, id);
  if (!attachment) throw notFound("Attachment", id);
  return attachment;
}
