import type { Deps } from "../../deps.ts";
import { type PriceSource, resolveUnitPrice } from "./catalog.rules.ts";
import { findPricingRows, type PricingRow } from "./pricing.repo.ts";

export interface ResolvedPrice {
  productId: string;
  amount: bigint;
  currency: string;
  source: PriceSource;
  priceListId: string | null;
  /** The product's cost (per unit and commitment term), what a sale records as its unit cost. */
  cost: bigint;
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
  options: {
    priceListId?: string | undefined;
    resellerAccountId?: string | null | undefined;
    /** R-PRC-01: no price list at all — the product's list price (a renewal of a subscription without one). */
    listPriceOnly?: boolean;
  } = {},
): Promise<Map<string, ResolvedPrice>> {
  // No list has the empty id, so asking for it resolves every product to its list price.
  const rows = await findPricingRows(
    deps.db,
    tenantId,
    productIds,
    options.listPriceOnly ? { priceListId: "" } : options,
  );
  return new Map(rows.map((r) => [r.id, priceOf(r)]));
}

export function priceOf(row: PricingRow): ResolvedPrice {
  const price = resolveUnitPrice({ product: row, list: row.list, entry: row.entry });
  return {
    productId: row.id,
    ...price,
    priceListId: price.source === "list_price" ? null : (row.list?.id ?? null),
    cost: row.cost,
  };
}
