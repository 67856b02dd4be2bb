import { z } from "zod";
import { toMoneyJson } from "../../shared/money.ts";
import type {
  ExclusiveSet,
  Product,
  ProductDetails,
  ProductSummary,
  ProductType,
  UpgradePath,
} from "./catalog.types.ts";
import type { RunView } from "./get-service-manager-run.ts";
import type { ServiceManagerView } from "./list-service-managers.ts";
import type { PriceList } from "./price-list.view.ts";
import type { PriceListEntry } from "./price-list-entry.view.ts";
import type { ProductGroup } from "./product-group.view.ts";
import type { Publication } from "./publication.view.ts";
import type { StoreView } from "./store.view.ts";

/** Response schemas (OpenAPI) and the mappers from domain objects to JSON (money as MoneyJson, instants ISO). */

export const MoneyJson = z.object({ currency: z.string(), minor: z.string(), decimal: z.string() });
const Json = z.record(z.string(), z.unknown());
const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export const pageJson = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), limit: z.number(), offset: z.number() });
export const IdParams = z.strictObject({ id: z.string().min(1) });
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ProductTypeJson = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  serviceManagerInstanceId: z.string().nullable(),
  policies: Json,
  status: z.string(),
  productCount: z.number(),
  /** R-CRQ-01: automatic execution of Storefront cancellations, and the credit above which they wait. */
  cancellationRequests: z.object({
    automaticSubscriptions: z.boolean(),
    automaticAddons: z.boolean(),
    amountThreshold: MoneyJson.nullable(),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const productTypeJson = (t: ProductType): z.infer<typeof ProductTypeJson> => ({
  id: t.id,
  code: t.code,
  name: t.name,
  serviceManagerInstanceId: t.serviceManagerInstanceId,
  policies: t.policies as Record<string, unknown>,
  status: t.status,
  productCount: t.productCount,
  cancellationRequests: {
    automaticSubscriptions: t.cancellationRequests.automaticSubscriptions,
    automaticAddons: t.cancellationRequests.automaticAddons,
    amountThreshold: t.cancellationRequests.threshold
      ? toMoneyJson(t.cancellationRequests.threshold.minor, t.cancellationRequests.threshold.currency)
      : null,
  },
  createdAt: iso(t.createdAt),
  updatedAt: iso(t.updatedAt),
});

export const ProductJson = z.object({
  id: z.string(),
  productTypeId: z.string(),
  sku: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  features: z.array(z.string()),
  kind: z.string(),
  term: z.string(),
  isTrial: z.boolean(),
  trialDays: z.number().nullable(),
  trialPaidProductId: z.string().nullable(),
  includedLicences: z.number(),
  minQuantity: z.number(),
  maxQuantity: z.number().nullable(),
  listPrice: MoneyJson,
  cost: MoneyJson,
  characteristics: Json,
  policies: Json,
  excludedFromProration: z.boolean(),
  status: z.string(),
  managedBy: z.enum(["definition", "custom"]),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const productJson = (p: Product): z.infer<typeof ProductJson> => ({
  id: p.id,
  productTypeId: p.productTypeId,
  sku: p.sku,
  name: p.name,
  description: p.description,
  features: p.features,
  kind: p.kind,
  term: p.term,
  isTrial: p.isTrial,
  trialDays: p.trialDays,
  trialPaidProductId: p.trialPaidProductId,
  includedLicences: p.includedLicences,
  minQuantity: p.minQuantity,
  maxQuantity: p.maxQuantity,
  listPrice: toMoneyJson(p.listPrice, p.currency),
  cost: toMoneyJson(p.cost, p.currency),
  characteristics: p.characteristics,
  policies: p.policies as Record<string, unknown>,
  excludedFromProration: p.excludedFromProration,
  status: p.status,
  managedBy: p.managedBy,
  createdAt: iso(p.createdAt),
  updatedAt: iso(p.updatedAt),
});

export const ProductSummaryJson = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  kind: z.string(),
  term: z.string(),
  isTrial: z.boolean(),
  status: z.string(),
});
const summaryJson = (p: ProductSummary) => ({ ...p });

export const ProductDetailsJson = ProductJson.extend({
  productType: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  addons: z.array(ProductSummaryJson),
  upgrades: z.array(ProductSummaryJson),
  downgrades: z.array(ProductSummaryJson),
  exclusiveSets: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), scope: z.string() })),
  effectivePolicies: Json,
});
export const productDetailsJson = (p: ProductDetails): z.infer<typeof ProductDetailsJson> => ({
  ...productJson(p),
  productType: p.productType,
  addons: p.addons.map(summaryJson),
  upgrades: p.upgrades.map(summaryJson),
  downgrades: p.downgrades.map(summaryJson),
  exclusiveSets: p.exclusiveSets,
  effectivePolicies: p.effectivePolicies as Record<string, unknown>,
});

export const UpgradePathJson = z.object({
  id: z.string(),
  fromProductId: z.string(),
  toProductId: z.string(),
  source: z.string(),
  createdAt: z.string(),
});
export const upgradePathJson = (u: UpgradePath) => ({ ...u, createdAt: iso(u.createdAt) });

export const ExclusiveSetJson = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  scope: z.string(),
  productTypeId: z.string().nullable(),
  productIds: z.array(z.string()),
  createdAt: z.string(),
});
export const exclusiveSetJson = (s: ExclusiveSet) => ({ ...s, createdAt: iso(s.createdAt) });

export const PriceListJson = z.object({
  id: z.string(),
  name: z.string(),
  currency: z.string(),
  isDefault: z.boolean(),
  ownerAccountId: z.string().nullable(),
  markupBasisPoints: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const priceListJson = (l: PriceList) => ({
  ...l,
  createdAt: iso(l.createdAt),
  updatedAt: iso(l.updatedAt),
});

export const PriceListEntryJson = z.object({
  product: ProductSummaryJson,
  unitPrice: MoneyJson,
  cost: MoneyJson.nullable(),
  listPrice: MoneyJson,
  updatedAt: z.string(),
});
export const priceListEntryJson = (e: PriceListEntry) => ({
  product: summaryJson(e.product),
  unitPrice: toMoneyJson(e.unitPrice, e.currency),
  cost: e.cost === null ? null : toMoneyJson(e.cost, e.currency),
  listPrice: toMoneyJson(e.listPrice, e.currency),
  updatedAt: iso(e.updatedAt),
});

export const ProductGroupJson = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  productIds: z.array(z.string()),
  createdAt: z.string(),
});
export const productGroupJson = (g: ProductGroup) => ({ ...g, createdAt: iso(g.createdAt) });

export const PublicationJson = z.object({
  id: z.string(),
  resellerAccountId: z.string(),
  productId: z.string().nullable(),
  productGroupId: z.string().nullable(),
  publishedAt: z.string(),
});
export const publicationJson = (p: Publication) => ({ ...p, publishedAt: iso(p.publishedAt) });

export const RunJson = z.object({
  id: z.string(),
  instanceId: z.string(),
  action: z.string(),
  status: z.enum(["queued", "running", "succeeded", "failed"]),
  progressDone: z.number(),
  progressTotal: z.number(),
  log: z.array(z.object({ at: z.string(), level: z.string(), message: z.string() })),
  summary: z
    .record(
      z.string(),
      z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), retired: z.number() }),
    )
    .nullable(),
  error: z.string().nullable(),
  requestedBy: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export const runJson = (r: RunView): z.infer<typeof RunJson> => ({
  ...r,
  createdAt: iso(r.createdAt),
  startedAt: isoOrNull(r.startedAt),
  finishedAt: isoOrNull(r.finishedAt),
});

export const ServiceManagerJson = z.object({
  id: z.string(),
  vendor: z.string(),
  name: z.string(),
  available: z.boolean(),
  sandboxUrl: z.string().nullable(),
  lastRun: RunJson.nullable(),
  createdAt: z.string(),
});
export const serviceManagerJson = (s: ServiceManagerView) => ({
  ...s,
  lastRun: s.lastRun ? runJson(s.lastRun) : null,
  createdAt: iso(s.createdAt),
});

const StoreProductJson = z.object({
  id: z.string(),
  productTypeId: z.string(),
  sku: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  features: z.array(z.string()),
  kind: z.string(),
  term: z.string(),
  isTrial: z.boolean(),
  trialDays: z.number().nullable(),
  includedLicences: z.number(),
  minQuantity: z.number(),
  maxQuantity: z.number().nullable(),
  characteristics: Json,
  unitPrice: MoneyJson,
});
export const StoreJson = z.object({
  resellerAccountId: z.string(),
  alias: z.string().nullable(),
  name: z.string(),
  products: z.array(StoreProductJson),
  groups: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string().nullable(),
      productIds: z.array(z.string()),
    }),
  ),
});
export const storeJson = (s: StoreView): z.infer<typeof StoreJson> => ({
  ...s,
  products: s.products.map((p) => ({
    ...p,
    unitPrice: toMoneyJson(p.unitPrice.amount, p.unitPrice.currency),
  })),
});
