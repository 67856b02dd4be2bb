import type { Deps } from "../../deps.ts";
import type { Page } from "../../shared/paging.ts";
import { parseInput } from "../../shared/parse-input.ts";
import { type Actor, accountNames } from "../tenancy/index.ts";
import { hidesAmounts } from "./get-order.ts";
import { asBssViewer } from "./order-access.ts";
import { orderSummaryJson } from "./orders.json.ts";
import { listOrders as listRows } from "./orders.repo.ts";
import { ListOrdersQuery } from "./orders.types.ts";

export type OrderSummary = ReturnType<typeof orderSummaryJson>;

/**
 * Orders (never baskets), filtered by status, customer, channel and order date, sorted and paged,
 * each with its customer's name (one batched lookup in the tenancy module, not one per row).
 * Staff see the tenant's; a reseller's Storefront user its own and its Storefront's (its customers');
 * an end customer its own — where orders its reseller placed show no total (R-DSH-02). A reseller
 * lists what waits for its approval with `status=pending_reseller_approval`.
 */
export async function listOrders(deps: Deps, actor: Actor, rawQuery: unknown): Promise<Page<OrderSummary>> {
  if (actor.kind === "bss") asBssViewer(actor);
  const query = parseInput(ListOrdersQuery, rawQuery ?? {});
  const scope =
    actor.kind === "storefront"
      ? {
          accountId: actor.accountId,
          orResellerAccountId: actor.accountKind === "reseller" ? actor.accountId : undefined,
        }
      : undefined;
  const { rows, total } = await listRows(deps.db, actor.tenantId, { ...query, scope });
  const names = await accountNames(
    deps.db,
    actor.tenantId,
    rows.map((r) => r.accountId),
  );
  return {
    items: rows.map((r) =>
      orderSummaryJson(r, {
        hideAmounts: hidesAmounts(actor, r),
        accountName: r.accountId ? (names.get(r.accountId) ?? null) : null,
      }),
    ),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}
