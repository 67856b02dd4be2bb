import type { Deps } from "../../deps.ts";
import { enqueueJob } from "../../jobs/index.ts";
import { transaction } from "../../shared/db.ts";
import { RECONCILE_JOB } from "./provisioning.types.ts";

/**
 * The periodic drift check from the worker (system clock, like the daily billing run): every
 * interval one `provisioning.reconcile` job keyed by its time slot — the outbox keeps one job per
 * key, so several processes enqueueing the same slot make one check.
 */
export function startDriftReconcile(deps: Deps, everyMinutes = deps.config.PROVISIONING_RECONCILE_MINUTES) {
  if (everyMinutes <= 0) return { stop() {} };
  const everyMs = everyMinutes * 60_000;
  const tick = () => {
    const slot = Math.floor(Date.now() / everyMs);
    transaction(deps.db, (tx) =>
      enqueueJob(tx, deps.ids, { kind: RECONCILE_JOB, key: `reconcile:${slot}`, payload: {} }),
    ).catch((e) => deps.log.error({ err: e }, "could not enqueue the drift check"));
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Enqueues a drift check of one tenant now (the API's "check now"). */
export async function requestDriftCheck(deps: Deps, tenantId: string): Promise<{ jobId: string }> {
  const { id } = await transaction(deps.db, (tx) =>
    enqueueJob(tx, deps.ids, {
      kind: RECONCILE_JOB,
      key: `reconcile:${tenantId}:${deps.ids.next("job")}`,
      tenantId,
      payload: { tenantId },
    }),
  );
  return { jobId: id };
}
