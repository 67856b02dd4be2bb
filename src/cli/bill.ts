import cliProgress from "cli-progress";
import type { Deps } from "../deps.ts";
import { drainJobs } from "../jobs/index.ts";
import { jobHandlers } from "../jobs/registry.ts";
import { defaultLanes, type RunProgress, runBillingDay } from "../modules/billing-run/index.ts";
import { findTenantBySlug, listAllTenants } from "../modules/tenancy/index.ts";
import { parseDate } from "../shared/dates.ts";
import { AppError } from "../shared/errors.ts";

/**
 * `openbss bill --date YYYY-MM-DD [--tenant slug]`: the billing run in the foreground for one
 * tenant or all, with a progress bar per tenant and a summary. Safe to repeat: a second run of the
 * same date creates nothing.
 */
export async function billFromCli(deps: Deps, opts: { date?: string; tenant?: string }): Promise<void> {
  const tenants = opts.tenant
    ? [await findTenantBySlug(deps.db, opts.tenant)].map((t) => {
        if (!t) throw new AppError("not_found", `No tenant with slug "${opts.tenant}"`);
        return t;
      })
    : await listAllTenants(deps.db);
  for (const tenant of tenants) {
    const today = deps.clock.today(tenant.timeZone);
    let date = today;
    if (opts.date) {
      try {
        date = parseDate(opts.date);
      } catch {
        throw new AppError(
          "validation_failed",
          `--date must be a calendar date YYYY-MM-DD, got "${opts.date}"`,
        );
      }
    }
    if (date.toString() > today.toString())
      throw new AppError(
        "validation_failed",
        `--date ${date} is after today (${today}) for tenant ${tenant.slug}`,
      );
    const bar = new cliProgress.SingleBar(
      { format: `${tenant.slug.padEnd(20)} [{bar}] {value}/{total} accounts  {phase}`, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1, 0, { phase: "starting" });
    let run: Awaited<ReturnType<typeof runBillingDay>>;
    try {
      run = await runBillingDay(deps, {
        tenantId: tenant.id,
        date,
        trigger: "cli",
        lanes: defaultLanes(deps),
        onProgress: ({ phase, run: r }: RunProgress) => {
          bar.setTotal(Math.max(1, r.accountsTotal));
          bar.update(r.accountsDone, { phase });
        },
      });
    } finally {
      bar.stop();
    }
    process.stdout.write(
      `${tenant.slug} ${date}: ${run.changesApplied} scheduled changes applied, ${run.renewed} renewed, ` +
        `${run.inactivated} set Inactive, ${run.chargesCreated} lines, ${run.documentsCreated} documents (run ${run.id})\n`,
    );
  }
  await drainJobs(deps, jobHandlers, { includeDelayed: true });
}
