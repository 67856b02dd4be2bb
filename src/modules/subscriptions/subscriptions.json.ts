import { z } from "zod";
import { toMoneyJson } from "../../shared/money.ts";
import { BillingEffectJson, effectJson } from "../billing/index.ts";
import { PendingRequestJson, pendingRequestJson, RequestedJson } from "./cancellation-requests.json.ts";
import type { SubscriptionDetails } from "./get-subscription.ts";
import type { SubscriptionListItem } from "./list-subscriptions.ts";
import type { StoredPendingOperation } from "./record-provisioning-result.ts";
import type { ManagedBy } from "./subscriptions.core.ts";
import type { CommandOutcome } from "./subscriptions.guards.ts";
import type { HistoryRow, ScheduledChangeRow } from "./subscriptions.repo.ts";
import { isAwaitingStart } from "./subscriptions.rules.ts";
import type { SubscriptionAddonRow, SubscriptionRow } from "./subscriptions.types.ts";

/**
 * API views of subscriptions (money as { currency, minor, decimal }, dates YYYY-MM-DD, instants
 * ISO). Two areas: the BSS view adds the tenant's internals (unit cost, price list, responsible
 * user); the Storefront view never shows what the tenant pays.
 */
export type Area = "bss" | "storefront";

export const MoneyJson = z.object({ currency: z.string(), minor: z.string(), decimal: z.string() });
const Json = z.record(z.string(), z.unknown());
const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const pageJson = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), limit: z.number(), offset: z.number() });

export const AddonJson = z.object({
  id: z.string(),
  productId: z.string(),
  name: z.string(),
  quantity: z.number(),
  unitPrice: MoneyJson,
  unitCost: MoneyJson.optional(),
  /** R-PRC-01: the price was set by hand and is never repriced at renewal. */
  priceUserDefined: z.boolean(),
  /** R-PRC-02: the price and cost are locked for renewals and quantity changes before this day. */
  priceProtectedUntil: z.string().nullable(),
  status: z.string(),
  addedDate: z.string(),
  windowStartDate: z.string(),
  canceledDate: z.string().nullable(),
  /** R-PRV-01 / D16: the add-on's own provisioning status (Failed blocks changes to it until a retry succeeds). */
  syncStatus: z.string(),
  /** The vendor's reason when it refused the add-on. */
  syncError: z.string().nullable(),
});

const PendingOperationJson = z.object({
  kind: z.literal("cancel"),
  requestedAt: z.string(),
  effectiveDate: z.string(),
  mode: z.string(),
  channel: z.string(),
  requestedBy: z.string().nullable(),
  note: z.string().nullable(),
});

export const SubscriptionJson = z.object({
  id: z.string(),
  name: z.string(),
  accountId: z.string(),
  resellerAccountId: z.string().nullable(),
  orderId: z.string().nullable(),
  productId: z.string(),
  productTypeId: z.string(),
  quantity: z.number(),
  term: z.string(),
  billingPlan: z.string(),
  unitPrice: MoneyJson,
  unitCost: MoneyJson.optional(),
  priceListId: z.string().nullable().optional(),
  responsibleUserId: z.string().nullable().optional(),
  discountBasisPoints: z.number(),
  /** R-PRC-01: the unit price was set by hand (Edit Pricing Info) and is never repriced at renewal. */
  priceUserDefined: z.boolean(),
  /** R-PRC-02: the price and cost are locked for renewals and quantity changes before this day (the anniversary). */
  priceProtectedUntil: z.string().nullable(),
  /** The same in words: "Price protected until 2028-01-01", "User-defined price", or null. */
  priceProtection: z.string().nullable(),
  /** R-PRM-01: the promotion snapshotted when the subscription was ordered (null: none). */
  promotion: z
    .object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      cycles: z.number().nullable(),
      valueType: z.string(),
      value: z.string(),
      currency: z.string().nullable(),
      /** A monetary value as money (null for a percentage). */
      amount: MoneyJson.nullable(),
      orderDate: z.string(),
    })
    .nullable()
    .optional(),
  isTrial: z.boolean(),
  trialEndDate: z.string().nullable(),
  orderDate: z.string(),
  startDate: z.string(),
  activationDate: z.string().nullable(),
  termStartDate: z.string(),
  termEndDate: z.string(),
  autoRenew: z.boolean(),
  status: z.string(),
  /** R-TEN-02 / issue 13: Inactive until its start date (not provisioned, not billed before it). */
  awaitingStart: z.boolean(),
  /** Why the status is what it is, when that is not obvious: "Starts on 2026-03-10". */
  statusReason: z.string().nullable(),
  syncStatus: z.string(),
  /** The vendor's reason when it failed or refused (R-EXT-03, R-CAN-05). */
  syncError: z.string().nullable(),
  externalId: z.string().nullable(),
  adminEmail: z.string().nullable(),
  channel: z.string(),
  parentSubscriptionId: z.string().nullable(),
  /** A full cancellation waiting for the vendor (R-CAN-05). */
  pendingOperation: PendingOperationJson.nullable(),
  cancelEffectiveDate: z.string().nullable(),
  canceledAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  addons: z.array(AddonJson),
  /** R-TEN-03: a distributor copy of a tenant reseller's subscription shows who manages it. */
  managedBy: z.object({ tenantId: z.string(), name: z.string(), ribbon: z.string() }).nullable(),
  /** In lists: the customer's name (the account the subscription is for). */
  accountName: z.string().nullable().optional(),
  sourceSubscriptionId: z.string().nullable().optional(),
  billToAccountId: z.string().nullable().optional(),
  subscriptionType: z.string().nullable().optional(),
  billToContactId: z.string().nullable().optional(),
  customFields: Json.optional(),
});

export const ViolationJson = z.object({ code: z.string(), message: z.string(), details: Json.optional() });

/** Whether an action is available now and, if not, the rule that stops it (issue 13.7). */
const AvailabilityJson = z.object({
  available: z.boolean(),
  reason: ViolationJson.nullable(),
  minQuantity: z.number(),
  maxQuantity: z.number().nullable(),
});

export const ScheduledChangeJson = z.object({
  id: z.string(),
  kind: z.string(),
  effectiveDate: z.string(),
  payload: Json,
  channel: z.string(),
  requestedBy: z.string().nullable(),
  createdAt: z.string(),
});

export const SubscriptionDetailsJson = SubscriptionJson.extend({
  windowStartDate: z.string(),
  windowEndDate: z.string(),
  withinWindow: z.boolean(),
  nextRenewalDate: z.string().nullable(),
  characteristics: Json,
  serviceDetails: Json,
  scheduledChanges: z.array(ScheduledChangeJson),
  /**
   * BSS `GET …/subscriptions/:id` only: actions the menu shows with their reason when unavailable —
   * Manage Renewal (R-REN-02: the product's quantity limits, auto-renew, one request at a time).
   */
  availability: z.object({ renewalRequest: AvailabilityJson }).optional(),
  /** R-CRQ-02: pending cancellation requests (the ribbon "Cancellation requested on …"). */
  pendingCancellationRequests: z.array(PendingRequestJson),
});

export const CommandOutcomeJson = z.object({
  preview: z.boolean(),
  violations: z.array(ViolationJson),
  effect: z.enum(["immediate", "scheduled", "awaiting_vendor", "none"]),
  effectiveDate: z.string(),
  rule: z.object({ code: z.string(), message: z.string().nullable() }).nullable(),
  /**
   * What the change does beyond the request, each with its rule ID (issue 13: nothing silent) —
   * e.g. a reduction moved to the renewal (R-QTY-02) or a quantity raised (R-SGN-04, R-SGN-06).
   */
  notes: z.array(ViolationJson),
  subscription: SubscriptionDetailsJson,
  /**
   * R-CRQ-02 (Storefront): the cancellation became a request waiting for approval (id null in a
   * preview); the subscription is unchanged and `billing` shows what the approval would write.
   */
  cancellationRequest: RequestedJson.optional(),
  /** The invoice and credit lines of the change, with their arithmetic (a preview: what the commit writes). */
  billing: BillingEffectJson.extend({
    /**
     * A change that waits for the vendor (R-CAN-05): the lines and documents the vendor's
     * confirmation will write (R-CAN-03's credit note), computed by the confirmation's own code.
     */
    onVendorConfirmation: BillingEffectJson.optional(),
  }),
});

export const HistoryJson = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  channel: z.string(),
  actorKind: z.string(),
  actorUserId: z.string().nullable(),
  effectiveDate: z.string(),
  summary: z.string(),
  changes: Json,
});

function addonJson(a: SubscriptionAddonRow, currency: string, area: Area): z.infer<typeof AddonJson> {
  return {
    id: a.id,
    productId: a.productId,
    name: a.name,
    quantity: a.quantity,
    unitPrice: toMoneyJson(a.unitPrice, currency),
    ...(area === "bss" ? { unitCost: toMoneyJson(a.unitCost, currency) } : {}),
    priceUserDefined: a.priceUserDefined,
    priceProtectedUntil: a.priceProtectedUntil,
    status: a.status,
    addedDate: a.addedDate,
    windowStartDate: a.windowStartDate,
    canceledDate: a.canceledDate,
    syncStatus: a.syncStatus,
    syncError: a.syncError,
  };
}

function pendingOperationJson(op: unknown): z.infer<typeof PendingOperationJson> | null {
  if (!op) return null;
  const p = op as StoredPendingOperation;
  return {
    kind: p.kind,
    requestedAt: p.requestedAt,
    effectiveDate: p.effectiveDate,
    mode: p.mode,
    channel: p.channel,
    requestedBy: p.requestedBy,
    note: p.note ?? null,
  };
}

export function subscriptionJson(
  s: SubscriptionRow,
  addons: SubscriptionAddonRow[],
  area: Area,
  managedBy: ManagedBy | null = null,
): z.infer<typeof SubscriptionJson> {
  return {
    id: s.id,
    name: s.name,
    accountId: s.accountId,
    resellerAccountId: s.resellerAccountId,
    orderId: s.orderId,
    productId: s.productId,
    productTypeId: s.productTypeId,
    quantity: s.quantity,
    term: s.term,
    billingPlan: s.billingPlan,
    unitPrice: toMoneyJson(s.unitPrice, s.currency),
    ...(area === "bss"
      ? {
          unitCost: toMoneyJson(s.unitCost, s.currency),
          priceListId: s.priceListId,
          responsibleUserId: s.responsibleUserId,
          sourceSubscriptionId: s.sourceSubscriptionId,
          billToAccountId: s.billToAccountId,
          subscriptionType: s.subscriptionType,
          billToContactId: s.billToContactId,
          customFields: (s.customFields ?? {}) as Record<string, unknown>,
        }
      : {}),
    discountBasisPoints: s.discountBasisPoints,
    priceUserDefined: s.priceUserDefined,
    priceProtectedUntil: s.priceProtectedUntil,
    priceProtection: s.priceUserDefined
      ? "User-defined price (not repriced at renewal)"
      : s.priceProtectedUntil
        ? `Price protected until ${s.priceProtectedUntil}`
        : null,
    promotion: promotionView(s.promotion),
    isTrial: s.isTrial,
    trialEndDate: s.trialEndDate,
    orderDate: s.orderDate,
    startDate: s.startDate,
    activationDate: s.activationDate,
    termStartDate: s.termStartDate,
    termEndDate: s.termEndDate,
    autoRenew: s.autoRenew,
    status: s.status,
    awaitingStart: isAwaitingStart(s),
    statusReason: isAwaitingStart(s) ? `Starts on ${s.startDate}` : null,
    syncStatus: s.syncStatus,
    syncError: s.syncError,
    externalId: s.externalId,
    adminEmail: s.adminEmail,
    channel: s.channel,
    parentSubscriptionId: s.parentSubscriptionId,
    pendingOperation: pendingOperationJson(s.pendingOperation),
    cancelEffectiveDate: s.cancelEffectiveDate,
    canceledAt: iso(s.canceledAt),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    version: s.version,
    addons: addons.map((a) => addonJson(a, s.currency, area)),
    managedBy: managedBy
      ? { ...managedBy, ribbon: `This subscription is managed by ${managedBy.name} Tenant Reseller` }
      : null,
  };
}

export function listItemJson(item: SubscriptionListItem, area: Area): z.infer<typeof SubscriptionJson> {
  return {
    ...subscriptionJson(item.subscription, item.addons, area, item.managedBy),
    accountName: item.accountName,
  };
}

function scheduledChangeJson(c: ScheduledChangeRow): z.infer<typeof ScheduledChangeJson> {
  return {
    id: c.id,
    kind: c.kind,
    effectiveDate: c.effectiveDate,
    payload: (c.payload ?? {}) as Record<string, unknown>,
    channel: c.channel,
    requestedBy: c.requestedBy,
    createdAt: c.createdAt.toISOString(),
  };
}

export function detailsJson(d: SubscriptionDetails, area: Area): z.infer<typeof SubscriptionDetailsJson> {
  const s = d.subscription;
  return {
    ...subscriptionJson(s, d.addons, area, d.managedBy),
    windowStartDate: s.windowStartDate,
    windowEndDate: d.windowEndDate,
    withinWindow: d.withinWindow,
    nextRenewalDate: d.nextRenewalDate,
    characteristics: (s.characteristics ?? {}) as Record<string, unknown>,
    serviceDetails: (s.serviceDetails ?? {}) as Record<string, unknown>,
    scheduledChanges: d.scheduledChanges.map(scheduledChangeJson),
    pendingCancellationRequests: d.cancellationRequests.map(pendingRequestJson),
  };
}

export function outcomeJson(
  o: CommandOutcome & { cancellationRequest?: { id: string | null; reason: string } | undefined },
  area: Area,
): z.infer<typeof CommandOutcomeJson> {
  return {
    preview: o.preview,
    ...(o.cancellationRequest
      ? {
          cancellationRequest: {
            id: o.cancellationRequest.id,
            reason: o.cancellationRequest.reason,
            status: "pending" as const,
          },
        }
      : {}),
    violations: o.violations.map((v) => ({
      code: v.code,
      message: v.message,
      ...(v.details ? { details: v.details } : {}),
    })),
    effect: o.effect,
    effectiveDate: o.effectiveDate,
    rule: o.rule,
    notes: o.notes.map((n) => ({
      code: n.code,
      message: n.message,
      ...(n.details ? { details: n.details } : {}),
    })),
    subscription: detailsJson(o.subscription, area),
    billing: {
      ...effectJson(o.billing),
      ...(o.billing.onVendorConfirmation
        ? { onVendorConfirmation: effectJson(o.billing.onVendorConfirmation) }
        : {}),
    },
  };
}

export function historyJson(h: HistoryRow): z.infer<typeof HistoryJson> {
  return {
    id: h.id,
    at: h.at.toISOString(),
    action: h.action,
    channel: h.channel,
    actorKind: h.actorKind,
    actorUserId: h.actorUserId,
    effectiveDate: h.effectiveDate,
    summary: h.summary,
    changes: (h.changes ?? {}) as Record<string, unknown>,
  };
}

function promotionView(p: Record<string, unknown> | null | undefined) {
  if (!p || typeof p.id !== "string") return null;
  return {
    id: p.id,
    name: String(p.name ?? ""),
    kind: String(p.kind ?? ""),
    cycles: typeof p.cycles === "number" ? p.cycles : null,
    valueType: String(p.valueType ?? ""),
    value: String(p.value ?? ""),
    currency: typeof p.currency === "string" ? p.currency : null,
    amount:
      p.valueType === "monetary" && typeof p.currency === "string"
        ? toMoneyJson(BigInt(String(p.value)), p.currency)
        : null,
    orderDate: String(p.orderDate ?? ""),
  };
}
