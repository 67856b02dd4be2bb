import { z } from "zod";
import { DateString } from "../../shared/dates.ts";
import type { Violation } from "../../shared/errors.ts";
import { Paging, sortParam } from "../../shared/paging.ts";
import { CreateStorefrontCustomerInput } from "../tenancy/index.ts";
import type { orderEvents, orderLines, orders } from "./orders.schema.ts";

/** Domain types and input schemas of orders (routes validate with these; use cases parse again). */

/** R-ORD-09: Draft (basket), Pending Reseller Approval, Submitted, In Progress, Executed, Canceled. */
export const ORDER_STATUSES = [
  "draft",
  "pending_reseller_approval",
  "submitted",
  "in_progress",
  "executed",
  "canceled",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/**
 * Every channel an order row can carry (orders_channel_ck): `tenant` is a distributor order that
 * records a tenant reseller's purchase on a copy (R-TEN-02); commands come through the other two.
 */
export const ORDER_CHANNELS = ["bss", "storefront", "tenant"] as const;
export type OrderChannel = "bss" | "storefront";
/** The channel a command on the order acts in (a tenant order is read-only, shown as bss). */
export const channelOf = (order: { channel: string }) => order.channel as OrderChannel;
export type BillingPlan = "monthly" | "one_off";

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type OrderEventRow = typeof orderEvents.$inferSelect;
export type NewOrderEvent = typeof orderEvents.$inferInsert;

/** An add-on stored on a line (order_lines.addons): the price is set when the order is priced. */
export interface LineAddon {
  productId: string;
  quantity: number;
  /**
   * The quantity asked when the BSS set another (a Sign add-on follows its plan, R-SGN-04): kept
   * so the order says what it changed (issue 13.5); absent when it is what was asked.
   */
  requestedQuantity?: number;
  /** Minor units as a string (JSON has no bigint); absent on a basket line. */
  unitPrice?: string;
  /** The unit cost when the line was priced for good (minor units as a string); absent before. */
  unitCost?: string;
}

/** A rule violation pointing at the basket line and field it is about (every one is reported at once). */
export interface LineViolation extends Violation {
  lineId: string | null;
  /** 0-based position of the line in the order. */
  line: number | null;
  field: string;
}

// ---- inputs ----

const Id = z.string().min(1).max(100);
const Quantity = z.number().int().min(1).max(1_000_000);
export const BillingPlanInput = z.enum(["monthly", "one_off"]);

export const AddonInput = z.strictObject({
  productId: Id,
  /** Omitted = what the add-on rules give (the line's quantity for tied add-ons, else the fixed quantity). */
  quantity: Quantity.optional(),
});
export type AddonInput = z.infer<typeof AddonInput>;

/** Service details (R-ORD-06): keys are the product type's (`serviceDetails[].key`), checked per product. */
export const ServiceDetailsInput = z.record(z.string().min(1).max(50), z.string().trim().max(320));

export const LineInput = z.strictObject({
  productId: Id,
  quantity: Quantity,
  /** Omitted = the first plan the product's term allows (R-ORD-05). */
  billingPlan: BillingPlanInput.optional(),
  addons: z.array(AddonInput).max(20).optional(),
  serviceDetails: ServiceDetailsInput.optional(),
});
export type LineInput = z.infer<typeof LineInput>;

export const LinePatch = z.strictObject({
  quantity: Quantity.optional(),
  billingPlan: BillingPlanInput.optional(),
  addons: z.array(AddonInput).max(20).optional(),
  serviceDetails: ServiceDetailsInput.optional(),
});
export type LinePatch = z.infer<typeof LinePatch>;

/** R-ORD-11: whom a reseller's checkout is for — itself, one of its end customers, or a new one. */
export const CustomerChoice = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("self") }),
  z.strictObject({ kind: z.literal("existing"), accountId: Id }),
  z.strictObject({ kind: z.literal("new"), customer: CreateStorefrontCustomerInput }),
]);
export type CustomerChoice = z.infer<typeof CustomerChoice>;

export const PrecheckInput = z.strictObject({ customer: CustomerChoice.optional() });
export type PrecheckInput = z.infer<typeof PrecheckInput>;

export const CheckoutInput = z.strictObject({
  customer: CustomerChoice.optional(),
  note: z.string().trim().min(1).max(2000).optional(),
});
export type CheckoutInput = z.infer<typeof CheckoutInput>;

/**
 * A back-office order line (R-TEN-02 / issue 13): it may start later — `startDate`, today or later
 * in the tenant's calendar (a past day is a 400 naming the field); omitted = when executed. The
 * Storefront's basket has no start date (the platform's Storefront offers none).
 */
export const BssLineInput = LineInput.extend({ startDate: DateString.optional() });
export type BssLineInput = z.infer<typeof BssLineInput>;

export const BssOrderInput = z.strictObject({
  accountId: Id,
  lines: z.array(BssLineInput).min(1).max(50),
  note: z.string().trim().min(1).max(2000).optional(),
});
export type BssOrderInput = z.infer<typeof BssOrderInput>;

export const RejectInput = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
export type RejectInput = z.infer<typeof RejectInput>;
export const CancelInput = z.strictObject({ reason: z.string().trim().min(1).max(2000).optional() });
export type CancelInput = z.infer<typeof CancelInput>;

export const DryRunQuery = z.strictObject({
  dryRun: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
});

export const ORDER_SORTS = ["number", "orderDate", "createdAt", "status"] as const;
export const ListOrdersQuery = z.strictObject({
  ...Paging,
  sort: sortParam(ORDER_SORTS),
  status: z.enum(ORDER_STATUSES).exclude(["draft"]).optional(),
  accountId: Id.optional(),
  channel: z.enum(ORDER_CHANNELS).optional(),
  /** Order date (the submission date, tenant time zone) from / to, inclusive. */
  from: DateString.optional(),
  to: DateString.optional(),
});
export type ListOrdersQuery = z.infer<typeof ListOrdersQuery>;
