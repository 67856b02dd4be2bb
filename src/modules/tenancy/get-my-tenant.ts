import type { Deps } from "../../deps.ts";
import { asBss } from "./tenancy.guards.ts";
import type { TenantRow } from "./tenancy.repo.ts";
import { getTenant } from "./tenancy.scope.ts";
import type { Actor } from "./tenancy.types.ts";

/** The BSS instance the staff member (or API key) works in. */
export async function getMyTenant(
  deps: Deps,
  actor: Actor,
  _input: Record<string, never> = {},
): Promise<TenantRow> {
  const bss = asBss(actor, "viewer");
  return getTenant(deps.db, bss.tenantId);
}
