import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { asBss, parseInput } from "./tenancy.guards.ts";
import { type TenantRow, updateTenantCompanyDetails } from "./tenancy.repo.ts";
import { getTenant } from "./tenancy.scope.ts";
import { type Actor, UpdateCompanyDetailsInput } from "./tenancy.types.ts";

/**
 * R-DOC-02: the tenant's admin sets the legal data printed as the seller on every invoice and
 * credit note (address, VAT ID). The name is the tenant's name. An omitted field stays; a
 * null VAT ID clears it; an address replaces the stored one whole.
 */
export async function updateCompanyDetails(
  deps: Deps,
  actor: Actor,
  input: UpdateCompanyDetailsInput,
): Promise<TenantRow> {
  const bss = asBss(actor, "admin");
  const patch = parseInput(UpdateCompanyDetailsInput, input);
  return transaction(deps.db, async (tx) => {
    await getTenant(tx, bss.tenantId);
    await updateTenantCompanyDetails(tx, bss.tenantId, {
      ...(patch.address !== undefined ? { address: patch.address } : {}),
      ...(patch.vatId !== undefined ? { vatId: patch.vatId } : {}),
    });
    return getTenant(tx, bss.tenantId);
  });
}
