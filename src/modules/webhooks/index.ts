/** The webhooks module's public API: the only file other modules import. */
export { emitWebhookEvent, type WebhookEventInput } from "./emit-webhook-event.ts";
export { webhookJobHandlers } from "./webhooks.jobs.ts";
export { registerWebhookRoutes } from "./webhooks.routes.ts";
export {
  isPublicAddress,
  MAX_DELIVERY_ATTEMPTS,
  RETRY_DELAYS_MS,
  signWebhook,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from "./webhooks.rules.ts";
export { DELIVER_WEBHOOK_JOB } from "./webhooks.types.ts";
