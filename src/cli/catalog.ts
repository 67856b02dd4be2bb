import cliProgress from "cli-progress";
import type { Deps } from "../deps.ts";
import { drainJobs } from "../jobs/index.ts";
import { jobHandlers } from "../jobs/registry.ts";
import {
  ensureServiceManagerInstance,
  executeServicesDefinitionRun,
  requestServicesDefinition,
} from "../modules/catalog/index.ts";
import { findTenantBySlug } from "../modules/tenancy/index.ts";
import { AppError } from "../shared/errors.ts";

/**
 * `openbss catalog get-services-definition`: the same run the API starts (a run row and its
 * outbox job), executed here in the foreground with a progress bar; the job then finds the run
 * finished and completes without doing anything again.
 */
export async function syncCatalogFromCli(
  deps: Deps,
  opts: { tenant: string; vendor: string },
): Promise<void> {
  const tenant = await findTenantBySlug(deps.db, opts.tenant);
  if (!tenant) throw new AppError("not_found", `No tenant with slug "${opts.tenant}"`);
  const { instance } = await ensureServiceManagerInstance(deps, tenant.id, opts.vendor);
  const requested = await requestServicesDefinition(deps, { tenantId: tenant.id, userId: null }, instance.id);
  const bar = new cliProgress.SingleBar(
    { format: "Get Services Definition [{bar}] {value}/{total} {message}", hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { message: "" });
  let run: Awaited<ReturnType<typeof executeServicesDefinitionRun>>;
  try {
    run = await executeServicesDefinitionRun(deps, requested.id, ({ done, total, message }) => {
      bar.setTotal(total);
      bar.update(done, { message });
    });
  } finally {
    bar.stop();
  }
  await drainJobs(deps, jobHandlers);
  for (const line of run.log) process.stdout.write(`  ${line.at}  ${line.level.padEnd(5)} ${line.message}\n`);
  if (run.status !== "succeeded")
    throw new AppError("internal", `Run ${run.id} ${run.status}: ${run.error ?? ""}`);
  process.stdout.write(`Run ${run.id} succeeded: ${JSON.stringify(run.summary)}\n`);
}
