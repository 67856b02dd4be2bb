import type { Deps } from "../../deps.ts";
import type { Tx } from "../../shared/db.ts";
import { clearSaleProductCache, loadProductsForSale, type SaleProduct } from "../catalog/index.ts";
import { getTenant } from "../tenancy/index.ts";

/**
 * The catalogue as orders read it: products with their effective policies, whether their product
 * type is provisioned automatically (it has a service manager, R-ORD-09), and their prices for
 * the customer — one query per order (catalog loadProductsForSale). Prices are resolved on every
 * call; product details are cached by the catalogue per row version, so an edit of a product, its
 * type or its add-ons reaches the very next order (in every API process). Storefront publications
 * are read per order, and the one-plan-per-admin-email rule (R-ORD-02) is a database constraint.
 */

export interface OrderProduct extends SaleProduct {
  /** R-ORD-09: products of a type with a service manager execute on submission. */
  automatic: boolean;
}

/**
 * Kept for callers that waited for the former 5-second product cache: product edits now reach
 * ordering at once, so there is nothing to wait for.
 */
export const CACHE_TTL_MS = 0;

/** One OrderProduct per cached catalogue object (a new version is a new object). */
const orderProducts = new WeakMap<SaleProduct, OrderProduct>();

/**
 * A tenant's time zone and currency decide an order's date and currency. Neither can be changed
 * once the tenant exists (no use case edits them), so they are kept for the process's life; a
 * future edit of them must call clearOrderProductCache (and restart other API processes).
 */
const tenants = new Map<string, Promise<TenantSettings>>();
const MAX_TENANTS = 10_000;

/** Forgets every cached product and tenant setting. */
export function clearOrderProductCache(): void {
  clearSaleProductCache();
  tenants.clear();
}

export interface TenantSettings {
  timeZone: string;
  currency: string;
}

/** The tenant's time zone (an order's date, subscriptions' start) and currency. */
export async function loadTenantSettings(tx: Tx, tenantId: string): Promise<TenantSettings> {
  let hit = tenants.get(tenantId);
  if (!hit) {
    if (tenants.size >= MAX_TENANTS) tenants.clear();
    hit = getTenant(tx, tenantId).then((t) => ({ timeZone: t.timeZone, currency: t.currency }));
    tenants.set(tenantId, hit);
    hit.catch(() => tenants.delete(tenantId)); // a missing tenant is not remembered
  }
  return hit;
}

export interface LinePrice {
  unitPrice: bigint;
  unitCost: bigint;
  currency: string;
  priceListId: string | null;
}

/**
 * The products by id (404 naming the first unknown one) with their unit prices for a customer —
 * the reseller's list, else the tenant default, else the list price (catalog resolvePrices) —
 * and unit costs (the product's cost). `resellerAccountId`: whose prices (pricingResellerOf).
 */
export async function loadOrderCatalog(
  tx: Tx,
  tenantId: string,
  ids: Iterable<string>,
  resellerAccountId: string | null,
): Promise<{ products: Map<string, OrderProduct>; prices: Map<string, LinePrice> }> {
  const loaded = await loadProductsForSale(tx, tenantId, ids, { resellerAccountId });
  const products = new Map<string, OrderProduct>();
  const prices = new Map<string, LinePrice>();
  for (const [id, sale] of loaded.products) {
    let product = orderProducts.get(sale);
    if (!product) {
      product = { ...sale, automatic: sale.serviceManagerInstanceId !== null };
      orderProducts.set(sale, product);
    }
    products.set(id, product);
    const price = loaded.prices.get(id);
    prices.set(id, {
      unitPrice: price?.amount ?? product.listPrice,
      unitCost: product.cost,
      currency: price?.currency ?? product.currency,
      priceListId: price?.priceListId ?? null,
    });
  }
  return { products, prices };
}

/** The products by id (404 naming the first unknown one), when no prices are needed. */
export async function loadOrderProducts(
  _deps: Deps,
  tx: Tx,
  tenantId: string,
  ids: Iterable<string>,
): Promise<Map<string, OrderProduct>> {
  return (await loadOrderCatalog(tx, tenantId, ids, null)).products;
}
