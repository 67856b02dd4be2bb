import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { ManualClock } from "../../shared/clock.ts";
import { addMonths, daysInclusive } from "../../shared/dates.ts";
import type { Db } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import type { BillingRunRow } from "../billing/index.ts";
import { listAllTenants } from "../tenancy/index.ts";
import { sandboxClock } from "./billing-run.schema.ts";
import { runBillingDay } from "./run-billing-day.ts";

export const AdvanceClockInput = z
  .strictObject({
    days: z.number().int().min(1).max(3660).optional(),
    months: z.number().int().min(1).max(120).optional(),
  })
  .refine((v) => (v.days === undefined) !== (v.months === undefined), {
    message: "give either days or months",
  });
export type AdvanceClockInput = z.infer<typeof AdvanceClockInput>;

export interface AdvanceResult {
  from: string;
  to: string;
  days: number;
  runs: BillingRunRow[];
  jobsRun: number;
}

function manual(deps: Deps): ManualClock {
  if (deps.clock.kind !== "manual")
    throw new AppError(
      "conflict",
      "The clock follows real time (OPENBSS_CLOCK=system); only a manual (sandbox) clock can be advanced.",
    );
  return deps.clock as ManualClock;
}

// One advance at a time per process: two requests must not interleave their days.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Sandbox mode: moves the manual clock forward day by day; each day, every tenant's billing run
 * runs for its date and the due jobs are drained — months of a subscription's life in seconds
 * (DESIGN.md "Clock and sandbox mode"). The new time is persisted so a restart keeps it.
 */
export function advanceClock(
  deps: Deps,
  input: AdvanceClockInput,
  options: { drain?: () => Promise<number>; onDay?: (date: string) => void } = {},
): Promise<AdvanceResult> {
  const clock = manual(deps);
  const next = queue.then(async () => {
    const today = clock.today("UTC");
    const days = input.days ?? daysInclusive(today, addMonths(today, input.months!)) - 1;
    const from = clock.now().toISOString();
    const runs: BillingRunRow[] = [];
    let jobsRun = 0;
    const tenants = await listAllTenants(deps.db);
    for (let d = 0; d < days; d++) {
      clock.advance({ days: 1 });
      await persistClock(deps.db, clock.now());
      for (const tenant of tenants) {
        const date = clock.today(tenant.timeZone);
        runs.push(await runBillingDay(deps, { tenantId: tenant.id, date, trigger: "clock" }));
      }
      if (options.drain) jobsRun += await options.drain();
      options.onDay?.(clock.today("UTC").toString());
    }
    return { from, to: clock.now().toISOString(), days, runs, jobsRun };
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

/** At start: a manual clock resumes where it was advanced to (never behind the real time). */
export async function restoreClock(deps: Deps): Promise<void> {
  if (deps.clock.kind !== "manual") return;
  const [row] = await deps.db.select().from(sandboxClock).where(eq(sandboxClock.id, "manual"));
  if (row && row.instant.getTime() > deps.clock.now().getTime()) (deps.clock as ManualClock).set(row.instant);
}

export function clockView(deps: Deps): { kind: string; now: string; today: string } {
  return {
    kind: deps.clock.kind,
    now: deps.clock.now().toISOString(),
    today: deps.clock.today("UTC").toString(),
  };
}
