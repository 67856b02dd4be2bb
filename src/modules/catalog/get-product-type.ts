import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import { findProductType } from "./catalog.repo.ts";
import type { ProductType, TenantScope } from "./catalog.types.ts";

export async function getProductType(deps: Deps, actor: TenantScope, id: string): Promise<ProductType> {
  const type = await findProductType(deps.db, actor.tenantId, id);
  if (!type) throw notFound("Product type", id);
  return type;
}
