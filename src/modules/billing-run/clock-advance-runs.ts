import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { Clock } from "../../shared/clock.ts";
import { isUniqueViolation } from "../../shared/db.ts";
import { type AppError, conflict, forbidden, isAppError, notFound } from "../../shared/errors.ts";
import { type Page, Paging } from "../../shared/paging.ts";
import { parseInput } from "../../shared/parse-input.ts";
import { type BssActor, type BssRole, hasBssRole, isRootTenant } from "../tenancy/index.ts";
import { AdvanceClockInput, advanceClock, daysToAdvance, manualClockOf } from "./advance-clock.ts";
import {
  abandonClockRuns,
  type ClockAdvanceRunRow,
  findActiveClockRun,
  findClockRun,
  finishClockRun,
  insertClockRun,
  listClockRuns,
  requestClockRunCancel,
  updateActiveClockRun,
} from "./billing-run.repo.ts";

/**
 * Advancing the sandbox clock over HTTP: only the installation's operator (an admin of the root
 * distributor) may do it, because each day passed runs every tenant's billing. The request
 * records a run (202) and the advance runs in the background in this process (the manual clock
 * is this process's state, `deps.clock`), updating the run after every day; one advance at a
 * time per installation (clock_advance_runs_active_uq) and per clock (in memory).
 */

export type { ClockAdvanceRunRow };

const HEARTBEAT_MS = 20_000;

interface ActiveAdvance {
  runId: string;
  stop: "cancel" | "shutdown" | null;
  done: Promise<void>;
}
const activeByClock = new WeakMap<Clock, ActiveAdvance>();

const OPERATOR_ONLY =
  "Only the installation's operator (an administrator of the root distributor) can move the sandbox clock";

/** The caller works for the installation's operator (the root distributor) with at least `role`. */
export async function isClockOperator(
  deps: Pick<Deps, "db">,
  actor: BssActor,
  role: BssRole,
): Promise<boolean> {
  return hasBssRole(actor, role) && (await isRootTenant(deps.db, actor.tenantId));
}

async function assertOperator(deps: Deps, actor: BssActor, role: BssRole): Promise<void> {
  if (!(await isClockOperator(deps, actor, role)))
    throw forbidden(
      role === "admin" ? OPERATOR_ONLY : "Only the installation operator's staff can read clock advances",
    );
}

export async function startClockAdvance(
  deps: Deps,
  actor: BssActor,
  rawInput: unknown,
  options: { drain?: () => Promise<number> } = {},
): Promise<ClockAdvanceRunRow> {
  await assertOperator(deps, actor, "admin");
  const clock = manualClockOf(deps);
  const input = parseInput(AdvanceClockInput, rawInput);
  const running = activeByClock.get(clock);
  if (running) throw alreadyRunning(running.runId);
  await abandonClockRuns(deps.db, { all: false }); // a run whose process died must not block forever
  const days = daysToAdvance(clock, input);
  const from = clock.now();
  let run: ClockAdvanceRunRow;
  try {
    run = await insertClockRun(deps.db, {
      id: deps.ids.next("clk"),
      status: "queued",
      unit: input.days !== undefined ? "days" : "months",
      amount: input.days ?? input.months!,
      daysTotal: days,
      fromInstant: from,
      toInstant: new Date(from.getTime() + days * 86_400_000),
      currentDay: clock.today("UTC").toString(),
      requestedByTenantId: actor.tenantId,
      requestedByUserId: actor.userId,
      requestedByApiKeyId: actor.apiKeyId,
      createdAt: new Date(),
    });
  } catch (e) {
    if (!isUniqueViolation(e, "clock_advance_runs_active_uq")) throw e;
    const other = await findActiveClockRun(deps.db);
    throw alreadyRunning(other?.id ?? "unknown");
  }
  const active: ActiveAdvance = { runId: run.id, stop: null, done: Promise.resolve() };
  activeByClock.set(clock, active);
  active.done = execute(deps, clock, run, active, options);
  return run;
}

function alreadyRunning(runId: string): AppError {
  return conflict(`The clock is already being advanced (run ${runId}); wait for it to finish`, { runId });
}

/** The background part: day by day, recording progress; never throws. */
async function execute(
  deps: Deps,
  clock: Clock,
  run: ClockAdvanceRunRow,
  active: ActiveAdvance,
  options: { drain?: () => Promise<number> },
): Promise<void> {
  const heartbeat = setInterval(() => {
    updateActiveClockRun(deps.db, run.id, {}).catch((e) =>
      deps.log.warn({ err: e }, "clock run lease renewal failed"),
    );
  }, HEARTBEAT_MS);
  heartbeat.unref();
  let reached = run.currentDay;
  try {
    await yieldOnce(); // answer the request first
    await updateActiveClockRun(deps.db, run.id, { status: "running", startedAt: new Date() });
    const result = await advanceClock(
      deps,
      { days: run.daysTotal },
      {
        ...(options.drain ? { drain: options.drain } : {}),
        shouldStop: () => active.stop !== null,
        onDay: async (p) => {
          reached = p.day;
          const row = await updateActiveClockRun(deps.db, run.id, {
            daysDone: p.daysDone,
            currentDay: p.day,
            runs: p.runs,
            documentsCreated: p.documentsCreated,
            jobsRun: p.jobsRun,
          });
          if (!row)
            active.stop ??= "shutdown"; // the run was marked abandoned meanwhile
          else if (row.cancelRequested) active.stop ??= "cancel";
        },
      },
    );
    if (!result.stopped) await finishClockRun(deps.db, run.id, { status: "succeeded", error: null });
    else if (active.stop === "cancel")
      await finishClockRun(deps.db, run.id, { status: "canceled", error: `Canceled on ${reached}` });
    else
      await finishClockRun(deps.db, run.id, {
        status: "failed",
        error: `The server stopped before the advance finished (reached ${reached})`,
      });
  } catch (e) {
    deps.log.error({ err: e, runId: run.id }, "clock advance failed");
    const message = isAppError(e) ? e.message : "an unexpected error; see the server log";
    await finishClockRun(deps.db, run.id, {
      status: "failed",
      error: `Failed on ${reached}: ${message}`,
    }).catch((err) => deps.log.error({ err, runId: run.id }, "could not record the clock advance's failure"));
  } finally {
    clearInterval(heartbeat);
    if (activeByClock.get(clock) === active) activeByClock.delete(clock);
  }
}

const yieldOnce = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function getClockAdvanceRun(
  deps: Deps,
  actor: BssActor,
  id: string,
): Promise<ClockAdvanceRunRow> {
  await assertOperator(deps, actor, "viewer");
  const run = await findClockRun(deps.db, id);
  if (!run) throw notFound("Clock advance", id);
  return run;
}

export const ListClockRunsInput = z.strictObject({ ...Paging });

export async function listClockAdvanceRuns(
  deps: Deps,
  actor: BssActor,
  page: z.infer<typeof ListClockRunsInput>,
): Promise<Page<ClockAdvanceRunRow>> {
  await assertOperator(deps, actor, "viewer");
  return listClockRuns(deps.db, page);
}

/** Stops an active advance after the day in progress (202: poll the run until it is canceled). */
export async function cancelClockAdvance(
  deps: Deps,
  actor: BssActor,
  id: string,
): Promise<ClockAdvanceRunRow> {
  await assertOperator(deps, actor, "admin");
  const row = await requestClockRunCancel(deps.db, id);
  if (!row) {
    const run = await findClockRun(deps.db, id);
    if (!run) throw notFound("Clock advance", id);
    throw conflict(`Clock advance ${id} has already finished (${run.status})`, { status: run.status });
  }
  const local = activeByClock.get(deps.clock);
  if (local?.runId === id) local.stop ??= "cancel";
  return row;
}

/** Whether an advance is queued or running (for everyone's view of the clock). */
export async function isClockAdvancing(deps: Deps): Promise<boolean> {
  return (await findActiveClockRun(deps.db)) !== undefined;
}

/** At shutdown: stop this process's advance after the day in progress and record it. */
export async function stopClockAdvance(deps: Pick<Deps, "clock">): Promise<void> {
  const active = activeByClock.get(deps.clock);
  if (!active) return;
  active.stop ??= "shutdown";
  await active.done;
}
