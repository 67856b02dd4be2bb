import { type Money, toPage } from "../api.ts";

/** The Storefront API as the pages use it: adjust field names here only. */
export interface StoreProduct {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  term: string | null;
  isTrial: boolean;
  trialDays: number | null;
  price: Money | null;
}

export interface StoreGroup {
  id: string;
  name: string;
  description: string | null;
  products: StoreProduct[];
}

export interface Store {
  reseller: { name: string; alias: string };
  products: StoreProduct[];
  groups: StoreGroup[];
}

export interface StoreAccount {
  id: string;
  name: string;
  kind: string;
  email: string | null;
  status: string;
}

type Raw = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
const list = (v: unknown) => (Array.isArray(v) ? v : ((v as { items?: unknown[] } | null)?.items ?? []));

function toStoreProduct(raw: unknown): StoreProduct {
  const r = ((raw as Raw).product ?? raw) as Raw;
  const price = r.price ?? r.unitPrice ?? r.listPrice;
  return {
    id: String(r.id),
    sku: String(r.sku ?? ""),
    name: String(r.name ?? ""),
    description: str(r.description),
    term: str(r.term),
    isTrial: Boolean(r.isTrial),
    trialDays: typeof r.trialDays === "number" ? r.trialDays : null,
    price: price && typeof price === "object" ? (price as Money) : null,
  };
}

/**
 * The API answers `{ resellerAccountId, alias, name, products, groups: [{ ..., productIds }] }`:
 * group members are ids into `products`. Here they become nested products, and `products` keeps
 * only those outside every group.
 */
export function toStore(raw: unknown): Store {
  const r = raw as Raw;
  const reseller = (r.reseller ?? r) as Raw;
  const products = list(r.products).map(toStoreProduct);
  const byId = new Map(products.map((p) => [p.id, p]));
  const grouped = new Set<string>();
  const groups = list(r.groups).map((g) => {
    const gr = g as Raw;
    const members = Array.isArray(gr.productIds)
      ? (gr.productIds as string[]).flatMap((id) => byId.get(id) ?? [])
      : list(gr.products).map(toStoreProduct);
    for (const m of members) grouped.add(m.id);
    return {
      id: String(gr.id),
      name: String(gr.name ?? ""),
      description: str(gr.description),
      products: members,
    };
  });
  return {
    reseller: { name: String(reseller.name ?? ""), alias: String(reseller.alias ?? "") },
    products: products.filter((p) => !grouped.has(p.id)),
    groups: groups.filter((g) => g.products.length > 0),
  };
}

export const toStoreAccounts = (raw: unknown) => toPage(raw, toStoreAccount);

function toStoreAccount(a: unknown): StoreAccount {
  const r = a as Raw;
  return {
    id: String(r.id),
    name: String(r.name ?? ""),
    kind: String(r.kind ?? ""),
    email: str(r.email),
    status: String(r.status ?? "active"),
  };
}

export const TERM_SHORT: Record<string, string> = {
  MCMB: "per licence per month",
  AC1M: "per licence per year, billed monthly",
  AC1Y: "per licence per year",
};
