import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { type ContactRow, listContactRows } from "./accounts.repo.ts";
import { asBss, parseInput } from "./tenancy.guards.ts";
import { assertAccountVisible } from "./tenancy.scope.ts";
import { type Actor, type Page, Paging } from "./tenancy.types.ts";

const Input = z.strictObject({ accountId: z.string().min(1), ...Paging });

/** The contacts of an account in the actor's scope, primary first. */
export async function listContacts(
  deps: Deps,
  actor: Actor,
  rawInput: z.input<typeof Input>,
): Promise<Page<ContactRow>> {
  if (actor.kind === "bss") asBss(actor, "viewer");
  const input = parseInput(Input, rawInput);
  const account = await assertAccountVisible(deps.db, actor, input.accountId);
  const { rows, total } = await listContactRows(deps.db, actor.tenantId, account.id, input);
  return { items: rows, total, limit: input.limit, offset: input.offset };
}
