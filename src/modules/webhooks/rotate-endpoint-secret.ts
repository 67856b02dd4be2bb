import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import type { Actor } from "../tenancy/index.ts";
import { asBss } from "./webhooks.guards.ts";
import { type EndpointRow, findEndpoint, updateEndpointRow } from "./webhooks.repo.ts";
import { newWebhookSecret } from "./webhooks.rules.ts";

/**
 * An admin replaces an endpoint's signing secret; the new one is returned this once. Attempts
 * made from now on (retries and replays of earlier events too) are signed with the new secret.
 */
export async function rotateEndpointSecret(
  deps: Deps,
  actor: Actor,
  endpointId: string,
): Promise<{ endpoint: EndpointRow; secret: string }> {
  const bss = asBss(actor, "admin");
  const secret = newWebhookSecret();
  return transaction(deps.db, async (tx) => {
    const endpoint = await findEndpoint(tx, bss.tenantId, endpointId, { forUpdate: true });
    if (!endpoint) throw notFound("Webhook endpoint", endpointId);
    const now = deps.clock.now();
    const updated = await updateEndpointRow(tx, bss.tenantId, endpoint.id, {
      secret,
      secretRotatedAt: now,
      updatedAt: now,
    });
    return { endpoint: updated, secret };
  });
}
