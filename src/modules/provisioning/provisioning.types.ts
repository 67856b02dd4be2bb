import type { ProvisioningAction } from "../../service-managers/service-manager.ts";

export type { ProvisioningAction } from "../../service-managers/service-manager.ts";

export const PROVISIONING_JOB = "provisioning.sync";
export const RECONCILE_JOB = "provisioning.reconcile";

/** The job's payload: which subscription, and what changed (the handler sends the whole target). */
export interface ProvisioningJobPayload {
  subscriptionId: string;
  action: ProvisioningAction;
}

/** One way the vendor differs from the BSS (drift, part 4). */
export interface DriftDifference {
  field: "exists" | "sku" | "quantity" | "addons" | "status" | "renewal_quantity" | "renewal_sku";
  bss: unknown;
  vendor: unknown;
}

export const DRIFT_STATUSES = ["in_sync", "drift"] as const;
export type DriftStatus = (typeof DRIFT_STATUSES)[number];
