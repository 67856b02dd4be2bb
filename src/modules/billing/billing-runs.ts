import { and, asc, count, desc, eq } from "drizzle-orm";
import type { Deps } from "../../deps.ts";
import type { Db } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import type { Page } from "../../shared/paging.ts";
import { findRun, insertRun, updateRun } from "./billing.repo.ts";
import { billingRuns } from "./billing.schema.ts";
import type { BillingRunRow } from "./billing.types.ts";

/** The record of each billing run: what started it, its progress, its summary or its error. */

export async function createRun(
  deps: Deps,
  db: Db,
  input: {
    tenantId: string;
    runDate: string;
    trigger: "cli" | "api" | "worker" | "clock";
    id?: string;
    status?: "queued" | "running";
  },
): Promise<BillingRunRow> {
  // A run queued by the API is taken over by the job that executes it.
  if (input.id) {
    const queued = await findRun(db, input.tenantId, input.id);
    if (queued?.status === "queued") return recordRun(db, queued, { status: "running" });
  }
  const row: BillingRunRow = {
    id: input.id ?? deps.ids.next("brn"),
    tenantId: input.tenantId,
    runDate: input.runDate,
    trigger: input.trigger,
    status: input.status ?? "running",
    accountsTotal: 0,
    accountsDone: 0,
    changesApplied: 0,
    renewed: 0,
    inactivated: 0,
    chargesCreated: 0,
    documentsCreated: 0,
    error: null,
    startedAt: new Date(),
    finishedAt: null,
  };
  await insertRun(db, row);
  return row;
}

export type RunPatch = Partial<
  Pick<
    BillingRunRow,
    | "status"
    | "accountsTotal"
    | "accountsDone"
    | "changesApplied"
    | "renewed"
    | "inactivated"
    | "chargesCreated"
    | "documentsCreated"
    | "error"
    | "finishedAt"
  >
>;

export async function recordRun(db: Db, run: BillingRunRow, patch: RunPatch): Promise<BillingRunRow> {
  Object.assign(run, patch);
  await updateRun(db, run.tenantId, run.id, patch);
  return run;
}

export async function getBillingRun(db: Db, tenantId: string, id: string): Promise<BillingRunRow> {
  const run = await findRun(db, tenantId, id);
  if (!run) throw notFound("Billing run", id);
  return run;
}

/** `?sort=` of the billing runs (`-field` descending; newest started first without one). */
export const BILLING_RUN_SORTS = ["startedAt", "runDate", "status", "documentsCreated"] as const;

export async function listBillingRuns(
  db: Db,
  tenantId: string,
  page: { limit: number; offset: number; sort?: string | undefined },
): Promise<Page<BillingRunRow>> {
  const where = and(eq(billingRuns.tenantId, tenantId));
  const sort = page.sort ?? "-startedAt";
  const dir = sort.startsWith("-") ? desc : asc;
  const field = sort.replace(/^-/, "") as (typeof BILLING_RUN_SORTS)[number];
  const column = {
    startedAt: billingRuns.startedAt,
    runDate: billingRuns.runDate,
    status: billingRuns.status,
    documentsCreated: billingRuns.documentsCreated,
  }[field];
  const items = await db
    .select()
    .from(billingRuns)
    .where(where)
    .orderBy(dir(column ?? billingRuns.startedAt), dir(billingRuns.startedAt), dir(billingRuns.id))
    .limit(page.limit)
    .offset(page.offset);
  const [c] = await db.select({ n: count() }).from(billingRuns).where(where);
  return { items, total: Number(c?.n ?? 0), limit: page.limit, offset: page.offset };
}
