import type { Deps } from "../../deps.ts";
import { listUpgradePaths as listRows } from "./catalog.repo.ts";
import type { ListResult, ListUpgradePathsQuery, TenantScope, UpgradePath } from "./catalog.types.ts";

/** Declared upgrade edges (not the closure; a product's closure is on getProduct). */
export async function listUpgradePaths(
  deps: Deps,
  actor: TenantScope,
  query: ListUpgradePathsQuery,
): Promise<ListResult<UpgradePath>> {
  const { items, total } = await listRows(deps.db, actor.tenantId, query);
  return { items, total, limit: query.limit, offset: query.offset };
}
