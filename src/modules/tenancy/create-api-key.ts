import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { hashToken, newToken } from "./auth.ts";
import { asBss, parseInput } from "./tenancy.guards.ts";
import { type ApiKeyView, apiKeyView } from "./tenancy.json.ts";
import { insertApiKey } from "./tenancy.repo.ts";
import { type Actor, CreateApiKeyInput } from "./tenancy.types.ts";

/** Characters of the key kept in clear so admins can tell keys apart ("obss_" + 8). */
const PREFIX_LENGTH = 13;

/**
 * An admin creates an API key for an integration. The plaintext key is returned here and only
 * here; the database keeps its sha-256 (hashToken) and a short prefix for display.
 */
export async function createApiKey(
  deps: Deps,
  actor: Actor,
  rawInput: CreateApiKeyInput,
): Promise<{ apiKey: ApiKeyView; key: string }> {
  const bss = asBss(actor, "admin");
  const input = parseInput(CreateApiKeyInput, rawInput);
  const key = newToken("obss_");
  return transaction(deps.db, async (tx) => {
    const row = await insertApiKey(tx, {
      id: deps.ids.next("key"),
      tenantId: bss.tenantId,
      name: input.name,
      prefix: key.slice(0, PREFIX_LENGTH),
      keyHash: hashToken(key),
      role: input.role,
      createdBy: bss.userId ?? bss.apiKeyId,
      createdAt: deps.clock.now(),
    });
    return { apiKey: apiKeyView(row), key };
  });
}
