import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { AppError, violationsError } from "../../shared/errors.ts";
import { parseInput } from "../../shared/parse-input.ts";
import { listPublishedProducts } from "../catalog/index.ts";
import type { StorefrontActor } from "../tenancy/index.ts";
import { getBasket } from "./get-basket.ts";
import { assertLineShape, draftFromInput, productIdsOf } from "./order-lines.ts";
import { loadOrderProducts, loadTenantSettings } from "./order-products.ts";
import type { BasketJson } from "./orders.json.ts";
import { ensureBasket, insertLine, listLines, nextLinePosition } from "./orders.repo.ts";
import { LineInput, type LineViolation } from "./orders.types.ts";
import { asStorefront, storefrontContext } from "./storefront-context.ts";

export const MAX_BASKET_LINES = 50;

/**
 * Adds a line to the user's basket (created on the first add). Only products published in the
 * reseller's Storefront can be added (R-CAT-07); every other rule is reported by the pre-check
 * (the basket may hold a line that still needs fixing, e.g. below the minimum, R-ORD-01).
 */
export async function addBasketLine(
  deps: Deps,
  actor: StorefrontActor,
  rawInput: unknown,
): Promise<BasketJson> {
  const sf = asStorefront(actor);
  const input = parseInput(LineInput, rawInput);
  await transaction(deps.db, async (tx) => {
    const context = await storefrontContext(tx, sf);
    const products = await loadOrderProducts(deps, tx, sf.tenantId, productIdsOf([input]));
    const product = products.get(input.productId)!;
    assertLineShape(product, products, input.addons ?? [], input.serviceDetails ?? {}, "");
    await assertPublished(tx, sf.tenantId, context.reseller.id, input, products);
    const tenant = await loadTenantSettings(tx, sf.tenantId);
    const now = deps.clock.now();
    const basket = await ensureBasket(tx, {
      id: deps.ids.next("ord"),
      tenantId: sf.tenantId,
      channel: "storefront",
      status: "draft",
      resellerAccountId: context.reseller.id,
      placedByUserId: sf.userId,
      placedByKind: "storefront",
      currency: tenant.currency,
      createdAt: now,
      updatedAt: now,
    });
    if ((await listLines(tx, sf.tenantId, basket.id)).length >= MAX_BASKET_LINES)
      throw new AppError("conflict", `A basket holds at most ${MAX_BASKET_LINES} lines; check out first`);
    const position = await nextLinePosition(tx, sf.tenantId, basket.id);
    const line = draftFromInput(input, product, products, "storefront", {
      id: deps.ids.next("oln"),
      position,
    });
    await insertLine(tx, {
      id: line.id,
      tenantId: sf.tenantId,
      orderId: basket.id,
      position: line.position,
      productId: line.productId,
      quantity: line.quantity,
      billingPlan: line.billingPlan,
      addons: line.addons,
      serviceDetails: line.serviceDetails,
      createdAt: now,
      updatedAt: now,
    });
  });
  return getBasket(deps, sf);
}

/** R-CAT-07: the plan and every add-on must be published in the reseller's Storefront. */
export async function assertPublished(
  tx: Parameters<typeof listPublishedProducts>[0],
  tenantId: string,
  resellerId: string,
  input: { productId: string; addons?: ReadonlyArray<{ productId: string }> | undefined },
  products: ReadonlyMap<string, { name: string }>,
): Promise<void> {
  const published = new Set((await listPublishedProducts(tx, tenantId, resellerId)).map((p) => p.id));
  const violations: LineViolation[] = [];
  const check = (productId: string, field: string) => {
    if (!published.has(productId))
      violations.push({
        code: "R-CAT-07",
        message: `${products.get(productId)?.name ?? productId} is not offered in this Storefront; only published products can be ordered here.`,
        lineId: null,
        line: null,
        field,
        details: { productId },
      });
  };
  check(input.productId, "productId");
  for (const [i, a] of (input.addons ?? []).entries()) check(a.productId, `addons.${i}.productId`);
  if (violations.length > 0) throw violationsError(violations);
}
