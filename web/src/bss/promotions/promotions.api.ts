import { type Money, toPage } from "../../api.ts";

/** The promotions API (R-PRM-01) as the page uses it. */
export interface Promotion {
  id: string;
  name: string;
  description: string | null;
  startDate: string;
  endDate: string | null;
  terms: string[];
  kind: "one_time" | "recurring" | "limited_recurring";
  cycles: number | null;
  valueType: "monetary" | "percentage";
  amount: Money | null;
  basisPoints: number | null;
  newCustomersOnly: boolean;
  productIds: string[];
  prerequisiteProductIds: string[];
  status: "scheduled" | "active" | "ended";
}

type Raw = Record<string, unknown>;

export function toPromotion(raw: unknown): Promotion {
  const r = raw as Raw;
  return {
    id: String(r.id),
    name: String(r.name ?? ""),
    description: typeof r.description === "string" ? r.description : null,
    startDate: String(r.startDate ?? ""),
    endDate: typeof r.endDate === "string" ? r.endDate : null,
    terms: Array.isArray(r.terms) ? r.terms.map(String) : [],
    kind: (r.kind as Promotion["kind"]) ?? "recurring",
    cycles: typeof r.cycles === "number" ? r.cycles : null,
    valueType: (r.valueType as Promotion["valueType"]) ?? "percentage",
    amount: r.amount && typeof r.amount === "object" ? (r.amount as Money) : null,
    basisPoints: typeof r.basisPoints === "number" ? r.basisPoints : null,
    newCustomersOnly: Boolean(r.newCustomersOnly),
    productIds: Array.isArray(r.productIds) ? r.productIds.map(String) : [],
    prerequisiteProductIds: Array.isArray(r.prerequisiteProductIds)
      ? r.prerequisiteProductIds.map(String)
      : [],
    status: (r.status as Promotion["status"]) ?? "active",
  };
}

export const toPromotionPage = (raw: unknown) => toPage(raw, toPromotion);

/** 2000 → "20 %", 1250 → "12.5 %" (no float arithmetic on money: basis points are integers). */
export function formatBasisPoints(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = String(bp % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return `${whole}${frac ? `.${frac}` : ""} %`;
}

/** "12.5" → 1250 basis points; null when not a percentage between 0.01 and 100. */
export function percentToBasisPoints(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bp >= 1 && bp <= 10_000 ? bp : null;
}

export function valueText(p: Promotion): string {
  const off =
    p.valueType === "percentage"
      ? formatBasisPoints(p.basisPoints ?? 0)
      : `${p.amount?.decimal ?? ""} ${p.amount?.currency ?? ""}`;
  const cycles =
    p.kind === "one_time"
      ? "first cycle"
      : p.kind === "limited_recurring"
        ? `first ${p.cycles} cycles`
        : "every cycle";
  return `${off} off per unit, ${cycles}`;
}
