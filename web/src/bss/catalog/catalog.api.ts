import { type Money, toPage } from "../../api.ts";

/** The catalogue API as the pages use it: adjust field names here only. */
export interface ProductType {
  id: string;
  code: string;
  name: string;
  status: string;
  serviceManagerInstanceId: string | null;
  policies: Record<string, unknown>;
  productCount: number | null;
  /** R-CRQ-01: automatic execution of Storefront cancellations, and the credit above which they wait. */
  cancellationRequests: {
    automaticSubscriptions: boolean;
    automaticAddons: boolean;
    amountThreshold: { currency: string; minor: string; decimal: string } | null;
  };
}

export interface Product {
  id: string;
  productTypeId: string;
  sku: string;
  name: string;
  description: string | null;
  /** What the product offers, shown on the Storefront's cards (issue 16; PATCH `features`). */
  features: string[];
  kind: string;
  term: string;
  isTrial: boolean;
  trialDays: number | null;
  includedLicences: number;
  minQuantity: number;
  maxQuantity: number | null;
  listPrice: Money | null;
  cost: Money | null;
  status: string;
  characteristics: Record<string, unknown>;
}

/** A product another product points to (add-on, upgrade or downgrade target). */
export interface ProductRef {
  id: string;
  sku: string;
  name: string;
  term: string | null;
  listPrice: Money | null;
}

export interface ExclusiveSet {
  id: string;
  code: string;
  name: string;
  scope: string;
}

export interface ProductDetail extends Product {
  productType: { id: string; code: string; name: string } | null;
  addons: ProductRef[];
  upgrades: ProductRef[];
  downgrades: ProductRef[];
  exclusiveSets: ExclusiveSet[];
  /** The product type's policies with the product's own overrides applied. */
  effectivePolicies: Record<string, unknown>;
  /** Only the product's overrides. */
  policies: Record<string, unknown>;
  managedBy: string | null;
  /** A trial's paid plan. */
  trialPaidProductId: string | null;
}

type Raw = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
const num = (v: unknown) => (typeof v === "number" ? v : v == null || v === "" ? null : Number(v));
const obj = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : {});
const money = (v: unknown) => (v && typeof v === "object" ? (v as Money) : null);

function itemsOf(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  return ((raw as { items?: unknown[] } | null)?.items ?? []) as unknown[];
}

export function toProductType(raw: unknown): ProductType {
  const r = raw as Raw;
  return {
    id: String(r.id),
    code: String(r.code ?? ""),
    name: String(r.name ?? ""),
    status: String(r.status ?? "active"),
    serviceManagerInstanceId: str(r.serviceManagerInstanceId),
    policies: obj(r.policies),
    productCount: num(r.productCount),
    cancellationRequests: (r.cancellationRequests as ProductType["cancellationRequests"] | undefined) ?? {
      automaticSubscriptions: true,
      automaticAddons: true,
      amountThreshold: null,
    },
  };
}

export function toProductTypes(raw: unknown): ProductType[] {
  return itemsOf(raw).map(toProductType);
}

export function toProduct(raw: unknown): Product {
  const r = ((raw as Raw).product ?? raw) as Raw;
  return {
    id: String(r.id),
    productTypeId: String(r.productTypeId ?? ""),
    sku: String(r.sku ?? ""),
    name: String(r.name ?? ""),
    description: str(r.description),
    features: Array.isArray(r.features) ? r.features.map(String) : [],
    kind: String(r.kind ?? ""),
    term: String(r.term ?? ""),
    isTrial: Boolean(r.isTrial),
    trialDays: num(r.trialDays),
    includedLicences: num(r.includedLicences) ?? 0,
    minQuantity: num(r.minQuantity) ?? 0,
    maxQuantity: num(r.maxQuantity),
    listPrice: money(r.listPrice),
    cost: money(r.cost),
    status: String(r.status ?? "active"),
    characteristics: obj(r.characteristics),
  };
}

export const toProductPage = (raw: unknown) => toPage(raw, toProduct);

function toRef(raw: unknown): ProductRef {
  if (typeof raw === "string") return { id: raw, sku: raw, name: raw, term: null, listPrice: null };
  const r = raw as Raw;
  // An edge may nest its target: { product: {...} } or { toProduct: {...} }.
  const p = (r.product ?? r.toProduct ?? r.addon ?? r) as Raw;
  return {
    id: String(p.id ?? p.productId ?? ""),
    sku: String(p.sku ?? ""),
    name: String(p.name ?? p.sku ?? p.id ?? ""),
    term: str(p.term),
    listPrice: money(p.listPrice),
  };
}

export function toProductDetail(raw: unknown): ProductDetail {
  const r = raw as Raw;
  const base = toProduct(raw);
  const type = r.productType as Raw | undefined;
  const policies = obj(r.policies);
  return {
    ...base,
    productType: type
      ? { id: String(type.id), code: String(type.code ?? ""), name: String(type.name ?? "") }
      : null,
    addons: itemsOf(r.addons).map(toRef),
    upgrades: itemsOf(r.upgrades).map(toRef),
    downgrades: itemsOf(r.downgrades).map(toRef),
    exclusiveSets: itemsOf(r.exclusiveSets).map((s) => {
      const e = s as Raw;
      return {
        id: String(e.id),
        code: String(e.code ?? ""),
        name: String(e.name ?? ""),
        scope: String(e.scope ?? ""),
      };
    }),
    effectivePolicies: r.effectivePolicies ? obj(r.effectivePolicies) : policies,
    policies,
    managedBy: str(r.managedBy),
    trialPaidProductId: str(r.trialPaidProductId),
  };
}

export const TERMS = [
  { value: "MCMB", label: "MCMB · monthly" },
  { value: "AC1M", label: "AC1M · annual, monthly billing" },
  { value: "AC1Y", label: "AC1Y · annual" },
];

export const PRODUCT_KINDS = [
  { value: "base", label: "Base product" },
  { value: "addon", label: "Add-on" },
];
