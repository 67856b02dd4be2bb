/** The billing run module's public API: the daily run of every tenant, and the sandbox clock. */

export {
  type AdvanceClockInput,
  AdvanceClockInput as AdvanceClockInputSchema,
  type AdvanceResult,
  advanceClock,
  clockView,
  persistClock,
  restoreClock,
} from "./advance-clock.ts";
export { type RunProgress, runBillingDay } from "./run-billing-day.ts";
