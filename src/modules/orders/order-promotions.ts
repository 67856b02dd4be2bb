import type { PlainDate } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import { promotionFor, promotionSnapshot, subscriptionPromotions } from "../subscriptions/index.ts";
import type { DraftLine } from "./order-lines.ts";
import type { OrderProduct } from "./order-products.ts";

/**
 * R-PRM-01 in order views (basket, BSS order previews and answers, Storefront checkout): each line
 * shows the promotion its subscription gets — for an executed line the subscription's snapshot, for
 * any other the promotion the customer would get if the order were executed today (the choice
 * createSubscription makes, with the line's price). Views only: nothing is stored on the line.
 */
export async function withPromotions(
  tx: Tx,
  input: {
    tenantId: string;
    accountId: string | null;
    lines: readonly DraftLine[];
    products: ReadonlyMap<string, OrderProduct>;
    today: PlainDate;
    currency: string;
  },
): Promise<DraftLine[]> {
  // A line executed in this transaction carries its subscription's snapshot already (executeLines).
  const executed = await subscriptionPromotions(
    tx,
    input.tenantId,
    input.lines.flatMap((l) => (l.subscriptionId && l.promotion === undefined ? [l.subscriptionId] : [])),
  );
  const out: DraftLine[] = [];
  for (const line of input.lines) {
    if (line.subscriptionId) {
      const promotion = line.promotion !== undefined ? line.promotion : executed.get(line.subscriptionId);
      out.push({ ...line, promotion: promotion ?? null });
      continue;
    }
    const product = input.products.get(line.productId);
    if (!product || product.isTrial || line.unitPrice === null || !input.accountId) {
      out.push({ ...line, promotion: null });
      continue;
    }
    const p = await promotionFor(tx, input.tenantId, {
      accountId: input.accountId,
      productId: line.productId,
      term: product.term,
      orderDate: input.today,
      currency: input.currency,
      unitPrice: line.unitPrice,
    });
    out.push({ ...line, promotion: p ? promotionSnapshot(p) : null });
  }
  return out;
}
