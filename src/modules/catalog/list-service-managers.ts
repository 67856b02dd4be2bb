import type { Deps } from "../../deps.ts";
import type { TenantScope } from "./catalog.types.ts";
import { type RunView, toRunView } from "./get-service-manager-run.ts";
import { type InstanceRow, latestRunsByInstance, listInstances } from "./service-managers.repo.ts";

export interface ServiceManagerView {
  id: string;
  vendor: string;
  name: string;
  /** The vendor's service manager is installed in this build (its definition can be fetched). */
  available: boolean;
  /** Sandbox mode: where the simulated vendor API listens (null with a real vendor or none). */
  sandboxUrl: string | null;
  lastRun: RunView | null;
  createdAt: Date;
}

export function toServiceManagerView(
  deps: Deps,
  row: InstanceRow,
  lastRun: RunView | undefined,
): ServiceManagerView {
  return {
    id: row.id,
    vendor: row.vendor,
    name: row.name,
    available: Boolean(deps.serviceManagers.find(row.vendor)),
    sandboxUrl:
      (deps.vendorConnections as Record<string, { sandboxControlUrl?: string } | undefined>)[row.vendor]
        ?.sandboxControlUrl ?? null,
    lastRun: lastRun ?? null,
    createdAt: row.createdAt,
  };
}

export async function listServiceManagers(deps: Deps, actor: TenantScope): Promise<ServiceManagerView[]> {
  // Sequential: `deps.db` may be a transaction (one query at a time on one connection).
  const rows = await listInstances(deps.db, actor.tenantId);
  const latest = await latestRunsByInstance(deps.db, actor.tenantId);
  return rows.map((r) => {
    const run = latest.get(r.id);
    return toServiceManagerView(deps, r, run ? toRunView(run) : undefined);
  });
}
