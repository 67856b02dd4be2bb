import type { Deps } from "../../deps.ts";
import { getAccount } from "../tenancy/index.ts";
import type { Product, TenantScope } from "./catalog.types.ts";
import { publishedProducts } from "./storefront.repo.ts";

/** BSS view of what a reseller's Storefront offers (R-CAT-07); not_found outside the tenant. */
export async function listStorefrontProducts(
  deps: Deps,
  actor: TenantScope,
  resellerAccountId: string,
): Promise<Product[]> {
  await getAccount(deps.db, actor.tenantId, resellerAccountId);
  return publishedProducts(deps.db, actor.tenantId, resellerAccountId);
}
