import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { ManualClock } from "../../shared/clock.ts";
import { addMonths, daysInclusive } from "../../shared/dates.ts";
import type { Db } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import type { BillingRunRow } from "../billing/index.ts";
import { listAllTenants } from "../tenancy/index.ts";
import { abandonClockRuns } from "./billing-run.repo.ts";
import { sandboxClock } from "./billing-run.schema.ts";
import { runBillingDay } from "./run-billing-day.ts";

/** At most ten years per request (one advance runs every tenant's billing for each day). */
export const MAX_ADVANCE_DAYS = 3660;
export const MAX_ADVANCE_MONTHS = 120;

export const AdvanceClockInput = z
  .strictObject({
    days: z.number().int().min(1).max(MAX_ADVANCE_DAYS).optional(),
    months: z.number().int().min(1).max(MAX_ADVANCE_MONTHS).optional(),
  })
  .refine((v) => (v.days === undefined) !== (v.months === undefined), {
    message: "give either days or months",
  });
export type AdvanceClockInput = z.infer<typeof AdvanceClockInput>;

export interface AdvanceProgress {
  /** The business date (UTC) the clock has reached. */
  day: string;
  daysDone: number;
  runs: number;
  documentsCreated: number;
  jobsRun: number;
}

export interface AdvanceResult {
  from: string;
  to: string;
  days: number;
  /** Days actually passed: fewer than `days` when `shouldStop` ended the advance early. */
  daysDone: number;
  stopped: boolean;
  runs: BillingRunRow[];
  jobsRun: number;
}

export function manualClockOf(deps: Pick<Deps, "clock">): ManualClock {
  if (deps.clock.kind !== "manual")
    throw new AppError(
      "conflict",
      "The clock follows real time (OPENBSS_CLOCK=system); only a manual (sandbox) clock can be advanced.",
    );
  return deps.clock as ManualClock;
}

/** The number of days `input` advances from `today`. */
export function daysToAdvance(clock: ManualClock, input: AdvanceClockInput): number {
  const today = clock.today("UTC");
  return input.days ?? daysInclusive(today, addMonths(today, input.months!)) - 1;
}

// One advance at a time per process: two advances must not interleave their days.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Sandbox mode: moves the manual clock forward day by day; each day, every tenant's billing run
 * runs for its date and the due jobs are drained — months of a subscription's life in seconds
 * (DESIGN.md "Clock and sandbox mode"). The new time is persisted each day so a restart keeps
 * it. Between days the loop yields to the event loop, so the process keeps answering requests
 * while a long advance runs. Over HTTP this runs in the background (clock-advance-runs.ts).
 */
export function advanceClock(
  deps: Deps,
  input: AdvanceClockInput,
  options: {
    drain?: () => Promise<number>;
    onDay?: (progress: AdvanceProgress) => void | Promise<void>;
    /** Checked before each day: true ends the advance after the day in progress. */
    shouldStop?: () => boolean;
  } = {},
): Promise<AdvanceResult> {
  const clock = manualClockOf(deps);
  const next = queue.then(async () => {
    const days = daysToAdvance(clock, input);
    const from = clock.now().toISOString();
    const runs: BillingRunRow[] = [];
    let jobsRun = 0;
    let documentsCreated = 0;
    let daysDone = 0;
    const tenants = await listAllTenants(deps.db);
    while (daysDone < days && !options.shouldStop?.()) {
      clock.advance({ days: 1 });
      await persistClock(deps.db, clock.now());
      for (const tenant of tenants) {
        const date = clock.today(tenant.timeZone);
        const run = await runBillingDay(deps, { tenantId: tenant.id, date, trigger: "clock" });
        runs.push(run);
        documentsCreated += run.documentsCreated;
      }
      if (options.drain) jobsRun += await options.drain();
      daysDone += 1;
      await options.onDay?.({
        day: clock.today("UTC").toString(),
        daysDone,
        runs: runs.length,
        documentsCreated,
        jobsRun,
      });
      // Let timers and I/O (other requests, /api/health) run between days.
      await yieldToEventLoop();
    }
    return { from, to: clock.now().toISOString(), days, daysDone, stopped: daysDone < days, runs, jobsRun };
  });
  queue = next.catch(() => undefined);
  return next;
}

export async function persistClock(db: Db, instant: Date): Promise<void> {
  await db
    .insert(sandboxClock)
    .values({ id: "manual", instant, updatedAt: new Date() })
    .onConflictDoUpdate({ target: sandboxClock.id, set: { instant, updatedAt: new Date() } });
}

/**
 * At start: a manual clock resumes where it was advanced to (never behind the real time), and
 * advances left running by a process that died are marked failed — all of them on an embedded
 * database (its lock proves this is the only process), those whose lease expired on PostgreSQL.
 */
export async function restoreClock(deps: Deps): Promise<void> {
  await abandonClockRuns(deps.db, { all: deps.dbKind === "pglite" });
  if (deps.clock.kind !== "manual") return;
  const [row] = await deps.db.select().from(sandboxClock).where(eq(sandboxClock.id, "manual"));
  if (row && row.instant.getTime() > deps.clock.now().getTime()) (deps.clock as ManualClock).set(row.instant);
}

export function clockView(deps: Deps): { kind: "system" | "manual"; now: string; today: string } {
  return {
    kind: deps.clock.kind,
    now: deps.clock.now().toISOString(),
    today: deps.clock.today("UTC").toString(),
  };
}
