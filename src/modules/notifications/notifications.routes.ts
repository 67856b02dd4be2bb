import type { FastifyReply } from "fastify";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss, requireStorefront } from "../../http/auth.ts";
import { getAttachment, getMessage, getMyMessage } from "./get-message.ts";
import { listMessages, listMyMessages } from "./list-messages.ts";
import {
  MessageJson,
  MessageSummaryJson,
  messageJson,
  messageSummaryJson,
  StorefrontMessageJson,
  StorefrontMessageSummaryJson,
  storefrontMessageJson,
  storefrontMessageSummaryJson,
} from "./message.view.ts";
import { ListMessagesQuery } from "./notifications.types.ts";

/**
 * The mailbox of sent emails. BSS: every email of the tenant, for admins and clerks (emails carry
 * customers' names and orders; viewers do not need them). Storefront: a user's own emails.
 */
const IdParams = z.strictObject({ id: z.string().min(1).max(100) });
const AttachmentParams = z.strictObject({
  id: z.string().min(1).max(100),
  attachmentId: z.string().min(1).max(100),
});
/** An attachment's bytes as a download (never rendered inline: it is a customer's file). */
const download = (reply: FastifyReply, a: { filename: string; contentType: string; content: Uint8Array }) =>
  reply
    .type(a.contentType)
    .header("Content-Disposition", `attachment; filename="${a.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`)
    .header("Cache-Control", "private, no-store")
    .send(Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength));
const MyMessagesQuery = ListMessagesQuery.omit({ to: true });

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });

export function registerNotificationRoutes(app: App, deps: Deps): void {
  const bss = ["bss: messages"];
  const storefront = ["storefront: messages"];

  app.get(
    "/api/bss/messages",
    {
      schema: {
        tags: bss,
        summary: "List the tenant's emails, newest first (filter by to, template, status; sort; page)",
        querystring: ListMessagesQuery,
        response: { 200: page(MessageSummaryJson) },
      },
    },
    async (request) => {
      const result = await listMessages(deps, requireBss(request, "clerk"), request.query);
      return { ...result, items: result.items.map(messageSummaryJson) };
    },
  );

  app.get(
    "/api/bss/messages/:id",
    {
      schema: {
        tags: bss,
        summary: "One email with its text and HTML body, delivery status and last error",
        params: IdParams,
        response: { 200: MessageJson },
      },
    },
    async (request) => messageJson(await getMessage(deps, requireBss(request, "clerk"), request.params.id)),
  );

  app.get(
    "/api/bss/messages/:id/attachments/:attachmentId",
    {
      schema: {
        tags: bss,
        summary: "Download a file sent with an email (e.g. an invoice's PDF)",
        params: AttachmentParams,
        produces: ["application/octet-stream"],
      },
    },
    async (request, reply) =>
      download(
        reply,
        await getAttachment(
          deps,
          requireBss(request, "clerk"),
          request.params.id,
          request.params.attachmentId,
        ),
      ),
  );

  app.get(
    "/api/storefront/messages/:id/attachments/:attachmentId",
    {
      schema: {
        tags: storefront,
        summary: "Download a file sent with one of the signed-in user's emails",
        params: AttachmentParams,
        produces: ["application/octet-stream"],
      },
    },
    async (request, reply) =>
      download(
        reply,
        await getAttachment(deps, requireStorefront(request), request.params.id, request.params.attachmentId),
      ),
  );

  app.get(
    "/api/storefront/messages",
    {
      schema: {
        tags: storefront,
        summary: "List the emails sent to the signed-in user's address, newest first",
        querystring: MyMessagesQuery,
        response: { 200: page(StorefrontMessageSummaryJson) },
      },
    },
    async (request) => {
      const result = await listMyMessages(deps, requireStorefront(request), request.query);
      return { ...result, items: result.items.map(storefrontMessageSummaryJson) };
    },
  );

  app.get(
    "/api/storefront/messages/:id",
    {
      schema: {
        tags: storefront,
        summary: "One email sent to the signed-in user's address, with its body",
        params: IdParams,
        response: { 200: StorefrontMessageJson },
      },
    },
    async (request) =>
      storefrontMessageJson(await getMyMessage(deps, requireStorefront(request), request.params.id)),
  );
}
