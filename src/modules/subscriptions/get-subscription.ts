import type { Deps } from "../../deps.ts";
import { addDays, type PlainDate, parseDate } from "../../shared/dates.ts";
import { type Tx, transaction } from "../../shared/db.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import { loadProductDetails, type ProductTypePolicies } from "../catalog/index.ts";
import { type Actor, assertAccountVisible } from "../tenancy/index.ts";
import { type CancellationRequestRow, listPendingRequests } from "./cancellation-requests.repo.ts";
import { type ManagedBy, managedByOf, todayFor } from "./subscriptions.core.ts";
import {
  findSubscription,
  listAddons,
  listScheduledChanges,
  type ScheduledChangeRow,
} from "./subscriptions.repo.ts";
import { isWithinWindow } from "./subscriptions.rules.ts";
import type { CommandContext, SubscriptionAddonRow, SubscriptionRow } from "./subscriptions.types.ts";

/** A subscription with what its page shows: add-ons, pending changes, window and renewal dates. */
export interface SubscriptionDetails {
  subscription: SubscriptionRow;
  addons: SubscriptionAddonRow[];
  /** Changes waiting for their date (decrease, end-of-period cancellation, renewal request…). */
  scheduledChanges: ScheduledChangeRow[];
  /** Last day of the change window (R-CAN-01, D6: windowStart + N days is still inside). */
  windowEndDate: string;
  withinWindow: boolean;
  /** The next renewal, when the subscription will renew (auto-renew on, Active or Suspended). */
  nextRenewalDate: string | null;
  /** R-TEN-03: the tenant reseller managing a distributor copy. */
  managedBy: ManagedBy | null;
  /** R-CRQ-02: the pending cancellation requests (the subscription's and its add-ons'), for the ribbon. */
  cancellationRequests: CancellationRequestRow[];
}

/** Get a subscription the actor may see (BSS: its tenant; Storefront: its subtree; else 404). */
export async function getSubscription(
  deps: Deps,
  actor: Actor,
  input: { subscriptionId: string },
): Promise<SubscriptionDetails> {
  return transaction(deps.db, async (tx) => {
    const row = await findVisible(tx, actor, input.subscriptionId);
    const product = await loadProductDetails(tx, { tenantId: actor.tenantId }, row.productId);
    return loadSubscriptionDetails(tx, row.id, {
      tenantId: actor.tenantId,
      policies: product.effectivePolicies,
      today: await todayFor(deps, tx, actor.tenantId),
    });
  });
}

/** The details of a subscription as they stand in `tx` (commands call it after their changes). */
export async function loadSubscriptionDetails(
  tx: Tx,
  subscriptionId: string,
  at: { tenantId: string; policies: ProductTypePolicies; today: PlainDate },
): Promise<SubscriptionDetails> {
  const subscription = await findSubscription(tx, at.tenantId, subscriptionId);
  if (!subscription) throw notFound("Subscription", subscriptionId);
  // One query at a time on the transaction's connection (issue 17 item 5).
  const addons = await listAddons(tx, at.tenantId, subscriptionId);
  const scheduledChanges = await listScheduledChanges(tx, at.tenantId, subscriptionId, "pending");
  const cancellationRequests = await listPendingRequests(tx, at.tenantId, subscriptionId);
  const windowStart = parseDate(subscription.windowStartDate);
  const days = at.policies.changeWindowDays;
  return {
    subscription,
    addons,
    scheduledChanges,
    windowEndDate: addDays(windowStart, days).toString(),
    withinWindow: isWithinWindow(windowStart, at.today, days),
    nextRenewalDate: nextRenewalDate(subscription),
    managedBy: (await managedByOf(tx, [subscription])).get(subscription.managedByTenantId ?? "") ?? null,
    cancellationRequests,
  };
}

/** R-REN-01: only an auto-renewing subscription that still holds its plan renews (the day after its term). */
export function nextRenewalDate(sub: SubscriptionRow): string | null {
  if (!sub.autoRenew || sub.isTrial) return null;
  if (sub.status !== "active" && sub.status !== "suspended") return null;
  return addDays(parseDate(sub.termEndDate), 1).toString();
}

/** The subscription if the actor may see it; otherwise not_found, like a missing id. */
export async function findVisible(
  tx: Tx,
  actor: CommandContext["actor"],
  subscriptionId: string,
): Promise<SubscriptionRow> {
  const row = await findSubscription(tx, actor.tenantId, subscriptionId);
  if (!row) throw notFound("Subscription", subscriptionId);
  if (actor.kind === "storefront") {
    try {
      await assertAccountVisible(tx, actor, row.accountId);
    } catch (e) {
      if (e instanceof AppError && e.code === "not_found") throw notFound("Subscription", subscriptionId);
      throw e;
    }
  }
  return row;
}
