import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import { formatAmount } from "../../shared/money.ts";
import { getTenant } from "../tenancy/index.ts";
import type { TenantScope } from "./catalog.types.ts";
import { type Promotion, toPromotion } from "./promotion.view.ts";
import { type PromotionInput, promotionColumns } from "./promotion-input.ts";
import {
  findPromotion,
  listPromotionProducts,
  setPromotionProducts,
  updatePromotionRow,
} from "./promotions.repo.ts";

/**
 * Edits a promotion (R-PRM-01): the fields given replace the stored ones and the whole is checked
 * again. Subscriptions ordered with it keep what they snapshotted (ARCHITECTURE.md, Promotions).
 */
export async function updatePromotion(
  deps: Deps,
  actor: TenantScope,
  id: string,
  patch: Partial<PromotionInput>,
): Promise<Promotion> {
  return transaction(deps.db, async (tx) => {
    const row = await findPromotion(tx, actor.tenantId, id, { lock: true });
    if (!row) throw notFound("Promotion", id);
    const products = await listPromotionProducts(tx, actor.tenantId, [id]);
    const valueType = patch.valueType ?? (row.valueType as PromotionInput["valueType"]);
    const kind = patch.kind ?? (row.kind as PromotionInput["kind"]);
    const switchedValue = patch.valueType !== undefined && patch.valueType !== row.valueType;
    const switchedKind = patch.kind !== undefined && patch.kind !== row.kind;
    const merged: PromotionInput = {
      name: patch.name ?? row.name,
      description: patch.description !== undefined ? patch.description : row.description,
      startDate: patch.startDate ?? row.startDate,
      endDate: patch.endDate !== undefined ? patch.endDate : row.endDate,
      productIds: patch.productIds ?? products.filter((p) => p.role === "eligible").map((p) => p.productId),
      terms: patch.terms ?? (row.terms as PromotionInput["terms"]),
      kind,
      cycles:
        patch.cycles !== undefined
          ? patch.cycles
          : switchedKind
            ? null
            : kind === "limited_recurring"
              ? row.cycles
              : null,
      valueType,
      amount:
        patch.amount !== undefined
          ? patch.amount
          : switchedValue || row.amount === null
            ? null
            : formatAmount(row.amount, row.currency!),
      currency: patch.currency !== undefined ? patch.currency : switchedValue ? null : row.currency,
      basisPoints:
        patch.basisPoints !== undefined ? patch.basisPoints : switchedValue ? null : row.basisPoints,
      newCustomersOnly: patch.newCustomersOnly ?? row.newCustomersOnly,
      prerequisiteProductIds:
        patch.prerequisiteProductIds ??
        products.filter((p) => p.role === "prerequisite").map((p) => p.productId),
    };
    const tenant = await getTenant(tx, actor.tenantId);
    const columns = await promotionColumns(tx, actor.tenantId, merged, tenant.currency);
    const now = deps.clock.now();
    await updatePromotionRow(tx, actor.tenantId, id, { ...columns, updatedAt: now });
    if (patch.productIds || patch.prerequisiteProductIds)
      await setPromotionProducts(tx, actor.tenantId, id, {
        eligible: [...new Set(merged.productIds)],
        prerequisite: [...new Set(merged.prerequisiteProductIds ?? [])],
      });
    const after = await listPromotionProducts(tx, actor.tenantId, [id]);
    const updated = { ...row, ...columns, updatedAt: now };
    return toPromotion(updated, after, deps.clock.today(tenant.timeZone).toString());
  });
}
