import type { AddonTarget, ProvisioningTarget, VendorState } from "../../service-managers/service-manager.ts";
import type { DriftDifference } from "./provisioning.types.ts";

const addonKey = (a: AddonTarget[]) =>
  [...a]
    .map((x) => `${x.sku}×${x.quantity}`)
    .sort()
    .join(",");

/**
 * Drift (part 4): how the vendor's object differs from what the BSS says it should hold — product
 * (SKU), licences, add-ons, status, and what changes at the renewal. Pure; empty = in sync.
 */
export function compareWithVendor(
  target: ProvisioningTarget,
  vendor: VendorState | undefined,
): DriftDifference[] {
  if (!vendor) return [{ field: "exists", bss: target.externalId, vendor: null }];
  const out: DriftDifference[] = [];
  const expectedStatus = target.status === "end_of_term" ? "active" : target.status;
  if (vendor.status !== expectedStatus)
    out.push({ field: "status", bss: target.status, vendor: vendor.status });
  if (target.status === "canceled") return out;
  if (target.sharesExternalObject) return out; // the origin subscription's figures are the team's
  if (vendor.sku !== target.sku) out.push({ field: "sku", bss: target.sku, vendor: vendor.sku });
  if (vendor.quantity !== target.quantity)
    out.push({ field: "quantity", bss: target.quantity, vendor: vendor.quantity });
  if (addonKey(vendor.addons) !== addonKey(target.addons))
    out.push({ field: "addons", bss: target.addons, vendor: vendor.addons });
  const renewalQuantity = target.renewal?.quantity ?? target.quantity;
  const vendorRenewalQuantity = vendor.renewal?.quantity ?? vendor.quantity;
  if (renewalQuantity !== vendorRenewalQuantity)
    out.push({ field: "renewal_quantity", bss: renewalQuantity, vendor: vendorRenewalQuantity });
  const renewalSku = target.renewal?.sku ?? target.sku;
  const vendorRenewalSku = vendor.renewal?.sku ?? vendor.sku;
  if (renewalSku !== vendorRenewalSku)
    out.push({ field: "renewal_sku", bss: renewalSku, vendor: vendorRenewalSku });
  const cancelAtEnd = target.status === "end_of_term";
  if (cancelAtEnd !== Boolean(vendor.renewal?.cancel))
    out.push({
      field: "status",
      bss: target.status,
      vendor: vendor.renewal?.cancel ? "cancel_at_term_end" : vendor.status,
    });
  return out;
}
