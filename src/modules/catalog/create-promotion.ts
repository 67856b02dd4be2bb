import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { getTenant } from "../tenancy/index.ts";
import type { TenantScope } from "./catalog.types.ts";
import { type Promotion, toPromotion } from "./promotion.view.ts";
import { type PromotionInput, promotionColumns } from "./promotion-input.ts";
import { insertPromotion, listPromotionProducts, setPromotionProducts } from "./promotions.repo.ts";

/** R-PRM-01: a new promotion with its products and prerequisites (clerk). */
export async function createPromotion(
  deps: Deps,
  actor: TenantScope,
  input: PromotionInput,
): Promise<Promotion> {
  const id = deps.ids.next("prm");
  return transaction(deps.db, async (tx) => {
    const tenant = await getTenant(tx, actor.tenantId);
    const columns = await promotionColumns(tx, actor.tenantId, input, tenant.currency);
    const now = deps.clock.now();
    const row = { id, tenantId: actor.tenantId, ...columns, createdAt: now, updatedAt: now };
    await insertPromotion(tx, row);
    await setPromotionProducts(tx, actor.tenantId, id, {
      eligible: [...new Set(input.productIds)],
      prerequisite: [...new Set(input.prerequisiteProductIds ?? [])],
    });
    const products = await listPromotionProducts(tx, actor.tenantId, [id]);
    return toPromotion(row, products, deps.clock.today(tenant.timeZone).toString());
  });
}
