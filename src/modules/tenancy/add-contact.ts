import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import { type ContactRow, clearPrimaryContact, hasPrimaryContact, insertContact } from "./accounts.repo.ts";
import { asBss, asResellerStorefront, parseInput, withUniqueConflicts } from "./tenancy.guards.ts";
import { assertAccountVisible } from "./tenancy.scope.ts";
import { type Actor, AddContactInput } from "./tenancy.types.ts";

/**
 * Adds a contact to an account in the actor's scope (BSS clerk, or a reseller's Storefront user
 * for itself and its end customers). The first contact of an account becomes its primary one
 * unless told otherwise; a new primary takes the flag from the old one.
 */
export async function addContact(
  deps: Deps,
  actor: Actor,
  input: { accountId: string; contact: AddContactInput },
): Promise<ContactRow> {
  if (actor.kind === "bss") asBss(actor, "clerk");
  else asResellerStorefront(actor);
  const contact = parseInput(AddContactInput, input.contact);
  return withUniqueConflicts({ contacts_one_primary_uq: primaryRace }, () =>
    transaction(deps.db, async (tx) => {
      const account = await assertAccountVisible(tx, actor, input.accountId);
      const isPrimary = contact.isPrimary ?? !(await hasPrimaryContact(tx, actor.tenantId, account.id));
      if (isPrimary) await clearPrimaryContact(tx, actor.tenantId, account.id);
      return insertContact(tx, {
        id: deps.ids.next("con"),
        tenantId: actor.tenantId,
        accountId: account.id,
        name: contact.name,
        email: contact.email,
        phone: contact.phone ?? null,
        isPrimary,
        createdAt: deps.clock.now(),
      });
    }),
  );
}

/** Two requests made different contacts primary at once; contacts_one_primary_uq let one win. */
export const primaryRace = () =>
  new AppError("conflict", "Another contact of this account became primary at the same time; try again");
