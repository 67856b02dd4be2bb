import type { PriceListRow } from "./pricing.repo.ts";

export interface PriceList {
  id: string;
  name: string;
  currency: string;
  isDefault: boolean;
  /** A reseller's own list (its markup list), or null for a tenant list. */
  ownerAccountId: string | null;
  /** Price = cost × (1 + bp/10000), rounded half-up, for products without an entry. */
  markupBasisPoints: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toPriceList(r: PriceListRow): PriceList {
  return {
    id: r.id,
    name: r.name,
    currency: r.currency,
    isDefault: r.isDefault,
    ownerAccountId: r.ownerAccountId,
    markupBasisPoints: r.markupBasisPoints,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
