/**
 * The outbox's public API. Modules import enqueueJob and the handler types from here.
 * The registry (registry.ts) and the CLI entry (worker-process.ts) are deliberately not
 * re-exported: they import every module, and modules import this file (an import cycle).
 */
export { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffMs, seededRandom } from "./backoff.ts";
export { countOpenJobs, type EnqueueInput, enqueueJob } from "./jobs.repo.ts";
export {
  DEFAULT_MAX_ATTEMPTS,
  type JobHandler,
  type JobRecord,
  type JobStatus,
  PermanentJobError,
} from "./jobs.types.ts";
export { type DrainOptions, drainJobs, startWorker, type Worker, type WorkerOptions } from "./worker.ts";
