import type { Deps } from "../deps.ts";
import type { JobHandler } from "./jobs.types.ts";
import { jobHandlers } from "./registry.ts";
import { startWorker } from "./worker.ts";

/**
 * `openbss worker`: runs the outbox worker with every module's handlers until SIGINT/SIGTERM,
 * then finishes the jobs in flight and resolves (the caller closes the database). A second
 * signal while draining exits at once; unfinished jobs are reclaimed when their lease expires.
 */
export async function runWorkerProcess(
  deps: Deps,
  handlers: readonly JobHandler[] = jobHandlers,
): Promise<void> {
  const worker = startWorker(deps, handlers);
  const log = deps.log.child({ component: "jobs", workerId: worker.workerId });
  log.info(
    {
      kinds: handlers.map((h) => h.kind),
      pollMs: deps.config.WORKER_POLL_MS,
      batch: deps.config.WORKER_BATCH,
      leaseSeconds: deps.config.JOB_LEASE_SECONDS,
    },
    "worker started",
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (received: NodeJS.Signals) => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      resolve(received);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  const force = (again: NodeJS.Signals) => {
    log.warn({ signal: again }, "second signal: exiting without waiting for jobs in flight");
    process.exit(130);
  };
  process.once("SIGINT", force);
  process.once("SIGTERM", force);
  log.info({ signal }, "worker stopping: finishing jobs in flight");
  try {
    await worker.stop();
  } finally {
    process.off("SIGINT", force);
    process.off("SIGTERM", force);
  }
  log.info("worker stopped");
}
