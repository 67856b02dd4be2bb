import type { Deps } from "../../deps.ts";
import { listExclusiveSets as listRows } from "./catalog.repo.ts";
import type { ExclusiveSet, TenantScope } from "./catalog.types.ts";

/** R-CAT-06: sets of products a holder (an admin email's team) may have only one of. */
export async function listExclusiveSets(deps: Deps, actor: TenantScope): Promise<ExclusiveSet[]> {
  return listRows(deps.db, actor.tenantId);
}
