import type { Deps } from "../../deps.ts";
import type { Account } from "../tenancy/index.ts";
import type { Product } from "./catalog.types.ts";
import { resolvePrices } from "./resolve-prices.ts";
import { findGroup, listPublications, publishedProducts } from "./storefront.repo.ts";

export interface StoreProduct {
  id: string;
  productTypeId: string;
  sku: string;
  name: string;
  description: string | null;
  features: string[];
  kind: Product["kind"];
  term: Product["term"];
  isTrial: boolean;
  trialDays: number | null;
  includedLicences: number;
  minQuantity: number;
  maxQuantity: number | null;
  characteristics: Product["characteristics"];
  /** The reseller's unit price (its price list, else the tenant default, else list price). */
  unitPrice: { amount: bigint; currency: string };
}

export interface StoreView {
  resellerAccountId: string;
  alias: string | null;
  name: string;
  products: StoreProduct[];
  groups: { id: string; name: string; description: string | null; productIds: string[] }[];
}

/** What a reseller's Storefront shows (R-CAT-07): published products and groups, priced. */
export async function buildStoreView(deps: Deps, reseller: Account): Promise<StoreView> {
  const products = await publishedProducts(deps.db, reseller.tenantId, reseller.id);
  const prices = await resolvePrices(
    deps,
    reseller.tenantId,
    products.map((p) => p.id),
    { resellerAccountId: reseller.id },
  );
  const visible = new Set(products.map((p) => p.id));
  const groups = [];
  for (const pub of await listPublications(deps.db, reseller.tenantId, reseller.id)) {
    if (!pub.productGroupId) continue;
    const g = await findGroup(deps.db, reseller.tenantId, pub.productGroupId);
    if (g)
      groups.push({
        id: g.id,
        name: g.name,
        description: g.description,
        productIds: g.productIds.filter((id) => visible.has(id)),
      });
  }
  return {
    resellerAccountId: reseller.id,
    alias: reseller.storefrontAlias,
    name: reseller.name,
    products: products.map((p) => {
      const price = prices.get(p.id)!;
      return {
        id: p.id,
        productTypeId: p.productTypeId,
        sku: p.sku,
        name: p.name,
        description: p.description,
        features: p.features,
        kind: p.kind,
        term: p.term,
        isTrial: p.isTrial,
        trialDays: p.trialDays,
        includedLicences: p.includedLicences,
        minQuantity: p.minQuantity,
        maxQuantity: p.maxQuantity,
        characteristics: p.characteristics,
        unitPrice: { amount: price.amount, currency: price.currency },
      };
    }),
    groups,
  };
}
