import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import { parseInput } from "../../shared/parse-input.ts";
import type { StorefrontActor } from "../tenancy/index.ts";
import { assertPublished } from "./add-basket-line.ts";
import { getBasket } from "./get-basket.ts";
import { applyPatch, assertLineShape, draftFromRow, productIdsOf } from "./order-lines.ts";
import { loadOrderProducts } from "./order-products.ts";
import type { BasketJson } from "./orders.json.ts";
import { findBasket, listLines, updateLine } from "./orders.repo.ts";
import { LinePatch } from "./orders.types.ts";
import { asStorefront, storefrontContext } from "./storefront-context.ts";

/**
 * Edits a basket line: quantity, billing plan, add-ons (given anew replace the old ones) or
 * service details (replaced as a whole). A line of another user's basket is not found.
 */
export async function updateBasketLine(
  deps: Deps,
  actor: StorefrontActor,
  lineId: string,
  rawPatch: unknown,
): Promise<BasketJson> {
  const sf = asStorefront(actor);
  const patch = parseInput(LinePatch, rawPatch);
  await transaction(deps.db, async (tx) => {
    const context = await storefrontContext(tx, sf);
    const basket = await findBasket(tx, sf.tenantId, sf.userId, true);
    const row = basket
      ? (await listLines(tx, sf.tenantId, basket.id)).find((l) => l.id === lineId)
      : undefined;
    if (!row) throw notFound("Basket line", lineId);
    const line = draftFromRow(row);
    const products = await loadOrderProducts(
      deps,
      tx,
      sf.tenantId,
      productIdsOf([line, { productId: line.productId, addons: patch.addons }]),
    );
    const product = products.get(line.productId)!;
    const next = applyPatch(line, patch, product, products, "storefront");
    assertLineShape(product, products, next.addons, next.serviceDetails, "");
    if (patch.addons)
      await assertPublished(
        tx,
        sf.tenantId,
        context.reseller.id,
        { productId: line.productId, addons: patch.addons },
        products,
      );
    await updateLine(tx, sf.tenantId, row.id, {
      quantity: next.quantity,
      billingPlan: next.billingPlan,
      addons: next.addons,
      serviceDetails: next.serviceDetails,
      updatedAt: deps.clock.now(),
    });
  });
  return getBasket(deps, sf);
}
