import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { violationsError } from "../../shared/errors.ts";
import type { CommandContext } from "../subscriptions/index.ts";
import { type Actor, getAccount } from "../tenancy/index.ts";
import { pricingResellerOf, proceedAfterSubmission, statusActorOf } from "./execute-lines.ts";
import { getOrderToDecide } from "./order-access.ts";
import { draftFromRow, productIdsOf } from "./order-lines.ts";
import { sendOrderNotice } from "./order-notices.ts";
import { loadOrderCatalog, loadTenantSettings } from "./order-products.ts";
import { type OrderJson, orderJson } from "./orders.json.ts";
import { listEvents, listLines, saveOrderChange, updateLinesPricing } from "./orders.repo.ts";
import { moveOrder } from "./orders.states.ts";
import { channelOf } from "./orders.types.ts";
import { precheckOrder } from "./precheck-order.ts";
import { onLines, vendorPrecheckPlacedOrder } from "./vendor-precheck.ts";

/**
 * R-ORD-09: the reseller (its Storefront users, or a BSS clerk) approves an end customer's order
 * waiting for it: the pre-check again (R-CAT-07: only what is still sold), Submitted, then
 * executed at once like any submission (R-ORD-08). Execution runs
 * in the same transaction: if a line fails (e.g. R-ORD-02, the admin email got a plan meanwhile),
 * nothing changes — the order keeps waiting and the error says why.
 */
export async function approveOrder(deps: Deps, actor: Actor, orderId: string): Promise<OrderJson> {
  // R-PRV-02: the vendor's validate-only answer, asked before the transaction (issue 13).
  const vendor = await vendorPrecheckPlacedOrder(deps, actor, orderId);
  return transaction(deps.db, async (tx) => {
    const order = await getOrderToDecide(tx, actor, orderId);
    const ctx: CommandContext = { actor, channel: channelOf(order) };
    const now = deps.clock.now();
    const submitted = moveOrder({ order, events: [] }, "submitted", {
      actor: statusActorOf(ctx),
      at: now,
      eventId: deps.ids.next("evt"),
      note: "Approved by the reseller",
    });
    const customer = await getAccount(tx, order.tenantId, order.accountId!);
    const lines = (await listLines(tx, order.tenantId, order.id)).map(draftFromRow);
    // Prices, costs and price list stay those of the submission (the lines' snapshot); today's
    // prices are only the fallback for lines priced before the snapshot existed.
    const { products, prices } = await loadOrderCatalog(
      tx,
      order.tenantId,
      productIdsOf(lines),
      pricingResellerOf(customer),
    );
    // R-CAT-07 / R-CAT-01: the catalogue may have changed while the order waited (a product
    // unpublished or retired): the pre-check runs again; a refusal leaves the order waiting.
    // (Its first-order check was made at checkout; R-ORD-02 is the execution's own refusal.)
    const storeResellerId = ctx.channel === "storefront" ? pricingResellerOf(customer) : null;
    const violations = await precheckOrder(deps, tx, {
      tenantId: order.tenantId,
      channel: ctx.channel,
      lines,
      products,
      customer: null,
      storeResellerId: storeResellerId ?? undefined,
    });
    if (violations.length === 0) violations.push(...onLines(vendor, lines));
    if (violations.length > 0) throw violationsError(violations);
    const tenant = await loadTenantSettings(tx, order.tenantId);
    const done = await proceedAfterSubmission(deps, tx, {
      change: submitted,
      ctx,
      customer,
      lines,
      products,
      prices,
      today: deps.clock.today(tenant.timeZone),
    });
    await saveOrderChange(tx, done.change);
    await updateLinesPricing(tx, order.tenantId, done.lines, now);
    await sendOrderNotice(deps, tx, done.change.order, "approved"); // issue 15: the customer is told
    return orderJson(done.change.order, done.lines, products, await listEvents(tx, order.tenantId, order.id));
  });
}
