import type { Deps } from "../../deps.ts";
import { getTenant } from "../tenancy/index.ts";
import type { ListResult, TenantScope } from "./catalog.types.ts";
import { type Promotion, toPromotion } from "./promotion.view.ts";
import { listPromotionProducts, listPromotionRows } from "./promotions.repo.ts";

/** Promotions (R-PRM-01), newest start first; filters: active on a day, an eligible product, status. */
export async function listPromotions(
  deps: Deps,
  actor: TenantScope,
  query: {
    limit: number;
    offset: number;
    activeOn?: string | undefined;
    productId?: string | undefined;
    status?: "scheduled" | "active" | "ended" | undefined;
    sort?: string | undefined;
  },
): Promise<ListResult<Promotion>> {
  const tenant = await getTenant(deps.db, actor.tenantId);
  const today = deps.clock.today(tenant.timeZone).toString();
  const { items, total } = await listPromotionRows(deps.db, actor.tenantId, { ...query, today });
  const products = await listPromotionProducts(
    deps.db,
    actor.tenantId,
    items.map((r) => r.id),
  );
  return {
    items: items.map((r) => toPromotion(r, products, today)),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}
