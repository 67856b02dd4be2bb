import type { Deps } from "../../deps.ts";
import { AppError } from "../../shared/errors.ts";
import { parseInput } from "../../shared/parse-input.ts";
import { type CommandContext, runCommand } from "../subscriptions/index.ts";
import type { StorefrontActor } from "../tenancy/index.ts";
import { proceedAfterSubmission, statusActorOf } from "./execute-lines.ts";
import { type DraftLine, draftFromRow, pricedLine, productIdsOf } from "./order-lines.ts";
import { sendOrderNotice } from "./order-notices.ts";
import { loadOrderCatalog, loadTenantSettings } from "./order-products.ts";
import { withPromotions } from "./order-promotions.ts";
import { asEventRows, type OrderJson, orderJson } from "./orders.json.ts";
import {
  findBasket,
  listLines,
  nextOrderNumber,
  saveOrderChange,
  updateLinesPricing,
} from "./orders.repo.ts";
import { currencyViolations, type SubmissionInput, submissionStatus } from "./orders.rules.ts";
import { moveOrder, type OrderChange } from "./orders.states.ts";
import { CheckoutInput, type LineViolation } from "./orders.types.ts";
import { precheckOrder } from "./precheck-order.ts";
import { sendOrderConfirmation } from "./send-confirmation.ts";
import { asStorefront, chooseCustomer, storefrontContext } from "./storefront-context.ts";
import { onLines, vendorPrecheckCheckout } from "./vendor-precheck.ts";

export interface OrderCommandResult {
  preview: boolean;
  violations: LineViolation[];
  order: OrderJson;
}

/**
 * Storefront checkout (R-ORD-11): for the reseller itself, one of its end customers or a new one
 * (created in this transaction), or an end customer for itself. The pre-check must be clean. The
 * basket becomes the order: numbered (gapless, per tenant), priced at the Storefront's prices,
 * Pending Reseller Approval or Submitted (R-ORD-09) — and executed at once when its products are
 * provisioned automatically — and the customer is sent a confirmation (R-ORD-10).
 * `dryRun` runs exactly the same code and rolls it back: the priced order and every violation.
 */
export async function checkoutBasket(
  deps: Deps,
  actor: StorefrontActor,
  rawInput: unknown,
  options: { dryRun?: boolean } = {},
): Promise<OrderCommandResult> {
  const sf = asStorefront(actor);
  const input = parseInput(CheckoutInput, rawInput ?? {});
  // R-PRV-02: the vendor's validate-only answer, asked before the transaction (issue 13).
  const vendor = await vendorPrecheckCheckout(deps, sf, input);
  return runCommand(deps, options, async (tx) => {
    const tenantId = sf.tenantId;
    const context = await storefrontContext(tx, sf);
    const basket = await findBasket(tx, tenantId, sf.userId, true);
    const rows = basket ? await listLines(tx, tenantId, basket.id) : [];
    if (!basket || rows.length === 0)
      throw new AppError("conflict", "Your basket is empty: add a product first");
    // In a preview a new customer is created too — and rolled back with everything else.
    const customer = await chooseCustomer(deps, tx, sf, context, input.customer, true);
    const tenant = await loadTenantSettings(tx, tenantId);
    const today = deps.clock.today(tenant.timeZone);
    const now = deps.clock.now();
    const { products, prices } = await loadOrderCatalog(
      tx,
      tenantId,
      productIdsOf(rows.map(draftFromRow)),
      context.reseller.id,
    );
    const lines = rows.map((r) => pricedLine(draftFromRow(r), prices));
    const ctx: CommandContext = { actor: sf, channel: "storefront" };
    const violations = await precheckOrder(deps, tx, {
      tenantId,
      channel: "storefront",
      lines,
      products,
      customer: { id: customer.account.id, isNew: customer.isNew },
      storeResellerId: context.reseller.id,
      probe: { ctx, today },
    });
    violations.push(
      ...currencyViolations(
        lines,
        (id) => prices.get(id),
        (id) => products.get(id)?.name ?? id,
        customer.account.currency ?? tenant.currency,
      ),
    );
    if (violations.length === 0) violations.push(...onLines(vendor, lines));
    const placedByCustomer = customer.account.id === context.own.id;
    let change: OrderChange = {
      order: {
        ...basket,
        accountId: customer.account.id,
        onBehalf: !placedByCustomer, // R-DSH-02: the reseller ordered for its customer
        orderDate: today.toString(),
        note: input.note ?? null,
      },
      events: [],
    };
    const shown = (l: readonly DraftLine[]) =>
      withPromotions(tx, {
        tenantId,
        accountId: customer.account.id,
        lines: l,
        products,
        today,
        currency: change.order.currency,
      });
    if (violations.length > 0)
      return { violations, order: orderJson(change.order, await shown(lines), products, []) };

    const status = submissionStatus({
      channel: "storefront",
      placedByCustomer,
      customer: {
        kind: customer.account.kind as SubmissionInput["customer"]["kind"],
        orderApproval: customer.account.orderApproval,
      },
      reseller:
        customer.account.kind === "end_customer"
          ? { edition: context.reseller.edition as "basic" | "standard" }
          : null,
    });
    change = moveOrder(change, status, { actor: statusActorOf(ctx), at: now, eventId: deps.ids.next("evt") });
    let done = { change, lines };
    if (status === "submitted")
      done = await proceedAfterSubmission(deps, tx, {
        change,
        ctx,
        customer: customer.account,
        lines,
        products,
        prices,
        today,
      });
    // Numbered last: the counter row stays locked until commit, so keep that short.
    const order = { ...done.change.order, number: await nextOrderNumber(tx, tenantId) };
    await saveOrderChange(tx, { order, events: done.change.events });
    await updateLinesPricing(tx, tenantId, done.lines, now);
    if (context.reseller.storefrontAlias)
      await sendOrderConfirmation(deps, tx, {
        order,
        lines: done.lines,
        products,
        customerName: customer.account.name,
        language: customer.account.language,
        to: placedByCustomer ? sf.email : customer.account.email,
        storefrontAlias: context.reseller.storefrontAlias,
      });
    // R-ORD-09 (issue 15): the reseller is told an order waits for its approval.
    if (status === "pending_reseller_approval") await sendOrderNotice(deps, tx, order, "waiting");
    return {
      violations: [],
      order: orderJson(order, await shown(done.lines), products, asEventRows(done.change.events)),
    };
  });
}
