import { z } from "zod";
import type { MessageView as MessageRow } from "./get-message.ts";
import { MESSAGE_STATUSES } from "./notifications.types.ts";

/** A file sent with the message; `GET …/messages/:id/attachments/:attachmentId` downloads it. */
export const AttachmentJson = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int().describe("bytes"),
});
const attachmentsJson = (m: MessageRow) =>
  m.attachments.map((a) => ({ id: a.id, filename: a.filename, contentType: a.contentType, size: a.size }));

/** JSON of a message. The BSS sees delivery details; a Storefront user sees the email itself. */
export const MessageSummaryJson = z.object({
  id: z.string(),
  key: z.string().describe("business key: one email per key and tenant"),
  template: z.string(),
  to: z.string(),
  subject: z.string(),
  status: z.enum(MESSAGE_STATUSES),
  transport: z.string().nullable().describe('"smtp", or "stored" when no SMTP server is configured'),
  providerMessageId: z.string().nullable(),
  error: z.string().nullable().describe("the last delivery error, kept while retrying"),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  attachments: z.array(AttachmentJson),
});
export const MessageJson = MessageSummaryJson.extend({
  textBody: z.string(),
  htmlBody: z.string().nullable(),
  data: z.unknown().describe("what the template was rendered from"),
});

/** No business key, data or transport errors for customers: those are the operator's. */
export const StorefrontMessageSummaryJson = z.object({
  id: z.string(),
  template: z.string(),
  to: z.string(),
  subject: z.string(),
  status: z.enum(MESSAGE_STATUSES),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  attachments: z.array(AttachmentJson),
});
export const StorefrontMessageJson = StorefrontMessageSummaryJson.extend({
  textBody: z.string(),
  htmlBody: z.string().nullable(),
});

type Status = (typeof MESSAGE_STATUSES)[number];

export function messageSummaryJson(m: MessageRow): z.infer<typeof MessageSummaryJson> {
  return {
    id: m.id,
    key: m.key,
    template: m.template,
    to: m.toAddress,
    subject: m.subject,
    status: m.status as Status,
    transport: m.transport,
    providerMessageId: m.providerMessageId,
    error: m.error,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
    attachments: attachmentsJson(m),
  };
}

export function messageJson(m: MessageRow): z.infer<typeof MessageJson> {
  return { ...messageSummaryJson(m), textBody: m.textBody, htmlBody: m.htmlBody, data: m.data };
}

export function storefrontMessageSummaryJson(m: MessageRow): z.infer<typeof StorefrontMessageSummaryJson> {
  return {
    id: m.id,
    template: m.template,
    to: m.toAddress,
    subject: m.subject,
    status: m.status as Status,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
    attachments: attachmentsJson(m),
  };
}

export function storefrontMessageJson(m: MessageRow): z.infer<typeof StorefrontMessageJson> {
  return { ...storefrontMessageSummaryJson(m), textBody: m.textBody, htmlBody: m.htmlBody };
}
