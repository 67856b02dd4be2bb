import type { Deps } from "../../deps.ts";
import { drainJobs } from "../../jobs/index.ts";
import { jobHandlers } from "../../jobs/registry.ts";
import type { Clock } from "../../shared/clock.ts";
import { queryRows, sql } from "../../shared/db.ts";
import {
  DEFAULT_SANDBOX_CLIENT,
  type DropboxSandbox,
  type FaultConfigInput,
  startDropboxSandbox,
} from "../../vendor-sandboxes/dropbox/index.ts";

/**
 * Tests' vendor: the Dropbox sandbox on the test database (its own schema), on the BSS's clock,
 * and the connector pointed at it with short client-side waits (the outbox retries the rest).
 */
export async function attachSandbox(
  deps: Deps,
  options: { clock: Clock; faults?: FaultConfigInput; timeoutMs?: number; retentionDays?: number } = {
    clock: deps.clock,
  },
): Promise<DropboxSandbox> {
  const sandbox = await startDropboxSandbox({
    db: deps.db,
    port: 0,
    clock: options.clock,
    retentionDays: options.retentionDays ?? 7,
    tokenTtlSeconds: 10 * 365 * 86_400,
    ...(options.faults ? { faults: options.faults } : {}),
  });
  deps.vendorConnections.dropbox = {
    baseUrl: sandbox.url,
    ...DEFAULT_SANDBOX_CLIENT,
    sandboxControlUrl: sandbox.url,
    client: { timeoutMs: options.timeoutMs ?? 5_000, baseDelayMs: 1, maxDelayMs: 10, maxRetryAfterMs: 0 },
  };
  return sandbox;
}

/** Runs every job (delayed retries included) until none is left. */
export const drainAll = (deps: Deps) => drainJobs(deps, jobHandlers, { includeDelayed: true });

export async function control(
  sandbox: DropboxSandbox,
  method: string,
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: the sandbox's control answers are plain JSON.
): Promise<any> {
  const res = await fetch(`${sandbox.url}/__sandbox/${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

export interface SubRow {
  id: string;
  status: string;
  sync_status: string;
  sync_error: string | null;
  external_id: string | null;
  quantity: number;
  pending_operation: unknown;
}

export async function subRow(deps: Deps, id: string): Promise<SubRow> {
  const [row] = await queryRows<SubRow>(
    deps.db,
    sql`select id, status, sync_status, sync_error, external_id, quantity, pending_operation
        from subscriptions where id = ${id}`,
  );
  if (!row) throw new Error(`no subscription ${id}`);
  return row;
}
