import type { Tx } from "../../shared/db.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import { findProductsByIds } from "./catalog.repo.ts";

/** Group members: distinct products of the tenant (another tenant's id answers not_found). */
export async function checkGroupProducts(
  tx: Tx,
  tenantId: string,
  productIds: readonly string[],
): Promise<void> {
  if (new Set(productIds).size !== productIds.length)
    throw new AppError("validation_failed", "productIds lists a product twice", { field: "productIds" });
  const found = new Set((await findProductsByIds(tx, tenantId, productIds)).map((p) => p.id));
  const missing = productIds.find((id) => !found.has(id));
  if (missing) throw notFound("Product", missing);
}
