import { and, count, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../../shared/db.ts";
import type { Page } from "../../shared/paging.ts";
import { clockAdvanceRuns } from "./billing-run.schema.ts";

/**
 * The only SQL of the clock advance runs (installation-wide rows: no tenant). Leases use the
 * database's now(), infrastructure time like the outbox's, never the business clock.
 */

export type ClockAdvanceRunRow = typeof clockAdvanceRuns.$inferSelect;
export const ACTIVE_STATUSES = ["queued", "running"] as const;
export const LEASE_SECONDS = 120;
const leaseFromNow = sql`now() + make_interval(secs => ${LEASE_SECONDS})`;

export async function insertClockRun(
  db: Db,
  row: Omit<typeof clockAdvanceRuns.$inferInsert, "leaseUntil">,
): Promise<ClockAdvanceRunRow> {
  const [inserted] = await db
    .insert(clockAdvanceRuns)
    .values({ ...row, leaseUntil: leaseFromNow })
    .returning();
  return inserted!;
}

export async function findClockRun(db: Db, id: string): Promise<ClockAdvanceRunRow | undefined> {
  const [row] = await db.select().from(clockAdvanceRuns).where(eq(clockAdvanceRuns.id, id));
  return row;
}

export async function findActiveClockRun(db: Db): Promise<ClockAdvanceRunRow | undefined> {
  const [row] = await db
    .select()
    .from(clockAdvanceRuns)
    .where(inArray(clockAdvanceRuns.status, [...ACTIVE_STATUSES]));
  return row;
}

export async function listClockRuns(
  db: Db,
  page: { limit: number; offset: number },
): Promise<Page<ClockAdvanceRunRow>> {
  const items = await db
    .select()
    .from(clockAdvanceRuns)
    .orderBy(desc(clockAdvanceRuns.createdAt), desc(clockAdvanceRuns.id))
    .limit(page.limit)
    .offset(page.offset);
  const [c] = await db.select({ n: count() }).from(clockAdvanceRuns);
  return { items, total: Number(c?.n ?? 0), ...page };
}

/**
 * Updates an active run and renews its lease; answers the row as written (with
 * `cancelRequested`, which another process may have set), or undefined once it is no longer active.
 */
export async function updateActiveClockRun(
  db: Db,
  id: string,
  patch: Partial<
    Pick<
      ClockAdvanceRunRow,
      "status" | "daysDone" | "currentDay" | "runs" | "documentsCreated" | "jobsRun" | "startedAt"
    >
  >,
): Promise<ClockAdvanceRunRow | undefined> {
  const [row] = await db
    .update(clockAdvanceRuns)
    .set({ ...patch, leaseUntil: leaseFromNow })
    .where(and(eq(clockAdvanceRuns.id, id), inArray(clockAdvanceRuns.status, [...ACTIVE_STATUSES])))
    .returning();
  return row;
}

export async function finishClockRun(
  db: Db,
  id: string,
  outcome: { status: "succeeded" | "failed" | "canceled"; error: string | null },
): Promise<ClockAdvanceRunRow | undefined> {
  const [row] = await db
    .update(clockAdvanceRuns)
    .set({ ...outcome, finishedAt: new Date() })
    .where(and(eq(clockAdvanceRuns.id, id), inArray(clockAdvanceRuns.status, [...ACTIVE_STATUSES])))
    .returning();
  return row;
}

export async function requestClockRunCancel(db: Db, id: string): Promise<ClockAdvanceRunRow | undefined> {
  const [row] = await db
    .update(clockAdvanceRuns)
    .set({ cancelRequested: true })
    .where(and(eq(clockAdvanceRuns.id, id), inArray(clockAdvanceRuns.status, [...ACTIVE_STATUSES])))
    .returning();
  return row;
}

/**
 * Marks failed the active runs whose process is gone: those whose lease expired or, with
 * `all`, every active run (embedded mode at start: the data directory's lock proves no other
 * process runs one). Answers how many were marked.
 */
export async function abandonClockRuns(db: Db, options: { all: boolean }): Promise<number> {
  const active = inArray(clockAdvanceRuns.status, [...ACTIVE_STATUSES]);
  const rows = await db
    .update(clockAdvanceRuns)
    .set({
      status: "failed",
      error: "Abandoned: the process running this advance stopped before it finished",
      finishedAt: new Date(),
    })
    .where(options.all ? active : and(active, lt(clockAdvanceRuns.leaseUntil, sql`now()`)))
    .returning({ id: clockAdvanceRuns.id });
  return rows.length;
}
