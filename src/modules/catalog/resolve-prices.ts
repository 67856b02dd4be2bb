import type { Deps } from "../../deps.ts";
import { findProductsByIds } from "./catalog.repo.ts";
import { type PriceSource, resolveUnitPrice } from "./catalog.rules.ts";
import { findEffectivePriceList, findEntries, findPriceList } from "./pricing.repo.ts";

export interface ResolvedPrice {
  productId: string;
  amount: bigint;
  currency: string;
  source: PriceSource;
  priceListId: string | null;
}

/**
 * Unit prices (per unit and commitment term) of products: from the given price list, or else
 * the reseller's own list, or else the tenant's default list; within a list, the entry, then
 * the list's markup over cost, then the product's list price (catalog.rules resolveUnitPrice).
 * Unknown product ids are left out.
 */
export async function resolvePrices(
  deps: Pick<Deps, "db">,
  tenantId: string,
  productIds: readonly string[],
  options: { priceListId?: string | undefined; resellerAccountId?: string | null | undefined } = {},
): Promise<Map<string, ResolvedPrice>> {
  const list = options.priceListId
    ? await findPriceList(deps.db, tenantId, options.priceListId)
    : await findEffectivePriceList(deps.db, tenantId, options.resellerAccountId ?? null);
  const [products, entries] = await Promise.all([
    findProductsByIds(deps.db, tenantId, productIds),
    list ? findEntries(deps.db, tenantId, list.id, productIds) : Promise.resolve(new Map()),
  ]);
  const out = new Map<string, ResolvedPrice>();
  for (const p of products) {
    const price = resolveUnitPrice({ product: p, list, entry: entries.get(p.id) });
    out.set(p.id, {
      productId: p.id,
      ...price,
      priceListId: price.source === "list_price" ? null : (list?.id ?? null),
    });
  }
  return out;
}
