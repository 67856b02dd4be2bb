import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { DateString } from "../../shared/dates.ts";
import { transaction } from "../../shared/db.ts";
import { type Page, Paging, sortParam } from "../../shared/paging.ts";
import { type Actor, accountNames, visibleAccountIds } from "../tenancy/index.ts";
import { type ManagedBy, managedByOf } from "./subscriptions.core.ts";
import { listAddonsOfSubscriptions, listSubscriptions as listRows } from "./subscriptions.repo.ts";
import {
  SUBSCRIPTION_STATUSES,
  type SubscriptionAddonRow,
  type SubscriptionRow,
  SYNC_STATUSES,
} from "./subscriptions.types.ts";

export const SUBSCRIPTION_SORTS = [
  "name",
  "startDate",
  "termEndDate",
  "createdAt",
  "status",
  "quantity",
] as const;

export const ListSubscriptionsQuery = z.strictObject({
  ...Paging,
  sort: sortParam(SUBSCRIPTION_SORTS),
  status: z.enum(SUBSCRIPTION_STATUSES).optional(),
  productId: z.string().min(1).optional(),
  productTypeId: z.string().min(1).optional(),
  accountId: z.string().min(1).optional(),
  syncStatus: z.enum(SYNC_STATUSES).optional(),
  startFrom: DateString.optional(),
  startTo: DateString.optional(),
  /** Name, team admin email or the vendor's id. */
  q: z.string().trim().min(1).max(200).optional(),
});
export type ListSubscriptionsQuery = z.infer<typeof ListSubscriptionsQuery>;

/** A list row: the subscription with its add-ons (the Storefront list shows them, R-DSH-03). */
export interface SubscriptionListItem {
  subscription: SubscriptionRow;
  addons: SubscriptionAddonRow[];
  /** R-TEN-03: the tenant reseller managing a distributor copy. */
  managedBy: ManagedBy | null;
  /** The customer's name, so the list names whom each subscription is for. */
  accountName: string | null;
}

/**
 * Lists subscriptions: a BSS actor sees the whole tenant; a Storefront actor its subtree
 * (a reseller: itself and its customers; an end customer: itself), decided by tenancy's
 * visibleAccountIds. An accountId outside the scope simply matches nothing. Each row carries its
 * customer's name (one batched lookup in the tenancy module).
 */
export async function listSubscriptions(
  deps: Deps,
  actor: Actor,
  query: ListSubscriptionsQuery,
): Promise<Page<SubscriptionListItem>> {
  return transaction(deps.db, async (tx) => {
    let accountIds: string[] | undefined;
    if (actor.kind === "storefront") {
      const visible = await visibleAccountIds(tx, actor);
      accountIds = query.accountId ? visible.filter((id) => id === query.accountId) : visible;
    } else if (query.accountId) {
      accountIds = [query.accountId];
    }
    const { rows, total } = await listRows(tx, actor.tenantId, {
      ...(accountIds ? { accountIds } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.productId ? { productId: query.productId } : {}),
      ...(query.productTypeId ? { productTypeId: query.productTypeId } : {}),
      ...(query.syncStatus ? { syncStatus: query.syncStatus } : {}),
      ...(query.startFrom ? { startFrom: query.startFrom } : {}),
      ...(query.startTo ? { startTo: query.startTo } : {}),
      ...(query.q ? { q: query.q } : {}),
      ...(query.sort ? { sort: query.sort } : {}),
      limit: query.limit,
      offset: query.offset,
    });
    const addons = await listAddonsOfSubscriptions(
      tx,
      actor.tenantId,
      rows.map((r) => r.id),
    );
    const bySub = new Map<string, SubscriptionAddonRow[]>();
    for (const a of addons) bySub.set(a.subscriptionId, [...(bySub.get(a.subscriptionId) ?? []), a]);
    const managers = await managedByOf(tx, rows);
    const names = await accountNames(
      tx,
      actor.tenantId,
      rows.map((r) => r.accountId),
    );
    return {
      items: rows.map((subscription) => ({
        subscription,
        addons: bySub.get(subscription.id) ?? [],
        managedBy: managers.get(subscription.managedByTenantId ?? "") ?? null,
        accountName: names.get(subscription.accountId) ?? null,
      })),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  });
}
