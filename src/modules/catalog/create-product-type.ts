import type { Deps } from "../../deps.ts";
import { isUniqueViolation } from "../../shared/db.ts";
import { conflict } from "../../shared/errors.ts";
import { insertProductType } from "./catalog.repo.ts";
import type { CreateProductTypeInput, ProductType, TenantScope } from "./catalog.types.ts";
import { getProductType } from "./get-product-type.ts";

/** A product type made in the BSS (custom products that no service manager installs). */
export async function createProductType(
  deps: Deps,
  actor: TenantScope,
  input: CreateProductTypeInput,
): Promise<ProductType> {
  const id = deps.ids.next("pty");
  const now = deps.clock.now();
  try {
    await insertProductType(deps.db, {
      id,
      tenantId: actor.tenantId,
      code: input.code,
      name: input.name,
      policies: input.policies,
      createdAt: now,
      updatedAt: now,
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw conflict(`A product type with code "${input.code}" already exists.`, { field: "code" });
    throw e;
  }
  return getProductType(deps, actor, id);
}
