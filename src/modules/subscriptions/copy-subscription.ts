import type { Deps } from "../../deps.ts";
import { compareDates, maxDate, minDate, type PlainDate, parseDate } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import { labelOf } from "../../shared/labels.ts";
import type { SaleProduct } from "../catalog/index.ts";
import { billQuantity, mirrorAddons, mirrorScheduled, priceOf } from "./copy-mirror.ts";
import { createSubscription, firstTerm } from "./create-subscription.ts";
import { startWaiting } from "./lifecycle-day.ts";
import { protectionFor } from "./price-protection.ts";
import type { ScheduledKind } from "./scheduled-changes.ts";
import { billCredit, billReopen, billSwitch } from "./subscriptions.billing.ts";
import { recordHistory, todayFor } from "./subscriptions.core.ts";
import {
  findSubscription,
  listAddons,
  lockSubscription,
  type SubscriptionPatch,
  updateSubscription,
} from "./subscriptions.repo.ts";
import type { CommandContext, SubscriptionRow, SubscriptionStatus } from "./subscriptions.types.ts";

/**
 * Distributor copies of a tenant reseller's subscriptions (R-TEN-01..04). The tenant's BSS has
 * already decided each change under its policies; here it is mirrored as it was decided — same
 * effective date, no policy re-evaluated, nothing sent to the vendor (the tenant provisions) —
 * and billed to the tenant reseller at the distributor's prices.
 */

/** A price for one product of the copy, resolved by the caller from the distributor's lists. */
export interface CopyPrice {
  unitPrice: bigint;
  unitCost: bigint;
  priceListId: string | null;
}

export interface CopyState {
  /** The distributor's product (the tenant's, matched by SKU). */
  product: SaleProduct;
  status: SubscriptionStatus;
  quantity: number;
  autoRenew: boolean;
  characteristics: Record<string, unknown>;
  syncStatus: string;
  syncError: string | null;
  externalId: string | null;
  cancelEffectiveDate: string | null;
  /** R-TEN-02 / issue 13: the tenant's subscription waits for its start date (Inactive until then). */
  awaitingStart?: boolean;
  addons: Array<{ product: SaleProduct; quantity: number; status: "active" | "canceled" }>;
  /**
   * The tenant's pending changes (decrease or renewal request, end-of-period cancellation,
   * downgrade), product ids already the distributor's; add-ons are named by product.
   */
  scheduled: Array<{ kind: ScheduledKind; effectiveDate: string; payload: Record<string, unknown> }>;
}

export interface CopyNote {
  action: string;
  summary: string;
  effectiveDate: string;
}

export interface NewCopy {
  managedByTenantId: string;
  tenantName: string;
  sourceSubscriptionId: string;
  customerAccountId: string;
  customerName: string;
  /** The tenant reseller's account in the distributor's BSS: seller and payer. */
  resellerAccountId: string;
  currency: string;
  state: CopyState;
  price: (productId: string) => CopyPrice;
  orderDate: string;
  startDate: string;
  activationDate: string | null;
  /** R-TEN-02: the billing cycle is copied (monthly, or one-off for an annually billed AC1Y). */
  billingPlan: "monthly" | "one_off";
  adminEmail: string | null;
  /** A partial upgrade's new subscription: the copy of its origin (runs on its term). */
  parentCopyId: string | null;
  /** R-TEN-02: the distributor's setting for new copies. */
  responsibleUserId: string | null;
  /** Billing starts here (the event's effective date; back ordering: its activation day). */
  billFrom: PlainDate;
}

export const copyName = (customerName: string, productName: string) => `${customerName} - ${productName}`;

/** R-TEN-02: Inactive when the start date is still ahead, else the tenant's status. */
export function copyStatus(
  source: SubscriptionStatus,
  startDate: string,
  today: PlainDate,
): SubscriptionStatus {
  return compareDates(parseDate(startDate), today) > 0 ? "inactive" : source;
}

function copyContext(tenantId: string, tenantName: string): CommandContext {
  return { actor: { kind: "system", tenantId, name: `tenant reseller ${tenantName}` }, channel: "bss" };
}

/** R-TEN-01/02: the copy, created with its add-ons and billed from `billFrom` to the tenant reseller. */
export async function createCopy(
  deps: Deps,
  tx: Tx,
  distributorTenantId: string,
  input: NewCopy,
): Promise<SubscriptionRow> {
  const ctx = copyContext(distributorTenantId, input.tenantName);
  const today = await todayFor(deps, tx, distributorTenantId);
  const parent = input.parentCopyId
    ? await findSubscription(tx, distributorTenantId, input.parentCopyId)
    : undefined;
  const { state } = input;
  const price = input.price(state.product.id);
  // R-TEN-02: Inactive until the start date — the tenant's is still ahead (its subscription waits),
  // or the date is ahead in the distributor's BSS.
  const status = copyStatus(state.status, input.startDate, today);
  const waiting =
    status === "inactive" &&
    (state.awaitingStart === true || compareDates(parseDate(input.startDate), today) > 0);
  // R-PRM-02: createSubscription gives the copy the distributor's best promotion active on the copy's
  // order date, against this distributor-side price (the same choice as for the distributor's orders).
  const { subscription } = await createSubscription(deps, tx, ctx, {
    accountId: input.customerAccountId,
    resellerAccountId: input.resellerAccountId,
    orderId: null,
    orderLineId: null,
    product: state.product,
    quantity: state.quantity,
    billingPlan: input.billingPlan,
    unitPrice: price.unitPrice,
    unitCost: price.unitCost,
    currency: input.currency,
    priceListId: price.priceListId,
    serviceDetails: {},
    startDate: parseDate(input.startDate),
    today,
    parentSubscriptionId: parent?.id ?? null,
    responsibleUserId: input.responsibleUserId,
    ...(parent
      ? {
          term: {
            start: parseDate(parent.termStartDate),
            end: parseDate(parent.termEndDate),
            anchor: parent.termAnchorDate,
            index: parent.termIndex,
          },
        }
      : {}),
    addons: state.addons
      .filter((a) => a.status === "active")
      .map((a) => ({ product: a.product, quantity: a.quantity, ...input.price(a.product.id) })),
    copy: {
      managedByTenantId: input.managedByTenantId,
      sourceSubscriptionId: input.sourceSubscriptionId,
      billToAccountId: input.resellerAccountId,
      name: copyName(input.customerName, state.product.name),
      status,
      awaitingStart: waiting,
      orderDate: input.orderDate,
      activationDate: input.activationDate,
      autoRenew: state.autoRenew,
      characteristics: state.characteristics,
      syncStatus: state.syncStatus,
      syncError: state.syncError,
      externalId: state.externalId,
      adminEmail: input.adminEmail,
    },
    billFrom: input.billFrom,
  });
  await mirrorScheduled(deps, tx, subscription, state.scheduled);
  return subscription;
}

/**
 * R-TEN-04: brings the copy to the tenant's state after one event, every difference taking effect
 * on `note.effectiveDate`, and writes the tenant's history records on the copy. Returns what
 * changed (empty when the copy already matched).
 */
export async function applyToCopy(
  deps: Deps,
  tx: Tx,
  distributorTenantId: string,
  input: {
    copyId: string;
    tenantName: string;
    customerName: string;
    state: CopyState;
    price: (productId: string) => CopyPrice;
    notes: CopyNote[];
  },
): Promise<CopyChange> {
  const ctx = copyContext(distributorTenantId, input.tenantName);
  const today = await todayFor(deps, tx, distributorTenantId);
  let sub = await lockSubscription(tx, distributorTenantId, input.copyId);
  if (!sub) throw new AppError("not_found", `Copy ${input.copyId} was not found`);
  const { state } = input;
  const last = input.notes[input.notes.length - 1];
  const at = parseDate(last?.effectiveDate ?? today.toString());
  // Money never moves before the copy began or after today: a late event bills from today.
  const from = maxDate(parseDate(sub.startDate), minDate(at, today));
  const changed: string[] = [];
  const purchases: CopyPurchase[] = [];
  const now = deps.clock.now();
  const patch = (p: SubscriptionPatch) =>
    updateSubscription(tx, sub!.tenantId, sub!.id, { ...p, updatedAt: now });

  // A status that ends billing goes first: nothing is charged on a subscription that is over.
  // (A copy waiting for its start date is Inactive but its billing is still ahead: it ends too.)
  const ending = isEnded(state.status) && (!isEnded(sub.status as SubscriptionStatus) || sub.awaitingStart);
  if (ending) {
    await billCredit(
      deps,
      tx,
      ctx,
      sub,
      { addonId: "all", from, end: true, what: `${state.status} in the tenant's BSS` },
      today,
    );
  }

  if (!ending && state.product.id !== sub.productId) {
    const kind = input.notes.some((n) => n.action.includes("downgrade")) ? "downgrade" : "upgrade";
    const price = input.price(state.product.id);
    sub = await patch({
      productId: state.product.id,
      productTypeId: state.product.productTypeId,
      name: copyName(input.customerName, state.product.name),
      unitPrice: price.unitPrice,
      unitCost: price.unitCost,
      priceListId: price.priceListId,
      // R-PRC-02: the copy's new product is a purchase at the distributor's price, protected anew.
      priceUserDefined: false,
      priceProtectedUntil: await protectionFor(tx, sub, state.product.id, from),
      quantity: state.quantity,
    });
    await billSwitch(deps, tx, ctx, sub, { kind, droppedAddonIds: [], today, from });
    changed.push(`product → ${state.product.name}`);
  } else if (!ending && state.quantity !== sub.quantity) {
    const change = {
      addonId: null,
      from: sub.quantity,
      to: state.quantity,
      what: "licence decrease in the tenant's BSS",
    };
    const bought = await billQuantity(deps, tx, ctx, sub, change, today, from);
    if (bought > 0) purchases.push({ productId: sub.productId, quantity: bought, ...priceOf(sub) });
    changed.push(`quantity ${sub.quantity} → ${state.quantity}`);
    sub = await patch({ quantity: state.quantity });
  }

  if (!ending)
    await mirrorAddons(
      deps,
      tx,
      ctx,
      sub,
      { state, price: input.price, today, from },
      { changed, purchases },
    );

  if (sub.status === "inactive" && sub.awaitingStart && !isEnded(state.status)) {
    // R-TEN-02: a copy waiting for its start date starts on that date — by the distributor's run
    // or by the tenant's start event, whichever comes first; never before, never with a new term.
    const started = await startWaiting(deps, tx, ctx, sub, today);
    if (started) {
      sub = started;
      changed.push("status inactive → active (started)");
    }
  } else if (state.status !== sub.status) {
    const from0 = sub.status;
    const reopening = isEnded(from0 as SubscriptionStatus) && !isEnded(state.status);
    const term = reopening
      ? firstTerm({ term: sub.term as never, isTrial: false, trialDays: null }, at)
      : null;
    sub = await patch({
      status: state.status,
      awaitingStart: false,
      canceledAt: state.status === "canceled" ? now : null,
      ...(term
        ? {
            termStartDate: term.termStart.toString(),
            termAnchorDate: term.termStart.toString(),
            termIndex: 0,
            termEndDate: term.termEnd.toString(),
            windowStartDate: at.toString(),
          }
        : {}),
    });
    if (reopening) await billReopen(deps, tx, ctx, sub, await listAddons(tx, sub.tenantId, sub.id), today);
    changed.push(`status ${from0} → ${state.status}`);
  }

  const flags: SubscriptionPatch = {};
  if (state.autoRenew !== sub.autoRenew) {
    flags.autoRenew = state.autoRenew;
    changed.push(`renew automatically ${sub.autoRenew ? "on" : "off"} → ${state.autoRenew ? "on" : "off"}`);
  }
  const name = copyName(input.customerName, state.product.name);
  if (sub.name !== name) flags.name = name; // e.g. a downgrade applied by the distributor's own run
  if (JSON.stringify(state.characteristics) !== JSON.stringify(sub.characteristics)) {
    flags.characteristics = state.characteristics;
    changed.push("characteristics");
  }
  if (state.cancelEffectiveDate !== sub.cancelEffectiveDate)
    flags.cancelEffectiveDate = state.cancelEffectiveDate;
  // R-TEN-02: the sync status is the tenant's (no retry on the copy).
  if (
    state.syncStatus !== sub.syncStatus ||
    state.syncError !== sub.syncError ||
    state.externalId !== sub.externalId
  ) {
    flags.syncStatus = state.syncStatus;
    flags.syncError = state.syncError;
    flags.externalId = state.externalId;
    changed.push(`Sync status: ${labelOf("syncStatus", state.syncStatus)}`); // not "sync failed" (issue 16)
  }
  if (Object.keys(flags).length > 0) sub = await patch(flags);
  changed.push(...(await mirrorScheduled(deps, tx, sub, state.scheduled)));

  for (const [i, note] of input.notes.entries()) {
    await recordHistory(deps, tx, ctx, sub.id, {
      action: note.action,
      summary: `${input.tenantName}: ${note.summary}`,
      effectiveDate: note.effectiveDate,
      channel: "tenant",
      ...(i === input.notes.length - 1 ? { changes: { mirrored: changed } } : {}),
    });
  }
  return { changed, purchases };
}

/** What one event changed on a copy, and the purchases in it (R-TEN-04: each becomes a distributor order). */
export interface CopyChange {
  changed: string[];
  purchases: CopyPurchase[];
}

export interface CopyPurchase extends CopyPrice {
  productId: string;
  quantity: number;
}

const isEnded = (s: SubscriptionStatus) => s === "canceled" || s === "inactive";
