import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import type { ListResult, TenantScope } from "./catalog.types.ts";
import { toSummary } from "./get-product.ts";
import type { PriceListEntry } from "./price-list-entry.view.ts";
import { findPriceList, listEntries } from "./pricing.repo.ts";

export async function listPriceListEntries(
  deps: Deps,
  actor: TenantScope,
  priceListId: string,
  query: { limit: number; offset: number; q?: string | undefined; sort?: string | undefined },
): Promise<ListResult<PriceListEntry>> {
  const list = await findPriceList(deps.db, actor.tenantId, priceListId);
  if (!list) throw notFound("Price list", priceListId);
  const { items, total } = await listEntries(deps.db, actor.tenantId, priceListId, query);
  return {
    items: items.map((e) => ({
      product: toSummary(e.product),
      currency: list.currency,
      unitPrice: e.unitPrice,
      cost: e.cost,
      listPrice: e.product.listPrice,
      updatedAt: e.updatedAt,
    })),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}
