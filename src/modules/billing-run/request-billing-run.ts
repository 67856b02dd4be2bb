import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { enqueueJob } from "../../jobs/index.ts";
import { DateString } from "../../shared/dates.ts";
import { transaction } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import { parseInput } from "../../shared/parse-input.ts";
import { type BillingRunRow, createRun } from "../billing/index.ts";
import { type BssActor, getTenant, hasBssRole } from "../tenancy/index.ts";
import { BILLING_RUN_JOB } from "./billing-run.jobs.ts";

export const BillingRunInput = z.strictObject({
  /** The billing date (YYYY-MM-DD); default: today in the tenant's time zone. */
  date: DateString.optional(),
});

/**
 * Queues the billing run of the caller's tenant for a date (202: poll the run). The run row and
 * its job are written in one transaction; the worker executes it (never the HTTP request). A date
 * after today is refused: nothing may be billed ahead of the clock.
 */
export async function requestBillingRun(deps: Deps, actor: BssActor, raw: unknown): Promise<BillingRunRow> {
  if (!hasBssRole(actor, "clerk")) throw new AppError("forbidden", "This needs the clerk role or higher");
  const input = parseInput(BillingRunInput, raw ?? {});
  const tenant = await getTenant(deps.db, actor.tenantId);
  const today = deps.clock.today(tenant.timeZone).toString();
  const date = input.date ?? today;
  if (date > today)
    throw new AppError("validation_failed", `Invalid input — date: ${date} is after today (${today})`, {
      issues: [{ path: "date", message: `not after today (${today})` }],
    });
  return transaction(deps.db, async (tx) => {
    const run = await createRun(deps, tx, {
      tenantId: tenant.id,
      runDate: date,
      trigger: "api",
      status: "queued",
    });
    await enqueueJob(tx, deps.ids, {
      kind: BILLING_RUN_JOB,
      key: run.id,
      tenantId: tenant.id,
      queue: `billing:${tenant.id}`,
      payload: { tenantId: tenant.id, date, runId: run.id, trigger: "api" },
    });
    return run;
  });
}
