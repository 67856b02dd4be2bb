import type { Deps } from "../../deps.ts";
import { addDays, addMonths, type PlainDate } from "../../shared/dates.ts";
import { isUniqueViolation, type Tx } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import type { Product, ProductDetails } from "../catalog/index.ts";
import { billNewSubscription } from "./subscriptions.billing.ts";
import { historyRow } from "./subscriptions.core.ts";
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
  /** A partial upgrade's new subscription runs on its origin's term (R-UPG-04/05). */
  term?: { start: PlainDate; end: PlainDate; anchor: string; index: number };
  addons: Array<{ product: Product; quantity: number; unitPrice: bigint; unitCost: bigint }>;
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
export type NewSubscriptionProduct = Omit<ProductDetails, "upgrades" | "downgrades" | "exclusiveSets">;

/**
 * Creates a subscription (and its add-ons) from an executed order line, inside the caller's
 * transaction. Status Active; provisioning sync Pending until the vendor confirms (R-PRV-01).
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
  const key = exclusiveKey(policies, product.productType.code, product.kind, input.adminEmail);
  const tenantId = ctx.actor.tenantId;
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
    name: product.name,
    quantity: input.quantity,
    term: product.term,
    billingPlan: input.billingPlan,
    unitPrice: input.unitPrice,
    unitCost: input.unitCost,
    currency: input.currency,
    discountBasisPoints: 0,
    priceListId: input.priceListId,
    isTrial: product.isTrial,
    trialEndDate: trialEnd?.toString() ?? null,
    orderDate: start,
    startDate: start,
    activationDate: start,
    termStartDate: termStart.toString(),
    termEndDate: termEnd.toString(),
    termAnchorDate: input.term?.anchor ?? termStart.toString(),
    termIndex: input.term?.index ?? 0,
    windowStartDate: start,
    autoRenew: !product.isTrial, // R-TRL-01: a trial never converts (renews) by itself
    status: "active",
    syncStatus: "pending",
    syncError: null,
    externalId: null,
    adminEmail: input.adminEmail ?? null,
    exclusiveKey: key,
    serviceDetails: input.serviceDetails,
    characteristics: product.characteristics,
    channel: ctx.channel,
    responsibleUserId: input.responsibleUserId ?? null,
    parentSubscriptionId: input.parentSubscriptionId ?? null,
    pendingOperation: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    canceledAt: null,
    cancelEffectiveDate: null,
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
    status: "active",
    addedDate: start,
    windowStartDate: start,
    canceledDate: null,
    createdAt: now,
    updatedAt: now,
  }));
  const history = historyRow(deps, ctx, subscription.id, {
    action: "created",
    summary: `Created${input.orderId ? " from order" : input.parentSubscriptionId ? " from a partial upgrade" : ""} with ${input.quantity} × ${product.name}${addons.length ? ` and ${addons.length} add-on(s)` : ""}`,
    effectiveDate: start,
    changes: { quantity: input.quantity, productId: product.id, addons: addons.map((a) => a.productId) },
  });
  try {
    await insertNewSubscription(tx, subscription, addons, history);
  } catch (e) {
    if (isUniqueViolation(e, "subscriptions_exclusive_live_uq")) {
      const rule = policies.oneActivePlanPerAdminEmail;
      throw new AppError(rule.code as "R-ORD-02", rule.message, { adminEmail: input.adminEmail });
    }
    throw e;
  }
  // The first charge at execution (issue 4): a partial upgrade's lines are its upgrade charge.
  await billNewSubscription(deps, tx, ctx, subscription, addons, {
    today: input.today ?? input.startDate,
    ...(input.parentSubscriptionId ? { firstKind: "upgrade" as const } : {}),
    noProration: new Set(
      [product, ...input.addons.map((a) => a.product)]
        .filter((p) => p.excludedFromProration)
        .map((p) => p.id),
    ),
  });
  return { subscription, addons };
}
