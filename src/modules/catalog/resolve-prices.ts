import type { Deps } from "../../deps.ts";
import { type PriceSource, resolveUnitPrice } from "./catalog.rules.ts";
import { findPricingRows, type PricingRow } from "./pricing.repo.ts";

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
 * Unknown product ids are left out. One query (pricing.repo findPricingRows).
 */
export async function resolvePrices(
  deps: Pick<Deps, "db">,
  tenantId: string,
  productIds: readonly string[],
  options: { priceListId?: string | undefined; resellerAccountId?: string | null | undefined } = {},
): Promise<Map<string, ResolvedPrice>> {
  const rows = await findPricingRows(deps.db, tenantId, productIds, options);
  return new Map(rows.map((r) => [r.id, priceOf(r)]));
}

export function priceOf(row: PricingRow): ResolvedPrice {
  const price = resolveUnitPrice({ product: row, list: row.list, entry: row.entry });
  return {
    productId: row.id,
    ...price,
    priceListId: price.source === "list_price" ? null : (row.list?.id ?? null),
  };
}
