import type { Deps } from "../../deps.ts";
import { type PlainDate, parseDate } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import { AppError, violationsError } from "../../shared/errors.ts";
import { enqueueProvisioning } from "../provisioning/index.ts";
import { type CommandContext, createSubscription, teamName } from "../subscriptions/index.ts";
import type { Account } from "../tenancy/index.ts";
import { emitWebhookEvent } from "../webhooks/index.ts";
import type { DraftLine } from "./order-lines.ts";
import type { LinePrice, OrderProduct } from "./order-products.ts";
import { statusAfterSubmission } from "./orders.rules.ts";
import { moveOrder, type OrderChange, type StatusActor } from "./orders.states.ts";
import type { OrderRow } from "./orders.types.ts";

/**
 * R-ORD-08: executing an order creates one subscription per line, with its add-ons, inside the
 * caller's transaction — so a failing line (e.g. R-ORD-02 from the unique index when another order
 * won the admin email) rolls the whole execution back and the order stays as it was.
 * Returns the lines with their subscription ids and the team name stored in the service details.
 */
export async function executeLines(
  deps: Deps,
  tx: Tx,
  input: {
    ctx: CommandContext;
    order: Pick<OrderRow, "id">;
    customer: Pick<Account, "id" | "name" | "kind" | "parentAccountId">;
    lines: readonly DraftLine[];
    products: ReadonlyMap<string, OrderProduct>;
    prices: ReadonlyMap<string, LinePrice>;
    today: PlainDate;
    /** Issue 17: invoices written and numbered as the transaction's tail (placeBssOrder's commit). */
    numberAtCommit?: boolean;
  },
): Promise<DraftLine[]> {
  const out: DraftLine[] = [];
  const { customer } = input;
  for (const [index, line] of input.lines.entries()) {
    const product = input.products.get(line.productId)!;
    const price = input.prices.get(line.productId)!;
    // R-ORD-07: the vendor team is named after the customer, cut to the policy's length.
    const team = teamName(product.effectivePolicies, customer.name);
    const serviceDetails =
      team === undefined ? line.serviceDetails : { ...line.serviceDetails, teamName: team };
    try {
      // A line priced for good (its cost snapshot is set) keeps its price, cost and price list.
      const snapshot = line.unitCost !== null;
      const { subscription } = await createSubscription(deps, tx, input.ctx, {
        accountId: customer.id,
        resellerAccountId: customer.kind === "end_customer" ? customer.parentAccountId : null,
        orderId: input.order.id,
        orderLineId: line.id,
        product,
        quantity: line.quantity,
        billingPlan: line.billingPlan,
        // The price the customer was shown when the order was priced, with that moment's cost.
        unitPrice: line.unitPrice ?? price.unitPrice,
        unitCost: line.unitCost ?? price.unitCost,
        currency: price.currency,
        priceListId: snapshot ? line.priceListId : price.priceListId,
        adminEmail: line.serviceDetails.adminEmail,
        serviceDetails,
        // R-TEN-02 / issue 13: a line that starts later waits, Inactive, for its start date; one
        // whose date has passed by the time staff execute the order starts on the execution day.
        startDate: startOf(line, input.today),
        today: input.today,
        ...(input.numberAtCommit ? { numberAtCommit: true } : {}),
        addons: line.addons.map((a) => {
          const addonPrice = input.prices.get(a.productId)!;
          return {
            product: input.products.get(a.productId)!,
            quantity: a.quantity,
            unitPrice: a.unitPrice === undefined ? addonPrice.unitPrice : BigInt(a.unitPrice),
            unitCost: a.unitCost === undefined ? addonPrice.unitCost : BigInt(a.unitCost),
          };
        }),
      });
      // R-ORD-08: the team is created at the vendor by a provisioning job (outbox, same transaction);
      // an Unsynchronized subscription (no service manager, R-PRV-01) has nothing to send, and one
      // that starts later is provisioned by the billing run that starts it (R-TEN-02).
      if (subscription.syncStatus === "pending" && !subscription.awaitingStart)
        await enqueueProvisioning(deps, tx, {
          tenantId: subscription.tenantId,
          subscriptionId: subscription.id,
          action: "create",
        });
      // R-PRM-01: the snapshot it was created with, for the order's views (no read back).
      out.push({
        ...line,
        serviceDetails,
        subscriptionId: subscription.id,
        promotion: (subscription.promotion as Record<string, unknown> | null) ?? null,
      });
    } catch (e) {
      if (e instanceof AppError && e.code.startsWith("R-")) {
        const isAdminEmailRule = e.code === product.effectivePolicies.oneActivePlanPerAdminEmail.code;
        // Name the line and field, like the pre-check does.
        throw violationsError([
          {
            code: e.code as `R-${string}`,
            message: e.message,
            details: e.details,
            lineId: line.id,
            line: index,
            field: isAdminEmailRule ? "serviceDetails.adminEmail" : "productId",
          } as Parameters<typeof violationsError>[0][number],
        ]);
      }
      throw e;
    }
  }
  return out;
}

/** The day a line's subscription starts: its start date, or `today` when none is ahead. */
export function startOf(line: Pick<DraftLine, "startDate">, today: PlainDate): PlainDate {
  return line.startDate !== null && line.startDate > today.toString() ? parseDate(line.startDate) : today;
}

export interface ExecutionInput {
  change: OrderChange;
  ctx: CommandContext;
  customer: Pick<Account, "id" | "name" | "kind" | "parentAccountId">;
  lines: readonly DraftLine[];
  products: ReadonlyMap<string, OrderProduct>;
  prices: ReadonlyMap<string, LinePrice>;
  today: PlainDate;
  /** Issue 17: the order's invoices and number are written as the transaction's tail. */
  numberAtCommit?: boolean;
}

export function statusActorOf(ctx: CommandContext): StatusActor {
  return ctx.actor.kind === "system"
    ? { userId: null, kind: "system" }
    : { userId: ctx.actor.userId, kind: ctx.actor.kind };
}

/**
 * R-ORD-09 after a submission: an order whose products are all provisioned automatically (their
 * product type has a service manager) is executed at once; otherwise it goes In Progress and waits
 * for someone to execute it.
 */
export async function proceedAfterSubmission(
  deps: Deps,
  tx: Tx,
  input: ExecutionInput,
): Promise<{ change: OrderChange; lines: DraftLine[] }> {
  const automatic = input.lines.every((l) => input.products.get(l.productId)!.automatic);
  if (statusAfterSubmission(automatic) === "executed") return executeNow(deps, tx, input);
  const change = moveOrder(input.change, "in_progress", {
    actor: statusActorOf(input.ctx),
    at: deps.clock.now(),
    eventId: deps.ids.next("evt"),
    note: "Waiting to be executed: not every product is provisioned automatically",
  });
  return { change, lines: [...input.lines] };
}

/** Executes the order now (R-ORD-08) and moves it to Executed. */
export async function executeNow(
  deps: Deps,
  tx: Tx,
  input: ExecutionInput,
): Promise<{ change: OrderChange; lines: DraftLine[] }> {
  const lines = await executeLines(deps, tx, { ...input, order: input.change.order });
  const change = moveOrder(input.change, "executed", {
    actor: statusActorOf(input.ctx),
    at: deps.clock.now(),
    eventId: deps.ids.next("evt"),
  });
  await emitWebhookEvent(deps, tx, {
    tenantId: change.order.tenantId,
    type: "order.executed",
    data: () => orderExecutedData(change.order, lines),
  });

  return { change, lines };
}

/** Whose prices a customer pays: its reseller's (an end customer), its own list (a reseller), else the tenant's. */
export function pricingResellerOf(customer: Pick<Account, "id" | "kind" | "parentAccountId">): string | null {
  if (customer.kind === "end_customer") return customer.parentAccountId;
  return customer.kind === "reseller" ? customer.id : null;
}

/** The `order.executed` webhook's data: ids (the order's number is given by GET /api/bss/orders/:id). */
export function orderExecutedData(
  order: OrderRow,
  lines: ReadonlyArray<Pick<DraftLine, "id" | "productId" | "quantity" | "subscriptionId">>,
) {
  return {
    orderId: order.id,
    accountId: order.accountId,
    channel: order.channel,
    executedAt: order.executedAt?.toISOString() ?? null,
    lines: lines.map((l) => ({
      lineId: l.id,
      productId: l.productId,
      quantity: l.quantity,
      subscriptionId: l.subscriptionId,
    })),
  };
}
