/** The notifications module's public API: the only file other modules import. */
export { enqueueEmail } from "./enqueue-email.ts";
export { getMessage, getMyMessage } from "./get-message.ts";
export { publicUrl } from "./links.ts";
export { listMessages, listMyMessages } from "./list-messages.ts";
export { createMailer, type Mailer } from "./mailer.ts";
export { notificationJobHandlers } from "./notifications.jobs.ts";
export type { MessageRow as Message } from "./notifications.repo.ts";
export {
  type CancellationRequestNoticeData,
  type EnqueueEmailInput,
  MESSAGE_STATUSES,
  type MessageStatus,
  type OrderConfirmationData,
  type OrderNoticeData,
  type ProvisioningFailedData,
  SEND_MESSAGE_JOB,
  TEMPLATE_NAMES,
  type TemplateName,
} from "./notifications.types.ts";
export { type SendOutcome, sendMessage } from "./send-message.ts";
export { languages, registerCatalogue } from "./templates/strings.ts";
