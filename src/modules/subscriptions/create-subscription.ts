import type { Deps } from "../../deps.ts";
import { addDays, addMonths, compareDates, type PlainDate } from "../../shared/dates.ts";
import { isUniqueViolation, type Tx } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import {
  findProtectionMonths,
  type Product,
  type ProductDetails,
  protectedUntil,
  protectionKey,
} from "../catalog/index.ts";
import { promotionFor, promotionSnapshot } from "./promotion-for.ts";
import { noteSubscriptionChange } from "./subscription-events.ts";
import { billNewSubscription } from "./subscriptions.billing.ts";
import { historyNote, historyRow } from "./subscriptions.core.ts";
import { insertNewSubscription } from "./subscriptions.repo.ts";
import { exclusiveKey } from "./subscriptions.rules.ts";
import type { CommandContext, SubscriptionAddonRow, SubscriptionRow } from "./subscriptions.types.ts";

export interface NewSubscriptionInput {
  accountId: string;
  resellerAccountId: string | null;
  orderId: string | null;
  orderLineId: string | null;
  product: NewSubscriptionProduct;
  quantity: number;
  billingPlan: "monthly" | "one_off";
  unitPrice: bigint;
  unitCost: bigint;
  currency: string;
  priceListId: string | null;
  adminEmail?: string | undefined;
  serviceDetails: Record<string, unknown>;
  startDate: PlainDate;
  responsibleUserId?: string | null;
  parentSubscriptionId?: string | null;
  /** Billing bills what is due up to this day (default: the start date). */
  today?: PlainDate;
  /** Billing starts here instead of the start date (a tenant copy made later than its start). */
  billFrom?: PlainDate;
  /** A partial upgrade's new subscription runs on its origin's term (R-UPG-04/05). */
  term?: { start: PlainDate; end: PlainDate; anchor: string; index: number };
  addons: Array<{ product: Product; quantity: number; unitPrice: bigint; unitCost: bigint }>;
  /** A distributor copy of a tenant reseller's subscription (R-TEN-02): what is copied, not derived. */
  copy?: CopyOrigin;
  /**
   * Issue 17 (an executed order, not a preview): the first invoice is written and numbered as the
   * transaction's last statements (billing's writeOpening `atCommit`), so the tenant's invoice
   * counter is not held for the rest of the order.
   */
  numberAtCommit?: boolean;
}

export interface CopyOrigin {
  managedByTenantId: string;
  sourceSubscriptionId: string;
  /** The tenant reseller's account in the distributor's BSS: it pays (R-TEN-02 "billing to"). */
  billToAccountId: string;
  name: string;
  status: string;
  orderDate: string;
  activationDate: string | null;
  autoRenew: boolean;
  characteristics: Record<string, unknown>;
  syncStatus: string;
  syncError: string | null;
  externalId: string | null;
  adminEmail: string | null;
  /** R-TEN-02: Inactive until its start date, which the run (or the tenant's start event) reaches. */
  awaitingStart?: boolean;
}

/** MCMB commits for a month, AC1M and AC1Y for twelve (R-CAT-04); a trial lasts its days (R-TRL-01). */
export function firstTerm(product: Pick<Product, "term" | "isTrial" | "trialDays">, start: PlainDate) {
  if (product.isTrial) {
    const end = addDays(start, (product.trialDays ?? 30) - 1);
    return { termStart: start, termEnd: end, trialEnd: end };
  }
  const months = product.term === "MCMB" ? 1 : 12;
  return { termStart: start, termEnd: addMonths(start, months).subtract({ days: 1 }), trialEnd: null };
}

/** What creating a subscription needs of its product (a catalogue ProductDetails or SaleProduct fits). */
export type NewSubscriptionProduct = Omit<ProductDetails, "upgrades" | "downgrades" | "exclusiveSets"> & {
  /** The product type's service manager (the sale view has it); null = provisioned by hand. */
  serviceManagerInstanceId?: string | null;
};

/**
 * Creates a subscription (and its add-ons) from an executed order line, inside the caller's
 * transaction. Status Active; provisioning sync Pending until the vendor confirms (R-PRV-01).
 * A start date after `today` (R-TEN-02, issue 13) makes it wait: Inactive, `awaitingStart`, no
 * activation date, sync Pending with nothing queued, no billing yet (nothing is charged now); the
 * billing run of that date starts, provisions and bills it (lifecycle-day.ts).
 * The one-plan-per-admin-email policy is a unique index (R-ORD-02): a concurrent second plan
 * for the same email fails here with the rule's code, and the caller's transaction rolls back.
 * The rows are built here, complete, and written with the history record in one statement.
 */
export async function createSubscription(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  input: NewSubscriptionInput,
): Promise<{ subscription: SubscriptionRow; addons: SubscriptionAddonRow[] }> {
  const { product } = input;
  const policies = product.effectivePolicies;
  const now = deps.clock.now();
  const first = firstTerm(product, input.startDate);
  const { trialEnd } = first;
  const termStart = input.term?.start ?? first.termStart;
  const termEnd = input.term?.end ?? first.termEnd;
  const start = input.startDate.toString();
  const copy = input.copy;
  const waiting = copy
    ? (copy.awaitingStart ?? false)
    : compareDates(input.startDate, input.today ?? input.startDate) > 0;
  // A copy holds no admin-email key: the tenant's BSS enforces R-ORD-02 for its customers.
  const key = copy ? null : exclusiveKey(policies, product.productType.code, product.kind, input.adminEmail);
  const tenantId = ctx.actor.tenantId;
  // R-PRC-02: a purchase locks its price and cost for the product's protection months (per
  // currency and term) from its start date; a trial is free and is protected when it becomes paid.
  const months = product.isTrial
    ? new Map<string, number>()
    : await findProtectionMonths(
        tx,
        tenantId,
        [product, ...input.addons.map((a) => a.product)].map((p) => ({
          productId: p.id,
          currency: input.currency,
          term: product.term,
        })),
      );
  const protection = (productId: string) =>
    protectedUntil(
      input.startDate,
      months.get(protectionKey({ productId, currency: input.currency, term: product.term })),
    );
  const orderDate = copy?.orderDate ?? (input.today ?? input.startDate).toString();
  // R-PRM-01/02: a subscription ordered (or copied, with the distributor's promotions and price)
  // while a promotion is active gets the best one, snapshotted here; a trial (free) or a partial
  // upgrade's new subscription (not an order) gets none. Only the base product is promoted.
  const promotion =
    !product.isTrial && !input.parentSubscriptionId
      ? await promotionFor(tx, tenantId, {
          accountId: input.accountId,
          productId: product.id,
          term: product.term,
          orderDate,
          currency: input.currency,
          unitPrice: input.unitPrice,
        })
      : null;
  // Every column, defaults included: nothing is read back from the database.
  const subscription: SubscriptionRow = {
    id: deps.ids.next("sub"),
    tenantId,
    accountId: input.accountId,
    resellerAccountId: input.resellerAccountId,
    orderId: input.orderId,
    orderLineId: input.orderLineId,
    productId: product.id,
    productTypeId: product.productTypeId,
    name: copy?.name ?? product.name,
    quantity: input.quantity,
    term: product.term,
    billingPlan: input.billingPlan,
    unitPrice: input.unitPrice,
    unitCost: input.unitCost,
    currency: input.currency,
    discountBasisPoints: 0,
    priceListId: input.priceListId,
    priceUserDefined: false,
    priceProtectedUntil: protection(product.id),
    isTrial: product.isTrial,
    trialEndDate: trialEnd?.toString() ?? null,
    orderDate,
    startDate: start,
    activationDate: copy ? copy.activationDate : waiting ? null : start,
    termStartDate: termStart.toString(),
    termEndDate: termEnd.toString(),
    termAnchorDate: input.term?.anchor ?? termStart.toString(),
    termIndex: input.term?.index ?? 0,
    windowStartDate: start,
    autoRenew: copy ? copy.autoRenew : !product.isTrial, // R-TRL-01: a trial never converts (renews) by itself
    status: copy?.status ?? (waiting ? "inactive" : "active"),
    awaitingStart: waiting,
    // A copy mirrors the tenant's sync status (R-TEN-02); the tenant provisions, never the distributor.
    // R-PRV-01: a product no service manager provisions is Unsynchronized for good — nothing is
    // sent to a vendor and no sync rule ever blocks it (issue 13).
    syncStatus:
      copy?.syncStatus ?? (product.serviceManagerInstanceId === null ? "unsynchronized" : "pending"),
    syncError: copy?.syncError ?? null,
    externalId: copy?.externalId ?? null,
    adminEmail: copy ? copy.adminEmail : (input.adminEmail ?? null),
    exclusiveKey: key,
    serviceDetails: input.serviceDetails,
    characteristics: copy?.characteristics ?? product.characteristics,
    channel: copy ? "tenant" : ctx.channel,
    responsibleUserId: input.responsibleUserId ?? null,
    parentSubscriptionId: input.parentSubscriptionId ?? null,
    pendingOperation: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    canceledAt: null,
    cancelEffectiveDate: null,
    billToAccountId: copy?.billToAccountId ?? null,
    managedByTenantId: copy?.managedByTenantId ?? null,
    sourceSubscriptionId: copy?.sourceSubscriptionId ?? null,
    subscriptionType: null,
    billToContactId: null,
    customFields: {},
    promotionId: promotion?.id ?? null,
    // productId: the revenue figures drop the promotion once the product changes (as billing does).
    promotion: promotion ? { ...promotionSnapshot(promotion), productId: product.id } : null,
  };
  const addons: SubscriptionAddonRow[] = input.addons.map((addon) => ({
    id: deps.ids.next("add"),
    tenantId,
    subscriptionId: subscription.id,
    productId: addon.product.id,
    name: addon.product.name,
    quantity: addon.quantity,
    unitPrice: addon.unitPrice,
    unitCost: addon.unitCost,
    priceUserDefined: false,
    priceProtectedUntil: protection(addon.product.id),
    status: "active",
    addedDate: start,
    windowStartDate: start,
    canceledDate: null,
    // D16: an add-on is confirmed with its subscription (nothing confirmed yet: Pending).
    syncStatus: subscription.syncStatus === "failed" ? "pending" : subscription.syncStatus,
    syncError: null,
    createdAt: now,
    updatedAt: now,
  }));
  const history = historyRow(deps, ctx, subscription.id, {
    action: "created",
    summary: copy
      ? `Copied from the tenant reseller's subscription ${copy.sourceSubscriptionId}: ${input.quantity} × ${product.name}${input.addons.length ? ` and ${input.addons.length} add-on(s)` : ""}`
      : `Created${input.orderId ? " from order" : input.parentSubscriptionId ? " from a partial upgrade" : ""} with ${input.quantity} × ${product.name}${addons.length ? ` and ${addons.length} add-on(s)` : ""}${waiting ? `; starts on ${start} (Inactive until then, R-TEN-02)` : ""}${promotion ? `; promotion "${promotion.name}" (R-PRM-01)` : ""}`,
    effectiveDate: start,
    ...(copy ? { channel: "tenant" } : {}),
    changes: { quantity: input.quantity, productId: product.id, addons: addons.map((a) => a.productId) },
  });
  try {
    await insertNewSubscription(tx, subscription, addons, history);
    noteSubscriptionChange(deps, tx, tenantId, subscription.id, historyNote(history));
  } catch (e) {
    if (isUniqueViolation(e, "subscriptions_exclusive_live_uq")) {
      const rule = policies.oneActivePlanPerAdminEmail;
      throw new AppError(rule.code as "R-ORD-02", rule.message, { adminEmail: input.adminEmail });
    }
    throw e;
  }
  // An original that starts later opens its billing when the run starts it (startWaiting), exactly
  // as an order executed that day; a copy bills the tenant reseller from its start date (billFrom).
  if (waiting && !copy) return { subscription, addons };
  // The first charge at execution (issue 4): a partial upgrade's lines are its upgrade charge.
  await billNewSubscription(deps, tx, ctx, subscription, addons, {
    today: input.today ?? input.startDate,
    ...(input.billFrom ? { from: input.billFrom } : {}),
    ...(input.parentSubscriptionId ? { firstKind: "upgrade" as const } : {}),
    ...(input.numberAtCommit ? { atCommit: true } : {}),
    noProration: new Set(
      [product, ...input.addons.map((a) => a.product)]
        .filter((p) => p.excludedFromProration)
        .map((p) => p.id),
    ),
  });
  return { subscription, addons };
}
