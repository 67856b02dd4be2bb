import type { Deps } from "../../deps.ts";
import { listProducts as listRows } from "./catalog.repo.ts";
import type { ListProductsQuery, ListResult, Product, TenantScope } from "./catalog.types.ts";

/** Products of the tenant, filtered (type, term, kind, trial, status, text) and paged. */
export async function listProducts(
  deps: Deps,
  actor: TenantScope,
  query: ListProductsQuery,
): Promise<ListResult<Product>> {
  const { items, total } = await listRows(deps.db, actor.tenantId, query);
  return { items, total, limit: query.limit, offset: query.offset };
}
