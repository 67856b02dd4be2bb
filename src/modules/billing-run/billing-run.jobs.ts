/**
 * Job handlers of the billing run.
 *
 * billing.run — key: the run id (API) or `daily:<tenant>:<date>` (the worker's daily run);
 * payload { tenantId, date, runId?, trigger }.
 * Idempotency: the run is exactly-once by the ledger's constraints and the subscriptions' state,
 * so a redelivered or retried job re-runs the day and creates nothing twice (a rerun after a
 * crash completes what the first attempt left). Retries: any error is retried with the outbox's
 * backoff, at most 3 attempts; each attempt is recorded as a billing run.
 */
import type { Deps } from "../../deps.ts";
import { type JobHandler, type JobRecord, PermanentJobError } from "../../jobs/index.ts";
import { parseDate } from "../../shared/dates.ts";
import { defaultLanes, runBillingDay } from "./run-billing-day.ts";

export const BILLING_RUN_JOB = "billing.run";

interface Payload {
  tenantId?: unknown;
  date?: unknown;
  runId?: unknown;
  trigger?: unknown;
}

const billingRunHandler: JobHandler = {
  kind: BILLING_RUN_JOB,
  maxAttempts: 3,
  async handle(deps: Deps, job: JobRecord) {
    const p = (job.payload ?? {}) as Payload;
    if (typeof p.tenantId !== "string" || typeof p.date !== "string")
      throw new PermanentJobError(`job ${job.id} needs tenantId and date in its payload`);
    // The first attempt uses the id the API returned, so the caller polls the run it was given.
    const runId = typeof p.runId === "string" && job.attempts <= 1 ? p.runId : undefined;
    const run = await runBillingDay(deps, {
      tenantId: p.tenantId,
      date: parseDate(p.date),
      trigger: p.trigger === "worker" ? "worker" : "api",
      lanes: defaultLanes(deps),
      ...(runId ? { runId } : {}),
    });
    return { runId: run.id, charges: run.chargesCreated, documents: run.documentsCreated };
  },
};

export const billingRunJobHandlers: JobHandler[] = [billingRunHandler];
