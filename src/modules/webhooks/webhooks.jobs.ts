/**
 * Job handlers of webhooks.
 *
 * webhooks.deliver — key `<deliveryId>:<attempt>`; payload { deliveryId, attempt }; tenant: the
 * delivery's. One job per HTTP attempt: a failed attempt (non-2xx, network error, timeout,
 * refused address) is logged and the next attempt is enqueued as a new job at the time the
 * delivery's own schedule says (5 s … 10 h, RETRY_DELAYS_MS); the job itself succeeds. Only a
 * failure to reach our database throws, and the outbox retries that with its own backoff.
 * No queue: deliveries run in parallel, so a slow endpoint holds up only its own attempts.
 */
import type { Deps } from "../../deps.ts";
import { type JobHandler, type JobRecord, PermanentJobError } from "../../jobs/index.ts";
import { deliverWebhook } from "./deliver-webhook.ts";
import { DELIVER_WEBHOOK_JOB } from "./webhooks.types.ts";

const deliverHandler: JobHandler = {
  kind: DELIVER_WEBHOOK_JOB,
  async handle(deps: Deps, job: JobRecord) {
    const payload = job.payload as { deliveryId?: unknown; attempt?: unknown } | null;
    if (!job.tenantId || typeof payload?.deliveryId !== "string" || !Number.isInteger(payload.attempt))
      throw new PermanentJobError(`job ${job.id} has no tenant, deliveryId or attempt`);
    return deliverWebhook(deps, job.tenantId, {
      deliveryId: payload.deliveryId,
      attempt: payload.attempt as number,
    });
  },
};

export const webhookJobHandlers: JobHandler[] = [deliverHandler];
