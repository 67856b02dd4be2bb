import type { ProtectionTermRow } from "./price-protection.repo.ts";

/** A price protection term (R-PRC-02) as the API shows it. */
export interface PriceProtectionTerm {
  id: string;
  productId: string | null;
  productTypeId: string | null;
  currency: string;
  term: "MCMB" | "AC1M" | "AC1Y";
  months: number;
  createdAt: Date;
  updatedAt: Date;
}

export const protectionTermView = (r: ProtectionTermRow): PriceProtectionTerm => ({
  id: r.id,
  productId: r.productId,
  productTypeId: r.productTypeId,
  currency: r.currency,
  term: r.term as PriceProtectionTerm["term"],
  months: r.months,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});
