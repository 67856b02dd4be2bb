import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import type { ListResult, TenantScope } from "./catalog.types.ts";
import { type PriceList, toPriceList } from "./price-list.view.ts";
import { findPriceList, listPriceLists as listRows } from "./pricing.repo.ts";

export async function listPriceLists(
  deps: Deps,
  actor: TenantScope,
  page: { limit: number; offset: number; sort?: string | undefined },
): Promise<ListResult<PriceList>> {
  const { items, total } = await listRows(deps.db, actor.tenantId, page);
  return { items: items.map(toPriceList), total, limit: page.limit, offset: page.offset };
}

export async function getPriceList(deps: Deps, actor: TenantScope, id: string): Promise<PriceList> {
  const row = await findPriceList(deps.db, actor.tenantId, id);
  if (!row) throw notFound("Price list", id);
  return toPriceList(row);
}
