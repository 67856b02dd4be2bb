import type { Deps } from "../../deps.ts";
import type { Tx } from "../../shared/db.ts";
import type { Violation } from "../../shared/errors.ts";
import { listAddons, updateAddon } from "./subscriptions.repo.ts";
import type { SubscriptionAddonRow, SubscriptionRow } from "./subscriptions.types.ts";

/**
 * Add-ons have their own sync status (R-PRV-01, D16; issue 13.12). One provisioning job sends the
 * whole target (plan, licences, add-ons); when the vendor refuses an add-on it is adding or
 * changing, the job sends the rest without that change and reports the add-on apart: the add-on is
 * Failed with the vendor's reason (changes to it are refused until a retry succeeds), the
 * subscription Synchronized. A plan-level refusal stays on the subscription.
 */
export interface AddonSyncResult {
  /** Add-ons the vendor now holds as the BSS does (they were in the target it accepted). */
  synchronized: string[];
  /** Add-ons the vendor refused, with its reason (R-EXT-03: shown as is). */
  failed: Array<{ addonId: string; error: string }>;
}

export interface AddonSyncChange {
  addonId: string;
  name: string;
  from: string;
  to: string;
  error: string | null;
}

/**
 * Records the vendor's answer for the add-ons. `result` undefined (a caller that knows no add-on
 * detail) means the vendor took the whole target: every active add-on is synchronized. Add-ons
 * the vendor refused are Failed whatever the subscription's outcome; confirmed ones only on a
 * synchronized outcome (a plan-level failure confirmed nothing).
 */
export async function settleAddonSync(
  deps: Deps,
  tx: Tx,
  sub: SubscriptionRow,
  outcome: "synchronized" | "failed",
  result: AddonSyncResult | undefined,
): Promise<AddonSyncChange[]> {
  const addons = (await listAddons(tx, sub.tenantId, sub.id)).filter((a) => a.status === "active");
  const failed = new Map((result?.failed ?? []).map((f) => [f.addonId, f.error]));
  const confirmed =
    outcome !== "synchronized"
      ? new Set<string>()
      : new Set(result ? result.synchronized : addons.map((a) => a.id));
  const changes: AddonSyncChange[] = [];
  const now = deps.clock.now();
  for (const a of addons) {
    const error = failed.get(a.id);
    const next =
      error !== undefined
        ? { syncStatus: "failed", syncError: error }
        : confirmed.has(a.id) && a.syncStatus !== "unsynchronized"
          ? { syncStatus: "synchronized", syncError: null }
          : undefined;
    if (!next || (next.syncStatus === a.syncStatus && next.syncError === a.syncError)) continue;
    await updateAddon(tx, sub.tenantId, a.id, { ...next, updatedAt: now });
    changes.push({
      addonId: a.id,
      name: a.name,
      from: a.syncStatus,
      to: next.syncStatus,
      error: next.syncError,
    });
  }
  return changes;
}

/** Retry (R-PRV-01): the Failed add-ons go Pending again; their next job sends them once more. */
export async function retryFailedAddons(
  deps: Deps,
  tx: Tx,
  sub: SubscriptionRow,
): Promise<SubscriptionAddonRow[]> {
  const failed = (await listAddons(tx, sub.tenantId, sub.id)).filter(
    (a) => a.status === "active" && a.syncStatus === "failed",
  );
  const now = deps.clock.now();
  const out: SubscriptionAddonRow[] = [];
  for (const a of failed)
    out.push(
      await updateAddon(tx, sub.tenantId, a.id, { syncStatus: "pending", syncError: null, updatedAt: now }),
    );
  return out;
}

/**
 * R-PRV-01 / D16: an add-on the vendor refused cannot be changed (cancelled, or moved with its
 * plan's licences) until a retry succeeds; the subscription's full cancellation stays possible.
 */
export function failedAddonViolations(
  addons: readonly SubscriptionAddonRow[],
  changedAddonIds: readonly string[],
): Violation[] {
  return addons
    .filter((a) => a.status === "active" && a.syncStatus === "failed" && changedAddonIds.includes(a.id))
    .map((a) => ({
      code: "R-PRV-01",
      message: `The vendor refused the add-on ${a.name} (${a.syncError ?? "no reason given"}); retry its provisioning before changing it.`,
      details: { addonId: a.id, syncStatus: a.syncStatus, syncError: a.syncError },
    }));
}

/** The add-ons whose quantity a change moves (from → to). */
export const movedAddonIds = (addons: ReadonlyArray<{ addonId: string; from: number; to: number }>) =>
  addons.filter((a) => a.to !== a.from).map((a) => a.addonId);
