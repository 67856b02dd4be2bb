import type { Deps } from "../../deps.ts";
import type { PlainDate } from "../../shared/dates.ts";
import {
  type BillingRunRow,
  createRun,
  getBillingRun,
  invoiceDue,
  joinInvoicing,
  recordRun,
} from "../billing/index.ts";
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
    /** Chunks in flight at once in this process (PostgreSQL): see InvoiceDueOptions.lanes. */
    lanes?: number;
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
    const renewed = await renewDue(deps, input.tenantId, input.date, { lanes: input.lanes ?? 1 });
    await recordRun(deps.db, run, { renewed, inactivated });
    await report("invoicing");
    const money = await invoiceDue(deps, input.tenantId, input.date, {
      runId: run.id,
      ...(input.chunkSize ? { chunkSize: input.chunkSize } : {}),
      lanes: input.lanes ?? 1,
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

/** Chunks in flight at once for the run's own process: 2 on PostgreSQL (both cores busy), 1 on PGlite. */
export function defaultLanes(deps: Deps): number {
  return deps.dbKind === "postgres" ? 2 : 1;
}

/**
 * Issue 17: another worker process takes a share of a running billing run's invoicing (PostgreSQL):
 * it waits for the run to plan its chunks, claims open ones until none is left, and returns what
 * it did; the run itself waits for every chunk and records the totals. Numbers stay gapless and
 * in issue order: every chunk takes its document numbers as the last step of its transaction.
 */
export async function joinBillingRun(
  deps: Deps,
  input: { tenantId: string; runId: string; lanes?: number },
): Promise<{ chunks: number; charges: number; documents: number }> {
  return joinInvoicing(deps, input.runId, {
    lanes: input.lanes ?? 1,
    isOver: async () => {
      const run = await getBillingRun(deps.db, input.tenantId, input.runId).catch(() => undefined);
      return run !== undefined && run.status !== "running" && run.status !== "queued";
    },
  });
}
