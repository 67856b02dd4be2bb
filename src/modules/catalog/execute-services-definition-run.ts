import type { Deps } from "../../deps.ts";
import { ServicesDefinition } from "../../service-managers/services-definition.ts";
import { transaction } from "../../shared/db.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import { runStates } from "./catalog.states.ts";
import { planSync, type SyncSummary } from "./catalog.sync.ts";
import { applySyncPlan, loadSyncState } from "./definition-sync.repo.ts";
import { type RunView, toRunView } from "./get-service-manager-run.ts";
import {
  findInstance,
  findRunForUpdate,
  lockInstance,
  type RunLogEntry,
  updateRun,
} from "./service-managers.repo.ts";

export type ProgressFn = (progress: { done: number; total: number; message: string }) => void;

const STEPS = 5;

/**
 * Get Services Definition (R-CAT-01), the work half: fetches the vendor's definition (outside
 * any transaction), then plans and applies the differences and marks the run succeeded in ONE
 * transaction — a failure leaves the catalogue untouched and the run failed with the error in
 * its log. Idempotent: a succeeded run is returned as it is; a second run of the same
 * definition writes nothing (definitionHash per product). Progress and log are written as it
 * goes (the steps before the write are visible at once, the rest at commit) and reported to
 * `onProgress` (the CLI's progress bar).
 * With `rethrow`, a failure is thrown after it is recorded (the job handler decides on retries).
 */
export async function executeServicesDefinitionRun(
  deps: Deps,
  runId: string,
  onProgress?: ProgressFn,
  options: { rethrow?: boolean } = {},
): Promise<RunView> {
  const log: RunLogEntry[] = [];
  const entry = (level: RunLogEntry["level"], message: string) => {
    log.push({ at: deps.clock.now().toISOString(), level, message });
  };
  const claimed = await transaction(deps.db, async (tx) => {
    const run = await findRunForUpdate(tx, runId);
    if (!run) throw notFound("Service manager run", runId);
    if (run.status === "succeeded") return { run, skip: true };
    runStates.assertTransition(run.status as "queued", "running");
    log.push(...((run.log as RunLogEntry[]) ?? []));
    entry(
      "info",
      run.status === "queued"
        ? "Started"
        : `Started again (the previous attempt ${run.status === "failed" ? "failed" : "was interrupted"})`,
    );
    const started = await updateRun(tx, runId, {
      status: "running",
      startedAt: deps.clock.now(),
      finishedAt: null,
      error: null,
      progressDone: 0,
      progressTotal: STEPS,
      log,
    });
    return { run: started, skip: false };
  });
  if (claimed.skip) return toRunView(claimed.run);
  const run = claimed.run;
  let done = 0;
  const step = async (tx: Parameters<typeof updateRun>[0], message: string) => {
    done += 1;
    entry("info", message);
    onProgress?.({ done, total: STEPS, message });
    await updateRun(tx, runId, { progressDone: done, log });
  };

  try {
    const instance = await findInstance(deps.db, run.tenantId, run.instanceId);
    if (!instance) throw notFound("Service manager", run.instanceId);
    const manager = deps.serviceManagers.find(instance.vendor);
    if (!manager)
      throw new AppError("unavailable", `No service manager for vendor "${instance.vendor}" is installed.`);
    const raw = await manager.getServicesDefinition();
    await step(deps.db, `Fetched the services definition from ${manager.displayName}`);
    const parsed = ServicesDefinition.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join(".")}: ${i.message}`);
      throw new AppError("validation_failed", `The services definition is invalid: ${issues.join("; ")}`, {
        issues,
      });
    }
    const def = parsed.data;
    const productCount = def.productTypes.reduce((n, t) => n + t.products.length, 0);
    await step(
      deps.db,
      `Validated definition ${def.vendor} ${def.version}: ${def.productTypes.length} product types, ${productCount} products`,
    );

    const finished = await transaction(deps.db, async (tx) => {
      await lockInstance(tx, run.tenantId, run.instanceId); // one sync per instance at a time
      const current = await loadSyncState(
        tx,
        run.tenantId,
        run.instanceId,
        def.productTypes.map((t) => t.code),
        def.productTypes.flatMap((t) => t.products.map((p) => p.sku)),
        def.productTypes.flatMap((t) => t.exclusiveSets.map((s) => s.code)),
      );
      const plan = planSync(def, current, { instanceId: run.instanceId, newId: (p) => deps.ids.next(p) });
      await step(tx, `Compared with the catalogue: ${describe(plan.summary)}`);
      await applySyncPlan(tx, run.tenantId, run.instanceId, plan, deps.clock.now());
      await step(tx, "Wrote the changes");
      done += 1;
      entry("info", "Finished");
      onProgress?.({ done, total: STEPS, message: "Finished" });
      return updateRun(tx, runId, {
        status: "succeeded",
        summary: plan.summary,
        progressDone: done,
        log,
        finishedAt: deps.clock.now(),
      });
    });
    return toRunView(finished);
  } catch (e) {
    const message =
      e instanceof AppError ? e.message : `Unexpected error: ${(e as Error).message ?? String(e)}`;
    if (!(e instanceof AppError)) deps.log.error({ err: e, runId }, "Get Services Definition failed");
    entry("error", message);
    const failed = await updateRun(deps.db, runId, {
      status: "failed",
      error: message,
      log,
      finishedAt: deps.clock.now(),
    });
    if (options.rethrow) throw e;
    return toRunView(failed);
  }
}

function describe(s: SyncSummary): string {
  return (Object.entries(s) as [string, SyncSummary["products"]][])
    .map(
      ([k, c]) =>
        `${k} ${c.created} new, ${c.updated} changed, ${c.unchanged} unchanged, ${c.retired} retired`,
    )
    .join("; ");
}
