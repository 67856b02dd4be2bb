import type { Deps } from "../../deps.ts";
import { enqueueJob } from "../../jobs/index.ts";
import { transaction } from "../../shared/db.ts";
import { listAllTenants } from "../tenancy/index.ts";
import { BILLING_RUN_JOB } from "./billing-run.jobs.ts";

/**
 * The daily billing run from the worker (system clock): every minute, each tenant's run for its
 * today is enqueued with the key `daily:<tenant>:<date>` — the outbox keeps one job per key, so
 * however many processes tick, each tenant is billed once per day, and a day the process was down
 * is billed by the next day's run (the run bills everything due up to its date). The manual
 * (sandbox) clock bills days when it is advanced instead.
 */
export async function enqueueDailyRuns(deps: Deps): Promise<number> {
  if (deps.clock.kind !== "system") return 0;
  let created = 0;
  for (const tenant of await listAllTenants(deps.db)) {
    const date = deps.clock.today(tenant.timeZone).toString();
    const job = await transaction(deps.db, (tx) =>
      enqueueJob(tx, deps.ids, {
        kind: BILLING_RUN_JOB,
        key: `daily:${tenant.id}:${date}`,
        tenantId: tenant.id,
        queue: `billing:${tenant.id}`,
        payload: { tenantId: tenant.id, date, trigger: "worker" },
      }),
    );
    if (job.created) created++;
  }
  return created;
}

export function startDailyBilling(deps: Deps, everyMs = 60_000): { stop(): void } {
  const tick = () =>
    enqueueDailyRuns(deps).catch((e: unknown) =>
      deps.log.error({ err: e }, "could not enqueue the daily billing runs"),
    );
  void tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
