/** The provisioning module's public API: jobs that make BSS changes real at the vendor, drift checks. */
export { buildTarget } from "./build-target.ts";
export { enqueueProvisioning } from "./enqueue-provisioning.ts";
export {
  type NewSubscriptionCheck,
  type NewSubscriptionSpec,
  precheckNewSubscription,
} from "./precheck-new-subscription.ts";
export { provisioningJobHandlers } from "./provisioning.jobs.ts";
export { findProvisioningState, listDrift } from "./provisioning.repo.ts";
export { registerProvisioningRoutes } from "./provisioning.routes.ts";
export { compareWithVendor } from "./provisioning.rules.ts";
export * from "./provisioning.types.ts";
export { reconcileDrift } from "./reconcile-drift.ts";
export { retryProvisioning } from "./retry-provisioning.ts";
export { type ProvisioningRunResult, runProvisioning } from "./run-provisioning.ts";
export { requestDriftCheck, startDriftReconcile } from "./start-reconcile.ts";
