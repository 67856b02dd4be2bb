import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import type { TenantScope } from "./catalog.types.ts";
import { deleteEntry, findPriceList } from "./pricing.repo.ts";

export async function deletePriceListEntry(
  deps: Deps,
  actor: TenantScope,
  priceListId: string,
  productId: string,
) {
  const list = await findPriceList(deps.db, actor.tenantId, priceListId);
  if (!list) throw notFound("Price list", priceListId);
  if (!(await deleteEntry(deps.db, actor.tenantId, priceListId, productId)))
    throw notFound("Price list entry", productId);
}
