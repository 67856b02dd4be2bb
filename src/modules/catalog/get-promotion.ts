import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import { getTenant } from "../tenancy/index.ts";
import type { TenantScope } from "./catalog.types.ts";
import { type Promotion, toPromotion } from "./promotion.view.ts";
import { findPromotion, listPromotionProducts } from "./promotions.repo.ts";

/** One promotion of the caller's tenant (another tenant's id answers 404). */
export async function getPromotion(deps: Deps, actor: TenantScope, id: string): Promise<Promotion> {
  const row = await findPromotion(deps.db, actor.tenantId, id);
  if (!row) throw notFound("Promotion", id);
  const tenant = await getTenant(deps.db, actor.tenantId);
  const products = await listPromotionProducts(deps.db, actor.tenantId, [id]);
  return toPromotion(row, products, deps.clock.today(tenant.timeZone).toString());
}
