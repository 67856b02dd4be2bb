import type { Deps } from "../../deps.ts";
import { isUniqueViolation, transaction } from "../../shared/db.ts";
import { conflict, notFound } from "../../shared/errors.ts";
import type { TenantScope } from "./catalog.types.ts";
import { checkPriceListOwner } from "./check-price-list-owner.ts";
import { type PriceList, toPriceList } from "./price-list.view.ts";
import { clearDefaultPriceList, findPriceList, updatePriceListRow } from "./pricing.repo.ts";

export interface UpdatePriceListInput {
  name?: string | undefined;
  isDefault?: boolean | undefined;
  ownerAccountId?: string | null | undefined;
  markupBasisPoints?: number | null | undefined;
}

export async function updatePriceList(
  deps: Deps,
  actor: TenantScope,
  id: string,
  input: UpdatePriceListInput,
): Promise<PriceList> {
  return transaction(deps.db, async (tx) => {
    const list = await findPriceList(tx, actor.tenantId, id);
    if (!list) throw notFound("Price list", id);
    if (input.ownerAccountId) await checkPriceListOwner(tx, actor.tenantId, input.ownerAccountId, id);
    if (input.isDefault) await clearDefaultPriceList(tx, actor.tenantId, id);
    try {
      await updatePriceListRow(tx, actor.tenantId, id, {
        name: input.name,
        isDefault: input.isDefault,
        ownerAccountId: input.ownerAccountId,
        markupBasisPoints: input.markupBasisPoints,
        updatedAt: deps.clock.now(),
      });
    } catch (e) {
      if (isUniqueViolation(e))
        throw conflict(`A price list named "${input.name}" already exists.`, { field: "name" });
      throw e;
    }
    return toPriceList((await findPriceList(tx, actor.tenantId, id))!);
  });
}
