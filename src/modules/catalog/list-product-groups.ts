import type { Deps } from "../../deps.ts";
import type { ListResult, TenantScope } from "./catalog.types.ts";
import { type ProductGroup, toProductGroup } from "./product-group.view.ts";
import { listGroups } from "./storefront.repo.ts";

export async function listProductGroups(
  deps: Deps,
  actor: TenantScope,
  page: { limit: number; offset: number },
): Promise<ListResult<ProductGroup>> {
  const { items, total } = await listGroups(deps.db, actor.tenantId, page);
  return { items: items.map(toProductGroup), total, ...page };
}
