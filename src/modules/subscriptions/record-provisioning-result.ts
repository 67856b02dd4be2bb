import type { Deps } from "../../deps.ts";
import { type PlainDate, parseDate } from "../../shared/dates.ts";
import { type Tx, transaction } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import { applyCancellation } from "./apply-cancellation.ts";
import { recordHistory, todayFor } from "./subscriptions.core.ts";
import { lockSubscription, updateSubscription } from "./subscriptions.repo.ts";
import type { CommandContext, PendingOperation, SubscriptionRow, SyncStatus } from "./subscriptions.types.ts";

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

/** The pending operation as stored: cancel-subscription also keeps the sync status it replaced. */
export type StoredPendingOperation = PendingOperation & { previousSyncStatus?: SyncStatus };

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
    const op = sub.pendingOperation as StoredPendingOperation | null;
    if (op?.kind === "cancel") return settleCancellation(deps, tx, sub, op, result, today);
    const updated = await updateSubscription(tx, sub.tenantId, sub.id, {
      syncStatus: result.outcome,
      syncError: result.outcome === "failed" ? (result.error ?? "The vendor refused the change") : null,
      externalId: result.externalId ?? sub.externalId,
      updatedAt: deps.clock.now(),
    });
    await recordHistory(deps, tx, systemContext(sub), sub.id, {
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
    });
    return updated;
  });
}

function systemContext(sub: SubscriptionRow, channel?: CommandContext["channel"]): CommandContext {
  return {
    actor: { kind: "system", tenantId: sub.tenantId, name: "provisioning" },
    channel: channel ?? (sub.channel as CommandContext["channel"]),
  };
}

/**
 * R-CAN-05: the vendor's answer to a full cancellation. Confirmed → the cancellation is applied as
 * requested (its mode and effective date, add-ons with it). Refused → the request is dropped and
 * the subscription stays as it was: the sync status it had before the request comes back (the
 * vendor answered, so nothing is out of step) and the vendor's reason stays visible in syncError.
 */
async function settleCancellation(
  deps: Deps,
  tx: Tx,
  sub: SubscriptionRow,
  op: StoredPendingOperation,
  result: ProvisioningResult,
  today: PlainDate,
): Promise<SubscriptionRow> {
  const ctx = systemContext(sub, op.channel);
  const now = deps.clock.now();
  if (result.outcome === "synchronized") {
    const synced = await updateSubscription(tx, sub.tenantId, sub.id, {
      syncStatus: "synchronized",
      syncError: null,
      externalId: result.externalId ?? sub.externalId,
      updatedAt: now,
    });
    return applyCancellation(deps, tx, ctx, synced, {
      effectiveDate: parseDate(op.effectiveDate),
      mode: op.mode,
      instructions: op.note,
    });
  }
  const reason = result.error ?? "the vendor refused the cancellation";
  const restored = op.previousSyncStatus ?? "synchronized";
  const updated = await updateSubscription(tx, sub.tenantId, sub.id, {
    pendingOperation: null,
    syncStatus: restored,
    syncError: `The vendor refused the cancellation: ${reason}`,
    externalId: result.externalId ?? sub.externalId,
    updatedAt: now,
  });
  await recordHistory(deps, tx, ctx, sub.id, {
    action: "cancellation_refused",
    summary: `The vendor refused the ${op.mode.replace("_", " ")} cancellation requested for ${op.effectiveDate}: ${reason}. The subscription is unchanged.`,
    effectiveDate: today,
    changes: {
      pendingOperation: { from: op, to: null },
      syncStatus: { from: sub.syncStatus, to: restored },
      reason,
    },
  });
  return updated;
}
