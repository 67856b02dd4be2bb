import type { Deps } from "../../deps.ts";
import { asBss, parseInput } from "./tenancy.guards.ts";
import type { AccountRow } from "./tenancy.repo.ts";
import { assertAccountVisible } from "./tenancy.scope.ts";
import { AccountIdInput, type Actor } from "./tenancy.types.ts";

/** One account, if the actor's scope includes it (else not_found, like a missing id). */
export async function viewAccount(deps: Deps, actor: Actor, rawInput: AccountIdInput): Promise<AccountRow> {
  if (actor.kind === "bss") asBss(actor, "viewer");
  const input = parseInput(AccountIdInput, rawInput);
  return assertAccountVisible(deps.db, actor, input.accountId);
}
