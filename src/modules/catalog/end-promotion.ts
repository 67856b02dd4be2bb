import type { Deps } from "../../deps.ts";
import { addDays, maxDate, parseDate } from "../../shared/dates.ts";
import { transaction } from "../../shared/db.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import { getTenant } from "../tenancy/index.ts";
import type { TenantScope } from "./catalog.types.ts";
import { type Promotion, toPromotion } from "./promotion.view.ts";
import { findPromotion, listPromotionProducts, updatePromotionRow } from "./promotions.repo.ts";

/**
 * Ends a promotion (R-PRM-01): its last day becomes `endDate`, or — "end now" — yesterday, so no
 * order from today on gets it (a promotion that has not started yet is withdrawn: its end becomes the
 * day before its start). Subscriptions ordered with it keep their cycles (they snapshotted it).
 */
export async function endPromotion(
  deps: Deps,
  actor: TenantScope,
  id: string,
  input: { endDate?: string | undefined },
): Promise<Promotion> {
  return transaction(deps.db, async (tx) => {
    const row = await findPromotion(tx, actor.tenantId, id, { lock: true });
    if (!row) throw notFound("Promotion", id);
    const tenant = await getTenant(tx, actor.tenantId);
    const today = deps.clock.today(tenant.timeZone);
    const dayBeforeStart = addDays(parseDate(row.startDate), -1);
    const endDate = input.endDate ?? maxDate(addDays(today, -1), dayBeforeStart).toString();
    if (endDate < dayBeforeStart.toString())
      throw new AppError(
        "validation_failed",
        "Invalid input — endDate: the end date is before the start date",
        {
          field: "endDate",
        },
      );
    const now = deps.clock.now();
    await updatePromotionRow(tx, actor.tenantId, id, { endDate, updatedAt: now });
    const products = await listPromotionProducts(tx, actor.tenantId, [id]);
    return toPromotion({ ...row, endDate, updatedAt: now }, products, today.toString());
  });
}
