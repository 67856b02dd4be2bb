import type { Deps } from "../../deps.ts";
import type { PlainDate } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import { AppError, type Violation } from "../../shared/errors.ts";
import {
  listPublishedProducts,
  loadProductDetails,
  type Product,
  type ProductDetails,
  resolvePrices,
} from "../catalog/index.ts";
import type { HeldAddon } from "./plan-changes.rules.ts";
import { protectionFor } from "./price-protection.ts";
import { billNewSubscription, billSwitch } from "./subscriptions.billing.ts";
import { type ChangeTarget, type HistoryEntry, recordHistory } from "./subscriptions.core.ts";
import { listAddons, type SubscriptionPatch, updateAddon, updateSubscription } from "./subscriptions.repo.ts";
import type { CommandContext, SubscriptionRow } from "./subscriptions.types.ts";

/**
 * What the plan-change commands share: the held add-ons with their SKUs, the price of a new
 * product for this subscription, the product switch itself (full upgrade, downgrade), and the
 * money of the switch (through subscriptions.billing.ts).
 */

/** The subscription's active add-ons with their SKUs (add-on rules speak SKUs). */
export async function heldAddons(tx: Tx, target: ChangeTarget): Promise<HeldAddon[]> {
  const skuOf = new Map(target.product.addons.map((p) => [p.id, p.sku]));
  const out: HeldAddon[] = [];
  for (const a of target.addons.filter((x) => x.status === "active")) {
    // An add-on the product no longer offers (retired link) still counts for the rules.
    const sku =
      skuOf.get(a.productId) ?? (await loadProductDetails(tx, { tenantId: a.tenantId }, a.productId)).sku;
    out.push({
      id: a.id,
      productId: a.productId,
      sku,
      quantity: a.quantity,
      windowStartDate: a.windowStartDate,
    });
  }
  return out;
}

/**
 * R-CAT-07: the products the subscription's reseller publishes in its Storefront, for commands
 * from the Storefront (undefined in the BSS, which may sell anything in the catalogue). A
 * reseller's own subscription is sold in its own Storefront.
 */
export async function publishedFor(
  tx: Tx,
  ctx: CommandContext,
  sub: SubscriptionRow,
): Promise<Set<string> | undefined> {
  if (ctx.channel !== "storefront") return undefined;
  const products = await listPublishedProducts(tx, sub.tenantId, sub.resellerAccountId ?? sub.accountId);
  return new Set(products.map((p) => p.id));
}

/**
 * R-DSH-06: Buy Licenses is offered in a Storefront only for a product its reseller publishes; the
 * server refuses what the menu hides (issue 13). The BSS may always sell licences.
 */
export async function buyLicencesViolation(
  tx: Tx,
  ctx: CommandContext,
  sub: SubscriptionRow,
): Promise<Violation | undefined> {
  const published = await publishedFor(tx, ctx, sub);
  if (!published || published.has(sub.productId)) return undefined;
  return {
    code: "R-DSH-06",
    message:
      "This product is not published in this Storefront, so licences cannot be bought here; ask your reseller.",
    details: { productId: sub.productId },
  };
}

export interface Price {
  unitPrice: bigint;
  unitCost: bigint;
  currency: string;
  priceListId: string | null;
}

/**
 * The unit price of `product` for this subscription: the reseller's list, else the tenant's
 * default list, else the list price (R-DSH-06: the reseller's markup and special prices apply).
 */
export async function priceFor(tx: Tx, sub: SubscriptionRow, product: Product): Promise<Price> {
  const prices = await resolvePrices({ db: tx }, sub.tenantId, [product.id], {
    resellerAccountId: sub.resellerAccountId,
  });
  const p = prices.get(product.id);
  const currency = p?.currency ?? product.currency;
  // R-PRC-03 (issue 13): the new product is priced in the subscription's (the paying account's)
  // currency or not at all — an amount in another currency is never relabelled.
  if (currency !== sub.currency)
    throw new AppError(
      "R-PRC-03",
      `${product.name} has no price in ${sub.currency}, this subscription's currency (its price is in ${currency}; prices are never converted).`,
      { productId: product.id, currency: sub.currency, priceCurrency: currency },
    );
  return {
    unitPrice: p?.amount ?? product.listPrice,
    unitCost: product.cost,
    currency,
    priceListId: p?.priceListId ?? null,
  };
}

/**
 * Switches the subscription to `to` today (R-UPG-04: never back-dated; the term and billing
 * cycle stay unless `patch` says otherwise, as for a trial becoming paid). Add-ons the new
 * product does not offer end with the switch. The exclusive key (R-ORD-02) is left as it is:
 * the team keeps its one plan.
 */
export async function switchProduct(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  input: {
    sub: SubscriptionRow;
    to: ProductDetails;
    price: Price;
    dropped: readonly HeldAddon[];
    today: PlainDate;
    patch?: SubscriptionPatch;
    /** The money: credit the old product and charge the new one, or (a trial becoming paid) start billing. */
    billing: "upgrade" | "downgrade" | "start";
    history: Omit<HistoryEntry, "changes" | "effectiveDate"> & { changes?: Record<string, unknown> };
  },
): Promise<SubscriptionRow> {
  const { sub, to, price, today } = input;
  const now = deps.clock.now();
  for (const a of input.dropped)
    await updateAddon(tx, sub.tenantId, a.id, {
      status: "canceled",
      canceledDate: today.toString(),
      updatedAt: now,
    });
  const updated = await updateSubscription(tx, sub.tenantId, sub.id, {
    productId: to.id,
    name: to.name,
    characteristics: to.characteristics,
    unitPrice: price.unitPrice,
    unitCost: price.unitCost,
    currency: price.currency,
    priceListId: price.priceListId,
    // R-PRC-02: switching product is a purchase of the new one: a new price, its own protection.
    priceUserDefined: false,
    priceProtectedUntil: await protectionFor(tx, sub, to.id, today),
    ...input.patch,
    updatedAt: now,
  });
  await recordHistory(deps, tx, ctx, sub.id, {
    action: input.history.action,
    summary: input.history.summary,
    effectiveDate: today,
    changes: {
      productId: { from: sub.productId, to: to.id },
      name: { from: sub.name, to: to.name },
      unitPrice: { from: sub.unitPrice, to: price.unitPrice },
      droppedAddons: input.dropped.map((a) => ({ addonId: a.id, sku: a.sku })),
      ...input.history.changes,
    },
  });
  if (input.billing === "start") {
    const addons = (await listAddons(tx, sub.tenantId, sub.id)).filter((a) => a.status === "active");
    // The products' proration flags: the new base's and its add-ons' (each looked up once).
    const noProration = new Set<string>();
    if (to.excludedFromProration) noProration.add(to.id);
    for (const a of addons)
      if ((await loadProductDetails(tx, { tenantId: sub.tenantId }, a.productId)).excludedFromProration)
        noProration.add(a.productId);
    await billNewSubscription(deps, tx, ctx, updated, addons, { today, from: today, noProration });
  } else {
    await billSwitch(deps, tx, ctx, updated, {
      kind: input.billing,
      droppedAddonIds: input.dropped.map((a) => a.id),
      today,
    });
  }
  return updated;
}
