import type { ServicesDefinition } from "./services-definition.ts";

/**
 * The contract every vendor's service manager implements (DESIGN.md). A new vendor is a new
 * services definition plus a connector — never a new branch in a module.
 */
export interface ServiceManager {
  /** Stable vendor key, e.g. "dropbox". */
  readonly vendor: string;
  readonly displayName: string;
  /** The catalogue and its policies, as data (what "Get Services Definition" installs). */
  getServicesDefinition(): Promise<ServicesDefinition>;
  /** Provisioning at the vendor; absent = the vendor's products are provisioned by hand. */
  readonly provisioner?: Provisioner;
}

// ---- provisioning (vendor-neutral) ------------------------------------------------------------

/** What a BSS change asks of the vendor; the provisioner sends target states, never deltas. */
export const PROVISIONING_ACTIONS = [
  "create",
  "set_quantity",
  "change_plan",
  "set_addons",
  "suspend",
  "resume",
  "cancel",
  "sync",
] as const;
export type ProvisioningAction = (typeof PROVISIONING_ACTIONS)[number];

export interface AddonTarget {
  sku: string;
  quantity: number;
}

/**
 * Everything the vendor should hold for one subscription, as the BSS sees it now. The provisioner
 * compares it with what the vendor holds and sends only the calls that close the gap.
 */
export interface ProvisioningTarget {
  subscriptionId: string;
  /** The product type's code (the vendor's product family, e.g. `dropbox`, `dropbox_sign`). */
  productTypeCode: string;
  /** The vendor's id once provisioned (R-EXT-01); null = nothing exists at the vendor yet. */
  externalId: string | null;
  /** R-EXT-02: a team kept by the vendor after an earlier cancellation that may be restored. */
  restoreExternalId: string | null;
  /**
   * Vendor objects other customers hold under the same admin email: a create that finds the email
   * taken adopts an existing object only when it is this customer's (R-ORD-02, R-EXT-03).
   */
  foreignExternalIds: string[];
  /** Another subscription owns the vendor object (a partial upgrade shares its origin's team). */
  sharesExternalObject: boolean;
  resellerId: string;
  adminEmail: string;
  /** R-ORD-07: already cut to the vendor's length. */
  name: string;
  country: string;
  sku: string;
  quantity: number;
  addons: AddonTarget[];
  /** What applies from the next renewal (a scheduled decrease / downgrade); null = unchanged. */
  renewal: { quantity: number | null; sku: string | null } | null;
  /** `canceled` = cancel now (R-CAN-05 full cancellation); `end_of_term` = cancel at the renewal. */
  status: "active" | "suspended" | "canceled" | "end_of_term";
}

/** What the vendor holds, in the same vocabulary (drift reports compare the two). */
export interface VendorState {
  externalId: string;
  sku: string;
  quantity: number;
  addons: AddonTarget[];
  status: "active" | "suspended" | "canceled" | "deleted";
  renewal: { quantity: number | null; sku: string | null; cancel: boolean } | null;
  retainedUntil: string | null;
}

export interface ProvisioningOutcome {
  externalId: string;
  /** The calls made (`create`, `set_licenses`, … or `restored` / `adopted`), for logs and tests. */
  calls: string[];
  state: VendorState;
}

/**
 * The vendor refused the action (a pre-check or the call itself): not retryable. `message` is the
 * vendor's user message, shown as is (R-EXT-03). Every other error a provisioner throws is
 * treated as transient by the caller (retried with backoff).
 */
export class ProvisioningRejectedError extends Error {
  readonly vendorCode: string | undefined;
  /**
   * D16: set when the vendor refused something about add-ons (not the plan): the add-ons the
   * refused call was adding or changing (target values) and what the vendor holds of those SKUs.
   * The caller may send the rest of the target without these changes and mark the add-ons Failed.
   */
  readonly addons: AddonRefusal | undefined;
  constructor(
    message: string,
    vendorCode?: string,
    options?: { cause?: unknown; addons?: AddonRefusal | undefined },
  ) {
    super(message, options);
    this.name = "ProvisioningRejectedError";
    this.vendorCode = vendorCode;
    this.addons = options?.addons;
  }
}

/** The add-on changes a vendor refused, and what it holds of the same SKUs. */
export interface AddonRefusal {
  refused: AddonTarget[];
  held: AddonTarget[];
}

export interface Provisioner {
  /** Whether this provisioner provisions products of this product type. */
  handles(productTypeCode: string): boolean;
  /**
   * Makes the reseller known to the vendor before its customers' first order (accounts sync,
   * reseller first). A no-op for a vendor that manages resellers itself.
   */
  syncReseller(resellerId: string, name: string): Promise<void>;
  /** R-EXT-02: whether the vendor still retains this object for this reseller (ask, never assume). */
  isRestorable(input: { resellerId: string; externalId: string }): Promise<boolean>;
  /**
   * Brings the vendor to the target: for every call needed, pre-check it (R-PRV-02, validate only)
   * and then make it. Safe to repeat after any failure (target states, reconciliation).
   */
  provision(target: ProvisioningTarget, action: ProvisioningAction): Promise<ProvisioningOutcome>;
  /**
   * R-PRV-02 before an order creates anything: the vendor's validate-only answer to creating the
   * target (nothing changes at the vendor). A refusal is returned with the vendor's user message;
   * transient errors are thrown (the caller decides how long to wait).
   */
  precheckCreate(
    target: ProvisioningTarget,
  ): Promise<{ ok: true } | { ok: false; message: string; code?: string }>;
  /** The vendor's state of an object (drift); undefined when the vendor no longer knows it. */
  getState(input: { resellerId: string; externalId: string }): Promise<VendorState | undefined>;
}

export interface ServiceManagerRegistry {
  get(vendor: string): ServiceManager;
  find(vendor: string): ServiceManager | undefined;
  list(): readonly ServiceManager[];
  /** The provisioner of a product type, if a service manager provisions it. */
  provisionerFor(productTypeCode: string): Provisioner | undefined;
}

export function createServiceManagerRegistry(managers: readonly ServiceManager[]): ServiceManagerRegistry {
  const byVendor = new Map(managers.map((m) => [m.vendor, m]));
  return {
    get(vendor) {
      const m = byVendor.get(vendor);
      if (!m) throw new Error(`No service manager for vendor "${vendor}"`);
      return m;
    },
    find: (vendor) => byVendor.get(vendor),
    list: () => [...byVendor.values()],
    provisionerFor: (code) => managers.find((m) => m.provisioner?.handles(code))?.provisioner,
  };
}
