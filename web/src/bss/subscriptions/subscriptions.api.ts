import { type Money, toPage } from "../../api.ts";
import type { PendingRequest } from "../../components/CancellationRequests.tsx";
import type { BillingEffect } from "../billing/billing.api.ts";

/** The subscriptions API as the pages use it: adjust field names here only. */
export interface SubscriptionAddon {
  id: string;
  productId: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  status: string;
  addedDate: string;
  canceledDate: string | null;
  /** D16: the add-on's own sync status; Failed (with the vendor's reason) blocks changes to it until a retry succeeds. */
  syncStatus: string;
  syncError: string | null;
}

export interface PendingOperation {
  kind: string;
  requestedAt: string;
  effectiveDate: string;
  mode: string;
  channel: string;
  note: string | null;
}

export interface ScheduledChange {
  id: string;
  kind: string;
  effectiveDate: string;
  payload: Record<string, unknown>;
  channel: string;
  createdAt: string;
}

/** Issue 6: a distributor's copy of a tenant reseller's subscription (null = our own). */
export interface ManagedBy {
  tenantId: string;
  name: string;
  /** R-TEN-03's sentence, as the server words it. */
  ribbon: string;
}

export interface Subscription {
  id: string;
  name: string;
  accountId: string;
  /** In lists: the customer's name. */
  accountName?: string | null;
  resellerAccountId: string | null;
  orderId: string | null;
  productId: string;
  quantity: number;
  term: string;
  billingPlan: string;
  unitPrice: Money;
  unitCost: Money | null;
  priceListId: string | null;
  discountBasisPoints: number;
  /** R-PRC-02: "Price protected until 2028-01-01", "User-defined price …", or null. */
  priceProtection: string | null;
  priceProtectedUntil: string | null;
  /** R-PRM-01: the promotion it was ordered with (a snapshot). */
  promotion?: {
    id: string;
    name: string;
    kind: string;
    cycles: number | null;
    valueType: string;
    value: string;
    currency: string | null;
    amount: Money | null;
  } | null;
  isTrial: boolean;
  trialEndDate: string | null;
  orderDate: string;
  startDate: string;
  termStartDate: string;
  termEndDate: string;
  autoRenew: boolean;
  status: string;
  /** Issue 13 (R-TEN-02): Inactive until its start date; absent on older servers. */
  awaitingStart?: boolean;
  /** "Starts on 2026-03-10" while it waits. */
  statusReason?: string | null;
  activationDate?: string | null;
  syncStatus: string;
  syncError: string | null;
  externalId: string | null;
  adminEmail: string | null;
  channel: string;
  parentSubscriptionId: string | null;
  pendingOperation: PendingOperation | null;
  cancelEffectiveDate: string | null;
  /** Every command sends it back as If-Match; a subscription changed since answers 412 (issue 12). */
  version: number;
  addons: SubscriptionAddon[];
  managedBy: ManagedBy | null;
  /** Issue 6: who pays (a copy bills the tenant reseller); absent on older servers. */
  billToAccountId?: string | null;
  subscriptionType?: string | null;
  responsibleUserId?: string | null;
  billToContactId?: string | null;
}

export interface SubscriptionDetails extends Subscription {
  windowStartDate: string;
  windowEndDate: string;
  withinWindow: boolean;
  nextRenewalDate: string | null;
  characteristics: Record<string, unknown>;
  serviceDetails: Record<string, unknown>;
  scheduledChanges: ScheduledChange[];
  /** R-CRQ-02: pending cancellation requests (the ribbon). */
  pendingCancellationRequests?: PendingRequest[];
  /** The server's word on actions it may refuse whatever is entered (issue 13.7); absent on older servers. */
  availability?: { renewalRequest: Availability };
}

export interface Availability {
  available: boolean;
  /** The rule that stops it now (null when available). */
  reason: Violation | null;
  minQuantity: number;
  maxQuantity: number | null;
}

export interface Violation {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface CommandOutcome {
  preview: boolean;
  violations: Violation[];
  effect: "immediate" | "scheduled" | "awaiting_vendor" | "none";
  effectiveDate: string;
  rule: { code: string; message: string | null } | null;
  /** What the change does beyond the request, with the rule (issue 13); absent on older servers. */
  notes: Violation[];
  subscription: SubscriptionDetails;
  /**
   * `onVendorConfirmation`: what the vendor's confirmation of a change waiting for it writes
   * (R-CAN-05: a full cancellation's credit note, R-CAN-03); absent otherwise.
   */
  billing: BillingEffect & { onVendorConfirmation?: BillingEffect };
  newSubscription?: SubscriptionDetails | null;
}

export interface HistoryEntry {
  id: string;
  at: string;
  action: string;
  channel: string;
  actorKind: string;
  effectiveDate: string;
  summary: string;
  changes: Record<string, unknown>;
}

export interface Provisioning {
  syncStatus: string;
  syncError: string | null;
  externalId: string | null;
  lastAction: string | null;
  lastCalls: string[];
  lastSyncedAt: string | null;
  drift: "in_sync" | "drift" | null;
  driftCheckedAt: string | null;
}

export interface UpgradeOption {
  product: { id: string; sku: string; name: string; term: string; minQuantity: number };
  unitPrice: Money;
  allowed: boolean;
  violations: Violation[];
}

export const SUBSCRIPTION_STATUSES = [
  { value: "active", label: "Active" },
  { value: "inactive", label: "Inactive" },
  { value: "suspended", label: "Suspended" },
  { value: "pending_for_cancel", label: "Pending for cancel" },
  { value: "canceled", label: "Canceled" },
];

export const SYNC_STATUSES = [
  { value: "unsynchronized", label: "Unsynchronized" },
  { value: "pending", label: "Pending" },
  { value: "synchronized", label: "Synchronized" },
  { value: "failed", label: "Failed" },
];

type Raw = Record<string, unknown>;

function toManagedBy(v: unknown): ManagedBy | null {
  const m = v as Raw | null | undefined;
  if (!m || typeof m !== "object" || typeof m.name !== "string") return null;
  const ribbon =
    typeof m.ribbon === "string" && m.ribbon
      ? m.ribbon
      : `This subscription is managed by ${m.name} Tenant Reseller`;
  return { tenantId: String(m.tenantId ?? ""), name: m.name, ribbon };
}

/** Fills the fields an older server may not send (issue 6's managedBy: missing = null). */
export function toSubscription<T extends Subscription = Subscription>(raw: unknown): T {
  const r = raw as Raw;
  return {
    ...(r as unknown as T),
    unitCost: (r.unitCost as Money | undefined) ?? null,
    priceListId: (r.priceListId as string | null | undefined) ?? null,
    priceProtection: (r.priceProtection as string | null | undefined) ?? null,
    priceProtectedUntil: (r.priceProtectedUntil as string | null | undefined) ?? null,
    addons: (r.addons as SubscriptionAddon[] | undefined) ?? [],
    scheduledChanges: (r.scheduledChanges as ScheduledChange[] | undefined) ?? [],
    managedBy: toManagedBy(r.managedBy),
  };
}

export const toSubscriptionDetails = (raw: unknown) => toSubscription<SubscriptionDetails>(raw);
export const toSubscriptionPage = (raw: unknown) => toPage(raw, (s) => toSubscription(s));
export const toHistoryPage = (raw: unknown) => toPage(raw, (h) => h as HistoryEntry);

export function toOutcome(raw: unknown): CommandOutcome {
  const r = raw as Raw;
  return {
    ...(r as unknown as CommandOutcome),
    notes: (r.notes as Violation[] | undefined) ?? [],
    subscription: toSubscriptionDetails(r.subscription),
    newSubscription: r.newSubscription ? toSubscriptionDetails(r.newSubscription) : null,
  };
}

/** Lifecycle actions are the reseller's on a distributor copy (R-TEN-05). */
export const isManagedCopy = (s: Pick<Subscription, "managedBy">) => s.managedBy !== null;

export type ActionKey =
  | "quantity"
  | "cancel"
  | "suspend"
  | "resume"
  | "autoRenew"
  | "renewalRequest"
  | "revokeRenewalRequest"
  | "revokeCancellation"
  | "reactivate"
  | "upgrade"
  | "downgrade"
  | "revokeDowngrade"
  | "addAddon"
  | "cancelAddon"
  | "pricing"
  | "edit";

/**
 * Why an offered action cannot be taken now, as the server says (R-REN-02: Manage Renewal on a
 * product sold in a fixed quantity, auto-renew off…); null when it can. The menu shows it disabled.
 */
export function unavailableReason(s: SubscriptionDetails, action: ActionKey): Violation | null {
  if (action !== "renewalRequest") return null;
  const renewal = s.availability?.renewalRequest;
  return renewal && !renewal.available ? renewal.reason : null;
}

/**
 * The actions the subscription's state allows. A distributor's copy of a tenant reseller's
 * subscription offers only Edit Pricing Info (R-TEN-05); a full cancellation waiting for the
 * vendor blocks every change (R-CAN-05). The server checks the rules again on every call.
 */
export function availableActions(s: SubscriptionDetails): ActionKey[] {
  if (s.status === "canceled") return [];
  if (isManagedCopy(s)) return ["edit", "pricing"];
  if (s.pendingOperation) return [];
  const kinds = new Set(s.scheduledChanges.map((c) => c.kind));
  const out: ActionKey[] = [];
  const activeAddons = s.addons.some((a) => a.status === "active");
  out.push("edit");
  switch (s.status) {
    case "active":
      out.push("quantity", "upgrade", "downgrade", "addAddon");
      if (activeAddons) out.push("cancelAddon");
      out.push(kinds.has("renewal_request") ? "revokeRenewalRequest" : "renewalRequest");
      if (!s.isTrial) out.push("autoRenew");
      out.push("suspend", "cancel", "pricing");
      break;
    case "suspended":
      out.push("resume", "cancel", "pricing");
      break;
    case "pending_for_cancel":
      out.push("revokeCancellation", "pricing");
      break;
    case "inactive":
      // Issue 13: one that has not started yet can only be cancelled (the run starts it on the day).
      out.push(s.awaitingStart ? "cancel" : "reactivate");
      break;
  }
  if (kinds.has("downgrade")) out.push("revokeDowngrade");
  return out;
}
