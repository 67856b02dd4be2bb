import { toPage } from "../../api.ts";

/** The service-manager API as the pages use it: adjust field names here only. */
export interface ServiceManager {
  id: string;
  vendor: string;
  name: string;
  /** False when the tenant has the instance but this build has no connector for the vendor. */
  available: boolean;
  lastRun: Run | null;
}

export type RunStatus = "queued" | "running" | "succeeded" | "failed";

export interface RunLogLine {
  at: string;
  level: string;
  message: string;
}

export interface Run {
  id: string;
  action: string;
  status: RunStatus;
  progressDone: number;
  progressTotal: number;
  log: RunLogLine[];
  summary: Record<string, unknown> | null;
  error: string | null;
  createdAt: string | null;
  finishedAt: string | null;
}

type Raw = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

export function toServiceManager(raw: unknown): ServiceManager {
  const r = raw as Raw;
  return {
    id: String(r.id),
    vendor: String(r.vendor ?? ""),
    name: String(r.name ?? ""),
    available: r.available !== false,
    lastRun: r.lastRun ? toRun(r.lastRun) : null,
  };
}

export const toServiceManagerPage = (raw: unknown) => toPage(raw, toServiceManager);

export function toRun(raw: unknown): Run {
  const r = ((raw as Raw).run ?? raw) as Raw;
  const log = Array.isArray(r.log) ? (r.log as Raw[]) : [];
  return {
    id: String(r.id),
    action: String(r.action ?? "get_services_definition"),
    status: String(r.status ?? "queued") as RunStatus,
    progressDone: Number(r.progressDone ?? 0),
    progressTotal: Number(r.progressTotal ?? 0),
    log: log.map((l) => ({
      at: String(l.at ?? ""),
      level: String(l.level ?? "info"),
      message: String(l.message ?? ""),
    })),
    summary: r.summary && typeof r.summary === "object" ? (r.summary as Record<string, unknown>) : null,
    error: str(r.error),
    createdAt: str(r.createdAt),
    finishedAt: str(r.finishedAt),
  };
}

export const toRunPage = (raw: unknown) => toPage(raw, toRun);

export function isActive(status: RunStatus): boolean {
  return status === "queued" || status === "running";
}
