import type { Deps } from "../../deps.ts";
import type { Tx } from "../../shared/db.ts";
import { formatAmount } from "../../shared/money.ts";
import { enqueueEmail, publicUrl } from "../notifications/index.ts";
import type { DraftLine } from "./order-lines.ts";
import { orderTotal } from "./order-lines.ts";
import type { OrderProduct } from "./order-products.ts";
import type { OrderRow } from "./orders.types.ts";

/** The Storefront page of an order (R-ORD-10): /store/<alias>/orders/<id>. */
export function orderStatusUrl(deps: Pick<Deps, "config">, storefrontAlias: string, orderId: string): string {
  return publicUrl(deps.config, `/store/${encodeURIComponent(storefrontAlias)}/orders/${orderId}`);
}

/**
 * R-ORD-10: on submission the customer gets a confirmation with a link to the order's status
 * page, queued in the submitting transaction (outbox). An order the reseller placed on the
 * customer's behalf shows no amount (R-DSH-02). Nobody to write to (no address known) = no email.
 */
export async function sendOrderConfirmation(
  deps: Deps,
  tx: Tx,
  input: {
    order: OrderRow;
    lines: readonly DraftLine[];
    products: ReadonlyMap<string, OrderProduct>;
    customerName: string;
    /** The customer account's language: the email formats the total in its locale. */
    language?: string;
    to: string | null;
    storefrontAlias: string;
  },
): Promise<void> {
  const { order } = input;
  if (!input.to || order.number === null) return;
  const total = order.onBehalf ? null : orderTotal(input.lines);
  await enqueueEmail(deps, tx, {
    tenantId: order.tenantId,
    key: `order-confirmation:${order.id}`,
    to: input.to,
    template: "order_confirmation",
    data: {
      orderId: order.id,
      orderNumber: order.number,
      customerName: input.customerName,
      statusUrl: orderStatusUrl(deps, input.storefrontAlias, order.id),
      lines: input.lines.map((l) => ({ name: input.products.get(l.productId)!.name, quantity: l.quantity })),
      total:
        total === null ? null : { currency: order.currency, decimal: formatAmount(total, order.currency) },
      ...(input.language ? { language: input.language } : {}),
    },
  });
}
