import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { conflict, notFound } from "../../shared/errors.ts";
import { findProduct, findProductsByIds, replaceAddonsOf, updateProductRow } from "./catalog.repo.ts";
import type { ProductDetails, TenantScope, UpdateProductInput } from "./catalog.types.ts";
import { amountOf, checkAddons, checkQuantities } from "./catalog.validate.ts";
import { getProduct } from "./get-product.ts";

/**
 * Fields of a product installed by a service manager that only the vendor's definition sets
 * (the vendor provisions by them); its name, description, prices and policies may be edited in
 * the BSS and stay until the vendor changes that product's definition.
 */
const VENDOR_OWNED = [
  "includedLicences",
  "minQuantity",
  "maxQuantity",
  "characteristics",
  "addonProductIds",
  "status",
] as const;

export async function updateProduct(
  deps: Deps,
  actor: TenantScope,
  id: string,
  input: UpdateProductInput,
): Promise<ProductDetails> {
  await transaction(deps.db, async (tx) => {
    const product = await findProduct(tx, actor.tenantId, id);
    if (!product) throw notFound("Product", id);
    if (product.managedBy === "definition") {
      const owned = VENDOR_OWNED.filter((f) => input[f] !== undefined);
      if (owned.length > 0)
        throw conflict(
          `${owned.join(", ")} of this product come from the service manager's definition and cannot be changed here.`,
          { fields: owned },
        );
    }
    checkQuantities(
      input.minQuantity ?? product.minQuantity,
      input.maxQuantity === undefined ? product.maxQuantity : input.maxQuantity,
    );
    if (input.addonProductIds) {
      const addons = await findProductsByIds(tx, actor.tenantId, input.addonProductIds);
      checkAddons(product, input.addonProductIds, addons);
      await replaceAddonsOf(tx, actor.tenantId, id, input.addonProductIds);
    }
    await updateProductRow(tx, actor.tenantId, id, {
      name: input.name,
      description: input.description,
      features: input.features,
      includedLicences: input.includedLicences,
      minQuantity: input.minQuantity,
      maxQuantity: input.maxQuantity,
      listPrice:
        input.listPrice === undefined ? undefined : amountOf(input.listPrice, product.currency, "listPrice"),
      cost: input.cost === undefined ? undefined : amountOf(input.cost, product.currency, "cost"),
      characteristics: input.characteristics,
      policies: input.policies,
      excludedFromProration: input.excludedFromProration,
      status: input.status,
      updatedAt: deps.clock.now(),
    });
  });
  return getProduct(deps, actor, id);
}
