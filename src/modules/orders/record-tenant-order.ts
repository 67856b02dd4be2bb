import type { Deps } from "../../deps.ts";
import type { Tx } from "../../shared/db.ts";
import { emitWebhookEvent } from "../webhooks/index.ts";
import { orderExecutedData } from "./execute-lines.ts";
import { insertNumberedOrder, type NewOrderLine } from "./orders.repo.ts";
import { createdAs } from "./orders.states.ts";
import type { OrderRow } from "./orders.types.ts";

export interface TenantOrderInput {
  tenantId: string;
  tenantName: string;
  /** The copied end customer, under the tenant reseller's account. */
  accountId: string;
  /** The tenant reseller's account in the distributor's BSS. */
  resellerAccountId: string;
  currency: string;
  /** The purchase's effective date in the tenant's BSS (R-TEN-04). */
  orderDate: string;
  /** What was bought: "New subscription", "Licence increase", "Add-on", "Trial to paid". */
  what: string;
  lines: Array<{
    productId: string;
    quantity: number;
    /** The copy's billing plan (default monthly). */
    billingPlan?: string;
    unitPrice: bigint;
    unitCost: bigint;
    priceListId: string | null;
    subscriptionId: string;
  }>;
}

/**
 * R-TEN-04: a purchase executed in a tenant reseller's BSS (new subscription, licence increase,
 * add-on, trial → paid) is recorded as a distributor order dated on its effective date, already
 * Executed — the copy it concerns exists, so nothing here executes, provisions or bills it again.
 * Numbered from the distributor's gapless sequence like any order.
 */
export async function recordTenantOrder(deps: Deps, tx: Tx, input: TenantOrderInput): Promise<number> {
  const now = deps.clock.now();
  const order: OrderRow = {
    id: deps.ids.next("ord"),
    tenantId: input.tenantId,
    number: null,
    channel: "tenant",
    status: "executed",
    accountId: input.accountId,
    resellerAccountId: input.resellerAccountId,
    placedByUserId: null,
    placedByKind: "system",
    onBehalf: true,
    currency: input.currency,
    orderDate: input.orderDate,
    note: `${input.what} in ${input.tenantName}'s BSS`,
    rejectionReason: null,
    createdAt: now,
    updatedAt: now,
    submittedAt: now,
    approvedAt: null,
    executedAt: now,
    canceledAt: null,
  };
  const lines: NewOrderLine[] = input.lines.map((l, i) => ({
    id: deps.ids.next("oln"),
    tenantId: input.tenantId,
    orderId: order.id,
    position: i + 1,
    productId: l.productId,
    quantity: l.quantity,
    billingPlan: l.billingPlan ?? "monthly",
    addons: [],
    serviceDetails: {},
    unitPrice: l.unitPrice,
    unitCost: l.unitCost,
    priceListId: l.priceListId,
    subscriptionId: l.subscriptionId,
    createdAt: now,
    updatedAt: now,
  }));
  const change = createdAs(order, {
    actor: { userId: null, kind: "system" },
    at: now,
    eventId: deps.ids.next("evt"),
    note: order.note,
  });
  const number = await insertNumberedOrder(tx, change, lines);
  await emitWebhookEvent(deps, tx, {
    tenantId: input.tenantId,
    type: "order.executed",
    data: () =>
      orderExecutedData(
        order,
        lines.map((l) => ({ ...l, subscriptionId: l.subscriptionId ?? null })),
      ),
  });
  return number;
}
