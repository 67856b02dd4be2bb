import type { Deps } from "../../deps.ts";
import { listProductTypes as listRows } from "./catalog.repo.ts";
import type { ProductType, TenantScope } from "./catalog.types.ts";

export async function listProductTypes(deps: Deps, actor: TenantScope): Promise<ProductType[]> {
  return listRows(deps.db, actor.tenantId);
}
