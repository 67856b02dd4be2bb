import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { Page } from "../../shared/paging.ts";
import { Paging, sortParam } from "../../shared/paging.ts";
import { type Actor, getAccount, visibleAccountIds } from "../tenancy/index.ts";
import { findVisibleRequest } from "./cancellation-requests.access.ts";
import {
  type CancellationRequestRow,
  listCancellationRequestRows,
  REQUEST_STATUSES,
} from "./cancellation-requests.repo.ts";
import { findSubscription, listAddons } from "./subscriptions.repo.ts";

export const ListRequestsQuery = z.strictObject({
  status: z.enum(REQUEST_STATUSES).optional(),
  accountId: z.string().min(1).max(100).optional(),
  subscriptionId: z.string().min(1).max(100).optional(),
  /** submittedAt (newest first without one) or status; `-` descending. */
  sort: sortParam(["submittedAt", "status"]),
  ...Paging,
});
export type ListRequestsQuery = z.infer<typeof ListRequestsQuery>;

/** A request with the names *View Request* shows. */
export interface RequestView extends CancellationRequestRow {
  subscriptionName: string;
  accountName: string;
  addonName: string | null;
  /** The subscription's (or add-on's) licences now: "all" means these. */
  currentQuantity: number;
}

/** R-CRQ-02: the requests of the tenant (BSS) or of the caller's subtree (Storefront), newest first unless sorted. */
export async function listCancellationRequests(
  deps: Deps,
  actor: Actor,
  query: ListRequestsQuery,
): Promise<Page<RequestView>> {
  const accountIds = actor.kind === "storefront" ? await visibleAccountIds(deps.db, actor) : undefined;
  const { rows, total } = await listCancellationRequestRows(
    deps.db,
    actor.tenantId,
    { status: query.status, accountId: query.accountId, subscriptionId: query.subscriptionId, accountIds },
    query,
  );
  const items: RequestView[] = [];
  for (const row of rows) items.push(await viewOf(deps, row));
  return { items, total, limit: query.limit, offset: query.offset };
}

/** *View Request*: who submitted it and when, quantity, mode, instructions, and the decision. */
export async function getCancellationRequest(deps: Deps, actor: Actor, id: string): Promise<RequestView> {
  return viewOf(deps, await findVisibleRequest(deps.db, actor, id));
}

export async function viewOf(deps: Deps, row: CancellationRequestRow): Promise<RequestView> {
  const sub = await findSubscription(deps.db, row.tenantId, row.subscriptionId);
  const account = await getAccount(deps.db, row.tenantId, row.accountId);
  const addon = row.addonId
    ? (await listAddons(deps.db, row.tenantId, row.subscriptionId)).find((a) => a.id === row.addonId)
    : undefined;
  return {
    ...row,
    subscriptionName: sub?.name ?? row.subscriptionId,
    accountName: account.name,
    addonName: addon?.name ?? null,
    currentQuantity: addon?.quantity ?? sub?.quantity ?? 0,
  };
}
