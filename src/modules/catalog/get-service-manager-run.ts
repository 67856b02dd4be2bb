import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import type { SyncSummary } from "./catalog.sync.ts";
import type { TenantScope } from "./catalog.types.ts";
import { findRun, type RunLogEntry, type RunRow } from "./service-managers.repo.ts";

export interface RunView {
  id: string;
  instanceId: string;
  action: string;
  status: "queued" | "running" | "succeeded" | "failed";
  progressDone: number;
  progressTotal: number;
  log: RunLogEntry[];
  summary: SyncSummary | null;
  error: string | null;
  requestedBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export function toRunView(r: RunRow): RunView {
  return {
    id: r.id,
    instanceId: r.instanceId,
    action: r.action,
    status: r.status as RunView["status"],
    progressDone: r.progressDone,
    progressTotal: r.progressTotal,
    log: (r.log as RunLogEntry[]) ?? [],
    summary: (r.summary as SyncSummary | null) ?? null,
    error: r.error,
    requestedBy: r.requestedBy,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

export async function getServiceManagerRun(deps: Deps, actor: TenantScope, runId: string): Promise<RunView> {
  const run = await findRun(deps.db, actor.tenantId, runId);
  if (!run) throw notFound("Service manager run", runId);
  return toRunView(run);
}
