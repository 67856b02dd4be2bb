import type { z } from "zod";
import {
  CancellationRequestNoticeData,
  DocumentIssuedData,
  OrderConfirmationData,
  OrderNoticeData,
  ProvisioningFailedData,
  type RenderedEmail,
  type TemplateData,
  type TemplateName,
} from "../notifications.types.ts";
import { renderDocumentIssued } from "./document-issued.ts";
import {
  renderCancellationRequestCompleted,
  renderCancellationRequestRejected,
  renderCancellationRequestSubmitted,
  renderOrderApproved,
  renderOrderRejected,
  renderOrderWaitingForApproval,
  renderProvisioningFailed,
} from "./notices.ts";
import { renderOrderConfirmation } from "./order-confirmation.ts";

export interface RenderContext {
  /** PUBLIC_URL without a trailing slash: the base of relative links. */
  publicUrl: string;
}

interface Template<T extends TemplateName> {
  schema: z.ZodType<TemplateData[T]>;
  render(data: TemplateData[T], ctx: RenderContext): RenderedEmail;
}

/** The template registry: a template missing here is a compile error, not a runtime surprise. */
const TEMPLATES: { [T in TemplateName]: Template<T> } = {
  order_confirmation: { schema: OrderConfirmationData, render: renderOrderConfirmation },
  document_issued: { schema: DocumentIssuedData, render: renderDocumentIssued },
  // Issue 15: every string of these comes from the recipient language's catalogue (strings.en.ts).
  cancellation_request_submitted: {
    schema: CancellationRequestNoticeData,
    render: renderCancellationRequestSubmitted,
  },
  cancellation_request_completed: {
    schema: CancellationRequestNoticeData,
    render: renderCancellationRequestCompleted,
  },
  cancellation_request_rejected: {
    schema: CancellationRequestNoticeData,
    render: renderCancellationRequestRejected,
  },
  provisioning_failed: { schema: ProvisioningFailedData, render: renderProvisioningFailed },
  order_waiting_for_approval: { schema: OrderNoticeData, render: renderOrderWaitingForApproval },
  order_approved: { schema: OrderNoticeData, render: renderOrderApproved },
  order_rejected: { schema: OrderNoticeData, render: renderOrderRejected },
};

/**
 * Checks the data against the template's schema (a caller's bug throws here, inside its
 * transaction, so nothing is written) and renders subject, text and HTML.
 */
export function renderTemplate<T extends TemplateName>(
  template: T,
  data: unknown,
  ctx: RenderContext,
): { data: TemplateData[T]; email: RenderedEmail } {
  const entry = TEMPLATES[template] as Template<T> | undefined;
  if (!entry) throw new TypeError(`Unknown email template '${String(template)}'`);
  const parsed = entry.schema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "data"}: ${i.message}`).join("; ");
    throw new TypeError(`The data of email template '${template}' is invalid — ${problems}`);
  }
  return { data: parsed.data, email: entry.render(parsed.data, ctx) };
}
