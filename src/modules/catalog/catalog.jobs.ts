/**
 * Job handlers of the catalog.
 *
 * catalog.get_services_definition — key: the run id; payload { runId }.
 * Idempotency: a succeeded run is final, so a duplicate delivery returns at once. A failed or
 * interrupted run is executed again from scratch: it re-reads the catalogue and writes only the
 * differences, all in one transaction (R-CAT-01), so a retry never duplicates or half-writes.
 * Retries: a definition the catalogue refuses (invalid data, a SKU or code owned by something
 * else, a cyclic upgrade path — an AppError) cannot succeed on retry: PermanentJobError, the run
 * stays failed with the reason in its log. Anything else (database unavailable, …) is retried
 * with the outbox's backoff, at most 3 attempts.
 */
import type { Deps } from "../../deps.ts";
import { type JobHandler, type JobRecord, PermanentJobError } from "../../jobs/index.ts";
import { AppError } from "../../shared/errors.ts";
import { executeServicesDefinitionRun } from "./execute-services-definition-run.ts";
import { GET_SERVICES_DEFINITION_JOB } from "./request-services-definition.ts";

const getServicesDefinitionHandler: JobHandler = {
  kind: GET_SERVICES_DEFINITION_JOB,
  maxAttempts: 3,
  async handle(deps: Deps, job: JobRecord) {
    const runId = (job.payload as { runId?: unknown } | null)?.runId;
    if (typeof runId !== "string") throw new PermanentJobError(`job ${job.id} has no runId in its payload`);
    try {
      const run = await executeServicesDefinitionRun(deps, runId, undefined, { rethrow: true });
      return { runId, status: run.status, summary: run.summary };
    } catch (e) {
      if (e instanceof AppError) throw new PermanentJobError(e.message, { cause: e });
      throw e;
    }
  },
};

export const catalogJobHandlers: JobHandler[] = [getServicesDefinitionHandler];
