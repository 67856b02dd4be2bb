import { type Money, toPage } from "../api.ts";

/** The Storefront API as the pages use it: adjust field names here only. */
export interface StoreProduct {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  /** What the product offers, one line each (issue 16: cards and plan comparison). */
  features: string[];
  term: string | null;
  isTrial: boolean;
  trialDays: number | null;
  /** "base" plans are offered as cards; "addon"s are chosen inside a plan's order form. */
  kind: string;
  minQuantity: number;
  price: Money | null;
}

export interface StoreGroup {
  id: string;
  name: string;
  description: string | null;
  products: StoreProduct[];
}

export interface Store {
  reseller: { name: string; alias: string };
  products: StoreProduct[];
  groups: StoreGroup[];
}

export interface StoreAccount {
  id: string;
  name: string;
  kind: string;
  email: string | null;
  status: string;
  parentAccountId: string | null;
  /** R-ORD-09: the customer's Storefront orders wait for the reseller's approval. */
  orderApproval: boolean;
  /** R-PAY-02: locked on by the reseller's Standard Edition + Credit Card. */
  orderApprovalLocked: boolean;
}

type Raw = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
const list = (v: unknown) => (Array.isArray(v) ? v : ((v as { items?: unknown[] } | null)?.items ?? []));

function toStoreProduct(raw: unknown): StoreProduct {
  const r = ((raw as Raw).product ?? raw) as Raw;
  const price = r.price ?? r.unitPrice ?? r.listPrice;
  return {
    id: String(r.id),
    sku: String(r.sku ?? ""),
    name: String(r.name ?? ""),
    description: str(r.description),
    features: Array.isArray(r.features) ? r.features.filter((f): f is string => typeof f === "string") : [],
    term: str(r.term),
    isTrial: Boolean(r.isTrial),
    trialDays: typeof r.trialDays === "number" ? r.trialDays : null,
    kind: String(r.kind ?? "base"),
    minQuantity: typeof r.minQuantity === "number" ? r.minQuantity : 1,
    price: price && typeof price === "object" ? (price as Money) : null,
  };
}

/**
 * The API answers `{ resellerAccountId, alias, name, products, groups: [{ ..., productIds }] }`:
 * group members are ids into `products`. Here they become nested products, and `products` keeps
 * only those outside every group.
 */
export function toStore(raw: unknown): Store {
  const r = raw as Raw;
  const reseller = (r.reseller ?? r) as Raw;
  const products = list(r.products).map(toStoreProduct);
  const byId = new Map(products.map((p) => [p.id, p]));
  const grouped = new Set<string>();
  const groups = list(r.groups).map((g) => {
    const gr = g as Raw;
    const members = Array.isArray(gr.productIds)
      ? (gr.productIds as string[]).flatMap((id) => byId.get(id) ?? [])
      : list(gr.products).map(toStoreProduct);
    for (const m of members) grouped.add(m.id);
    return {
      id: String(gr.id),
      name: String(gr.name ?? ""),
      description: str(gr.description),
      products: members,
    };
  });
  return {
    reseller: { name: String(reseller.name ?? ""), alias: String(reseller.alias ?? "") },
    products: products.filter((p) => !grouped.has(p.id)),
    groups: groups.filter((g) => g.products.length > 0),
  };
}

export const toStoreAccounts = (raw: unknown) => toPage(raw, toStoreAccount);

function toStoreAccount(a: unknown): StoreAccount {
  const r = a as Raw;
  return {
    id: String(r.id),
    name: String(r.name ?? ""),
    kind: String(r.kind ?? ""),
    email: str(r.email),
    status: String(r.status ?? "active"),
    parentAccountId: str(r.parentAccountId),
    orderApproval: Boolean(r.orderApproval),
    orderApprovalLocked: Boolean(r.orderApprovalLocked),
  };
}

// The labels of the API's enums: one map for the whole app and the server (src/shared/labels.ts).
export {
  BILLING_PLAN_LABELS,
  ORDER_STATUS_LABELS,
  SUBSCRIPTION_STATUS_LABELS,
  SYNC_STATUS_LABELS,
} from "../../../src/shared/labels.ts";

export const TERM_SHORT: Record<string, string> = {
  MCMB: "per licence per month",
  AC1M: "per licence per year, billed monthly",
  AC1Y: "per licence per year",
};

// ---- ordering (basket, pre-check, checkout) ----

/** A pre-check violation: the rule ID, its message and the line + field it is about. */
export interface LineViolation {
  code: string;
  message: string;
  lineId: string | null;
  line: number | null;
  field: string;
  details?: Record<string, unknown>;
}

export interface BasketAddon {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money | null;
  total: Money | null;
}

export interface BasketLine {
  id: string;
  position: number;
  productId: string;
  sku: string;
  productName: string;
  term: string;
  isTrial: boolean;
  quantity: number;
  billingPlan: string;
  unitPrice: Money | null;
  total: Money | null;
  addons: BasketAddon[];
  serviceDetails: Record<string, string>;
  subscriptionId: string | null;
  /** R-PRM-01: the promotion the line's subscription gets, with the promoted unit price. */
  promotion?: LinePromotion | null;
}

export interface LinePromotion {
  id: string;
  name: string;
  kind: string;
  cycles: number | null;
  valueType: string;
  basisPoints: number | null;
  amount: Money | null;
  promotedUnitPrice: Money | null;
}

/** "first 2 cycles", "first cycle", "every cycle". */
export function promotionCycles(p: Pick<LinePromotion, "kind" | "cycles">): string {
  if (p.cycles === null) return "every cycle";
  return p.cycles === 1 ? "first cycle" : `first ${p.cycles} cycles`;
}

export interface Basket {
  id: string | null;
  currency: string;
  lines: BasketLine[];
  total: Money | null;
  violations: LineViolation[];
}

export interface OrderableProduct {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  features?: string[];
  term: string;
  isTrial: boolean;
  minQuantity: number;
  maxQuantity: number | null;
  unitPrice: Money;
  billingPlans: string[];
  addons: { id: string; sku: string; name: string; unitPrice: Money }[];
  serviceDetails: { key: string; label: string; kind: string; required: boolean; firstOrderOnly: boolean }[];
}

export interface Installments {
  lines: { lineId: string; count: number; amount: Money; last: Money; total: Money }[];
}

export type CustomerChoice =
  | { kind: "self" }
  | { kind: "existing"; accountId: string }
  | { kind: "new"; customer: { name: string; email?: string } };

export interface OrderSummary {
  id: string;
  number: number | null;
  status: string;
  channel: string;
  accountId: string | null;
  onBehalf: boolean;
  orderDate: string | null;
  createdAt: string;
  total: Money | null;
  lineCount: number;
  /** The customer's name (whom the order is for). */
  accountName: string | null;
}

export interface Order extends Omit<OrderSummary, "lineCount"> {
  note: string | null;
  rejectionReason: string | null;
  lines: BasketLine[];
  events: { id: string; at: string; fromStatus: string | null; toStatus: string; note: string | null }[];
}

// ---- billing dashboard ----

export interface DashboardAddon {
  id: string;
  productId: string;
  name: string;
  quantity: number;
  status: string;
  published: boolean;
  priceVisible: boolean;
  unitPrice: Money | null;
  total: Money | null;
}

export interface DashboardSubscription {
  id: string;
  name: string;
  productId: string;
  accountId: string;
  /** The customer's name (lists only). */
  accountName?: string | null;
  quantity: number;
  status: string;
  /** Issue 13: "Starts on 2026-03-10" while it waits for its start date (absent on older servers). */
  statusReason?: string | null;
  syncStatus: string;
  term: string;
  billingPlan: string;
  isTrial: boolean;
  startDate: string;
  termEndDate: string;
  priceVisible: boolean;
  published: boolean;
  unitPrice: Money | null;
  discountBasisPoints: number;
  finalUnitPrice: Money | null;
  total: Money | null;
  addons: DashboardAddon[];
  /** Sent back as If-Match with every action; a subscription changed since answers 412 (issue 12). */
  version: number;
}

/**
 * One *I want to…* action (R-DSH-06, issue 16): offered false → not in the menu at all;
 * available false → shown disabled with the reason the command would answer (its rule and message).
 */
export interface SubscriptionAction {
  offered: boolean;
  available: boolean;
  reason: { code: string; message: string } | null;
}

export interface SubscriptionActionsInfo {
  buyLicences: SubscriptionAction;
  upgrade: SubscriptionAction & { targets: number };
  cancelAddon: SubscriptionAction;
  cancel: SubscriptionAction;
}

export interface DashboardSubscriptionDetails extends DashboardSubscription {
  chargesSummary: { count: number; invoiced: Money; credited: Money; notYetInvoiced: Money; net: Money };
  availableAddons: { id: string; name: string }[];
  /** Absent on servers before issue 16: the menu then offers what it did before. */
  actions?: SubscriptionActionsInfo;
}

export interface DashboardSummary {
  recentOrders: OrderSummary[];
  ordersTotal: number;
  subscriptions: number;
  liveSubscriptions: number;
  assets: number;
}

/** A subscription command's answer (quantity, cancel, upgrade, add-on cancel), preview or commit. */
export interface CommandOutcome {
  preview: boolean;
  violations: { code: string; message: string }[];
  effect: "immediate" | "scheduled" | "awaiting_vendor" | "none";
  effectiveDate: string;
  /** What the change does beyond the request, with the rule (issue 13); absent on older servers. */
  notes?: { code: string; message: string }[];
  subscription: { id: string; quantity: number; status: string; syncStatus: string };
  billing: OutcomeBillingEffect & {
    /** R-CAN-05: what the vendor's confirmation writes (a full cancellation's credit note, R-CAN-03). */
    onVendorConfirmation?: OutcomeBillingEffect;
  };
  newSubscription?: { id: string; name: string; quantity: number } | null;
  /** R-CRQ-02: the cancellation became a request waiting for approval (id null in a preview). */
  cancellationRequest?: { id: string | null; reason: string; status: "pending" };
}

export interface OutcomeBillingEffect {
  lines: { id: string; kind: string; description: string; explanation: string; amount: Money }[];
  documents: { id: string; kind: string; number: string; gross: Money }[];
  total: Money | null;
}

/** Discount in basis points as a percentage label ("12.5 %"), exact (no float arithmetic on money). */
export function discountLabel(bp: number): string {
  if (!bp) return "0 %";
  const whole = Math.trunc(bp / 100);
  const frac = String(bp % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return `${whole}${frac ? `.${frac}` : ""} %`;
}
