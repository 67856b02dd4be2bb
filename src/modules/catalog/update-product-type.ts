import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import { getTenant } from "../tenancy/index.ts";
import { updateProductTypeRow } from "./catalog.repo.ts";
import type { ProductType, TenantScope, UpdateProductTypeInput } from "./catalog.types.ts";
import { amountOf } from "./catalog.validate.ts";
import { getProductType } from "./get-product-type.ts";

/**
 * Edits a product type's name and its cancellation options (R-CRQ-01): automatic execution of
 * subscription / add-on cancellation requests and the amount threshold — a decimal in the
 * tenant's currency (the currency every cancellation credit of the tenant is issued in), stored in
 * minor units with that currency. Changing the options never touches pending requests: they are
 * decided by a person (R-CRQ-03).
 */
export async function updateProductType(
  deps: Deps,
  actor: TenantScope,
  id: string,
  input: UpdateProductTypeInput,
): Promise<ProductType> {
  await transaction(deps.db, async (tx) => {
    const set: Parameters<typeof updateProductTypeRow>[3] = { updatedAt: deps.clock.now() };
    if (input.name !== undefined) set.name = input.name;
    const o = input.cancellationRequests;
    if (o?.automaticSubscriptions !== undefined) set.autoCancelSubscriptions = o.automaticSubscriptions;
    if (o?.automaticAddons !== undefined) set.autoCancelAddons = o.automaticAddons;
    if (o?.amountThreshold === null)
      Object.assign(set, { cancelThreshold: null, cancelThresholdCurrency: null });
    else if (o?.amountThreshold !== undefined) {
      const tenant = await getTenant(tx, actor.tenantId);
      set.cancelThreshold = amountOf(
        o.amountThreshold,
        tenant.currency,
        "cancellationRequests.amountThreshold",
      );
      set.cancelThresholdCurrency = tenant.currency;
    }
    if (!(await updateProductTypeRow(tx, actor.tenantId, id, set))) throw notFound("Product type", id);
  });
  return getProductType(deps, actor, id);
}
