import type { Deps } from "../../deps.ts";
import { conflict, notFound } from "../../shared/errors.ts";
import { deleteUpgradePath, findUpgradePath } from "./catalog.repo.ts";
import type { TenantScope } from "./catalog.types.ts";

/**
 * Removes a hand-made upgrade path. Paths declared by a services definition belong to the
 * service manager (seed 002 warns against changing them; the next run would restore them).
 */
export async function removeUpgradePath(deps: Deps, actor: TenantScope, id: string): Promise<void> {
  const path = await findUpgradePath(deps.db, actor.tenantId, id);
  if (!path) throw notFound("Upgrade path", id);
  if (path.source === "definition")
    throw conflict(
      "This upgrade path comes from the service manager's definition and cannot be removed by hand.",
      { id },
    );
  await deleteUpgradePath(deps.db, actor.tenantId, id);
}
