import { and, eq, inArray } from "drizzle-orm";
import type { Deps } from "../../deps.ts";
import { divRound, installments, toMoneyJson } from "../../shared/money.ts";
import { listSubscriptionCharges } from "../billing/index.ts";
import { getStorefrontCatalog, loadProductDetails } from "../catalog/index.ts";
import {
  getStorefrontActions,
  getSubscription,
  isAwaitingStart,
  LIVE_STATUSES,
  type ListSubscriptionsQuery,
  listSubscriptions,
  type SubscriptionAddonRow,
  type SubscriptionRow,
} from "../subscriptions/index.ts";
import type { StorefrontActor } from "../tenancy/index.ts";
import { getBasket } from "./get-basket.ts";
import { listOrders } from "./list-orders.ts";
import { orders } from "./orders.schema.ts";

/**
 * The end customer's billing dashboard (seed 004, R-DSH-01..06) as the Storefront shows it.
 * It lives in `orders` because R-DSH-04 depends on who placed the order (a reseller's order on the
 * customer's behalf shows no price), and `orders` may read subscriptions through their index
 * while the reverse would be an import cycle.
 */

type MoneyJson = ReturnType<typeof toMoneyJson>;
const LIVE = new Set<string>(LIVE_STATUSES);

/** Unit × quantity × (1 − discount), rounded half-up once (the list's and the file's Total). */
export function lineAmount(unit: bigint, quantity: number, discountBasisPoints: number): bigint {
  return divRound(unit * BigInt(quantity) * BigInt(10_000 - discountBasisPoints), 10_000n, "half-up");
}

function finalUnit(unit: bigint, discountBasisPoints: number): bigint {
  return divRound(unit * BigInt(10_000 - discountBasisPoints), 10_000n, "half-up");
}

export interface DashboardAddon {
  id: string;
  productId: string;
  name: string;
  quantity: number;
  status: string;
  published: boolean;
  priceVisible: boolean;
  unitPrice: MoneyJson | null;
  total: MoneyJson | null;
}

export interface DashboardSubscription {
  id: string;
  name: string;
  productId: string;
  accountId: string;
  /** The customer's name (a reseller lists its customers' subscriptions too); null in details. */
  accountName: string | null;
  quantity: number;
  status: string;
  statusReason: string | null;
  syncStatus: string;
  term: string;
  billingPlan: string;
  isTrial: boolean;
  startDate: string;
  termEndDate: string;
  /** R-DSH-04: false → the Storefront shows "-" for the prices. */
  priceVisible: boolean;
  /** R-DSH-06: Buy Licenses needs the product published in the reseller's Storefront. */
  published: boolean;
  unitPrice: MoneyJson | null;
  discountBasisPoints: number;
  finalUnitPrice: MoneyJson | null;
  total: MoneyJson | null;
  addons: DashboardAddon[];
  /** What a command sends back as If-Match (issue 12: no lost updates). */
  version: number;
}

interface Visibility {
  published: Set<string>;
  onBehalf: Map<string, boolean>;
  /** A reseller sees the price of what it bought on its customer's behalf: it bought it. */
  viewerIsReseller: boolean;
}

/** The products published in the actor's reseller's Storefront (R-DSH-04, R-DSH-06). */
async function publishedProductIds(deps: Deps, actor: StorefrontActor): Promise<Set<string>> {
  const { store } = await getStorefrontCatalog(deps, actor);
  return new Set(store?.products.map((p) => p.id) ?? []);
}

/** Who placed each order: the reseller on the customer's behalf (R-DSH-02/04) or not. */
async function onBehalfFlags(deps: Deps, tenantId: string, subs: SubscriptionRow[]) {
  const orderIds = [...new Set(subs.flatMap((s) => (s.orderId ? [s.orderId] : [])))];
  const onBehalf = new Map<string, boolean>();
  if (orderIds.length === 0) return onBehalf;
  const rows = await deps.db
    .select({ id: orders.id, onBehalf: orders.onBehalf })
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), inArray(orders.id, orderIds)));
  for (const r of rows) onBehalf.set(r.id, r.onBehalf);
  return onBehalf;
}

async function visibilityOf(
  deps: Deps,
  actor: StorefrontActor,
  subs: SubscriptionRow[],
  published?: Set<string>,
): Promise<Visibility> {
  return {
    published: published ?? (await publishedProductIds(deps, actor)),
    onBehalf: await onBehalfFlags(deps, actor.tenantId, subs),
    viewerIsReseller: actor.accountKind === "reseller",
  };
}

/**
 * R-DSH-04: a price is shown only for a product listed and published in the reseller's
 * Storefront, and then it is the subscription's own unit price — the number its invoices print and
 * every action's preview charges (Buy Licenses: R-DSH-06, R-PRC-01), so the list, the detail and
 * the previews agree (issue 16). "-" otherwise, and for the end customer also on what the reseller
 * bought directly on its behalf (the reseller's Storefront order; R-DSH-02 hides that order's total
 * too). A back-office order for the customer of a Standard Edition reseller shows its price: there
 * is no edition history to tell "bought before the reseller became Standard Edition" apart.
 */
function isPriceVisible(v: Visibility, s: SubscriptionRow, productId: string): boolean {
  if (!v.published.has(productId)) return false;
  const onBehalf = s.channel === "storefront" && s.orderId !== null && v.onBehalf.get(s.orderId) === true;
  return !onBehalf || v.viewerIsReseller;
}

function view(
  v: Visibility,
  s: SubscriptionRow,
  addons: SubscriptionAddonRow[],
  accountName: string | null = null,
): DashboardSubscription {
  const visible = isPriceVisible(v, s, s.productId);
  const m = (amount: bigint, show: boolean) => (show ? toMoneyJson(amount, s.currency) : null);
  return {
    id: s.id,
    name: s.name,
    productId: s.productId,
    accountId: s.accountId,
    accountName,
    quantity: s.quantity,
    status: s.status,
    statusReason: isAwaitingStart(s) ? `Starts on ${s.startDate}` : null,
    syncStatus: s.syncStatus,
    term: s.term,
    billingPlan: s.billingPlan,
    isTrial: s.isTrial,
    startDate: s.startDate,
    termEndDate: s.termEndDate,
    priceVisible: visible,
    published: v.published.has(s.productId),
    unitPrice: m(s.unitPrice, visible),
    discountBasisPoints: s.discountBasisPoints,
    finalUnitPrice: m(finalUnit(s.unitPrice, s.discountBasisPoints), visible),
    total: m(lineAmount(s.unitPrice, s.quantity, s.discountBasisPoints), visible),
    addons: addons.map((a) => {
      const shown = isPriceVisible(v, s, a.productId);
      return {
        id: a.id,
        productId: a.productId,
        name: a.name,
        quantity: a.quantity,
        status: a.status,
        published: v.published.has(a.productId),
        priceVisible: shown,
        unitPrice: m(a.unitPrice, shown),
        total: m(lineAmount(a.unitPrice, a.quantity, 0), shown),
      };
    }),
    version: s.version,
  };
}

/** The subscriptions list (R-DSH-03): the Storefront list's filters, each row with R-DSH-04 applied. */
export async function listDashboardSubscriptions(
  deps: Deps,
  actor: StorefrontActor,
  query: ListSubscriptionsQuery,
  published?: Set<string>,
) {
  const page = await listSubscriptions(deps, actor, query);
  const subs = page.items.map((i) => i.subscription);
  const v = await visibilityOf(deps, actor, subs, published);
  return { ...page, items: page.items.map((i) => view(v, i.subscription, i.addons, i.accountName)) };
}

/** Every row the list shows for these filters and sort, page after page (the Excel export). */
export async function* allDashboardSubscriptions(
  deps: Deps,
  actor: StorefrontActor,
  query: Omit<ListSubscriptionsQuery, "limit" | "offset">,
  max = 10_000,
): AsyncGenerator<DashboardSubscription> {
  const limit = 500;
  const published = await publishedProductIds(deps, actor);
  for (let offset = 0; offset < max; offset += limit) {
    const page = await listDashboardSubscriptions(deps, actor, { ...query, limit, offset }, published);
    yield* page.items;
    if (offset + limit >= page.total) return;
  }
}

/** One subscription as the dashboard shows it, with the summary of its charges (R-DSH-05). */
export async function getDashboardSubscription(deps: Deps, actor: StorefrontActor, id: string) {
  const details = await getSubscription(deps, actor, { subscriptionId: id }); // 404 outside the scope
  const s = details.subscription;
  const v = await visibilityOf(deps, actor, [s]);
  const charges = await listSubscriptionCharges(deps.db, actor.tenantId, s.id);
  let invoiced = 0n;
  let credited = 0n;
  let upcoming = 0n;
  for (const c of charges) {
    if (c.amount < 0n) credited += -c.amount;
    else if (c.documentId) invoiced += c.amount;
    else upcoming += c.amount;
  }
  const product = await loadProductDetails(deps.db, { tenantId: actor.tenantId }, s.productId);
  const publishedAddons = product.addons.filter((a) => v.published.has(a.id));
  const actions = await getStorefrontActions(deps, actor, s.id);
  return {
    ...view(v, s, details.addons),
    chargesSummary: {
      count: charges.length,
      invoiced: toMoneyJson(invoiced, s.currency),
      credited: toMoneyJson(credited, s.currency),
      notYetInvoiced: toMoneyJson(upcoming, s.currency),
      net: toMoneyJson(invoiced + upcoming - credited, s.currency),
    },
    /** Add-ons the customer could add (published); Dropbox's are fixed once ordered (R-ORD-04). */
    availableAddons: publishedAddons.map((a) => ({ id: a.id, name: a.name })),
    /** R-DSH-06 (issue 16): which *I want to…* actions can succeed today, and why not. */
    actions,
  };
}

/** The overview (R-DSH-01): recent orders, the number of subscriptions and of assets. */
export async function getDashboardSummary(deps: Deps, actor: StorefrontActor) {
  const recent = await listOrders(deps, actor, { limit: 5, offset: 0, sort: "-createdAt" });
  let subscriptions = 0;
  let live = 0;
  let licences = 0;
  // Counting needs no prices: page through the plain list.
  for (let offset = 0; ; offset += 500) {
    const page = await listSubscriptions(deps, actor, { limit: 500, offset });
    subscriptions = page.total;
    for (const { subscription: s } of page.items) {
      if (!LIVE.has(s.status)) continue;
      live++;
      licences += s.quantity;
    }
    if (offset + 500 >= page.total) break;
  }
  return {
    recentOrders: recent.items,
    ordersTotal: recent.total,
    subscriptions,
    liveSubscriptions: live,
    /** Assets: the licences the account holds on its live subscriptions. */
    assets: licences,
  };
}

/** The installments of the basket's AC1M lines billed monthly (what checkout shows, R-ORD-05). */
export async function basketInstallments(deps: Deps, actor: StorefrontActor) {
  const basket = await getBasket(deps, actor);
  return {
    lines: basket.lines.flatMap((l) => {
      if (l.term !== "AC1M" || l.billingPlan !== "monthly" || !l.total) return [];
      const parts = installments(BigInt(l.total.minor), 12);
      const currency = l.total.currency;
      return [
        {
          lineId: l.id,
          count: parts.length,
          amount: toMoneyJson(parts[0]!, currency),
          last: toMoneyJson(parts.at(-1)!, currency),
          total: l.total,
        },
      ];
    }),
  };
}
