import type { Deps } from "../../deps.ts";
import { isUniqueViolation, transaction } from "../../shared/db.ts";
import { conflict } from "../../shared/errors.ts";
import { getTenant } from "../tenancy/index.ts";
import type { TenantScope } from "./catalog.types.ts";
import { checkPriceListOwner } from "./check-price-list-owner.ts";
import { type PriceList, toPriceList } from "./price-list.view.ts";
import { clearDefaultPriceList, findPriceList, insertPriceList } from "./pricing.repo.ts";

export interface CreatePriceListInput {
  name: string;
  currency?: string | undefined;
  isDefault?: boolean | undefined;
  ownerAccountId?: string | null | undefined;
  markupBasisPoints?: number | null | undefined;
}

/** A price list; making it the default takes the flag from the previous default (one per tenant). */
export async function createPriceList(
  deps: Deps,
  actor: TenantScope,
  input: CreatePriceListInput,
): Promise<PriceList> {
  const id = deps.ids.next("prl");
  return transaction(deps.db, async (tx) => {
    if (input.ownerAccountId) await checkPriceListOwner(tx, actor.tenantId, input.ownerAccountId);
    const currency = input.currency ?? (await getTenant(tx, actor.tenantId)).currency;
    if (input.isDefault) await clearDefaultPriceList(tx, actor.tenantId, id);
    const now = deps.clock.now();
    try {
      await insertPriceList(tx, {
        id,
        tenantId: actor.tenantId,
        name: input.name,
        currency,
        isDefault: input.isDefault ?? false,
        ownerAccountId: input.ownerAccountId ?? null,
        markupBasisPoints: input.markupBasisPoints ?? null,
        createdAt: now,
        updatedAt: now,
      });
    } catch (e) {
      if (isUniqueViolation(e))
        throw conflict(`A price list named "${input.name}" already exists.`, { field: "name" });
      throw e;
    }
    return toPriceList((await findPriceList(tx, actor.tenantId, id))!);
  });
}
