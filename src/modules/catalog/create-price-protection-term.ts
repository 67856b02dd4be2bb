import type { Deps } from "../../deps.ts";
import { isUniqueViolation, transaction } from "../../shared/db.ts";
import { AppError, conflict } from "../../shared/errors.ts";
import { findProduct, findProductType } from "./catalog.repo.ts";
import type { ActorRef } from "./catalog.types.ts";
import { insertProtectionTerm } from "./price-protection.repo.ts";
import { type PriceProtectionTerm, protectionTermView } from "./price-protection.view.ts";

export interface ProtectionTermInput {
  productId?: string | undefined;
  productTypeId?: string | undefined;
  currency: string;
  term: "MCMB" | "AC1M" | "AC1Y";
  months: number;
}

const invalid = (path: string, message: string) =>
  new AppError("validation_failed", `Invalid input — ${path}: ${message}`, { issues: [{ path, message }] });

/**
 * R-PRC-02: a protection term for a product or a product type (exactly one), a currency and a
 * commitment term. One per key (409 for a second: edit the existing one).
 */
export async function createPriceProtectionTerm(
  deps: Deps,
  actor: ActorRef,
  input: ProtectionTermInput,
): Promise<PriceProtectionTerm> {
  if ((input.productId === undefined) === (input.productTypeId === undefined))
    throw invalid("productId", "give either a productId or a productTypeId");
  return transaction(deps.db, async (tx) => {
    // Ids of another tenant answer like unknown ones (400 naming the field: a body reference).
    if (input.productId !== undefined && !(await findProduct(tx, actor.tenantId, input.productId)))
      throw invalid("productId", "not a product of this tenant");
    if (
      input.productTypeId !== undefined &&
      !(await findProductType(tx, actor.tenantId, input.productTypeId))
    )
      throw invalid("productTypeId", "not a product type of this tenant");
    const now = deps.clock.now();
    const row = {
      id: deps.ids.next("ppt"),
      tenantId: actor.tenantId,
      productId: input.productId ?? null,
      productTypeId: input.productTypeId ?? null,
      currency: input.currency,
      term: input.term,
      months: input.months,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await insertProtectionTerm(tx, row);
    } catch (e) {
      if (isUniqueViolation(e))
        throw conflict(
          `A protection term for this ${input.productId ? "product" : "product type"}, ${input.currency} and ${input.term} exists already; edit it`,
        );
      throw e;
    }
    return protectionTermView(row);
  });
}
