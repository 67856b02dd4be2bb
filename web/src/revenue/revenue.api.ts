import type { Money } from "../api.ts";

/** The API's revenue answer (GET /api/bss/revenue, /api/storefront/revenue), as sent. */
export interface Ranked {
  id: string;
  name: string;
  mrr: Money;
  subscriptions: number;
}

export interface RevenueView {
  asOf: string;
  months: string[];
  totals: Array<{ currency: string; mrr: Money; arr: Money; subscriptions: number }>;
  documents: Array<{ month: string; currency: string; invoiced: Money; credited: Money; net: Money }>;
  movements: Array<{
    month: string;
    currency: string;
    newMrr: Money;
    expansion: Money;
    contraction: Money;
    churned: Money;
    net: Money;
  }>;
  top: Partial<Record<"resellers" | "products" | "tenantResellers" | "customers", Ranked[]>>;
}

export interface SpendView {
  asOf: string;
  months: string[];
  spend: Array<{ month: string; currency: string; invoiced: Money; credited: Money; spend: Money }>;
}

/** "2026-03-01" → "Mar 2026" (no time-zone shift). */
export function monthLabel(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString(undefined, {
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** A money value as a chart coordinate (charts only: figures are shown from `decimal`). */
export const plot = (m: Money): number => Number(m.decimal);

/** Every currency the answer mentions, the preferred one first. */
export function currenciesOf(r: RevenueView | SpendView, preferred?: string): string[] {
  const rows: Array<{ currency: string }> =
    "spend" in r ? r.spend : [...r.totals, ...r.documents, ...r.movements];
  const all = [...new Set(rows.map((x) => x.currency))].sort();
  return preferred && all.includes(preferred) ? [preferred, ...all.filter((c) => c !== preferred)] : all;
}
