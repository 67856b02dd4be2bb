import type { Deps } from "../../deps.ts";
import { asBss, parseInput } from "./tenancy.guards.ts";
import { listChildTenants, type TenantRow } from "./tenancy.repo.ts";
import { type Actor, ListPageQuery, type Page } from "./tenancy.types.ts";

/** The tenant resellers whose parent is the actor's tenant (only their tenant rows, none of their data). */
export async function listTenantResellers(
  deps: Deps,
  actor: Actor,
  rawInput: ListPageQuery = {},
): Promise<Page<TenantRow>> {
  const bss = asBss(actor, "viewer");
  const input = parseInput(ListPageQuery, rawInput);
  const { rows, total } = await listChildTenants(deps.db, bss.tenantId, input);
  return { items: rows, total, limit: input.limit, offset: input.offset };
}
