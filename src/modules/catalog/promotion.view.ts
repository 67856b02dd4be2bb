import type { PromotionProductRow, PromotionRow } from "./promotions.repo.ts";

/** A promotion as the API shows it (R-PRM-01). */
export interface Promotion {
  id: string;
  name: string;
  description: string | null;
  startDate: string;
  endDate: string | null;
  terms: string[];
  kind: "one_time" | "recurring" | "limited_recurring";
  /** Cycles it discounts: 1 (One Time), N (Limited Recurring), null (Recurring: every cycle). */
  cycles: number | null;
  valueType: "monetary" | "percentage";
  amount: bigint | null;
  currency: string | null;
  basisPoints: number | null;
  newCustomersOnly: boolean;
  productIds: string[];
  prerequisiteProductIds: string[];
  /** Relative to the tenant's today: scheduled (starts later), active, ended. */
  status: "scheduled" | "active" | "ended";
  createdAt: Date;
  updatedAt: Date;
}

export function promotionStatus(row: Pick<PromotionRow, "startDate" | "endDate">, today: string) {
  if (row.startDate > today) return "scheduled" as const;
  if (row.endDate !== null && row.endDate < today) return "ended" as const;
  return "active" as const;
}

/** Cycles a promotion discounts: One Time 1, Limited Recurring its N, Recurring all (null). */
export function promotionCycles(row: Pick<PromotionRow, "kind" | "cycles">): number | null {
  if (row.kind === "one_time") return 1;
  if (row.kind === "limited_recurring") return row.cycles;
  return null;
}

export function toPromotion(
  row: PromotionRow,
  products: readonly PromotionProductRow[],
  today: string,
): Promotion {
  const mine = products.filter((p) => p.promotionId === row.id);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    startDate: row.startDate,
    endDate: row.endDate,
    terms: row.terms,
    kind: row.kind as Promotion["kind"],
    cycles: promotionCycles(row),
    valueType: row.valueType as Promotion["valueType"],
    amount: row.amount,
    currency: row.currency,
    basisPoints: row.basisPoints,
    newCustomersOnly: row.newCustomersOnly,
    productIds: mine.filter((p) => p.role === "eligible").map((p) => p.productId),
    prerequisiteProductIds: mine.filter((p) => p.role === "prerequisite").map((p) => p.productId),
    status: promotionStatus(row, today),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
