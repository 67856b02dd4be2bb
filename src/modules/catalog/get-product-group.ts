import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import type { TenantScope } from "./catalog.types.ts";
import { type ProductGroup, toProductGroup } from "./product-group.view.ts";
import { findGroup } from "./storefront.repo.ts";

export async function getProductGroup(deps: Deps, actor: TenantScope, id: string): Promise<ProductGroup> {
  const row = await findGroup(deps.db, actor.tenantId, id);
  if (!row) throw notFound("Product group", id);
  return toProductGroup(row);
}
