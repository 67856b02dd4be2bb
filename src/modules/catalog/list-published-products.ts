import type { Db } from "../../shared/db.ts";
import type { Product } from "./catalog.types.ts";
import { publishedProducts } from "./storefront.repo.ts";

/**
 * R-CAT-07: the active products a reseller publishes in its Storefront, directly or through a
 * published product group. Orders use it for "only published products can be ordered there".
 */
export function listPublishedProducts(
  db: Db,
  tenantId: string,
  resellerAccountId: string,
): Promise<Product[]> {
  return publishedProducts(db, tenantId, resellerAccountId);
}
