import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { parseInput } from "../../shared/parse-input.ts";
import type { Actor } from "../tenancy/index.ts";
import { assertEndpointUrl } from "./url-guard.ts";
import { asBss } from "./webhooks.guards.ts";
import type { EndpointRow } from "./webhooks.repo.ts";
import { insertEndpoint } from "./webhooks.repo.ts";
import { newWebhookSecret } from "./webhooks.rules.ts";
import { CreateEndpointInput } from "./webhooks.types.ts";

/**
 * An admin adds a webhook endpoint (issue 15.5). The URL must be https on a public host (any
 * http(s) URL with the sandbox clock); the server generates the signing secret and returns it
 * here only — the API never shows it again (rotate to get a new one).
 */
export async function createEndpoint(
  deps: Deps,
  actor: Actor,
  rawInput: CreateEndpointInput,
): Promise<{ endpoint: EndpointRow; secret: string }> {
  const bss = asBss(actor, "admin");
  const input = parseInput(CreateEndpointInput, rawInput);
  const url = await assertEndpointUrl(input.url, deps.clock.kind);
  const secret = newWebhookSecret();
  const now = deps.clock.now();
  const endpoint = await transaction(deps.db, (tx) =>
    insertEndpoint(tx, {
      id: deps.ids.next("whe"),
      tenantId: bss.tenantId,
      url,
      description: input.description ?? "",
      eventTypes: input.eventTypes,
      enabled: input.enabled ?? true,
      secret,
      createdAt: now,
      updatedAt: now,
    }),
  );
  return { endpoint, secret };
}
