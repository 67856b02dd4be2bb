import type { Deps } from "../../deps.ts";
import { isUniqueViolation, transaction } from "../../shared/db.ts";
import { AppError, conflict, notFound } from "../../shared/errors.ts";
import { getTenant } from "../tenancy/index.ts";
import {
  findProduct,
  findProductsByIds,
  findProductType,
  insertProduct,
  replaceAddonsOf,
} from "./catalog.repo.ts";
import type { CreateProductInput, ProductDetails, TenantScope } from "./catalog.types.ts";
import { amountOf, checkAddons, checkQuantities } from "./catalog.validate.ts";
import { getProduct } from "./get-product.ts";

/** A custom product made in the BSS (no service manager installs it; managedBy = "custom"). */
export async function createProduct(
  deps: Deps,
  actor: TenantScope,
  input: CreateProductInput,
): Promise<ProductDetails> {
  const id = deps.ids.next("prd");
  await transaction(deps.db, async (tx) => {
    const type = await findProductType(tx, actor.tenantId, input.productTypeId);
    if (!type) throw notFound("Product type", input.productTypeId);
    const { currency } = await getTenant(tx, actor.tenantId);
    checkQuantities(input.minQuantity, input.maxQuantity ?? null);
    if (input.trial) {
      // R-TRL-01: trials never for AC1M; a trial's paid twin is a paid base product of the same type and term.
      if (input.term === "AC1M")
        throw new AppError("R-TRL-01", "AC1M products have no trials.", { field: "trial" });
      const paid = await findProduct(tx, actor.tenantId, input.trial.paidProductId);
      if (!paid) throw notFound("Product", input.trial.paidProductId);
      if (paid.isTrial || paid.kind !== "base" || paid.term !== input.term || paid.productTypeId !== type.id)
        throw new AppError(
          "R-TRL-01",
          "A trial's paid product must be a paid base product of the same type and term.",
          {
            field: "trial.paidProductId",
          },
        );
      if (input.kind !== "base")
        throw new AppError("R-TRL-01", "Only base products can be trials.", { field: "kind" });
    }
    const addons = await findProductsByIds(tx, actor.tenantId, input.addonProductIds);
    checkAddons(
      { kind: input.kind, term: input.term, productTypeId: type.id },
      input.addonProductIds,
      addons,
    );
    const now = deps.clock.now();
    try {
      await insertProduct(tx, {
        id,
        tenantId: actor.tenantId,
        productTypeId: type.id,
        sku: input.sku,
        name: input.name,
        description: input.description ?? null,
        features: input.features ?? [],
        kind: input.kind,
        term: input.term,
        isTrial: Boolean(input.trial),
        trialDays: input.trial?.days ?? null,
        trialPaidProductId: input.trial?.paidProductId ?? null,
        includedLicences: input.includedLicences,
        minQuantity: input.minQuantity,
        maxQuantity: input.maxQuantity ?? null,
        listPrice: amountOf(input.listPrice, currency, "listPrice"),
        cost: amountOf(input.cost, currency, "cost"),
        currency,
        characteristics: input.characteristics,
        policies: input.policies,
        excludedFromProration: input.excludedFromProration,
        createdAt: now,
        updatedAt: now,
      });
    } catch (e) {
      if (isUniqueViolation(e))
        throw conflict(`A product with SKU ${input.sku} already exists.`, { field: "sku" });
      throw e;
    }
    await replaceAddonsOf(tx, actor.tenantId, id, input.addonProductIds);
  });
  return getProduct(deps, actor, id);
}
