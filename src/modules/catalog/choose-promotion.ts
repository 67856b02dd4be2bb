import type { Tx } from "../../shared/db.ts";
import { promotionCycles } from "./promotion.view.ts";
import { findActivePromotionsFor } from "./promotions.repo.ts";

/**
 * The promotion a new subscription gets (R-PRM-01, R-PRM-02, D12), as it is snapshotted on the
 * subscription and its base billing item: later edits of the promotion change nothing of it.
 * `value` is minor units off the unit price (monetary) or basis points off it (percentage).
 */
export interface AppliedPromotion {
  id: string;
  name: string;
  kind: "one_time" | "recurring" | "limited_recurring";
  /** Cycles it discounts: 1, N, or null (every cycle). */
  cycles: number | null;
  valueType: "monetary" | "percentage";
  value: bigint;
  /** The currency of a monetary value (the subscription's). */
  currency: string | null;
  /** The order date it was chosen on. */
  orderDate: string;
  /** The unit price before and after the promotion (per unit and commitment term, rounded half-up for display). */
  unitPrice: bigint;
  promotedUnitPrice: bigint;
}

export interface PromotionQuery {
  productId: string;
  term: string;
  /** The order date: a promotion applies when it is active that day (start ≤ day ≤ end). */
  orderDate: string;
  currency: string;
  unitPrice: bigint;
  /** True when the customer held no subscription before this order. */
  newCustomer: boolean;
  /** Products of the customer's active subscriptions (for prerequisites). */
  heldProductIds: ReadonlySet<string>;
}

const BP = 10_000n;

/** The promoted unit price as an exact fraction (never below 0, R-PRM-02). */
function promoted(unitPrice: bigint, valueType: string, value: bigint): { num: bigint; den: bigint } {
  if (valueType === "percentage") return { num: unitPrice * (BP - (value > BP ? BP : value)), den: BP };
  return { num: unitPrice > value ? unitPrice - value : 0n, den: 1n };
}

/**
 * Chooses among the promotions active on the order date for the product: the term must be
 * eligible, a monetary one must be in the subscription's currency, "new customers only" needs a
 * customer without earlier subscriptions, prerequisites need one of the listed products held.
 * Promotions do not stack (D12): the one giving the lowest unit price wins; on a tie the one that
 * lasts more cycles, then the oldest id. A promotion that takes nothing off is not applied.
 */
export async function choosePromotion(
  tx: Tx,
  tenantId: string,
  q: PromotionQuery,
): Promise<AppliedPromotion | null> {
  const candidates = await findActivePromotionsFor(tx, tenantId, q.productId, q.orderDate);
  let best: { p: AppliedPromotion; num: bigint; den: bigint } | null = null;
  for (const c of candidates) {
    if (!c.terms.includes(q.term)) continue;
    if (c.valueType === "monetary" && c.currency !== q.currency) continue;
    if (c.newCustomersOnly && !q.newCustomer) continue;
    if (c.prerequisites.length > 0 && !c.prerequisites.some((id) => q.heldProductIds.has(id))) continue;
    const value = c.valueType === "monetary" ? c.amount! : BigInt(c.basisPoints!);
    const price = promoted(q.unitPrice, c.valueType, value);
    if (price.num >= q.unitPrice * price.den) continue; // nothing off
    const cycles = promotionCycles(c);
    const applied: AppliedPromotion = {
      id: c.id,
      name: c.name,
      kind: c.kind as AppliedPromotion["kind"],
      cycles,
      valueType: c.valueType as AppliedPromotion["valueType"],
      value,
      currency: c.valueType === "monetary" ? c.currency : null,
      orderDate: q.orderDate,
      unitPrice: q.unitPrice,
      promotedUnitPrice: (price.num * 2n + price.den) / (2n * price.den), // half-up (non-negative)
    };
    if (!best) {
      best = { p: applied, ...price };
      continue;
    }
    const cmp = price.num * best.den - best.num * price.den;
    const longer = (a: number | null, b: number | null) => (a === null ? b !== null : b !== null && a > b);
    if (cmp < 0n || (cmp === 0n && longer(cycles, best.p.cycles))) best = { p: applied, ...price };
  }
  return best?.p ?? null;
}
