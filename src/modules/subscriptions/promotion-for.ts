import type { PlainDate } from "../../shared/dates.ts";
import { pgArray, queryNamed, queryRows, sql, type Tx } from "../../shared/db.ts";
import { type AppliedPromotion, choosePromotion } from "../catalog/index.ts";
import type { SubscriptionRow } from "./subscriptions.types.ts";

/**
 * R-PRM-01: what the customer's subscriptions say for a promotion's options — "new customer" means
 * the account held no subscription (of any status) before this order; a prerequisite is held when
 * the account has an Active subscription of that product.
 */
async function customerFacts(tx: Tx, tenantId: string, accountId: string) {
  const rows = await queryNamed<{ product_id: string; status: string }>(
    tx,
    sql`select product_id, status from subscriptions where tenant_id = ${tenantId} and account_id = ${accountId}`,
  );
  return {
    newCustomer: rows.length === 0,
    heldProductIds: new Set(rows.filter((r) => r.status === "active").map((r) => r.product_id)),
  };
}

/**
 * The promotion a subscription ordered on `orderDate` gets (R-PRM-01, R-PRM-02, D12): the
 * catalogue's choice among the promotions active that day, for the customer's facts. Used by
 * order execution (createSubscription), tenant copies (the distributor's promotions, against the
 * distributor-side price) and the order previews (basket, BSS order JSON, Storefront).
 */
export async function promotionFor(
  tx: Tx,
  tenantId: string,
  input: {
    accountId: string;
    productId: string;
    term: string;
    orderDate: PlainDate | string;
    currency: string;
    unitPrice: bigint;
  },
): Promise<AppliedPromotion | null> {
  const facts = await customerFacts(tx, tenantId, input.accountId);
  return choosePromotion(tx, tenantId, {
    productId: input.productId,
    term: input.term,
    orderDate: input.orderDate.toString(),
    currency: input.currency,
    unitPrice: input.unitPrice,
    ...facts,
  });
}

/** The snapshot a subscription stores (subscriptions.promotion): money as strings, never a float. */
export function promotionSnapshot(p: AppliedPromotion): Record<string, unknown> {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    cycles: p.cycles,
    valueType: p.valueType,
    value: p.value.toString(),
    currency: p.currency,
    orderDate: p.orderDate,
    unitPrice: p.unitPrice.toString(),
    promotedUnitPrice: p.promotedUnitPrice.toString(),
  };
}

/** The subscription's snapshot as billing takes it (billing_items.promotion_*), or null. */
export function billingPromotionOf(sub: Pick<SubscriptionRow, "promotion">) {
  const p = sub.promotion as Record<string, unknown> | null;
  if (!p || typeof p.id !== "string") return null;
  return {
    id: p.id,
    name: String(p.name ?? ""),
    valueType: p.valueType === "monetary" ? ("monetary" as const) : ("percentage" as const),
    value: BigInt(String(p.value)),
    cycles: typeof p.cycles === "number" ? p.cycles : null,
  };
}

/** The promotion snapshots of these subscriptions (order views of executed lines). */
export async function subscriptionPromotions(
  tx: Tx,
  tenantId: string,
  subscriptionIds: readonly string[],
): Promise<Map<string, Record<string, unknown>>> {
  if (subscriptionIds.length === 0) return new Map();
  const rows = await queryRows<{ id: string; promotion: Record<string, unknown> | null }>(
    tx,
    sql`select id, promotion from subscriptions
        where tenant_id = ${tenantId} and id = any(${pgArray(subscriptionIds)}::text[]) and promotion is not null`,
  );
  return new Map(rows.map((r) => [r.id, r.promotion!]));
}
