import type { Deps } from "../../deps.ts";
import { isUniqueViolation, transaction } from "../../shared/db.ts";
import { conflict } from "../../shared/errors.ts";
import type { TenantScope } from "./catalog.types.ts";
import { checkGroupProducts } from "./check-group-products.ts";
import { type ProductGroup, toProductGroup } from "./product-group.view.ts";
import { findGroup, insertGroup, replaceGroupMembers } from "./storefront.repo.ts";

export async function createProductGroup(
  deps: Deps,
  actor: TenantScope,
  input: { name: string; description?: string | null | undefined; productIds?: string[] | undefined },
): Promise<ProductGroup> {
  const id = deps.ids.next("pgr");
  return transaction(deps.db, async (tx) => {
    const productIds = input.productIds ?? [];
    await checkGroupProducts(tx, actor.tenantId, productIds);
    try {
      await insertGroup(tx, {
        id,
        tenantId: actor.tenantId,
        name: input.name,
        description: input.description ?? null,
        createdAt: deps.clock.now(),
      });
    } catch (e) {
      if (isUniqueViolation(e))
        throw conflict(`A product group named "${input.name}" already exists.`, { field: "name" });
      throw e;
    }
    await replaceGroupMembers(tx, id, productIds);
    return toProductGroup((await findGroup(tx, actor.tenantId, id))!);
  });
}
