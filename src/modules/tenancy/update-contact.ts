import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import { type ContactRow, clearPrimaryContact, findContact, updateContactRow } from "./accounts.repo.ts";
import { primaryRace } from "./add-contact.ts";
import { asBss, parseInput, withUniqueConflicts } from "./tenancy.guards.ts";
import { getAccount } from "./tenancy.scope.ts";
import { type Actor, UpdateContactInput } from "./tenancy.types.ts";

/**
 * A clerk edits a contact; `isPrimary: true` makes it the account's primary contact (the previous
 * primary loses the flag in the same transaction: one primary per account, contacts_one_primary_uq).
 */
export async function updateContact(
  deps: Deps,
  actor: Actor,
  input: { accountId: string; contactId: string; patch: UpdateContactInput },
): Promise<ContactRow> {
  const bss = asBss(actor, "clerk");
  const patch = parseInput(UpdateContactInput, input.patch);
  return withUniqueConflicts({ contacts_one_primary_uq: primaryRace }, () =>
    transaction(deps.db, async (tx) => {
      const account = await getAccount(tx, bss.tenantId, input.accountId);
      const contact = await findContact(tx, bss.tenantId, account.id, input.contactId);
      if (!contact) throw notFound("Contact", input.contactId);
      if (patch.isPrimary === true && !contact.isPrimary)
        await clearPrimaryContact(tx, bss.tenantId, account.id);
      const changes: Partial<Pick<ContactRow, "name" | "email" | "phone" | "isPrimary">> = {};
      if (patch.name !== undefined) changes.name = patch.name;
      if (patch.email !== undefined) changes.email = patch.email;
      if (patch.phone !== undefined) changes.phone = patch.phone;
      if (patch.isPrimary !== undefined) changes.isPrimary = patch.isPrimary;
      if (Object.keys(changes).length === 0) return contact;
      return updateContactRow(tx, bss.tenantId, contact.id, changes);
    }),
  );
}
