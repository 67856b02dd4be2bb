/** The distribution module's public API: tenant reseller → distributor copies (issue 6, R-TEN-01..05). */

export { childTenant, getBackOrdering, setBackOrdering } from "./activate-back-ordering.ts";
export { applyAccountEvent } from "./apply-account-event.ts";
export { applySubscriptionEvent, type EventOutcome } from "./apply-subscription-event.ts";
export { type ConsistencyReport, checkConsistency, type Difference } from "./check-consistency.ts";
export { distributionJobHandlers } from "./distribution.jobs.ts";
export { registerDistributionRoutes } from "./distribution.routes.ts";
