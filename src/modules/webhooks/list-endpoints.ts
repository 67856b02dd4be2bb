import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import type { Page } from "../../shared/paging.ts";
import type { Actor } from "../tenancy/index.ts";
import { asBss } from "./webhooks.guards.ts";
import { type EndpointRow, findEndpoint, listEndpointRows } from "./webhooks.repo.ts";
import type { ListEndpointsQuery } from "./webhooks.types.ts";

/** The tenant's endpoints, newest first (viewers may read; secrets are never part of it). */
export async function listEndpoints(
  deps: Deps,
  actor: Actor,
  query: ListEndpointsQuery,
): Promise<Page<EndpointRow>> {
  const bss = asBss(actor, "viewer");
  const enabled = query.enabled === undefined ? undefined : query.enabled === "true";
  const { items, total } = await listEndpointRows(deps.db, bss.tenantId, { ...query, enabled });
  return { items, total, limit: query.limit, offset: query.offset };
}

/** One endpoint of the caller's tenant; another tenant's answers 404 like a missing one. */
export async function getEndpoint(deps: Deps, actor: Actor, endpointId: string): Promise<EndpointRow> {
  const bss = asBss(actor, "viewer");
  const endpoint = await findEndpoint(deps.db, bss.tenantId, endpointId);
  if (!endpoint) throw notFound("Webhook endpoint", endpointId);
  return endpoint;
}
