import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import { parseInput } from "../../shared/parse-input.ts";
import type { Actor } from "../tenancy/index.ts";
import { assertEndpointUrl } from "./url-guard.ts";
import { asBss } from "./webhooks.guards.ts";
import { type EndpointRow, findEndpoint, updateEndpointRow } from "./webhooks.repo.ts";
import { UpdateEndpointInput } from "./webhooks.types.ts";

/**
 * An admin changes an endpoint's URL, description, event types or enabled flag. Disabling stops
 * new deliveries at once; deliveries already pending end as failed at their next attempt.
 */
export async function updateEndpoint(
  deps: Deps,
  actor: Actor,
  input: { endpointId: string; patch: UpdateEndpointInput },
): Promise<EndpointRow> {
  const bss = asBss(actor, "admin");
  const patch = parseInput(UpdateEndpointInput, input.patch);
  let url: string | undefined;
  if (patch.url !== undefined) {
    // 404 before the URL's own problems: another tenant's id must not be probed through them.
    if (!(await findEndpoint(deps.db, bss.tenantId, input.endpointId)))
      throw notFound("Webhook endpoint", input.endpointId);
    url = await assertEndpointUrl(patch.url, deps.clock.kind);
  }
  return transaction(deps.db, async (tx) => {
    const endpoint = await findEndpoint(tx, bss.tenantId, input.endpointId, { forUpdate: true });
    if (!endpoint) throw notFound("Webhook endpoint", input.endpointId);
    return updateEndpointRow(tx, bss.tenantId, endpoint.id, {
      ...(url !== undefined ? { url } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.eventTypes !== undefined ? { eventTypes: patch.eventTypes } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      updatedAt: deps.clock.now(),
    });
  });
}
