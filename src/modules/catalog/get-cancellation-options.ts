import type { Tx } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import { findCancellationOptions } from "./catalog.repo.ts";
import type { CancellationOptions } from "./catalog.types.ts";

/** R-CRQ-01: a product type's cancellation options, read inside the caller's transaction. */
export async function getCancellationOptions(
  tx: Tx,
  tenantId: string,
  productTypeId: string,
): Promise<CancellationOptions> {
  const options = await findCancellationOptions(tx, tenantId, productTypeId);
  if (!options) throw notFound("Product type", productTypeId);
  return options;
}
