import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import type { TenantScope } from "./catalog.types.ts";
import { toRunView } from "./get-service-manager-run.ts";
import { type ServiceManagerView, toServiceManagerView } from "./list-service-managers.ts";
import { findInstance, listRuns } from "./service-managers.repo.ts";

export async function getServiceManager(
  deps: Deps,
  actor: TenantScope,
  id: string,
): Promise<ServiceManagerView> {
  const instance = await findInstance(deps.db, actor.tenantId, id);
  if (!instance) throw notFound("Service manager", id);
  const { items } = await listRuns(deps.db, actor.tenantId, id, { limit: 1, offset: 0 });
  return toServiceManagerView(deps, instance, items[0] ? toRunView(items[0]) : undefined);
}
