/** The subscriptions module's public API: the only file other modules import. */

export { AddAddonInput, type AddonOutcome, addAddon } from "./add-addon.ts";
export { planAddonAdd, planAddonCancel } from "./addon-changes.rules.ts";
export { type AddonSyncResult, retryFailedAddons } from "./addon-sync.ts";
export { applyCancellation, type CancelMode } from "./apply-cancellation.ts";
export { CancelAddonInput, cancelAddon } from "./cancel-addon.ts";
export { CancelInput, cancelSubscription } from "./cancel-subscription.ts";
export { ChangeQuantityInput, changeQuantity } from "./change-quantity.ts";
export {
  findCopyOf,
  listMirrorRows,
  listUncopiedOfReseller,
  type MirrorRow,
  renameCopiesOfCustomer,
} from "./copies.repo.ts";
export {
  applyToCopy,
  type CopyChange,
  type CopyNote,
  type CopyPrice,
  type CopyPurchase,
  type CopyState,
  copyName,
  copyStatus,
  createCopy,
  type NewCopy,
} from "./copy-subscription.ts";
export { createSubscription, firstTerm, type NewSubscriptionInput } from "./create-subscription.ts";
export {
  applyScheduledDowngrade,
  DowngradeInput,
  type DowngradeOutcome,
  downgradeSubscription,
  revokeDowngrade,
} from "./downgrade-subscription.ts";
export { EditPricingInput, editPricing } from "./edit-pricing.ts";
export { EditSubscriptionInput, editSubscription } from "./edit-subscription.ts";
export { getSubscription, nextRenewalDate, type SubscriptionDetails } from "./get-subscription.ts";
export { applyDueChanges, inactivateDue, startDueSubscriptions } from "./lifecycle-day.ts";
export { listSubscriptionHistory } from "./list-subscription-history.ts";
export {
  ListSubscriptionsQuery,
  listSubscriptions,
  type SubscriptionListItem,
} from "./list-subscriptions.ts";
export { listUpgradeOptions, type UpgradeOption, type UpgradeOptions } from "./list-upgrade-options.ts";
export { planDowngrade, planUpgrade } from "./plan-changes.rules.ts";
export { promotionFor, promotionSnapshot, subscriptionPromotions } from "./promotion-for.ts";
export { reactivateSubscription } from "./reactivate-subscription.ts";
export {
  listSynchronizedSubscriptions,
  loadProvisioningSnapshot,
  lockSubscriptionForProvisioning,
  type ProvisioningResult,
  recordProvisioningResult,
  requestProvisioning,
} from "./record-provisioning-result.ts";
export {
  type MrrMovement,
  mrrMovements,
  type RecurringTop,
  type RecurringTotal,
  type RevenueDimension,
  type RevenueScope,
  recurringRevenue,
} from "./recurring-revenue.ts";
export { renewDue } from "./renew-due.ts";
export { requestRenewalChange, revokeRenewalChange } from "./request-renewal-change.ts";
export { resumeSubscription } from "./resume-subscription.ts";
export { revokeCancellation } from "./revoke-cancellation.ts";
export { revokePending, type ScheduledKind, scheduleChange } from "./scheduled-changes.ts";
export { setAutoRenew } from "./set-auto-renew.ts";
export {
  type ActionAvailability,
  getStorefrontActions,
  type StorefrontActions,
} from "./storefront-actions.ts";
export {
  type HistoryNote,
  SUBSCRIPTION_CHANGED,
  type SubscriptionChanged,
  type SubscriptionSnapshot,
  snapshotOf,
} from "./subscription-events.ts";
export { etagOf as subscriptionEtag } from "./subscription-versions.ts";
export { runCommand, todayFor } from "./subscriptions.core.ts";
export type { CommandOutcome, Effect } from "./subscriptions.guards.ts";
export * from "./subscriptions.rules.ts";
export { LIVE_STATUSES, subscriptionStates } from "./subscriptions.states.ts";
export type * from "./subscriptions.types.ts";
export { suspendSubscription } from "./suspend-subscription.ts";
export { UpgradeInput, type UpgradeOutcome, upgradeSubscription } from "./upgrade-subscription.ts";
