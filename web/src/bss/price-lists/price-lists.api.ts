import { formatBasisPoints, type Money, toPage } from "../../api.ts";

/** The price-list API as the pages use it: adjust field names here only. */
export interface PriceList {
  id: string;
  name: string;
  currency: string;
  isDefault: boolean;
  ownerAccountId: string | null;
  markupBasisPoints: number | null;
}

export interface PriceListEntry {
  productId: string;
  sku: string | null;
  name: string | null;
  term: string | null;
  unitPrice: Money | null;
  cost: Money | null;
  listPrice: Money | null;
}

type Raw = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
const money = (v: unknown) => (v && typeof v === "object" ? (v as Money) : null);

export function toPriceList(raw: unknown): PriceList {
  const r = raw as Raw;
  return {
    id: String(r.id),
    name: String(r.name ?? ""),
    currency: String(r.currency ?? ""),
    isDefault: Boolean(r.isDefault),
    ownerAccountId: str(r.ownerAccountId),
    markupBasisPoints: typeof r.markupBasisPoints === "number" ? r.markupBasisPoints : null,
  };
}

export const toPriceListPage = (raw: unknown) => toPage(raw, toPriceList);

export function toEntry(raw: unknown): PriceListEntry {
  const r = raw as Raw;
  const product = (r.product ?? {}) as Raw;
  return {
    productId: String(r.productId ?? product.id ?? ""),
    sku: str(r.sku ?? product.sku),
    name: str(r.productName ?? r.name ?? product.name),
    term: str(r.term ?? product.term),
    unitPrice: money(r.unitPrice ?? r.price),
    cost: money(r.cost),
    listPrice: money(r.listPrice ?? product.listPrice),
  };
}

export const toEntryPage = (raw: unknown) => toPage(raw, toEntry);

/** 1250 basis points → "+12.5 %". */
export function formatMarkup(bp: number | null): string | null {
  if (bp === null) return null;
  return formatBasisPoints(bp, { signed: true });
}
