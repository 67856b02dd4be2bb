import { z } from "zod";
import { Paging, sortParam } from "../../shared/paging.ts";

export const MESSAGE_STATUSES = ["queued", "sent", "failed"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** The job that delivers one message; its key is the message id. */
export const SEND_MESSAGE_JOB = "notifications.send";

/**
 * A link in an email: an absolute http(s) URL, or a path ("/store/acme/orders/ord_…") that is
 * resolved against PUBLIC_URL. Anything else (javascript:, mailto:) is refused: it lands in an href.
 */
const Link = z
  .string()
  .min(1)
  .max(2000)
  .refine(
    (v) => v.startsWith("/") || /^https?:\/\//i.test(v),
    "Use an http(s) URL or a path starting with /",
  );

/** R-ORD-10: the end customer's confirmation of a submitted order, with a link to its status page. */
export const OrderConfirmationData = z.object({
  orderId: z.string().min(1),
  orderNumber: z.union([z.number().int(), z.string().min(1)]),
  customerName: z.string().min(1).max(500),
  statusUrl: Link,
  lines: z.array(z.object({ name: z.string().min(1).max(500), quantity: z.number().int().min(0) })).min(1),
  /** R-DSH-02: null/absent for an order the reseller placed on the customer's behalf (no amount shown). */
  total: z
    .object({ currency: z.string().min(1), decimal: z.string().min(1) })
    .nullable()
    .optional(),
  /** The customer's language: the total is formatted in its locale (src/shared/format.ts localeOf). */
  language: z.string().min(2).max(20).optional(),
});
export type OrderConfirmationData = z.infer<typeof OrderConfirmationData>;

/** R-DOC-03: an issued invoice or credit note; dates and total already formatted for people. */
export const DocumentIssuedData = z.object({
  documentId: z.string().min(1),
  kind: z.enum(["invoice", "credit_note"]),
  number: z.string().min(1),
  issueDate: z.string().min(1),
  dueDate: z.string().min(1).nullable().optional(),
  total: z.string().min(1),
  sellerName: z.string().min(1).max(500),
  customerName: z.string().min(1).max(500),
  recipientName: z.string().min(1).max(500),
  filename: z.string().min(1).max(200),
});
export type DocumentIssuedData = z.infer<typeof DocumentIssuedData>;
/**
 * Issue 15's notices share a frame: the recipient's language (a string catalogue, default "en"),
 * the name to greet and the link to the page the notice is about.
 */
const Notice = {
  language: z.string().min(2).max(20).default("en"),
  recipientName: z.string().min(1).max(500),
  link: Link,
};
const Name = z.string().min(1).max(500);

/** R-CRQ-02/03: a cancellation request submitted (to the responsible user), completed or rejected (to the customer). */
export const CancellationRequestNoticeData = z.object({
  ...Notice,
  requestId: z.string().min(1),
  subscriptionName: Name,
  customerName: Name,
  addonName: Name.nullable(),
  /** Licences to cancel; null = all (`totalQuantity`). */
  quantity: z.number().int().min(1).nullable(),
  totalQuantity: z.number().int().min(0),
  mode: z.enum(["immediate", "end_of_billing_period"]),
  instructions: z.string().max(2000).nullable(),
  submittedBy: z.string().max(500).nullable(),
  submittedAt: z.string().min(1),
  effectiveDate: z.string().nullable().default(null),
  reason: z.string().max(2000).nullable().default(null),
});
export type CancellationRequestNoticeData = z.input<typeof CancellationRequestNoticeData>;

/** R-PRV-01: a vendor refused a change — to the responsible user, with the vendor's reason. */
export const ProvisioningFailedData = z.object({
  ...Notice,
  subscriptionId: z.string().min(1),
  subscriptionName: Name,
  customerName: Name,
  reason: z.string().min(1).max(4000),
});
export type ProvisioningFailedData = z.input<typeof ProvisioningFailedData>;

/** R-ORD-09: an order waits for the reseller's approval; approved / rejected: to the customer. */
export const OrderNoticeData = z.object({
  ...Notice,
  orderId: z.string().min(1),
  orderNumber: z.union([z.number().int(), z.string().min(1)]),
  customerName: Name,
  reason: z.string().max(2000).nullable().default(null),
});
export type OrderNoticeData = z.input<typeof OrderNoticeData>;

/** Every template and the data it renders from; adding a template = one entry here + one render file. */
export interface TemplateData {
  order_confirmation: OrderConfirmationData;
  document_issued: DocumentIssuedData;
  cancellation_request_submitted: CancellationRequestNoticeData;
  cancellation_request_completed: CancellationRequestNoticeData;
  cancellation_request_rejected: CancellationRequestNoticeData;
  provisioning_failed: ProvisioningFailedData;
  order_waiting_for_approval: OrderNoticeData;
  order_approved: OrderNoticeData;
  order_rejected: OrderNoticeData;
}
export type TemplateName = keyof TemplateData;
export const TEMPLATE_NAMES = [
  "order_confirmation",
  "document_issued",
  "cancellation_request_submitted",
  "cancellation_request_completed",
  "cancellation_request_rejected",
  "provisioning_failed",
  "order_waiting_for_approval",
  "order_approved",
  "order_rejected",
] as const satisfies readonly TemplateName[];

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** What a use case passes to enqueueEmail: the template's name decides the shape of `data`. */
export type EnqueueEmailInput = {
  [T in TemplateName]: {
    tenantId: string;
    /** Business key, unique per tenant: the same key twice is one email (e.g. "order-confirmation:ord_…"). */
    key: string;
    to: string;
    template: T;
    data: TemplateData[T];
    /** Files sent with the email, stored as these exact bytes (a retry sends the same file). */
    attachments?: readonly EmailAttachment[];
  };
}[TemplateName];

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export const Recipient = z.string().trim().min(3).max(320).pipe(z.email());

/** Mailbox orders (`-createdAt`, newest first, without one). */
export const MESSAGE_SORTS = ["createdAt", "subject", "to", "template", "status"] as const;
export const ListMessagesQuery = z.strictObject({
  sort: sortParam(MESSAGE_SORTS),
  to: z.string().trim().min(1).max(320).optional(),
  template: z.enum(TEMPLATE_NAMES).optional(),
  status: z.enum(MESSAGE_STATUSES).optional(),
  ...Paging,
});
export type ListMessagesQuery = z.infer<typeof ListMessagesQuery>;
