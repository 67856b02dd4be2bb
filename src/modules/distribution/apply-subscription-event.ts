import type { Deps } from "../../deps.ts";
import { parseDate } from "../../shared/dates.ts";
import { type Tx, transaction } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import { findProductsBySku, findSkus, loadProductsForSale, type SaleProduct } from "../catalog/index.ts";
import { recordTenantOrder } from "../orders/index.ts";
import {
  applyToCopy,
  type CopyPrice,
  type CopyState,
  createCopy,
  findCopyOf,
  type SubscriptionChanged,
  type SubscriptionSnapshot,
  type SubscriptionStatus,
  snapshotOf,
} from "../subscriptions/index.ts";
import { getAccount, getTenant, type Tenant, upsertAccountCopy } from "../tenancy/index.ts";
import { claimEvent, findSettings, setEventOutcome } from "./distribution.repo.ts";

export type EventOutcome = "created" | "updated" | "unchanged" | "skipped" | "replayed" | "off";

/**
 * R-TEN-01..04: applies one `subscription.changed` event of a tenant reseller's BSS to the
 * distributor's books, in one transaction: the customer copy first, then the subscription copy
 * (created, or brought to the event's state on its effective date), the distributor orders of the
 * purchases in it, and the event's row — so a replayed event finds its row and changes nothing.
 */
export async function applySubscriptionEvent(deps: Deps, event: SubscriptionChanged): Promise<EventOutcome> {
  return transaction(deps.db, async (tx) => {
    const tenant = await getTenant(tx, event.tenantId);
    if (tenant.kind !== "tenant_reseller" || !tenant.parentTenantId || !tenant.parentAccountId) return "off";
    const settings = await findSettings(tx, tenant.id);
    if (!settings?.backOrdering) return "off";
    const distributorId = tenant.parentTenantId;
    const eventId = `subscription:${event.history[0]?.id ?? event.subscriptionId}`;
    const claimed = await claimEvent(tx, {
      id: eventId,
      distributorTenantId: distributorId,
      sourceTenantId: tenant.id,
      kind: "subscription",
      sourceId: event.subscriptionId,
      outcome: "unchanged",
      summary: event.history.map((h) => h.summary).join("; "),
      appliedAt: deps.clock.now(),
    });
    if (!claimed) return "replayed";
    const result = await mirror(deps, tx, tenant, event.snapshot, event.history, {
      responsibleUserId: settings.responsibleUserId,
    });
    await setEventOutcome(tx, eventId, result);
    return result.outcome;
  });
}

interface Mirrored {
  outcome: "created" | "updated" | "unchanged" | "skipped";
  summary: string;
  copyId: string | null;
}

const LIVE: readonly string[] = ["active", "suspended", "pending_for_cancel"];

/** The copy of one tenant subscription brought to `snap`; shared by events and back-ordering activation. */
export async function mirror(
  deps: Deps,
  tx: Tx,
  tenant: Tenant,
  snap: SubscriptionSnapshot,
  notes: ReadonlyArray<{ action: string; summary: string; effectiveDate: string }>,
  options: { billFrom?: string; responsibleUserId?: string | null } = {},
): Promise<Mirrored> {
  const distributorId = tenant.parentTenantId ?? "";
  const reseller = await getAccount(tx, distributorId, tenant.parentAccountId ?? "");
  const copy = await findCopyOf(tx, distributorId, snap.id);
  // R-PRC-03, D14: the copy is priced in the tenant reseller's currency at the distributor, from a
  // price in that currency — never another currency's amount with a new label (issue 13).
  const currency = reseller.currency ?? (await getTenant(tx, distributorId)).currency;
  const products = await mapProducts(tx, tenant.id, distributorId, reseller.id, snap, currency);
  if (!copy) {
    // R-TEN-01: paid subscriptions only (a trial waits until it is paid), live, for a service the distributor offers.
    if (snap.isTrial) return skipped("a trial is copied once it is upgraded to paid");
    // R-TEN-02: a subscription waiting for its start date is copied at once (Inactive until then).
    if (!LIVE.includes(snap.status) && !snap.awaitingStart)
      return skipped(`not live (${snap.status}) and never copied`);
    if (!products) return skipped("the distributor does not offer this service");
  }
  if (!products) return skipped("the distributor does not offer this service (any more)");
  const source = await getAccount(tx, tenant.id, snap.accountId);
  const { account: customer } = await upsertAccountCopy(deps, tx, {
    source,
    tenantResellerAccount: reseller,
  });
  const { price } = products;
  const state = stateOf(snap, products);
  const last = notes[notes.length - 1];
  const effectiveDate = last?.effectiveDate ?? snap.startDate;
  if (!copy) {
    const parentCopy = snap.parentSubscriptionId
      ? await findCopyOf(tx, distributorId, snap.parentSubscriptionId)
      : undefined;
    if (
      snap.parentSubscriptionId &&
      !parentCopy &&
      (await awaitsCopy(tx, tenant.id, distributorId, reseller.id, snap.parentSubscriptionId))
    )
      // A partial upgrade's new subscription runs on its origin's copy's term: wait for that copy
      // (its event is on another queue); the outbox retries this one with backoff.
      throw new Error(
        `The copy of ${snap.parentSubscriptionId} (the origin of ${snap.id}) does not exist yet`,
      );
    const created = await createCopy(deps, tx, distributorId, {
      managedByTenantId: tenant.id,
      tenantName: tenant.name,
      sourceSubscriptionId: snap.id,
      customerAccountId: customer.id,
      customerName: customer.name,
      resellerAccountId: reseller.id,
      currency,
      state,
      price,
      orderDate: snap.orderDate,
      startDate: snap.startDate,
      activationDate: snap.activationDate,
      billingPlan: snap.billingPlan === "one_off" ? "one_off" : "monthly",
      adminEmail: snap.adminEmail,
      parentCopyId: parentCopy?.id ?? null,
      responsibleUserId: options.responsibleUserId ?? null,
      billFrom: parseDate(options.billFrom ?? effectiveDate),
    });
    const what = snap.parentSubscriptionId
      ? "Partial upgrade"
      : notes.some((n) => /trial/i.test(n.action) || /trial/i.test(n.summary))
        ? "Trial to paid"
        : "New subscription";
    await recordTenantOrder(deps, tx, {
      tenantId: distributorId,
      tenantName: tenant.name,
      accountId: customer.id,
      resellerAccountId: reseller.id,
      currency: created.currency,
      orderDate: options.billFrom ?? effectiveDate,
      what,
      lines: [
        {
          productId: created.productId,
          quantity: created.quantity,
          billingPlan: created.billingPlan,
          ...price(created.productId),
          subscriptionId: created.id,
        },
        ...state.addons
          .filter((a) => a.status === "active")
          .map((a) => ({
            productId: a.product.id,
            quantity: a.quantity,
            ...price(a.product.id),
            subscriptionId: created.id,
          })),
      ],
    });
    return { outcome: "created", summary: `${what}: copy ${created.id} created`, copyId: created.id };
  }
  // Back ordering's copy event when an earlier event already made the copy: nothing left to do.
  if (notes.every((n) => n.action === "back_ordering"))
    return { outcome: "unchanged", summary: "already copied", copyId: copy.id };
  const change = await applyToCopy(deps, tx, distributorId, {
    copyId: copy.id,
    tenantName: tenant.name,
    customerName: customer.name,
    state,
    price,
    notes: notes.map((n) => ({ action: n.action, summary: n.summary, effectiveDate: n.effectiveDate })),
  });
  if (change.purchases.length > 0) {
    await recordTenantOrder(deps, tx, {
      tenantId: distributorId,
      tenantName: tenant.name,
      accountId: customer.id,
      resellerAccountId: reseller.id,
      currency: copy.currency,
      orderDate: effectiveDate,
      what: change.purchases.some((p) => p.productId === state.product.id) ? "Licence increase" : "Add-on",
      lines: change.purchases.map((p) => ({ ...p, subscriptionId: copy.id })),
    });
  }
  return {
    outcome: change.changed.length > 0 ? "updated" : "unchanged",
    summary: change.changed.length > 0 ? change.changed.join("; ") : "history only",
    copyId: copy.id,
  };
}

/** Whether a tenant subscription will be copied (paid, live, offered) — so a dependent copy waits for it. */
async function awaitsCopy(
  tx: Tx,
  tenantId: string,
  distributorId: string,
  resellerAccountId: string,
  subscriptionId: string,
): Promise<boolean> {
  const parent = await snapshotOf(tx, tenantId, subscriptionId);
  if (!parent || parent.isTrial || !LIVE.includes(parent.status)) return false;
  return (await mapProducts(tx, tenantId, distributorId, resellerAccountId, parent)) !== undefined;
}

const skipped = (summary: string): Mirrored => ({ outcome: "skipped", summary, copyId: null });

interface Products {
  base: SaleProduct;
  byTenantProduct: Map<string, SaleProduct>;
  /** R-TEN-02: the tenant reseller's price list in the distributor's BSS, else the product's unit price. */
  price: (productId: string) => CopyPrice;
}

/**
 * The distributor's products for the tenant's (same SKU, still sold), with their prices for the
 * tenant reseller's account; undefined when the base is not offered. Products come from the
 * catalogue's versioned cache, prices in the same query.
 */
async function mapProducts(
  tx: Tx,
  tenantId: string,
  distributorId: string,
  resellerAccountId: string,
  snap: SubscriptionSnapshot,
  currency?: string,
): Promise<Products | undefined> {
  const targets = (snap.scheduled ?? []).flatMap((c) =>
    typeof c.payload.targetProductId === "string" ? [c.payload.targetProductId] : [],
  );
  const tenantIds = [snap.productId, ...snap.addons.map((a) => a.productId), ...targets];
  const skus = await findSkus(tx, tenantId, tenantIds);
  const theirs = await findProductsBySku(tx, distributorId, [...new Set(skus.values())]);
  const matched = new Map<string, string>();
  for (const id of tenantIds) {
    const match = theirs.get(skus.get(id) ?? "");
    if (match) matched.set(id, match.id);
  }
  const baseId = matched.get(snap.productId);
  if (!baseId || theirs.get(skus.get(snap.productId) ?? "")?.status !== "active") return undefined;
  const { products, prices } = await loadProductsForSale(tx, distributorId, new Set(matched.values()), {
    resellerAccountId,
  });
  const byTenantProduct = new Map<string, SaleProduct>();
  for (const [tenantProductId, id] of matched) byTenantProduct.set(tenantProductId, products.get(id)!);
  return {
    base: products.get(baseId)!,
    byTenantProduct,
    price: (productId) => {
      const r = prices.get(productId);
      const product = products.get(productId);
      if (!r || !product) throw new Error(`No price for ${productId}`);
      if (currency && r.currency !== currency)
        // The event's job fails with this text and is retried by the outbox: the copy waits, visibly,
        // until a price in the currency exists (the tenant reseller's price list at the distributor).
        throw new AppError(
          "R-PRC-03",
          `No price for ${product.name} (${product.sku}) in ${currency}: the copy waits until the tenant reseller's price list at the distributor has one (prices are never converted or relabelled).`,
          { productId, sku: product.sku, currency, priceCurrency: r.currency },
        );
      return { unitPrice: r.amount, unitCost: product.cost, priceListId: r.priceListId };
    },
  };
}

/** The tenant's pending changes in the distributor's terms (a downgrade to a product it does not sell is left out). */
function scheduledOf(snap: SubscriptionSnapshot, products: Products): CopyState["scheduled"] {
  return (snap.scheduled ?? []).flatMap((c) => {
    const payload = { ...c.payload };
    if (typeof payload.targetProductId === "string") {
      const target = products.byTenantProduct.get(payload.targetProductId);
      if (!target) return [];
      payload.targetProductId = target.id;
      if (typeof payload.fromProductId === "string") payload.fromProductId = products.base.id;
    }
    if (Array.isArray(payload.addons))
      payload.addons = (payload.addons as Array<{ productId: string; quantity: number }>).flatMap((a) => {
        const product = products.byTenantProduct.get(a.productId);
        return product ? [{ productId: product.id, quantity: a.quantity }] : [];
      });
    return [
      { kind: c.kind as CopyState["scheduled"][number]["kind"], effectiveDate: c.effectiveDate, payload },
    ];
  });
}

function stateOf(snap: SubscriptionSnapshot, products: Products): CopyState {
  return {
    scheduled: scheduledOf(snap, products),
    product: products.base,
    status: snap.status as SubscriptionStatus,
    quantity: snap.quantity,
    autoRenew: snap.autoRenew,
    characteristics: snap.characteristics,
    syncStatus: snap.syncStatus,
    syncError: snap.syncError,
    externalId: snap.externalId,
    cancelEffectiveDate: snap.cancelEffectiveDate,
    awaitingStart: snap.awaitingStart ?? false,
    // An add-on the distributor does not offer cannot be copied; the consistency check lists it.
    addons: snap.addons.flatMap((a) => {
      const product = products.byTenantProduct.get(a.productId);
      return product ? [{ product, quantity: a.quantity, status: a.status as "active" | "canceled" }] : [];
    }),
  };
}
