import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import { recordHistory, todayFor } from "./subscriptions.core.ts";
import { lockSubscription, updateSubscription } from "./subscriptions.repo.ts";
import type { SubscriptionRow } from "./subscriptions.types.ts";

export interface ProvisioningResult {
  tenantId: string;
  subscriptionId: string;
  outcome: "synchronized" | "failed";
  /** The vendor's id for the subscription (Dropbox team id), stored at every change (R-EXT-01). */
  externalId?: string | null;
  /** The vendor's reason, shown to the user (R-EXT-03). */
  error?: string | null;
}

export type ProvisioningHook = (
  deps: Deps,
  tx: Parameters<Parameters<typeof transaction>[1]>[0],
  sub: SubscriptionRow,
  result: ProvisioningResult,
) => Promise<SubscriptionRow>;

/**
 * The provisioning side reports what the vendor said (R-PRV-01): Synchronized (with the vendor's
 * id) or Failed (with the vendor's reason; billing changes are then blocked until a retry
 * succeeds, R-QTY-03). An operation waiting for the vendor (a full cancellation, R-CAN-05) is
 * applied when the vendor confirms and dropped, with the reason visible, when it refuses.
 */
export async function recordProvisioningResult(
  deps: Deps,
  result: ProvisioningResult,
): Promise<SubscriptionRow> {
  return transaction(deps.db, async (tx) => {
    const sub = await lockSubscription(tx, result.tenantId, result.subscriptionId);
    if (!sub) throw notFound("Subscription", result.subscriptionId);
    const today = await todayFor(deps, tx, result.tenantId);
    const updated = await updateSubscription(tx, sub.tenantId, sub.id, {
      syncStatus: result.outcome,
      syncError: result.outcome === "failed" ? (result.error ?? "The vendor refused the change") : null,
      externalId: result.externalId ?? sub.externalId,
      updatedAt: deps.clock.now(),
    });
    await recordHistory(
      deps,
      tx,
      {
        actor: { kind: "system", tenantId: sub.tenantId, name: "provisioning" },
        channel: sub.channel as "bss",
      },
      sub.id,
      {
        action: result.outcome === "synchronized" ? "provisioning_synchronized" : "provisioning_failed",
        summary:
          result.outcome === "synchronized"
            ? `Synchronized with the vendor${result.externalId ? ` (${result.externalId})` : ""}`
            : `Provisioning failed: ${result.error ?? "the vendor refused the change"}`,
        effectiveDate: today,
        changes: {
          syncStatus: { from: sub.syncStatus, to: result.outcome },
          externalId: result.externalId ?? null,
        },
      },
    );
    return updated;
  });
}
