import type { Deps } from "../../deps.ts";
import { asBss, parseInput } from "./tenancy.guards.ts";
import { type ApiKeyView, apiKeyView } from "./tenancy.json.ts";
import { listApiKeyRows } from "./tenancy.repo.ts";
import { type Actor, ListPageQuery, type Page } from "./tenancy.types.ts";

/** The tenant's API keys, revoked ones included (with revokedAt), never the key or its hash. */
export async function listApiKeys(
  deps: Deps,
  actor: Actor,
  rawInput: ListPageQuery = {},
): Promise<Page<ApiKeyView>> {
  const bss = asBss(actor, "admin");
  const input = parseInput(ListPageQuery, rawInput);
  const { rows, total } = await listApiKeyRows(deps.db, bss.tenantId, input);
  return { items: rows.map(apiKeyView), total, limit: input.limit, offset: input.offset };
}
