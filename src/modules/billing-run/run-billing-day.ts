import type { Deps } from "../../deps.ts";
import type { PlainDate } from "../../shared/dates.ts";
import { type BillingRunRow, createRun, invoiceDue, recordRun } from "../billing/index.ts";
import { applyDueChanges, inactivateDue, renewDue, startDueSubscriptions } from "../subscriptions/index.ts";

export interface RunProgress {
  phase: "changes" | "renewals" | "invoicing" | "done";
  run: BillingRunRow;
}

/**
 * The billing run of a tenant for a date (spec/billing.md "The billing run"), in this order:
 * 1. changes scheduled up to the date (decreases, end-of-period cancellations, downgrades,
 *    renewal requests) — before anything renews or is billed, so the new term bills the new state;
 * 2. subscriptions whose start date has come start (R-TEN-02, issue 13); terms that ended before
 *    the date renew, or go Inactive without auto-renew (D7) and trials expire (R-TRL-01);
 * 3. every due period is billed and every due charge invoiced (set-based, in account chunks).
 * Each step is exactly-once by constraints and state, so a crash at any point followed by a rerun
 * of the same date yields the same ledger as an uninterrupted run.
 */
export async function runBillingDay(
  deps: Deps,
  input: {
    tenantId: string;
    date: PlainDate;
    trigger: "cli" | "api" | "worker" | "clock";
    runId?: string;
    chunkSize?: number;
    onProgress?: (p: RunProgress) => void | Promise<void>;
  },
): Promise<BillingRunRow> {
  const run = await createRun(deps, deps.db, {
    tenantId: input.tenantId,
    runDate: input.date.toString(),
    trigger: input.trigger,
    ...(input.runId ? { id: input.runId } : {}),
  });
  const report = async (phase: RunProgress["phase"]) => input.onProgress?.({ phase, run });
  try {
    await report("changes");
    const changesApplied = await applyDueChanges(deps, input.tenantId, input.date);
    await recordRun(deps.db, run, { changesApplied });
    await report("renewals");
    // Subscriptions whose start date has come start first (R-TEN-02: activated, provisioned, and
    // billed below by this same run); then Inactive before renewals: a term that does not renew
    // must not be renewed by a concurrent pass.
    await startDueSubscriptions(deps, input.tenantId, input.date);
    const inactivated = await inactivateDue(deps, input.tenantId, input.date);
    const renewed = await renewDue(deps, input.tenantId, input.date);
    await recordRun(deps.db, run, { renewed, inactivated });
    await report("invoicing");
    const money = await invoiceDue(deps, input.tenantId, input.date, {
      runId: run.id,
      ...(input.chunkSize ? { chunkSize: input.chunkSize } : {}),
      onProgress: async (p) => {
        await recordRun(deps.db, run, {
          accountsTotal: p.accountsTotal,
          accountsDone: p.accountsDone,
          chargesCreated: p.charges,
          documentsCreated: p.documents,
        });
        await report("invoicing");
      },
    });
    await recordRun(deps.db, run, {
      status: "completed",
      accountsTotal: money.accounts,
      accountsDone: money.accounts,
      chargesCreated: money.charges,
      documentsCreated: money.documents,
      finishedAt: new Date(),
    });
    await report("done");
    return run;
  } catch (e) {
    await recordRun(deps.db, run, {
      status: "failed",
      error: e instanceof Error ? e.message : String(e),
      finishedAt: new Date(),
    });
    throw e;
  }
}
