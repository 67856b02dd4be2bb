import { AppError, notFound } from "../../shared/errors.ts";
import { parseAmount } from "../../shared/money.ts";
import type { Product } from "./catalog.types.ts";

/** Input checks shared by createProduct and updateProduct (pure; the caller loads the rows). */

export function amountOf(text: string, currency: string, field: string): bigint {
  try {
    return parseAmount(text, currency);
  } catch (e) {
    throw new AppError("validation_failed", `${field}: ${(e as Error).message}`, { field });
  }
}

export function checkQuantities(min: number, max: number | null): void {
  if (max !== null && max < min)
    throw new AppError("validation_failed", `maxQuantity (${max}) is below minQuantity (${min})`, {
      field: "maxQuantity",
    });
}

/**
 * Add-ons attachable to a base product: existing add-on products of the same type and term
 * (R-CAT-05: an add-on in the same term as its plan).
 */
export function checkAddons(
  parent: Pick<Product, "kind" | "term" | "productTypeId">,
  wanted: readonly string[],
  found: readonly Product[],
): void {
  if (wanted.length === 0) return;
  // One link per add-on (a unique key): an id listed twice is the caller's mistake, not a 500.
  const twice = wanted.findIndex((id, i) => wanted.indexOf(id) !== i);
  if (twice >= 0) {
    const message = `${wanted[twice]} is listed twice; give it once`;
    throw new AppError("validation_failed", `Invalid input — addonProductIds.${twice}: ${message}`, {
      issues: [{ path: `addonProductIds.${twice}`, message }],
    });
  }
  if (parent.kind !== "base")
    throw new AppError("validation_failed", "Only base products have add-ons", { field: "addonProductIds" });
  const byId = new Map(found.map((p) => [p.id, p]));
  for (const id of wanted) {
    const addon = byId.get(id);
    if (!addon) throw notFound("Product", id);
    if (addon.kind !== "addon" || addon.productTypeId !== parent.productTypeId || addon.term !== parent.term)
      throw new AppError(
        "R-CAT-05",
        `${addon.name} cannot be an add-on here: an add-on must be an add-on product of the same product type and billing term.`,
        { field: "addonProductIds", productId: id },
      );
  }
}
