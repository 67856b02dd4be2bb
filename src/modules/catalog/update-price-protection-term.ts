import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import type { TenantScope } from "./catalog.types.ts";
import { deleteProtectionTerm, updateProtectionTerm } from "./price-protection.repo.ts";
import { type PriceProtectionTerm, protectionTermView } from "./price-protection.view.ts";

/** R-PRC-02: a new number of months (0 = off) for a protection term; applies to later purchases and renewals. */
export async function updatePriceProtectionTerm(
  deps: Deps,
  actor: TenantScope,
  id: string,
  input: { months: number },
): Promise<PriceProtectionTerm> {
  const row = await updateProtectionTerm(deps.db, actor.tenantId, id, {
    months: input.months,
    updatedAt: deps.clock.now(),
  });
  if (!row) throw notFound("Price protection term", id);
  return protectionTermView(row);
}

/** Removes a protection term (a product's own row: its type's term applies again). */
export async function deletePriceProtectionTerm(deps: Deps, actor: TenantScope, id: string): Promise<void> {
  if (!(await deleteProtectionTerm(deps.db, actor.tenantId, id))) throw notFound("Price protection term", id);
}
