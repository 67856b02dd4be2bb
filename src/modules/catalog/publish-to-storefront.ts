import type { Deps } from "../../deps.ts";
import { isUniqueViolation, transaction } from "../../shared/db.ts";
import { AppError, conflict, notFound } from "../../shared/errors.ts";
import { findProduct } from "./catalog.repo.ts";
import type { TenantScope } from "./catalog.types.ts";
import { type Publication, toPublication } from "./publication.view.ts";
import { findGroup, insertPublication } from "./storefront.repo.ts";
import { getStorefrontReseller } from "./storefront-reseller.ts";

/** R-CAT-07: publishes a product or a product group in a Standard Edition reseller's Storefront. */
export async function publishToStorefront(
  deps: Deps,
  actor: TenantScope,
  resellerAccountId: string,
  input: { productId?: string | undefined; productGroupId?: string | undefined },
): Promise<Publication> {
  if (Boolean(input.productId) === Boolean(input.productGroupId))
    throw new AppError("validation_failed", "Give either productId or productGroupId", {
      field: "productId",
    });
  return transaction(deps.db, async (tx) => {
    await getStorefrontReseller(tx, actor.tenantId, resellerAccountId);
    if (input.productId) {
      const product = await findProduct(tx, actor.tenantId, input.productId);
      if (!product) throw notFound("Product", input.productId);
      if (product.status !== "active")
        throw new AppError("R-CAT-07", `${product.name} is retired and cannot be published.`, {
          productId: product.id,
        });
    } else if (!(await findGroup(tx, actor.tenantId, input.productGroupId!))) {
      throw notFound("Product group", input.productGroupId!);
    }
    try {
      const row = await insertPublication(tx, {
        id: deps.ids.next("pub"),
        tenantId: actor.tenantId,
        resellerAccountId,
        productId: input.productId ?? null,
        productGroupId: input.productGroupId ?? null,
        publishedAt: deps.clock.now(),
      });
      return toPublication(row);
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict("This is already published in the reseller's Storefront.");
      throw e;
    }
  });
}
