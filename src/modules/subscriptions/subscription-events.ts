import type { Deps } from "../../deps.ts";
import { enqueueJob } from "../../jobs/index.ts";
import { beforeCommit, type Tx, txList } from "../../shared/db.ts";
import { getTenant } from "../tenancy/index.ts";
import { emitWebhookEvent } from "../webhooks/index.ts";
import {
  findSubscription,
  listAddons,
  listScheduledChanges,
  lockSubscription,
} from "./subscriptions.repo.ts";

/**
 * `subscription.changed`: one outbox event per (transaction, subscription) of a **tenant
 * reseller's** BSS, written just before the transaction commits, carrying the history records the
 * transaction wrote and the subscription's state at commit. The distribution module consumes it to
 * keep the distributor's copy in step (R-TEN-04). Events of one subscription share a queue, so they
 * are applied in the order they were committed; the job key is the first history record's id.
 */
export const SUBSCRIPTION_CHANGED = "subscription.changed";

export interface HistoryNote {
  id: string;
  action: string;
  summary: string;
  effectiveDate: string;
  channel: string;
}

/** The state a copy mirrors (R-TEN-02): products by SKU, which is what both BSSs share. */
export interface SubscriptionSnapshot {
  id: string;
  accountId: string;
  productId: string;
  name: string;
  status: string;
  /** R-TEN-02 / issue 13: Inactive until its start date (absent in events written before it existed). */
  awaitingStart?: boolean;
  quantity: number;
  term: string;
  billingPlan: string;
  isTrial: boolean;
  autoRenew: boolean;
  characteristics: Record<string, unknown>;
  orderDate: string;
  startDate: string;
  activationDate: string | null;
  termEndDate: string;
  syncStatus: string;
  syncError: string | null;
  externalId: string | null;
  adminEmail: string | null;
  parentSubscriptionId: string | null;
  cancelEffectiveDate: string | null;
  addons: Array<{ id: string; productId: string; name: string; quantity: number; status: string }>;
  /** Changes waiting for their date (the copy schedules the same, so its own run applies them). */
  scheduled: Array<{ kind: string; effectiveDate: string; payload: Record<string, unknown> }>;
}

export interface SubscriptionChanged {
  tenantId: string;
  subscriptionId: string;
  history: HistoryNote[];
  snapshot: SubscriptionSnapshot;
}

const resellerTenants = new Map<string, boolean>();

/** A tenant's kind never changes: remembered per process. */
async function isTenantReseller(tx: Tx, tenantId: string): Promise<boolean> {
  let known = resellerTenants.get(tenantId);
  if (known === undefined) {
    known = (await getTenant(tx, tenantId)).kind === "tenant_reseller";
    resellerTenants.set(tenantId, known);
  }
  return known;
}

/** Notes a change of a subscription in `tx`; the event is written once, at commit. */
export function noteSubscriptionChange(
  deps: Deps,
  tx: Tx,
  tenantId: string,
  subscriptionId: string,
  history: HistoryNote | null,
): void {
  const key = `subchg:${subscriptionId}`;
  if (history) txList<HistoryNote>(tx, key).push(history);
  beforeCommit(tx, key, async (root) => {
    const notes = txList<HistoryNote>(root, key).splice(0);
    if (notes.length === 0) return;
    let snapshotRead: Promise<SubscriptionSnapshot | undefined> | undefined;
    const snap = () => (snapshotRead ??= snapshotOf(root, tenantId, subscriptionId));
    // Issue 15.5: the integrators' webhook (every tenant), next to the distribution event.
    await emitWebhookEvent(deps, root, {
      tenantId,
      type: "subscription.changed",
      data: async () => ({ subscriptionId, changes: notes, subscription: (await snap()) ?? null }),
    });
    if (!(await isTenantReseller(root, tenantId))) return;
    const snapshot = await snap();
    if (!snapshot) return;
    const event: SubscriptionChanged = { tenantId, subscriptionId, history: notes, snapshot };
    await enqueueJob(root, deps.ids, {
      tenantId,
      kind: SUBSCRIPTION_CHANGED,
      key: notes[0]?.id ?? subscriptionId,
      queue: `subevents:${subscriptionId}`,
      payload: event,
    });
  });
}

/** The state a copy mirrors; `forUpdate` row-locks it first (commands changing it then wait for the caller). */
export async function snapshotOf(
  tx: Tx,
  tenantId: string,
  subscriptionId: string,
  options: { forUpdate?: boolean } = {},
): Promise<SubscriptionSnapshot | undefined> {
  const sub = options.forUpdate
    ? await lockSubscription(tx, tenantId, subscriptionId)
    : await findSubscription(tx, tenantId, subscriptionId);
  if (!sub) return undefined;
  const addons = await listAddons(tx, tenantId, subscriptionId);
  const scheduled = await listScheduledChanges(tx, tenantId, subscriptionId, "pending");
  return {
    id: sub.id,
    accountId: sub.accountId,
    productId: sub.productId,
    name: sub.name,
    status: sub.status,
    awaitingStart: sub.awaitingStart,
    quantity: sub.quantity,
    term: sub.term,
    billingPlan: sub.billingPlan,
    isTrial: sub.isTrial,
    autoRenew: sub.autoRenew,
    characteristics: sub.characteristics as Record<string, unknown>,
    orderDate: sub.orderDate,
    startDate: sub.startDate,
    activationDate: sub.activationDate,
    termEndDate: sub.termEndDate,
    syncStatus: sub.syncStatus,
    syncError: sub.syncError,
    externalId: sub.externalId,
    adminEmail: sub.adminEmail,
    parentSubscriptionId: sub.parentSubscriptionId,
    cancelEffectiveDate: sub.cancelEffectiveDate,
    addons: addons.map((a) => ({
      id: a.id,
      productId: a.productId,
      name: a.name,
      quantity: a.quantity,
      status: a.status,
    })),
    scheduled: scheduled.map((c) => ({
      kind: c.kind,
      effectiveDate: c.effectiveDate,
      payload: (c.payload ?? {}) as Record<string, unknown>,
    })),
  };
}
