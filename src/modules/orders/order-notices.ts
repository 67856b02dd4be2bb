import type { Deps } from "../../deps.ts";
import type { Tx } from "../../shared/db.ts";
import { enqueueEmail } from "../notifications/index.ts";
import { type Account, findUserContact, getAccount } from "../tenancy/index.ts";
import type { OrderRow } from "./orders.types.ts";

/**
 * Issue 15's order notices (R-ORD-09), queued in the deciding transaction (outbox), one per order
 * and kind (business key): "waiting for your approval" to the reseller, "approved" / "rejected"
 * to the customer — whoever placed it in the Storefront, else the customer account's address.
 * Each links to the order's Storefront page; nobody known (no address, no Storefront) = no email.
 */
export async function sendOrderNotice(
  deps: Deps,
  tx: Tx,
  order: OrderRow,
  kind: "waiting" | "approved" | "rejected",
): Promise<void> {
  if (!order.accountId || order.number === null) return;
  const customer = await getAccount(tx, order.tenantId, order.accountId);
  const reseller: Account | null = customer.parentAccountId
    ? await getAccount(tx, order.tenantId, customer.parentAccountId)
    : null;
  const alias = reseller?.storefrontAlias ?? customer.storefrontAlias;
  if (!alias) return;
  const link = `/store/${encodeURIComponent(alias)}/billing/orders/${order.id}`;
  let to: { email: string; name: string; language: string } | null = null;
  if (kind === "waiting") {
    if (reseller?.email) to = { email: reseller.email, name: reseller.name, language: reseller.language };
  } else {
    const placer =
      order.placedByKind === "storefront" && order.placedByUserId
        ? await findUserContact(tx, order.tenantId, order.placedByUserId)
        : undefined;
    const email = placer && placer.accountId === customer.id ? placer.email : customer.email;
    if (email) to = { email, name: customer.name, language: customer.language };
  }
  if (!to) return;
  const template =
    kind === "waiting"
      ? "order_waiting_for_approval"
      : kind === "approved"
        ? "order_approved"
        : "order_rejected";
  await enqueueEmail(deps, tx, {
    tenantId: order.tenantId,
    key: `${template.replaceAll("_", "-")}:${order.id}`,
    to: to.email,
    template,
    data: {
      language: to.language,
      recipientName: to.name,
      link,
      orderId: order.id,
      orderNumber: order.number,
      customerName: customer.name,
      reason: kind === "rejected" ? (order.rejectionReason ?? null) : null,
    },
  });
}
