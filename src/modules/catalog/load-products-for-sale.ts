import type { Tx } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import { findProduct, findProductTypeEssentials, listAddonsOf } from "./catalog.repo.ts";
import type { SaleProduct } from "./catalog.types.ts";
import { effectivePolicies, toSummary } from "./get-product.ts";
import { findPricingRows } from "./pricing.repo.ts";
import { priceOf, type ResolvedPrice } from "./resolve-prices.ts";

/**
 * Products being sold, with their prices for a customer — what placing an order reads of the
 * catalogue, in ONE query per call when nothing changed.
 *
 * Prices are resolved on every call (never cached). A product's details (its row, its type's
 * policies and service manager, its add-ons) are kept in memory, keyed by the row versions the
 * same query returns (PostgreSQL's xmin of the product, its type, its add-on links and add-on
 * products — pricing.repo findPricingRows): any committed edit of one of them changes the version,
 * so the next call reloads the details. There is no time-to-live and no staleness, in this process
 * or another one on the same database.
 */

const MAX_ENTRIES = 10_000;
const cache = new Map<string, { version: string; product: SaleProduct }>();

/** Forgets every cached product (tests; the versions make it unnecessary for correctness). */
export function clearSaleProductCache(): void {
  cache.clear();
}

export async function loadProductsForSale(
  tx: Tx,
  tenantId: string,
  productIds: Iterable<string>,
  pricing: { resellerAccountId: string | null },
): Promise<{ products: Map<string, SaleProduct>; prices: Map<string, ResolvedPrice> }> {
  const ids = [...new Set(productIds)];
  const rows = await findPricingRows(tx, tenantId, ids, { ...pricing, withVersions: true });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const products = new Map<string, SaleProduct>();
  const prices = new Map<string, ResolvedPrice>();
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) throw notFound("Product", id);
    const key = `${tenantId}:${id}`;
    let hit = cache.get(key);
    if (!hit || hit.version !== row.version) {
      // Loaded after the version was read, so never older than it: at worst the next call reloads.
      hit = { version: row.version!, product: await loadSaleProduct(tx, tenantId, id) };
      if (cache.size >= MAX_ENTRIES) cache.clear();
      cache.set(key, hit);
    }
    products.set(id, hit.product);
    prices.set(id, priceOf(row));
  }
  return { products, prices };
}

async function loadSaleProduct(tx: Tx, tenantId: string, id: string): Promise<SaleProduct> {
  const product = await findProduct(tx, tenantId, id);
  if (!product) throw notFound("Product", id);
  const type = await findProductTypeEssentials(tx, tenantId, product.productTypeId);
  const addons = await listAddonsOf(tx, tenantId, id);
  return {
    ...product,
    productType: { id: type!.id, code: type!.code, name: type!.name },
    addons: addons.filter((a) => a.status === "active").map(toSummary),
    effectivePolicies: effectivePolicies(type!.policies, product.policies),
    serviceManagerInstanceId: type!.serviceManagerInstanceId,
  };
}
