import type { Deps } from "../../deps.ts";
import type { PlainDate } from "../../shared/dates.ts";
import { queryRows, sql, type Tx, transaction } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import { enqueueProvisioning, type ProvisioningAction } from "../provisioning/index.ts";
import { emitWebhookEvent } from "../webhooks/index.ts";
import { type AddonSyncResult, settleAddonSync } from "./addon-sync.ts";
import { confirmCancellation } from "./cancellation-confirmation.ts";
import { emailProvisioningFailed } from "./provisioning-failed-email.ts";
import { recordHistory, todayFor } from "./subscriptions.core.ts";
import {
  findSubscription,
  listAddons,
  listScheduledChanges,
  lockSubscription,
  type ScheduledChangeRow,
  updateSubscription,
} from "./subscriptions.repo.ts";
import type {
  CommandContext,
  PendingOperation,
  SubscriptionAddonRow,
  SubscriptionRow,
  SyncStatus,
} from "./subscriptions.types.ts";

export interface ProvisioningResult {
  tenantId: string;
  subscriptionId: string;
  outcome: "synchronized" | "failed";
  /** The vendor's id for the subscription (Dropbox team id), stored at every change (R-EXT-01). */
  externalId?: string | null;
  /** The vendor's reason, shown to the user (R-EXT-03). */
  error?: string | null;
  /**
   * D16: the add-ons' own outcome (issue 13.12). Omitted = the vendor holds every active add-on as
   * the BSS does (on a synchronized outcome).
   */
  addons?: AddonSyncResult;
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
    const addons = await settleAddonSync(deps, tx, sub, result.outcome, result.addons);
    const refusedAddons = addons.filter((a) => a.to === "failed");
    // Issue 12: the vendor confirming what the subscription already says keeps its version, so a
    // page read while the sync was Pending may still act (the command re-checks every rule on the
    // locked row); a failure — of the subscription or of an add-on — changes what is allowed
    // (R-QTY-03, D16) and advances it.
    const updated = await updateSubscription(
      tx,
      sub.tenantId,
      sub.id,
      {
        syncStatus: result.outcome,
        syncError: result.outcome === "failed" ? (result.error ?? "The vendor refused the change") : null,
        externalId: result.externalId ?? sub.externalId,
        updatedAt: deps.clock.now(),
      },
      { keepVersion: result.outcome === "synchronized" && refusedAddons.length === 0 },
    );
    await recordHistory(deps, tx, systemContext(sub), sub.id, {
      action: result.outcome === "synchronized" ? "provisioning_synchronized" : "provisioning_failed",
      summary:
        result.outcome === "synchronized"
          ? `Synchronized with the vendor${result.externalId ? ` (${result.externalId})` : ""}${refusedAddons.length ? ", except the refused add-on(s)" : ""}`
          : `Provisioning failed: ${result.error ?? "the vendor refused the change"}`,
      effectiveDate: today,
      changes: {
        syncStatus: { from: sub.syncStatus, to: result.outcome },
        externalId: result.externalId ?? null,
        ...(addons.length ? { addons } : {}),
      },
    });
    // Issue 15: the responsible user hears of a refusal, with the vendor's reason.
    if (result.outcome === "failed")
      await emailProvisioningFailed(deps, tx, sub, result.error ?? "The vendor refused the change");
    else if (refusedAddons.length > 0)
      await emailProvisioningFailed(
        deps,
        tx,
        sub,
        refusedAddons.map((a) => `${a.name}: ${a.error}`).join("; "),
      );
    for (const a of refusedAddons)
      await recordHistory(deps, tx, systemContext(sub), sub.id, {
        action: "addon_provisioning_failed",
        summary: `The vendor refused the add-on ${a.name}: ${a.error}. Changes to it wait until a retry succeeds.`,
        effectiveDate: today,
        changes: { addonId: a.addonId, syncStatus: { from: a.from, to: a.to }, reason: a.error },
      });
    if (result.outcome === "failed" || refusedAddons.length > 0)
      await emitWebhookEvent(deps, tx, {
        tenantId: sub.tenantId,
        type: "provisioning.failed",
        data: {
          subscriptionId: sub.id,
          accountId: sub.accountId,
          operation: "sync",
          syncStatus: updated.syncStatus,
          error: updated.syncError,
          refusedAddons: refusedAddons.map((a) => ({ addonId: a.addonId, name: a.name, error: a.error })),
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
  if (result.outcome === "synchronized") return confirmCancellation(deps, tx, sub, op, result.externalId);
  const reason = result.error ?? "the vendor refused the cancellation";
  await emitWebhookEvent(deps, tx, {
    tenantId: sub.tenantId,
    type: "provisioning.failed",
    data: {
      subscriptionId: sub.id,
      accountId: sub.accountId,
      operation: "cancel",
      syncStatus: op.previousSyncStatus ?? "synchronized",
      error: reason,
      refusedAddons: [],
    },
  });
  await emailProvisioningFailed(deps, tx, sub, `The vendor refused the cancellation: ${reason}`); // issue 15
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

/**
 * A command changed what the vendor holds: the subscription goes Pending (R-PRV-01) and a
 * provisioning job joins its queue, in the command's transaction (outbox). A full cancellation
 * waiting for the vendor already set Pending itself (and kept the status it replaced).
 */
export async function requestProvisioning(
  deps: Deps,
  tx: Tx,
  sub: Pick<SubscriptionRow, "tenantId" | "id" | "syncStatus"> & {
    managedByTenantId?: string | null;
    awaitingStart?: boolean;
  },
  action: ProvisioningAction,
): Promise<void> {
  // R-TEN-02: a distributor copy is provisioned by its tenant reseller; its sync status is mirrored.
  if (sub.managedByTenantId) return;
  // R-TEN-02 / issue 13: nothing reaches the vendor before the start date (the run provisions it then).
  if (sub.awaitingStart) return;
  // R-PRV-01: no service manager provisions an Unsynchronized subscription (issue 13).
  if (sub.syncStatus === "unsynchronized") return;
  if (sub.syncStatus !== "pending")
    await updateSubscription(tx, sub.tenantId, sub.id, {
      syncStatus: "pending",
      syncError: null,
      updatedAt: deps.clock.now(),
    });
  await enqueueProvisioning(deps, tx, { tenantId: sub.tenantId, subscriptionId: sub.id, action });
}

/** What provisioning needs to know of a subscription to tell the vendor what it should hold. */
export interface ProvisioningSnapshot {
  subscription: SubscriptionRow;
  addons: SubscriptionAddonRow[];
  scheduledChanges: ScheduledChangeRow[];
  /** The vendor reseller id given on an earlier order of the account (R-ORD-06: first order only). */
  earlierResellerId: string | null;
  /** R-EXT-02: the vendor id of the account's latest cancelled plan of this product type. */
  retainedExternalId: string | null;
  /** Licences of live partial-upgrade subscriptions that share this one's vendor team (R-UPG-05). */
  sharedQuantity: number;
  /** Vendor ids other customers' subscriptions hold under the same admin email (never adopted). */
  foreignExternalIds: string[];
}

export async function loadProvisioningSnapshot(
  tx: Tx,
  tenantId: string,
  subscriptionId: string,
): Promise<ProvisioningSnapshot | undefined> {
  const subscription = await findSubscription(tx, tenantId, subscriptionId);
  if (!subscription) return undefined;
  // One query at a time: a transaction's connection runs them in turn anyway (issue 17 item 5).
  const addons = await listAddons(tx, tenantId, subscriptionId);
  const scheduledChanges = await listScheduledChanges(tx, tenantId, subscriptionId, "pending");
  const shared = await queryRows<{ n: number }>(
    tx,
    sql`select coalesce(sum(quantity), 0)::int as n from subscriptions
        where tenant_id = ${tenantId} and parent_subscription_id = ${subscriptionId}
          and external_id is not distinct from ${subscription.externalId}
          and status in ('active', 'suspended', 'pending_for_cancel')`,
  );
  const earlier = await queryRows<{ reseller_id: string | null; external_id: string | null; status: string }>(
    tx,
    sql`select service_details->>'resellerId' as reseller_id, external_id, status
        from subscriptions
        where tenant_id = ${tenantId} and account_id = ${subscription.accountId}
          and product_type_id = ${subscription.productTypeId} and id <> ${subscriptionId}
        order by created_at desc`,
  );
  const email =
    subscription.adminEmail ?? (subscription.serviceDetails as { adminEmail?: string } | null)?.adminEmail;
  const team = await loadTeamContext(tx, tenantId, {
    accountId: subscription.accountId,
    productTypeId: subscription.productTypeId,
    adminEmail: email ?? null,
  });
  return {
    subscription,
    addons,
    scheduledChanges,
    foreignExternalIds: team.foreignExternalIds,
    sharedQuantity: Number(shared[0]?.n ?? 0),
    earlierResellerId: earlier.find((r) => r.reseller_id)?.reseller_id ?? null,
    retainedExternalId: earlier.find((r) => r.status === "canceled" && r.external_id)?.external_id ?? null,
  };
}

/**
 * R-ORD-02 / R-EXT-03: vendor objects other customers hold under an admin email — the service
 * manager never adopts one of them for this customer (issue 13) — and R-EXT-02's retained object
 * of the customer's latest cancelled plan of the product type (a new order may restore it).
 */
export async function loadTeamContext(
  tx: Tx,
  tenantId: string,
  input: { accountId: string | null; productTypeId: string; adminEmail: string | null },
): Promise<{
  foreignExternalIds: string[];
  retainedExternalId: string | null;
  earlierResellerId: string | null;
}> {
  // One statement (issue 17: it runs before every order's transaction, in the vendor pre-check).
  // A null email or account matches nothing, as the separate reads it replaces did.
  const [row] = await queryRows<{
    foreign_ids: string[] | null;
    retained_id: string | null;
    earlier_reseller_id: string | null;
  }>(
    tx,
    sql`select
          (select array_agg(distinct external_id) from subscriptions
            where tenant_id = ${tenantId} and product_type_id = ${input.productTypeId}
              and account_id is distinct from ${input.accountId} and external_id is not null
              and lower(coalesce(admin_email, service_details->>'adminEmail')) = lower(${input.adminEmail}::text)
          ) as foreign_ids,
          (select external_id from subscriptions
            where tenant_id = ${tenantId} and account_id = ${input.accountId}::text
              and product_type_id = ${input.productTypeId} and status = 'canceled' and external_id is not null
            order by created_at desc limit 1
          ) as retained_id,
          (select service_details->>'resellerId' from subscriptions
            where tenant_id = ${tenantId} and account_id = ${input.accountId}::text
              and product_type_id = ${input.productTypeId} and service_details->>'resellerId' is not null
            order by created_at desc limit 1
          ) as earlier_reseller_id`,
  );
  return {
    foreignExternalIds: row?.foreign_ids ?? [],
    retainedExternalId: row?.retained_id ?? null,
    earlierResellerId: row?.earlier_reseller_id ?? null,
  };
}

/** Synchronized subscriptions with a vendor id (the drift check's population), oldest first. */
export async function listSynchronizedSubscriptions(
  tx: Tx,
  filter: { tenantId?: string | undefined } = {},
): Promise<Array<{ tenantId: string; id: string }>> {
  const rows = await queryRows<{ tenant_id: string; id: string }>(
    tx,
    sql`select tenant_id, id from subscriptions
        where sync_status = 'synchronized' and external_id is not null
          and managed_by_tenant_id is null -- a tenant copy is its reseller's to check (R-TEN-02)
          and status in ('active', 'suspended', 'pending_for_cancel')
          ${filter.tenantId ? sql`and tenant_id = ${filter.tenantId}` : sql``}
        order by created_at, id`,
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, id: r.id }));
}

/** The row, locked, for provisioning's Retry action. */
export const lockSubscriptionForProvisioning = (tx: Tx, tenantId: string, id: string) =>
  lockSubscription(tx, tenantId, id);
