import type { Deps } from "../../deps.ts";
import { listAccountRows } from "./accounts.repo.ts";
import { asBss, parseInput } from "./tenancy.guards.ts";
import type { AccountRow } from "./tenancy.repo.ts";
import { storefrontScope } from "./tenancy.scope.ts";
import { type Actor, ListAccountsQuery, type Page } from "./tenancy.types.ts";

/**
 * Accounts the actor may see, filtered and paged: a BSS actor sees its tenant; a Storefront
 * reseller user sees itself and its end customers; any other Storefront user sees itself.
 */
export async function listAccounts(
  deps: Deps,
  actor: Actor,
  rawInput: ListAccountsQuery = {},
): Promise<Page<AccountRow>> {
  if (actor.kind === "bss") asBss(actor, "viewer");
  const input = parseInput(ListAccountsQuery, rawInput);
  const { rows, total } = await listAccountRows(
    deps.db,
    actor.tenantId,
    {
      kind: input.kind,
      parentAccountId: input.parentAccountId,
      status: input.status,
      q: input.q,
      ...storefrontScope(actor),
    },
    input,
  );
  return { items: rows, total, limit: input.limit, offset: input.offset };
}
