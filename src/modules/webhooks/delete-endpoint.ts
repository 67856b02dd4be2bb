import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import type { Actor } from "../tenancy/index.ts";
import { asBss } from "./webhooks.guards.ts";
import { deleteEndpointRow } from "./webhooks.repo.ts";

/**
 * An admin deletes an endpoint with its deliveries log (cascade). Attempts already queued find
 * no delivery and do nothing. Events stay (other endpoints may have received them).
 */
export async function deleteEndpoint(deps: Deps, actor: Actor, endpointId: string): Promise<void> {
  const bss = asBss(actor, "admin");
  await transaction(deps.db, async (tx) => {
    if (!(await deleteEndpointRow(tx, bss.tenantId, endpointId)))
      throw notFound("Webhook endpoint", endpointId);
  });
}
