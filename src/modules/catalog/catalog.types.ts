import { z } from "zod";
import { ProductTypePolicies, Term } from "../../service-managers/services-definition.ts";
import { Paging, sortParam } from "../../shared/paging.ts";
import { Int4Count, Int4Positive } from "../../shared/schemas.ts";

/** Domain types and input schemas of the catalog (routes validate with these, use cases trust them). */

export type {
  ChangeRule,
  ProductTypePolicies as Policies,
} from "../../service-managers/services-definition.ts";
export { ProductTypePolicies, Term };

/** What a read needs: the tenant. A BssActor fits; other modules pass `{ tenantId }`. */
export interface TenantScope {
  tenantId: string;
}
/** Who asked (recorded on runs). */
export interface ActorRef extends TenantScope {
  userId?: string | null;
  apiKeyId?: string | null;
}

export type Characteristics = Record<string, string | number | boolean>;

export interface ProductType {
  id: string;
  tenantId: string;
  code: string;
  name: string;
  serviceManagerInstanceId: string | null;
  policies: ProductTypePolicies;
  status: "active" | "retired";
  productCount: number;
  /** R-CRQ-01: which Storefront cancellations are executed at once, and above which credit they wait. */
  cancellationRequests: CancellationOptions;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * R-CRQ-01: a product type's options for Storefront cancellations. Off = the customer's
 * cancellation becomes a request (R-CRQ-02). `threshold`: a cancellation whose credit (the
 * cancellation preview's credit lines, in the tenant's currency) is above it waits anyway.
 */
export interface CancellationOptions {
  automaticSubscriptions: boolean;
  automaticAddons: boolean;
  threshold: { minor: bigint; currency: string } | null;
}

export interface Product {
  id: string;
  tenantId: string;
  productTypeId: string;
  sku: string;
  name: string;
  description: string | null;
  /** What the product offers, one short line each (issue 16: the Storefront compares plans by them). */
  features: string[];
  kind: "base" | "addon";
  term: Term;
  isTrial: boolean;
  trialDays: number | null;
  trialPaidProductId: string | null;
  includedLicences: number;
  minQuantity: number;
  maxQuantity: number | null;
  listPrice: bigint;
  cost: bigint;
  currency: string;
  characteristics: Characteristics;
  /** Overrides of single product-type policies (custom products). */
  policies: Partial<ProductTypePolicies>;
  excludedFromProration: boolean;
  status: "active" | "retired";
  /** definition = installed by a service manager (definitionHash set); custom = made in the BSS. */
  managedBy: "definition" | "custom";
  createdAt: Date;
  updatedAt: Date;
}

export type ProductSummary = Pick<Product, "id" | "sku" | "name" | "kind" | "term" | "isTrial" | "status">;

export interface ExclusiveSetSummary {
  id: string;
  code: string;
  name: string;
  scope: "admin_email" | "subscription";
}

export interface ProductDetails extends Product {
  productType: { id: string; code: string; name: string };
  addons: ProductSummary[];
  /** Closure of the declared paths (R-UPG-06). */
  upgrades: ProductSummary[];
  /** Implied by the upgrades, chained (R-UPG-06); never a trial. */
  downgrades: ProductSummary[];
  exclusiveSets: ExclusiveSetSummary[];
  /** The product type's policies with the product's overrides applied. */
  effectivePolicies: ProductTypePolicies;
}

/**
 * A product as selling it needs (orders, new subscriptions): its type, add-ons and effective
 * policies — without the upgrade closure, which only plan changes need and which is costly.
 */
export interface SaleProduct extends Omit<ProductDetails, "upgrades" | "downgrades" | "exclusiveSets"> {
  /** The product type's service manager; null when the type is provisioned by hand. */
  serviceManagerInstanceId: string | null;
}

/** `?sort=` of the price lists and of a price list's entries (`-field` descending). */
export const PRICE_LIST_SORTS = ["name", "currency", "createdAt"] as const;
export const ENTRY_SORTS = ["name", "sku", "unitPrice", "listPrice"] as const;

/** "kind", the default: base plans before trials and add-ons, then by name. */
/** `?sort=` of the promotions list (newest start first without one). */
export const PROMOTION_SORTS = ["startDate", "endDate", "name"] as const;

export const PRODUCT_SORTS = ["kind", "name", "sku", "term", "listPrice", "createdAt"] as const;
export { Paging };

const boolParam = z.enum(["true", "false"]).transform((v) => v === "true");

export const ListProductsQuery = z.strictObject({
  ...Paging,
  sort: sortParam(PRODUCT_SORTS),
  productTypeId: z.string().optional(),
  term: Term.optional(),
  kind: z.enum(["base", "addon"]).optional(),
  isTrial: boolParam.optional(),
  status: z.enum(["active", "retired"]).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  /** Exact SKU (q is a substring match on name and SKU, which also finds the trial twin). */
  sku: z.string().min(1).max(80).optional(),
});
export type ListProductsQuery = z.infer<typeof ListProductsQuery>;

const Amount = z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, 'a decimal amount such as "12.00"');
const CharacteristicsInput = z.record(
  z.string().min(1).max(100),
  z.union([z.string().max(500), z.number(), z.boolean()]),
);

/** The longest change window a policy may set: ten years (subscriptions add it to dates). */
export const MAX_CHANGE_WINDOW_DAYS = 3660;

/**
 * Policies as the BSS edits them: the services definition's schema, with the change window
 * bounded so that date arithmetic on it cannot overflow (a window of 9e15 days made every read of
 * the product's subscriptions a 500).
 */
export const PoliciesInput = ProductTypePolicies.extend({
  changeWindowDays: z.number().int().min(0).max(MAX_CHANGE_WINDOW_DAYS),
});

/** A product's features: short lines, at most 30 (issue 16). */
const Features = z.array(z.string().trim().min(1).max(200)).max(30);

export const CreateProductInput = z.strictObject({
  productTypeId: z.string().min(1),
  sku: z.string().trim().min(1).max(80),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  features: Features.optional(),
  kind: z.enum(["base", "addon"]),
  term: Term,
  trial: z
    .strictObject({ days: z.number().int().positive().max(365), paidProductId: z.string().min(1) })
    .optional(),
  includedLicences: Int4Count.default(0),
  minQuantity: Int4Count.default(1),
  maxQuantity: Int4Positive.optional(),
  listPrice: Amount,
  cost: Amount,
  characteristics: CharacteristicsInput.default({}),
  policies: PoliciesInput.partial().default({}),
  addonProductIds: z.array(z.string().min(1)).max(200).default([]),
  excludedFromProration: z.boolean().default(false),
});
export type CreateProductInput = z.infer<typeof CreateProductInput>;

export const UpdateProductInput = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(2000).nullable().optional(),
  features: Features.optional(),
  includedLicences: Int4Count.optional(),
  minQuantity: Int4Count.optional(),
  maxQuantity: Int4Positive.nullable().optional(),
  listPrice: Amount.optional(),
  cost: Amount.optional(),
  characteristics: CharacteristicsInput.optional(),
  policies: PoliciesInput.partial().optional(),
  addonProductIds: z.array(z.string().min(1)).max(200).optional(),
  excludedFromProration: z.boolean().optional(),
  status: z.enum(["active", "retired"]).optional(),
});
export type UpdateProductInput = z.infer<typeof UpdateProductInput>;

export const CreateProductTypeInput = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,49}$/, "lower-case letters, digits and _"),
  name: z.string().trim().min(1).max(200),
  policies: PoliciesInput,
});
export type CreateProductTypeInput = z.infer<typeof CreateProductTypeInput>;

/** R-CRQ-01: the cancellation options as the BSS edits them (absent = unchanged; threshold null = none). */
export const CancellationOptionsInput = z.strictObject({
  automaticSubscriptions: z.boolean().optional(),
  automaticAddons: z.boolean().optional(),
  /** A decimal amount in the tenant's currency, e.g. "100.00"; null removes the threshold. */
  amountThreshold: Amount.nullable().optional(),
});
export type CancellationOptionsInput = z.infer<typeof CancellationOptionsInput>;

export const UpdateProductTypeInput = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  cancellationRequests: CancellationOptionsInput.optional(),
});
export type UpdateProductTypeInput = z.infer<typeof UpdateProductTypeInput>;

/** "from" (the default): grouped by the source product's name, then the target's; `-` descending. */
export const UPGRADE_PATH_SORTS = ["from", "to", "source", "createdAt"] as const;
export const ListUpgradePathsQuery = z.strictObject({
  ...Paging,
  sort: sortParam(UPGRADE_PATH_SORTS),
  productId: z.string().optional(),
  productTypeId: z.string().optional(),
  source: z.enum(["definition", "manual"]).optional(),
});
export type ListUpgradePathsQuery = z.infer<typeof ListUpgradePathsQuery>;

export const AddUpgradePathInput = z.strictObject({
  fromProductId: z.string().min(1),
  toProductId: z.string().min(1),
});

export interface UpgradePath {
  id: string;
  fromProductId: string;
  toProductId: string;
  source: "definition" | "manual";
  createdAt: Date;
}

export interface ExclusiveSet extends ExclusiveSetSummary {
  productTypeId: string | null;
  productIds: string[];
  createdAt: Date;
}

export interface ListResult<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
