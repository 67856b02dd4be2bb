import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import { asBss } from "./tenancy.guards.ts";
import { findApiKey, revokeApiKeyRow } from "./tenancy.repo.ts";
import type { Actor } from "./tenancy.types.ts";

/** Revokes a key at once (the next request with it gets 401). Revoking twice is a no-op. */
export async function revokeApiKey(deps: Deps, actor: Actor, input: { apiKeyId: string }): Promise<void> {
  const bss = asBss(actor, "admin");
  await transaction(deps.db, async (tx) => {
    const key = await findApiKey(tx, bss.tenantId, input.apiKeyId);
    if (!key) throw notFound("API key", input.apiKeyId);
    await revokeApiKeyRow(tx, bss.tenantId, key.id, deps.clock.now());
  });
}
