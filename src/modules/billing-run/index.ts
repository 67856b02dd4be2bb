/** The billing run module's public API: the daily run of every tenant, and the sandbox clock. */

export {
  type AdvanceClockInput,
  AdvanceClockInput as AdvanceClockInputSchema,
  type AdvanceProgress,
  type AdvanceResult,
  advanceClock,
  clockView,
  MAX_ADVANCE_DAYS,
  MAX_ADVANCE_MONTHS,
  persistClock,
  restoreClock,
} from "./advance-clock.ts";
export { BILLING_RUN_JOB, billingRunJobHandlers } from "./billing-run.jobs.ts";
export {
  type ClockAdvanceRunRow,
  cancelClockAdvance,
  getClockAdvanceRun,
  isClockOperator,
  listClockAdvanceRuns,
  startClockAdvance,
  stopClockAdvance,
} from "./clock-advance-runs.ts";
export { enqueueDailyRuns, startDailyBilling } from "./daily-billing.ts";
export { BillingRunInput, requestBillingRun } from "./request-billing-run.ts";
export { defaultLanes, joinBillingRun, type RunProgress, runBillingDay } from "./run-billing-day.ts";
