import type { Deps } from "../../deps.ts";
import type { Tx } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import { getProductType, loadProductDetails, type ProductDetails, resolvePrices } from "../catalog/index.ts";
import { getTenant } from "../tenancy/index.ts";

/**
 * The catalogue as orders read it: products with their effective policies, and whether their
 * product type is provisioned automatically (it has a service manager, R-ORD-09).
 *
 * Loading a product's details costs ~16 ms (the catalog computes its whole upgrade closure, which
 * ordering does not need), so details are kept in memory for a few seconds per process. A policy or
 * product edit therefore reaches ordering within CACHE_TTL_MS; what must never be stale is not
 * cached: prices are resolved per order, Storefront publications are read per order, and the
 * one-plan-per-admin-email rule (R-ORD-02) is a database constraint. The tenant's time zone and
 * currency (which decide an order's date and currency) are kept the same way.
 */

export interface OrderProduct extends ProductDetails {
  /** R-ORD-09: products of a type with a service manager execute on submission. */
  automatic: boolean;
}

export const CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;
const cache = new Map<string, { at: number; value: Promise<OrderProduct> }>();

const tenants = new Map<string, { at: number; value: Promise<TenantSettings> }>();

/** Forgets every cached product and tenant setting (tests that edit the catalogue). */
export function clearOrderProductCache(): void {
  cache.clear();
  tenants.clear();
}

export interface TenantSettings {
  timeZone: string;
  currency: string;
}

/** The tenant's time zone (an order's date, subscriptions' start) and currency, cached like products. */
export async function loadTenantSettings(tx: Tx, tenantId: string): Promise<TenantSettings> {
  const now = performance.now();
  let hit = tenants.get(tenantId);
  if (!hit || now - hit.at > CACHE_TTL_MS) {
    if (tenants.size >= MAX_ENTRIES) tenants.clear();
    const value = getTenant(tx, tenantId).then((t) => ({ timeZone: t.timeZone, currency: t.currency }));
    hit = { at: now, value };
    tenants.set(tenantId, hit);
    value.catch(() => tenants.delete(tenantId));
  }
  return hit.value;
}

async function loadOne(deps: Deps, tx: Tx, tenantId: string, productId: string): Promise<OrderProduct> {
  const details = await loadProductDetails(tx, { tenantId }, productId);
  const type = await getProductType({ ...deps, db: tx }, { tenantId }, details.productTypeId);
  return { ...details, automatic: type.serviceManagerInstanceId !== null };
}

/** The products by id (404 naming the first unknown one); one load per product per TTL. */
export async function loadOrderProducts(
  deps: Deps,
  tx: Tx,
  tenantId: string,
  ids: Iterable<string>,
): Promise<Map<string, OrderProduct>> {
  const out = new Map<string, OrderProduct>();
  const now = performance.now(); // infrastructure time, never the business clock
  for (const id of new Set(ids)) {
    const key = `${tenantId}:${id}`;
    let hit = cache.get(key);
    if (!hit || now - hit.at > CACHE_TTL_MS) {
      if (cache.size >= MAX_ENTRIES) cache.clear();
      const value = loadOne(deps, tx, tenantId, id);
      hit = { at: now, value };
      cache.set(key, hit);
      value.catch(() => cache.delete(key)); // a missing product is not remembered
    }
    try {
      out.set(id, await hit.value);
    } catch (e) {
      if ((e as { code?: string }).code === "not_found") throw notFound("Product", id);
      throw e;
    }
  }
  return out;
}

export interface LinePrice {
  unitPrice: bigint;
  unitCost: bigint;
  currency: string;
  priceListId: string | null;
}

/**
 * Unit prices per product for a customer (the reseller's list, else the tenant default, else the
 * list price — catalog resolvePrices) and unit costs (the product's cost).
 */
export async function priceProducts(
  tx: Tx,
  tenantId: string,
  products: ReadonlyMap<string, OrderProduct>,
  resellerAccountId: string | null,
): Promise<Map<string, LinePrice>> {
  const resolved = await resolvePrices({ db: tx }, tenantId, [...products.keys()], { resellerAccountId });
  const out = new Map<string, LinePrice>();
  for (const [id, product] of products) {
    const price = resolved.get(id);
    out.set(id, {
      unitPrice: price?.amount ?? product.listPrice,
      unitCost: product.cost,
      currency: price?.currency ?? product.currency,
      priceListId: price?.priceListId ?? null,
    });
  }
  return out;
}
