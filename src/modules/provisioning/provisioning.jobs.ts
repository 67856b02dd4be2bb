/**
 * provisioning.sync — key: `<subscriptionId>:<request id>` (one job per change), queue
 * `prov:<subscriptionId>` (a subscription's jobs run one at a time, in order). Idempotent: the
 * handler reads the subscription as it is NOW and sends target states (licences = N, plan = X),
 * and a create whose answer was lost is reconciled by admin email before it is sent again, so a
 * repeat after a crash or a lost answer changes nothing twice. Retry: a vendor refusal is an
 * outcome (sync Failed with the vendor's text), not a job failure; transient, rate-limit and
 * lost-answer errors are thrown and retried with the outbox's backoff, up to 25 attempts.
 *
 * provisioning.reconcile — key: `reconcile:<slot>` (system job, one per interval). Read-only at
 * the vendor; re-running it re-checks every Synchronized subscription (drift, part 4).
 */
import type { JobHandler } from "../../jobs/index.ts";
import { PROVISIONING_JOB, type ProvisioningJobPayload, RECONCILE_JOB } from "./provisioning.types.ts";
import { reconcileDrift } from "./reconcile-drift.ts";
import { runProvisioning } from "./run-provisioning.ts";

export const provisioningJobHandlers: readonly JobHandler[] = [
  {
    kind: PROVISIONING_JOB,
    maxAttempts: 25,
    async handle(deps, job) {
      if (!job.tenantId) throw new Error("A provisioning job needs a tenant");
      return runProvisioning(deps, job.tenantId, job.payload as ProvisioningJobPayload);
    },
  },
  {
    kind: RECONCILE_JOB,
    maxAttempts: 3,
    async handle(deps, job) {
      const tenantId = (job.payload as { tenantId?: string } | null)?.tenantId;
      return reconcileDrift(deps, tenantId ? { tenantId } : {});
    },
  },
];
