import type { Deps } from "../deps.ts";

/** What a handler sees of its job. `attempts` counts this attempt (1 on the first run). */
export interface JobRecord {
  id: string;
  kind: string;
  key: string;
  tenantId: string | null;
  queue: string | null;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

/**
 * A module's handler for one job kind. Delivery is at least once (a worker may die after the
 * vendor call and before recording success), so `handle` must be idempotent on the job's key.
 * Throw PermanentJobError when retrying cannot help; any other error is retried with backoff.
 */
export interface JobHandler {
  kind: string;
  /** Attempts before the dead letter, unless the job itself was enqueued with maxAttempts. */
  maxAttempts?: number;
  handle(deps: Deps, job: JobRecord): Promise<unknown>;
}

/** Dead-letters the job at once (e.g. the vendor refused the request as invalid). */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

export const DEFAULT_MAX_ATTEMPTS = 8;

export const JOB_STATUSES = ["pending", "running", "done", "dead"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
