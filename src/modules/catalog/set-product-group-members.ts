import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import type { TenantScope } from "./catalog.types.ts";
import { checkGroupProducts } from "./check-group-products.ts";
import { type ProductGroup, toProductGroup } from "./product-group.view.ts";
import { findGroup, replaceGroupMembers } from "./storefront.repo.ts";

/** Replaces a group's products; their order is the order shown in the Storefront. */
export async function setProductGroupMembers(
  deps: Deps,
  actor: TenantScope,
  groupId: string,
  productIds: string[],
): Promise<ProductGroup> {
  return transaction(deps.db, async (tx) => {
    if (!(await findGroup(tx, actor.tenantId, groupId))) throw notFound("Product group", groupId);
    await checkGroupProducts(tx, actor.tenantId, productIds);
    await replaceGroupMembers(tx, groupId, productIds);
    return toProductGroup((await findGroup(tx, actor.tenantId, groupId))!);
  });
}
