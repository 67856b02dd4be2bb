import { z } from "zod";
import { toMoneyJson } from "../../shared/money.ts";
import { addonQuantityNote } from "../subscriptions/index.ts";
import { type DraftLine, lineTotal, orderTotal } from "./order-lines.ts";
import type { OrderProduct } from "./order-products.ts";
import type { OrderListRow } from "./orders.repo.ts";
import type { LineViolation, NewOrderEvent, OrderEventRow, OrderRow } from "./orders.types.ts";

/** Response schemas (OpenAPI) and mappers: money as { currency, minor, decimal }, instants ISO. */

export const MoneyJson = z.object({ currency: z.string(), minor: z.string(), decimal: z.string() });
type MoneyJson = z.infer<typeof MoneyJson>;

export const ViolationJson = z.object({
  code: z.string(),
  message: z.string(),
  lineId: z.string().nullable(),
  line: z.number().nullable(),
  field: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

const AddonJson = z.object({
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  quantity: z.number(),
  /** The quantity asked when the BSS set another (R-SGN-04: a Sign add-on follows its plan). */
  requestedQuantity: z.number().nullable(),
  /** Why the quantity is not the one asked, with the rule (issue 13.5: nothing silent). */
  quantityNote: z.object({ code: z.string(), message: z.string() }).nullable(),
  unitPrice: MoneyJson.nullable(),
  total: MoneyJson.nullable(),
});

export const OrderLineJson = z.object({
  id: z.string(),
  position: z.number(),
  productId: z.string(),
  sku: z.string(),
  productName: z.string(),
  term: z.string(),
  isTrial: z.boolean(),
  quantity: z.number(),
  billingPlan: z.string(),
  unitPrice: MoneyJson.nullable(),
  total: MoneyJson.nullable(),
  addons: z.array(AddonJson),
  serviceDetails: z.record(z.string(), z.string()),
  subscriptionId: z.string().nullable(),
  /** R-TEN-02 / issue 13: the day the line's subscription starts (BSS orders); null = when executed. */
  startDate: z.string().nullable(),
  /** What a start date still ahead of the order date means, in words (null for none). */
  startNote: z.string().nullable(),
  /**
   * `automatic`: a service manager provisions the product and the order executes on submission
   * (R-ORD-09); `manual`: staff execute the order and the subscription is Unsynchronized (R-PRV-01).
   */
  provisioning: z.enum(["automatic", "manual"]),
  /**
   * R-PRM-01: the promotion the line's subscription gets (executed: what it got) — its name, value,
   * cycles (null = every cycle) and the promoted unit price; null for none.
   */
  promotion: z
    .object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      cycles: z.number().nullable(),
      valueType: z.string(),
      basisPoints: z.number().nullable(),
      amount: MoneyJson.nullable(),
      promotedUnitPrice: MoneyJson.nullable(),
    })
    .nullable(),
});

export const OrderEventJson = z.object({
  id: z.string(),
  at: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  actorUserId: z.string().nullable(),
  actorKind: z.string(),
  note: z.string().nullable(),
});

const orderFields = {
  id: z.string(),
  number: z.number().nullable(),
  status: z.string(),
  channel: z.string(),
  accountId: z.string().nullable(),
  resellerAccountId: z.string().nullable(),
  placedByUserId: z.string().nullable(),
  placedByKind: z.string(),
  /** R-DSH-02: placed by the reseller (or staff) for the customer; the customer sees no amounts. */
  onBehalf: z.boolean(),
  currency: z.string(),
  orderDate: z.string().nullable(),
  note: z.string().nullable(),
  rejectionReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string().nullable(),
  approvedAt: z.string().nullable(),
  executedAt: z.string().nullable(),
  canceledAt: z.string().nullable(),
  total: MoneyJson.nullable(),
};

export const OrderSummaryJson = z.object({
  ...orderFields,
  lineCount: z.number(),
  /** The customer's name (the account the order is for), so a list names whom each order is for. */
  accountName: z.string().nullable(),
});
export const OrderJson = z.object({
  ...orderFields,
  /** The customer's name (the account the order is for); null on the answers of commands. */
  accountName: z.string().nullable(),
  /** Submitted or In Progress with a product no service manager provisions: staff execute it. */
  needsManualExecution: z.boolean(),
  lines: z.array(OrderLineJson),
  events: z.array(OrderEventJson),
});
export type OrderJson = z.infer<typeof OrderJson>;

export const BasketJson = z.object({
  id: z.string().nullable(),
  currency: z.string(),
  lines: z.array(OrderLineJson),
  /** The current prices of the reseller's Storefront (set for good at checkout). */
  total: MoneyJson.nullable(),
  /** The pre-check: every violation, each pointing at its line and field. */
  violations: z.array(ViolationJson),
});
export type BasketJson = z.infer<typeof BasketJson>;

export const PreviewJson = z.object({
  preview: z.literal(true),
  violations: z.array(ViolationJson),
  order: OrderJson,
});

export const pageJson = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), limit: z.number(), offset: z.number() });

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const money = (amount: bigint | null, currency: string, hide: boolean): MoneyJson | null =>
  hide || amount === null ? null : toMoneyJson(amount, currency);

export interface ViewOptions {
  /** R-DSH-02: an end customer looking at an order its reseller placed sees no amounts. */
  hideAmounts?: boolean;
  /** The customer's name (the account the order is for). */
  accountName?: string | null;
}

/**
 * R-TEN-02 / issue 13: a line whose start date is after the day it was ordered (`orderDate`; a
 * preview or a basket: today) waits for it — said in words, true whenever it is read.
 */
export function startNoteOf(startDate: string | null, orderDate: string | null): string | null {
  if (startDate === null || (orderDate !== null && startDate <= orderDate)) return null;
  return `Starts on ${startDate}: Inactive until then, provisioned and first billed that day by the billing run — nothing is billed before.`;
}

export function lineJson(
  line: DraftLine,
  products: ReadonlyMap<string, OrderProduct>,
  currency: string,
  hide = false,
  orderDate: string | null = null,
): z.infer<typeof OrderLineJson> {
  const p = products.get(line.productId);
  return {
    id: line.id,
    position: line.position,
    productId: line.productId,
    sku: p?.sku ?? "",
    productName: p?.name ?? line.productId,
    term: p?.term ?? "",
    isTrial: p?.isTrial ?? false,
    provisioning: p && !p.automatic ? "manual" : "automatic",
    quantity: line.quantity,
    billingPlan: line.billingPlan,
    unitPrice: money(line.unitPrice, currency, hide),
    total: money(lineTotal(line), currency, hide),
    addons: line.addons.map((a) => {
      const ap = products.get(a.productId);
      const unit = a.unitPrice === undefined ? null : BigInt(a.unitPrice);
      const note =
        p && a.requestedQuantity !== undefined
          ? addonQuantityNote(
              p.effectivePolicies,
              { name: ap?.name ?? a.productId },
              a.requestedQuantity,
              a.quantity,
            )
          : undefined;
      return {
        productId: a.productId,
        sku: ap?.sku ?? "",
        name: ap?.name ?? a.productId,
        quantity: a.quantity,
        requestedQuantity: a.requestedQuantity ?? null,
        quantityNote: note ? { code: note.code, message: note.message } : null,
        unitPrice: money(unit, currency, hide),
        total: money(unit === null ? null : unit * BigInt(a.quantity), currency, hide),
      };
    }),
    serviceDetails: line.serviceDetails,
    subscriptionId: line.subscriptionId,
    startDate: line.startDate,
    startNote: startNoteOf(line.startDate, orderDate),
    promotion: promotionJson(line.promotion ?? null, currency, hide),
  };
}

function promotionJson(p: Record<string, unknown> | null, currency: string, hide: boolean) {
  if (!p || typeof p.id !== "string") return null;
  const monetary = p.valueType === "monetary";
  return {
    id: p.id,
    name: String(p.name ?? ""),
    kind: String(p.kind ?? ""),
    cycles: typeof p.cycles === "number" ? p.cycles : null,
    valueType: String(p.valueType ?? ""),
    basisPoints: monetary ? null : Number(p.value),
    amount: monetary ? money(BigInt(String(p.value)), String(p.currency ?? currency), hide) : null,
    promotedUnitPrice: money(BigInt(String(p.promotedUnitPrice ?? "0")), currency, hide),
  };
}

function headerJson(o: OrderRow, total: bigint | null, hide: boolean) {
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    channel: o.channel,
    accountId: o.accountId,
    resellerAccountId: o.resellerAccountId,
    placedByUserId: o.placedByUserId,
    placedByKind: o.placedByKind,
    onBehalf: o.onBehalf,
    currency: o.currency,
    orderDate: o.orderDate,
    note: o.note,
    rejectionReason: o.rejectionReason,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    submittedAt: iso(o.submittedAt),
    approvedAt: iso(o.approvedAt),
    executedAt: iso(o.executedAt),
    canceledAt: iso(o.canceledAt),
    total: money(total, o.currency, hide),
  };
}

export function orderJson(
  order: OrderRow,
  lines: readonly DraftLine[],
  products: ReadonlyMap<string, OrderProduct>,
  events: readonly OrderEventRow[],
  options: ViewOptions = {},
): OrderJson {
  const hide = options.hideAmounts ?? false;
  const manual = lines.some((l) => products.get(l.productId)?.automatic === false);
  return {
    ...headerJson(order, orderTotal(lines), hide),
    accountName: options.accountName ?? null,
    needsManualExecution: manual && (order.status === "submitted" || order.status === "in_progress"),
    lines: lines.map((l) => lineJson(l, products, order.currency, hide, order.orderDate)),
    events: events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorUserId: e.actorUserId,
      actorKind: e.actorKind,
      note: e.note,
    })),
  };
}

export function orderSummaryJson(row: OrderListRow, options: ViewOptions = {}) {
  return {
    ...headerJson(row, row.total, options.hideAmounts ?? false),
    lineCount: row.lineCount,
    accountName: options.accountName ?? null,
  };
}

export function violationJson(v: LineViolation): z.infer<typeof ViolationJson> {
  return {
    code: v.code,
    message: v.message,
    lineId: v.lineId,
    line: v.line,
    field: v.field,
    ...(v.details ? { details: v.details } : {}),
  };
}

/** Events written in this transaction, as rows (for the answer of the command that wrote them). */
export function asEventRows(events: readonly NewOrderEvent[]): OrderEventRow[] {
  return events.map((e) => ({
    id: e.id,
    tenantId: e.tenantId,
    orderId: e.orderId,
    at: e.at,
    fromStatus: e.fromStatus ?? null,
    toStatus: e.toStatus,
    actorUserId: e.actorUserId ?? null,
    actorKind: e.actorKind,
    note: e.note ?? null,
  }));
}
