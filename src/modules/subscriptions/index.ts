/** The subscriptions module's public API: the only file other modules import. */
export { createSubscription, firstTerm, type NewSubscriptionInput } from "./create-subscription.ts";
export { type ProvisioningResult, recordProvisioningResult } from "./record-provisioning-result.ts";
export { runCommand, todayFor } from "./subscriptions.core.ts";
export * from "./subscriptions.rules.ts";
export { LIVE_STATUSES, subscriptionStates } from "./subscriptions.states.ts";
export type * from "./subscriptions.types.ts";
