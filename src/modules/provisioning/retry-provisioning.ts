import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { AppError, conflict, notFound } from "../../shared/errors.ts";
import { retryFailedAddons } from "../subscriptions/addon-sync.ts";
import {
  lockSubscriptionForProvisioning,
  requestProvisioning,
} from "../subscriptions/record-provisioning-result.ts";

/**
 * R-PRV-01's Retry action: a Failed subscription — or one with add-ons the vendor refused (D16) —
 * goes Pending, its Failed add-ons too, and a new provisioning job joins its queue; the job sends
 * the whole target again, and its success clears them. Anything else answers 409: a Pending one is
 * already on its way, a Synchronized one without a Failed add-on has nothing to retry.
 */
export async function retryProvisioning(
  deps: Deps,
  actor: { tenantId: string },
  input: { subscriptionId: string },
): Promise<{ subscriptionId: string; syncStatus: "pending" }> {
  return transaction(deps.db, async (tx) => {
    const sub = await lockSubscriptionForProvisioning(tx, actor.tenantId, input.subscriptionId);
    if (!sub) throw notFound("Subscription", input.subscriptionId);
    if (sub.managedByTenantId)
      throw new AppError(
        "R-TEN-02",
        "This subscription is a copy managed by a tenant reseller: its sync status follows the reseller's BSS, which provisions it, so there is nothing to retry here.",
        { managedByTenantId: sub.managedByTenantId },
      );
    if (sub.syncStatus === "unsynchronized")
      throw conflict(
        "No service manager provisions this subscription's product (Unsynchronized, R-PRV-01): there is nothing to retry.",
        { syncStatus: sub.syncStatus },
      );
    const addons = await retryFailedAddons(deps, tx, sub);
    if (sub.syncStatus !== "failed" && addons.length === 0)
      throw conflict(`Only a failed provisioning can be retried; this subscription is ${sub.syncStatus}.`, {
        syncStatus: sub.syncStatus,
      });
    await requestProvisioning(deps, tx, sub, "sync");
    return { subscriptionId: sub.id, syncStatus: "pending" as const };
  });
}
