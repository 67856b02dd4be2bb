import type { Deps } from "../src/deps.ts";
import { createPromotion } from "../src/modules/catalog/index.ts";
import type { PromotionInput } from "../src/modules/catalog/promotion-input.ts";
import { createSubscription, type SubscriptionRow, todayFor } from "../src/modules/subscriptions/index.ts";
import { parseDate } from "../src/shared/dates.ts";
import { queryRows, sql, transaction } from "../src/shared/db.ts";
import { unique } from "./factories.ts";
import { bssCtx, type SubscriptionWorld } from "./subscription-fixtures.ts";

/**
 * Promotion test helpers (R-PRM-01/02): a promotion through the catalogue's use case, and a
 * subscription created the way order execution creates it (createSubscription, which chooses the
 * promotion) with a given unit price.
 */

export async function promotion(
  deps: Deps,
  tenantId: string,
  input: Partial<PromotionInput> & Pick<PromotionInput, "productIds">,
) {
  return createPromotion(
    deps,
    { tenantId },
    {
      name: unique("Promo"),
      startDate: "2026-01-01",
      terms: ["MCMB", "AC1M", "AC1Y"],
      kind: "recurring",
      valueType: "percentage",
      ...(input.valueType === "monetary" ? {} : { basisPoints: 2000 }),
      ...input,
    },
  );
}

/**
 * A subscription ordered today (the tenant's clock) at `unitPrice` (default: the list price). A
 * price other than the list price is a hand-set one (as after Edit Pricing Info), so renewals keep
 * it (R-PRC-01) — the promotions, not a renewal repricing, are what these tests see.
 */
export async function orderSubscription(
  deps: Deps,
  w: SubscriptionWorld,
  options: { sku: string; quantity: number; unitPrice?: bigint; accountId?: string; startDate?: string },
): Promise<SubscriptionRow> {
  const product = await w.product(options.sku);
  const accountId = options.accountId ?? w.customer.id;
  return transaction(deps.db, async (tx) => {
    const today = await todayFor(deps, tx, w.tenant.id);
    const { subscription } = await createSubscription(deps, tx, bssCtx(w), {
      accountId,
      resellerAccountId: accountId === w.reseller.id ? null : w.reseller.id,
      orderId: null,
      orderLineId: null,
      product,
      quantity: options.quantity,
      billingPlan: product.effectivePolicies.billingPlans[product.term]?.allowed[0] ?? "monthly",
      unitPrice: options.unitPrice ?? product.listPrice,
      unitCost: product.cost,
      currency: product.currency,
      priceListId: null,
      adminEmail: `${unique("admin")}@example.test`,
      serviceDetails: {},
      startDate: options.startDate ? parseDate(options.startDate) : today,
      today,
      addons: [],
    });
    if (options.unitPrice !== undefined && options.unitPrice !== product.listPrice) {
      await tx.execute(
        sql`update subscriptions set price_user_defined = true, price_protected_until = null
            where tenant_id = ${w.tenant.id} and id = ${subscription.id}`,
      );
      return { ...subscription, priceUserDefined: true, priceProtectedUntil: null };
    }
    return subscription;
  });
}

/** The subscription's recurring/other charges with their promotion columns, oldest first. */
export async function promotedCharges(deps: Deps, subscriptionId: string) {
  return queryRows<{
    kind: string;
    from_date: string;
    amount: string;
    explanation: string;
    promotion_id: string | null;
    promotion_name: string | null;
    promotion_value: string | null;
  }>(
    deps.db,
    sql`select kind, from_date::text as from_date, amount::text as amount, explanation, promotion_id, promotion_name,
          promotion_value::text as promotion_value
        from billing_charges where subscription_id = ${subscriptionId} order by from_date, created_at, id`,
  );
}
