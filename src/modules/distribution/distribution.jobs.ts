/**
 * Job handlers of tenant-reseller copies (issue 6).
 *
 * subscription.changed — key: the first history record of the tenant's transaction (or
 * `backorder:<subscription>` for an activation); queue `subevents:<subscription>`, so one
 * subscription's events apply in commit order; payload SubscriptionChanged (state at commit).
 * account.changed — key: an event id; queue `accevents:<account>`; payload AccountChanged.
 * Idempotency: applying an event inserts its distribution_events row in the same transaction; a
 * redelivered or replayed event finds the row and changes nothing. Retries: any error is retried
 * with the outbox's backoff (e.g. a copy's parent not copied yet); a malformed payload is permanent.
 */
import type { Deps } from "../../deps.ts";
import { type JobHandler, type JobRecord, PermanentJobError } from "../../jobs/index.ts";
import { SUBSCRIPTION_CHANGED, type SubscriptionChanged } from "../subscriptions/index.ts";
import { ACCOUNT_CHANGED, type AccountChanged } from "../tenancy/index.ts";
import { applyAccountEvent } from "./apply-account-event.ts";
import { applySubscriptionEvent } from "./apply-subscription-event.ts";

const subscriptionChanged: JobHandler = {
  kind: SUBSCRIPTION_CHANGED,
  async handle(deps: Deps, job: JobRecord) {
    const event = job.payload as SubscriptionChanged;
    if (!event?.tenantId || !event.snapshot || !Array.isArray(event.history))
      throw new PermanentJobError(`job ${job.id}: not a subscription.changed event`);
    return { outcome: await applySubscriptionEvent(deps, event) };
  },
};

const accountChanged: JobHandler = {
  kind: ACCOUNT_CHANGED,
  async handle(deps: Deps, job: JobRecord) {
    const event = job.payload as AccountChanged;
    if (!event?.tenantId || !event.accountId)
      throw new PermanentJobError(`job ${job.id}: not an account.changed event`);
    return { outcome: await applyAccountEvent(deps, event, job.key) };
  },
};

export const distributionJobHandlers: readonly JobHandler[] = [subscriptionChanged, accountChanged];
