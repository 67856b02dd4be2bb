import type { Deps } from "../../deps.ts";
import type { PlainDate } from "../../shared/dates.ts";
import { beforeCommit, COMMIT_PHASE, type Tx } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import { parseInput } from "../../shared/parse-input.ts";
import { type CommandContext, runCommand } from "../subscriptions/index.ts";
import { type Actor, getAccount } from "../tenancy/index.ts";
import type { OrderCommandResult } from "./checkout-basket.ts";
import { pricingResellerOf, proceedAfterSubmission, statusActorOf } from "./execute-lines.ts";
import { asBssClerk } from "./order-access.ts";
import { assertLineShape, type DraftLine, draftFromInput, pricedLine, productIdsOf } from "./order-lines.ts";
import { loadOrderCatalog, loadTenantSettings, type OrderProduct } from "./order-products.ts";
import { withPromotions } from "./order-promotions.ts";
import { asEventRows, orderJson } from "./orders.json.ts";
import { insertNumberedOrder } from "./orders.repo.ts";
import { currencyViolations } from "./orders.rules.ts";
import { createdAs } from "./orders.states.ts";
import { BssOrderInput, type LineViolation, type NewOrderEvent, type OrderRow } from "./orders.types.ts";
import { precheckOrder } from "./precheck-order.ts";
import { onLines, vendorPrecheckBssOrder } from "./vendor-precheck.ts";

/**
 * Staff place an order for a customer of the tenant (back office, channel bss): the same
 * pre-check as the Storefront (with the BSS's channel rules: Sign add-ons follow the plan,
 * R-SGN-04), then Submitted and — products provisioned automatically — executed at once, in one
 * transaction. R-ORD-02 is the unique index: of two concurrent orders for one admin email exactly
 * one gets the plan; the other is refused with the rule and writes nothing. `dryRun` previews.
 */
export async function placeBssOrder(
  deps: Deps,
  actor: Actor,
  rawInput: unknown,
  options: { dryRun?: boolean } = {},
): Promise<OrderCommandResult> {
  const bss = asBssClerk(actor);
  const input = parseInput(BssOrderInput, rawInput);
  // R-PRV-02: the vendor's validate-only answer, asked before the transaction (issue 13).
  const vendor = await vendorPrecheckBssOrder(deps, bss.tenantId, input);
  // The response is built after the transaction (the order's number is set by its last statement).
  const result = await runCommand(deps, options, async (tx): Promise<PlacedOrder> => {
    const tenantId = bss.tenantId;
    const customer = await getAccount(tx, tenantId, input.accountId);
    if (customer.status !== "active")
      throw new AppError("conflict", `${customer.name} is inactive and cannot order`, { field: "accountId" });
    // Products and their prices for this customer in one query.
    const { products, prices } = await loadOrderCatalog(
      tx,
      tenantId,
      productIdsOf(input.lines),
      pricingResellerOf(customer),
    );
    for (const [i, l] of input.lines.entries())
      assertLineShape(
        products.get(l.productId)!,
        products,
        l.addons ?? [],
        l.serviceDetails ?? {},
        `lines.${i}.`,
      );
    const tenant = await loadTenantSettings(tx, tenantId);
    const today = deps.clock.today(tenant.timeZone);
    assertStartDates(input.lines, today);
    const now = deps.clock.now();
    const lines = input.lines.map((l, position) =>
      pricedLine(
        draftFromInput(l, products.get(l.productId)!, products, "bss", {
          id: deps.ids.next("oln"),
          position,
        }),
        prices,
      ),
    );
    const ctx: CommandContext = { actor: bss, channel: "bss" };
    const violations = await precheckOrder(deps, tx, {
      tenantId,
      channel: "bss",
      lines,
      products,
      customer: { id: customer.id, isNew: false },
      // The commit needs no probe: executing hits the very same unique index (R-ORD-02).
      probe: options.dryRun ? { ctx, today } : undefined,
    });
    violations.push(
      ...currencyViolations(
        lines,
        (id) => prices.get(id),
        (id) => products.get(id)?.name ?? id,
        customer.currency ?? tenant.currency,
      ),
    );
    if (violations.length === 0) violations.push(...onLines(vendor, lines));
    const order: OrderRow = {
      id: deps.ids.next("ord"),
      tenantId,
      number: null,
      channel: "bss",
      status: "submitted",
      accountId: customer.id,
      resellerAccountId: customer.kind === "end_customer" ? customer.parentAccountId : null,
      placedByUserId: bss.userId,
      placedByKind: "bss",
      // R-DSH-02: an end customer did not place this order itself; it sees no amounts.
      onBehalf: customer.kind === "end_customer",
      currency: tenant.currency,
      orderDate: today.toString(),
      note: input.note ?? null,
      rejectionReason: null,
      createdAt: now,
      updatedAt: now,
      submittedAt: now,
      approvedAt: null,
      executedAt: null,
      canceledAt: null,
    };
    const shown = (l: readonly DraftLine[]) =>
      withPromotions(tx, {
        tenantId,
        accountId: customer.id,
        lines: l,
        products,
        today,
        currency: order.currency,
      });
    if (violations.length > 0) return { violations, order, lines: await shown(lines), products, events: [] };

    const submitted = createdAs(order, { actor: statusActorOf(ctx), at: now, eventId: deps.ids.next("evt") });
    // Issue 17: a commit writes the invoice(s) and the order with their gapless numbers as the
    // transaction's last statements (invoice counter, then order counter, then COMMIT), so the
    // counter rows are held for those statements and the commit only. A preview numbers inline
    // and rolls back, as before.
    const atCommit = !options.dryRun;
    const done = await proceedAfterSubmission(deps, tx, {
      change: submitted,
      ctx,
      customer,
      lines,
      products,
      prices,
      today,
      numberAtCommit: atCommit,
    });
    const placed: PlacedOrder = {
      violations: [],
      order: done.change.order,
      lines: await shown(done.lines),
      products,
      events: done.change.events,
    };
    const orderLines = done.lines.map((l) => ({
      id: l.id,
      tenantId,
      orderId: done.change.order.id,
      position: l.position,
      productId: l.productId,
      quantity: l.quantity,
      billingPlan: l.billingPlan,
      addons: l.addons,
      serviceDetails: l.serviceDetails,
      unitPrice: l.unitPrice,
      unitCost: l.unitCost,
      priceListId: l.priceListId,
      subscriptionId: l.subscriptionId,
      startDate: l.startDate,
      createdAt: now,
      updatedAt: now,
    }));
    const insert = async (t: Tx) => {
      placed.order = { ...done.change.order, number: await insertNumberedOrder(t, done.change, orderLines) };
    };
    if (atCommit) beforeCommit(tx, `orders.insert:${order.id}`, insert, COMMIT_PHASE.orderNumbers);
    else await insert(tx);
    return placed;
  });
  return {
    preview: result.preview,
    violations: result.violations,
    order: orderJson(result.order, result.lines, result.products, asEventRows(result.events)),
  };
}

/** R-TEN-02 / issue 13: a line starts today or later; a past day is a 400 naming the field. */
function assertStartDates(lines: ReadonlyArray<{ startDate?: string | undefined }>, today: PlainDate): void {
  const issues = lines.flatMap((l, i) =>
    l.startDate !== undefined && l.startDate < today.toString()
      ? [{ path: `lines.${i}.startDate`, message: `must be today (${today}) or later` }]
      : [],
  );
  if (issues.length > 0)
    throw new AppError(
      "validation_failed",
      `Invalid input — ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      { issues },
    );
}

interface PlacedOrder {
  violations: LineViolation[];
  order: OrderRow;
  lines: DraftLine[];
  products: Map<string, OrderProduct>;
  events: NewOrderEvent[];
}
