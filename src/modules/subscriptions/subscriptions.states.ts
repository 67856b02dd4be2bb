import { defineStateMachine } from "../../shared/state-machine.ts";
import type { SubscriptionStatus } from "./subscriptions.types.ts";

/**
 * Subscription statuses (issue 3). Canceled is final (R-CAN-04). Inactive is a subscription that
 * was not renewed (R-REN-01) and can be re-activated. Pending For Cancel is billed as usual and
 * becomes Canceled at the period end (R-CAN-02); revoking the cancellation makes it Active again.
 */
export const subscriptionStates = defineStateMachine<SubscriptionStatus>("subscription", {
  active: ["suspended", "pending_for_cancel", "canceled", "inactive"],
  suspended: ["active", "canceled", "inactive"],
  pending_for_cancel: ["active", "canceled"],
  inactive: ["active", "canceled"],
  canceled: [],
});

/** Statuses in which the subscription holds its plan (R-ORD-02 counts these). */
export const LIVE_STATUSES: readonly SubscriptionStatus[] = ["active", "suspended", "pending_for_cancel"];
