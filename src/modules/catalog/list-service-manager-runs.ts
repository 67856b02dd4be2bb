import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import type { ListResult, TenantScope } from "./catalog.types.ts";
import { type RunView, toRunView } from "./get-service-manager-run.ts";
import { findInstance, listRuns } from "./service-managers.repo.ts";

/** Runs of one instance, newest first. */
export async function listServiceManagerRuns(
  deps: Deps,
  actor: TenantScope,
  instanceId: string,
  page: { limit: number; offset: number },
): Promise<ListResult<RunView>> {
  const instance = await findInstance(deps.db, actor.tenantId, instanceId);
  if (!instance) throw notFound("Service manager", instanceId);
  const { items, total } = await listRuns(deps.db, actor.tenantId, instanceId, page);
  return { items: items.map(toRunView), total, ...page };
}
