import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { performance } from "node:perf_hooks";
import type { Deps } from "../deps.ts";
import type { Logger } from "../shared/log.ts";
import { backoffMs } from "./backoff.ts";
import { type ClaimedJob, claimJobs, completeJob, extendLease, failJob } from "./jobs.repo.ts";
import { DEFAULT_MAX_ATTEMPTS, type JobHandler, type JobRecord, PermanentJobError } from "./jobs.types.ts";

/**
 * The worker: claim (one short transaction, committed), run the handler outside any
 * transaction (it may call a vendor), then record the outcome guarded by the claim token.
 * Delivery is at least once; exactly-once effects come from idempotent handlers.
 */

export type JobOutcome = "done" | "retry" | "dead" | "lost";

export function indexHandlers(handlers: readonly JobHandler[]): ReadonlyMap<string, JobHandler> {
  const byKind = new Map<string, JobHandler>();
  for (const h of handlers) {
    if (byKind.has(h.kind)) throw new Error(`Two job handlers for kind '${h.kind}'`);
    byKind.set(h.kind, h);
  }
  return byKind;
}

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

export interface RunContext {
  deps: Deps;
  handlers: ReadonlyMap<string, JobHandler>;
  leaseSeconds: number;
  log: Logger;
  random?: () => number;
}

/** Runs one claimed job to its recorded outcome. Never throws (failures are logged). */
export async function runClaimedJob(ctx: RunContext, claim: ClaimedJob): Promise<JobOutcome> {
  const { deps, log } = ctx;
  const handler = ctx.handlers.get(claim.kind);
  const maxAttempts = claim.maxAttempts ?? handler?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const fields = { jobId: claim.id, kind: claim.kind, attempt: claim.attempts, maxAttempts };
  const started = performance.now();
  const durationMs = () => Math.round((performance.now() - started) * 10) / 10;
  // Half the lease: a job that outlives one beat still holds a lease when the next one lands.
  const heartbeat = setInterval(
    () => {
      extendLease(deps.db, claim, ctx.leaseSeconds).catch((err) =>
        log.warn({ ...fields, err }, "lease renewal failed"),
      );
    },
    (ctx.leaseSeconds * 1000) / 2,
  );
  heartbeat.unref();

  let error: unknown;
  let result: unknown;
  let failed = false;
  try {
    if (!handler) throw new PermanentJobError(`No handler is registered for job kind '${claim.kind}'`);
    // Attempts count claims, so more claims than the budget means earlier attempts died without
    // recording an outcome (a crash, an OOM kill): stop re-running a job that kills its worker.
    if (claim.attempts > maxAttempts)
      throw new PermanentJobError(
        `Attempt ${claim.attempts} exceeds the budget of ${maxAttempts}: earlier attempts ended without an outcome (worker lost)`,
      );
    const record: JobRecord = {
      id: claim.id,
      kind: claim.kind,
      key: claim.key,
      tenantId: claim.tenantId,
      queue: claim.queue,
      payload: claim.payload,
      attempts: claim.attempts,
      maxAttempts,
    };
    result = await handler.handle(deps, record);
  } catch (e) {
    failed = true;
    error = e;
  } finally {
    clearInterval(heartbeat);
  }

  try {
    if (!failed) {
      if (await completeJob(deps.db, claim, result)) {
        log.info({ ...fields, durationMs: durationMs() }, "job done");
        return "done";
      }
      log.warn(
        { ...fields, durationMs: durationMs() },
        "job finished after its lease was taken over; result dropped",
      );
      return "lost";
    }
    const permanent = error instanceof PermanentJobError;
    const dead = permanent || claim.attempts >= maxAttempts;
    const retryInMs = dead ? null : backoffMs(claim.attempts, ctx.random);
    const message = errorMessage(error);
    if (!(await failJob(deps.db, claim, { error: message, retryInMs, maxAttempts }))) {
      log.warn(
        { ...fields, durationMs: durationMs(), error: message },
        "job failed after its lease was taken over",
      );
      return "lost";
    }
    if (dead) {
      log.error({ ...fields, durationMs: durationMs(), err: error, permanent }, "job dead-lettered");
      return "dead";
    }
    log.warn({ ...fields, durationMs: durationMs(), err: error, retryInMs }, "job failed; will retry");
    return "retry";
  } catch (e) {
    // The database is unreachable: the lease will expire and another attempt will follow.
    log.error({ ...fields, err: e }, "could not record the job's outcome");
    return "lost";
  }
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.name && e.name !== "Error" ? `${e.name}: ${e.message}` : e.message;
  return String(e);
}

export interface DrainOptions {
  maxJobs?: number;
  includeDelayed?: boolean;
}

/**
 * Runs due jobs one by one until none remain (tests, the CLI, the manual clock's "advance");
 * returns how many ran. Call it outside any transaction (PGlite would deadlock, stack-traps #2).
 * A retry scheduled in the future is not due, so the loop ends unless includeDelayed is set;
 * with it, a transiently failing job runs until it succeeds or is dead-lettered.
 */
export async function drainJobs(
  deps: Deps,
  handlers: readonly JobHandler[],
  opts: DrainOptions = {},
): Promise<number> {
  const ctx: RunContext = {
    deps,
    handlers: indexHandlers(handlers),
    leaseSeconds: deps.config.JOB_LEASE_SECONDS,
    log: deps.log.child({ component: "jobs" }),
  };
  const workerId = `drain:${defaultWorkerId()}`;
  const max = opts.maxJobs ?? Number.POSITIVE_INFINITY;
  let ran = 0;
  while (ran < max) {
    const limit = Math.min(deps.config.WORKER_BATCH, max - ran);
    const claimed = await claimJobs(deps.db, {
      workerId,
      limit,
      leaseSeconds: ctx.leaseSeconds,
      includeDelayed: opts.includeDelayed ?? false,
    });
    if (claimed.length === 0) break;
    for (const claim of claimed) {
      await runClaimedJob(ctx, claim);
      ran += 1;
    }
  }
  return ran;
}

export interface WorkerOptions {
  workerId?: string;
  pollMs?: number;
  batch?: number;
  concurrency?: number;
}

export interface Worker {
  stop(): Promise<void>;
  readonly workerId: string;
}

/**
 * Polls for due jobs and runs up to `concurrency` at once. It polls again at once while claims
 * come back full, sleeps `pollMs` when the table is drained, and wakes early when a slot frees.
 * stop() stops claiming and resolves when the jobs in flight have finished.
 */
export function startWorker(deps: Deps, handlers: readonly JobHandler[], opts: WorkerOptions = {}): Worker {
  const workerId = opts.workerId ?? defaultWorkerId();
  const pollMs = opts.pollMs ?? deps.config.WORKER_POLL_MS;
  const batch = opts.batch ?? deps.config.WORKER_BATCH;
  const concurrency = opts.concurrency ?? batch;
  const log = deps.log.child({ component: "jobs", workerId });
  const ctx: RunContext = {
    deps,
    handlers: indexHandlers(handlers),
    leaseSeconds: deps.config.JOB_LEASE_SECONDS,
    log,
  };
  const inFlight = new Set<Promise<unknown>>();
  let stopping = false;
  let wake: (() => void) | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake = done;
    });

  const loop = (async () => {
    while (!stopping) {
      const want = Math.min(batch, concurrency - inFlight.size);
      let full = false;
      if (want > 0) {
        try {
          const claimed = await claimJobs(deps.db, { workerId, limit: want, leaseSeconds: ctx.leaseSeconds });
          for (const claim of claimed) {
            const run: Promise<unknown> = runClaimedJob(ctx, claim).finally(() => {
              inFlight.delete(run);
              wake?.();
            });
            inFlight.add(run);
          }
          full = claimed.length === want;
        } catch (err) {
          log.error({ err }, "claiming jobs failed; retrying after the poll interval");
        }
      }
      if (stopping) break;
      if (!full || inFlight.size >= concurrency) await sleep(pollMs);
    }
    await Promise.allSettled([...inFlight]);
  })();

  return {
    workerId,
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
