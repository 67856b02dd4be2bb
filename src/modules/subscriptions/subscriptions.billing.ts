import type { Deps } from "../../deps.ts";
import { addDays, type PlainDate, parseDate } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import {
  addBillingItem,
  type BillingEffect,
  type ChargeKind,
  creditBilling,
  emptyEffect,
  endBilling,
  increaseQuantity,
  openBilling,
  reopenBilling,
  switchBillingProduct,
  type Term,
} from "../billing/index.ts";
import { loadProductDetails } from "../catalog/index.ts";
import { billingPromotionOf } from "./promotion-for.ts";
import type { CommandContext, SubscriptionAddonRow, SubscriptionRow } from "./subscriptions.types.ts";

/**
 * The subscription commands' side of billing: what each change means in money, handed to the
 * billing module inside the command's transaction (so a preview shows the very same lines).
 * A trial is free (R-TRL-01): it has no billing items until it becomes paid.
 */

function source(ctx: CommandContext, what: string): string {
  const who = ctx.actor.kind === "system" ? ctx.actor.name : `${ctx.channel} ${ctx.actor.userId}`;
  return `${what} (${who})`;
}

const key = (deps: Deps) => deps.ids.next("evt");

/** A new (paid) subscription starts billing on its start date; a partial upgrade's on its origin's cycle. */
export async function billNewSubscription(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  sub: SubscriptionRow,
  addons: readonly SubscriptionAddonRow[],
  input: {
    today: PlainDate;
    firstKind?: ChargeKind;
    from?: PlainDate;
    /** Products the catalogue excludes from proration (the base's and the add-ons'). */
    noProration?: ReadonlySet<string>;
    /** The invoice is written and numbered right before commit (openBilling `atCommit`, issue 17). */
    atCommit?: boolean;
  },
): Promise<BillingEffect> {
  if (sub.isTrial) return emptyEffect();
  return openBilling(deps, tx, {
    tenantId: sub.tenantId,
    subscriptionId: sub.id,
    accountId: sub.accountId,
    billToAccountId: sub.billToAccountId ?? sub.accountId,
    productId: sub.productId,
    description: sub.name,
    term: sub.term as Term,
    quantity: sub.quantity,
    unitPrice: sub.unitPrice,
    discountBasisPoints: sub.discountBasisPoints,
    currency: sub.currency,
    prorate: !input.noProration?.has(sub.productId),
    termStartDate: sub.termStartDate,
    startDate: input.from?.toString() ?? sub.startDate,
    today: input.today,
    addons: addons
      .filter((a) => a.status === "active")
      .map((a) => ({
        addonId: a.id,
        productId: a.productId,
        description: a.name,
        quantity: a.quantity,
        unitPrice: a.unitPrice,
        prorate: !input.noProration?.has(a.productId),
      })),
    source: source(ctx, sub.orderId ? `order ${sub.orderId}` : `subscription ${sub.id}`),
    ...(input.firstKind ? { firstKind: input.firstKind } : {}),
    ...(input.atCommit ? { atCommit: true } : {}),
    promotion: billingPromotionOf(sub),
  });
}

/**
 * R-TEN-02 / issue 13: a subscription that waited for its start date opens its billing when it
 * starts — the very call an order executed that day makes (the account's billing options of that
 * day, the catalogue's proration exclusions), so its first charge is exactly that order's.
 */
export async function billStart(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  sub: SubscriptionRow,
  addons: readonly SubscriptionAddonRow[],
  today: PlainDate,
): Promise<BillingEffect> {
  const productIds = [...new Set([sub.productId, ...addons.map((a) => a.productId)])];
  const noProration = new Set<string>();
  for (const id of productIds)
    if ((await loadProductDetails(tx, { tenantId: sub.tenantId }, id)).excludedFromProration)
      noProration.add(id);
  return billNewSubscription(deps, tx, ctx, sub, addons, { today, noProration });
}

/** R-QTY-01: licences added now are charged for the rest of the billed period. `quantity` is the new total. */
export async function billIncrease(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  sub: SubscriptionRow,
  change: { addonId: string | null; quantity: number },
  today: PlainDate,
  from: PlainDate = today,
): Promise<BillingEffect> {
  return increaseQuantity(
    deps,
    tx,
    { tenantId: sub.tenantId, subscriptionId: sub.id, addonId: change.addonId, quantity: change.quantity },
    { today, from, source: source(ctx, `licence increase on ${sub.id}`), key: key(deps) },
  );
}

/**
 * R-CAN-03: credits [from, …] of what was invoiced — all of the item (`end`: its billing stops
 * the day before) or `quantity` units of it (billing goes on with fewer).
 */
export async function billCredit(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  sub: SubscriptionRow,
  change: { addonId: string | null | "all"; from: PlainDate; quantity?: number; end: boolean; what: string },
  today: PlainDate,
): Promise<BillingEffect> {
  return creditBilling(
    deps,
    tx,
    {
      tenantId: sub.tenantId,
      subscriptionId: sub.id,
      addonId: change.addonId,
      end: change.end,
      ...(change.quantity !== undefined ? { quantity: change.quantity } : {}),
    },
    { today, from: change.from, source: source(ctx, `${change.what} of ${sub.id}`), key: key(deps) },
  );
}

/** Upgrade or downgrade: credit the old product's unused part, charge the new one to the period end. */
export async function billSwitch(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  updated: SubscriptionRow,
  input: {
    kind: "upgrade" | "downgrade";
    droppedAddonIds: readonly string[];
    today: PlainDate;
    /** When the switch takes effect (default today; a tenant copy's is the reseller's date). */
    from?: PlainDate;
  },
): Promise<BillingEffect> {
  const from = input.from ?? input.today;
  for (const addonId of input.droppedAddonIds)
    await billCredit(
      deps,
      tx,
      ctx,
      updated,
      { addonId, from, end: true, what: `add-on ended by the ${input.kind}` },
      input.today,
    );
  return switchBillingProduct(
    deps,
    tx,
    { tenantId: updated.tenantId, subscriptionId: updated.id },
    {
      productId: updated.productId,
      description: updated.name,
      unitPrice: updated.unitPrice,
      quantity: updated.quantity,
      kind: input.kind,
      prorate: !(await loadProductDetails(tx, { tenantId: updated.tenantId }, updated.productId))
        .excludedFromProration,
    },
    {
      today: input.today,
      from,
      source: source(ctx, `${input.kind} of ${updated.id}`),
      key: key(deps),
    },
  );
}

/** Billing stops after the term's last day (end-of-period cancellation, Inactive at term end). */
export async function billEnd(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  sub: SubscriptionRow,
  lastDay: PlainDate,
  today: PlainDate,
): Promise<BillingEffect> {
  return endBilling(
    deps,
    tx,
    { tenantId: sub.tenantId, subscriptionId: sub.id },
    { today, lastDay, source: source(ctx, `end of ${sub.id}`), key: key(deps) },
  );
}

export async function billAddon(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  sub: SubscriptionRow,
  addon: SubscriptionAddonRow,
  today: PlainDate,
  from: PlainDate = today,
): Promise<BillingEffect> {
  if (sub.isTrial) return emptyEffect();
  return addBillingItem(deps, tx, {
    tenantId: sub.tenantId,
    subscriptionId: sub.id,
    addon: {
      addonId: addon.id,
      productId: addon.productId,
      description: addon.name,
      quantity: addon.quantity,
      unitPrice: addon.unitPrice,
      prorate: !(await loadProductDetails(tx, { tenantId: sub.tenantId }, addon.productId))
        .excludedFromProration,
    },
    from,
    today,
    source: source(ctx, `add-on ${addon.name} on ${sub.id}`),
  });
}

/** Re-activation starts a new term today: billing restarts on its cycle. */
export async function billReopen(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  sub: SubscriptionRow,
  addons: readonly SubscriptionAddonRow[],
  today: PlainDate,
): Promise<BillingEffect> {
  const start = parseDate(sub.termStartDate);
  return reopenBilling(
    deps,
    tx,
    {
      tenantId: sub.tenantId,
      subscriptionId: sub.id,
      addonIds: addons.filter((a) => a.status === "active").map((a) => a.id),
    },
    {
      today,
      start,
      source: source(ctx, `re-activation of ${sub.id}`),
      key: key(deps),
    },
  );
}

export const dayBefore = (date: PlainDate): PlainDate => addDays(date, -1);
