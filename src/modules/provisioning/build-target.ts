import type { Deps } from "../../deps.ts";
import type { Provisioner, ProvisioningTarget } from "../../service-managers/service-manager.ts";
import type { Tx } from "../../shared/db.ts";
import { loadProductsForSale } from "../catalog/index.ts";
import { teamName } from "../subscriptions/index.ts";
import { loadProvisioningSnapshot } from "../subscriptions/record-provisioning-result.ts";
import { getAccount } from "../tenancy/index.ts";

export interface BuiltTarget {
  target: ProvisioningTarget;
  provisioner: Provisioner;
  resellerName: string;
  /** D16: the BSS add-on behind each add-on SKU of the target (one live add-on per product). */
  addonIdBySku: Map<string, string>;
}

/**
 * What the vendor should hold for a subscription, read in one transaction from the BSS as it is
 * now: product SKU, licences, active add-ons, the renewal's quantity / plan (a scheduled decrease or
 * downgrade), and the status (a full cancellation waiting for the vendor → canceled, R-CAN-05).
 * undefined when no service manager provisions the product type.
 */
export async function buildTarget(
  deps: Deps,
  tx: Tx,
  tenantId: string,
  subscriptionId: string,
): Promise<BuiltTarget | undefined> {
  const snap = await loadProvisioningSnapshot(tx, tenantId, subscriptionId);
  if (!snap) return undefined;
  const sub = snap.subscription;
  // The sale view (product type, SKU, add-ons; cached per version), not the upgrade closure.
  const { products } = await loadProductsForSale(tx, tenantId, [sub.productId], { resellerAccountId: null });
  const product = products.get(sub.productId);
  if (!product) return undefined;
  const provisioner = deps.serviceManagers.provisionerFor(product.productType.code);
  if (!provisioner) return undefined;
  const skuOf = new Map(product.addons.map((a) => [a.id, a.sku]));
  const details = sub.serviceDetails as Record<string, unknown>;
  const account = await getAccount(tx, tenantId, sub.accountId);
  const reseller = sub.resellerAccountId ? await getAccount(tx, tenantId, sub.resellerAccountId) : account;
  const decrease = snap.scheduledChanges.find((c) => c.kind === "quantity_decrease");
  const downgrade = snap.scheduledChanges.find((c) => c.kind === "downgrade");
  const renewalQuantity = decrease
    ? Number((decrease.payload as { quantity: number }).quantity) + snap.sharedQuantity
    : null;
  const renewalSku = downgrade ? String((downgrade.payload as { targetSku: string }).targetSku) : null;
  const country = (account.address as { country?: string } | null)?.country;
  const active = snap.addons.filter((a) => a.status === "active");
  const target: ProvisioningTarget = {
    subscriptionId: sub.id,
    productTypeCode: product.productType.code,
    externalId: sub.externalId,
    restoreExternalId: sub.externalId ? null : snap.retainedExternalId,
    foreignExternalIds: snap.foreignExternalIds,
    sharesExternalObject: sub.parentSubscriptionId !== null && sub.externalId !== null,
    resellerId: String(details.resellerId ?? snap.earlierResellerId ?? sub.resellerAccountId ?? tenantId),
    adminEmail: sub.adminEmail ?? String(details.adminEmail ?? ""),
    // R-ORD-07: set at execution; else the account's name cut by the same policy (no order: a
    // partial upgrade, a subscription made in the BSS).
    name: String(details.teamName ?? teamName(product.effectivePolicies, account.name) ?? account.name),
    country: country && /^[A-Z]{2}$/.test(country) ? country : "US",
    sku: product.sku,
    // A partial upgrade moved licences into a subscription that shares this team (R-UPG-05): the
    // team keeps them (one plan per team at the vendor; the origin's plan stays the team's plan).
    quantity: sub.quantity + snap.sharedQuantity,
    addons: active.map((a) => ({ sku: skuOf.get(a.productId) ?? a.productId, quantity: a.quantity })),
    renewal:
      renewalQuantity !== null || renewalSku !== null ? { quantity: renewalQuantity, sku: renewalSku } : null,
    status: statusOf(sub),
  };
  const addonIdBySku = new Map(active.map((a) => [skuOf.get(a.productId) ?? a.productId, a.id]));
  return { target, provisioner, resellerName: reseller.name, addonIdBySku };
}

function statusOf(sub: { status: string; pendingOperation: unknown }): ProvisioningTarget["status"] {
  if ((sub.pendingOperation as { kind?: string } | null)?.kind === "cancel") return "canceled";
  switch (sub.status) {
    case "suspended":
      return "suspended";
    case "pending_for_cancel":
      return "end_of_term";
    case "canceled":
    case "inactive": // R-REN-01: not renewed — the vendor's team ends with it
      return "canceled";
    default:
      return "active";
  }
}
