import type { Deps } from "../../deps.ts";
import { asBss, parseInput } from "./tenancy.guards.ts";
import { type UserView, userView } from "./tenancy.json.ts";
import { listUserRows } from "./tenancy.repo.ts";
import { type Actor, ListUsersQuery, type Page } from "./tenancy.types.ts";

/**
 * The tenant's users (staff and Storefront users of its accounts), for admins only: user
 * management is an admin task and the list exposes every colleague's email. Never a hash.
 */
export async function listUsers(
  deps: Deps,
  actor: Actor,
  rawInput: ListUsersQuery = {},
): Promise<Page<UserView>> {
  const bss = asBss(actor, "admin");
  const input = parseInput(ListUsersQuery, rawInput);
  const { rows, total } = await listUserRows(deps.db, bss.tenantId, input);
  return { items: rows.map(userView), total, limit: input.limit, offset: input.offset };
}
