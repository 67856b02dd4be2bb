import { addDays, parseDate } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import { parseAmount } from "../../shared/money.ts";
import { findExistingProductIds } from "./find-products-by-sku.ts";
import type { PromotionRow } from "./promotions.repo.ts";

/** What create and edit take (R-PRM-01); money as a decimal string in `currency`. */
export interface PromotionInput {
  name: string;
  description?: string | null | undefined;
  startDate: string;
  endDate?: string | null | undefined;
  productIds: string[];
  terms: Array<"MCMB" | "AC1M" | "AC1Y">;
  kind: "one_time" | "recurring" | "limited_recurring";
  cycles?: number | null | undefined;
  valueType: "monetary" | "percentage";
  amount?: string | null | undefined;
  currency?: string | null | undefined;
  basisPoints?: number | null | undefined;
  newCustomersOnly?: boolean | undefined;
  prerequisiteProductIds?: string[] | undefined;
}

const invalid = (field: string, message: string) =>
  new AppError("validation_failed", `Invalid input — ${field}: ${message}`, { field });

/**
 * The promotion's columns from the input, checked as a whole (400 naming the field): dates in
 * order, cycles only for Limited Recurring, an amount (monetary) or basis points (percentage), and
 * products of the caller's tenant (another tenant's id answers like a made-up one).
 */
export async function promotionColumns(
  tx: Tx,
  tenantId: string,
  input: PromotionInput,
  defaultCurrency: string,
): Promise<Omit<PromotionRow, "id" | "tenantId" | "createdAt" | "updatedAt">> {
  if (input.endDate && input.endDate < addDays(parseDate(input.startDate), -1).toString())
    throw invalid("endDate", "the end date is before the start date");
  if (input.kind === "limited_recurring" && !input.cycles)
    throw invalid("cycles", "a Limited Recurring promotion needs its number of cycles");
  if (input.kind !== "limited_recurring" && input.cycles != null)
    throw invalid("cycles", "only a Limited Recurring promotion has a number of cycles");
  let amount: bigint | null = null;
  let currency: string | null = null;
  let basisPoints: number | null = null;
  if (input.valueType === "monetary") {
    if (input.basisPoints != null) throw invalid("basisPoints", "a Monetary promotion takes an amount");
    if (!input.amount) throw invalid("amount", "a Monetary promotion needs an amount off per unit");
    currency = input.currency ?? defaultCurrency;
    try {
      amount = parseAmount(input.amount, currency);
    } catch (e) {
      throw invalid("amount", (e as Error).message);
    }
    if (amount <= 0n) throw invalid("amount", "the amount off must be more than 0");
  } else {
    if (input.amount != null || input.currency != null)
      throw invalid(input.amount != null ? "amount" : "currency", "a Percentage promotion takes basisPoints");
    if (!input.basisPoints)
      throw invalid("basisPoints", "a Percentage promotion needs basisPoints (1–10000)");
    basisPoints = input.basisPoints;
  }
  const prerequisites = input.prerequisiteProductIds ?? [];
  for (const [field, ids] of [
    ["productIds", input.productIds],
    ["prerequisiteProductIds", prerequisites],
  ] as const) {
    const existing = await findExistingProductIds(tx, tenantId, ids);
    const missing = ids.findIndex((id) => !existing.has(id));
    if (missing >= 0) throw invalid(`${field}.${missing}`, `no product ${ids[missing]}`);
  }
  return {
    name: input.name,
    description: input.description ?? null,
    startDate: input.startDate,
    endDate: input.endDate ?? null,
    terms: [...new Set(input.terms)],
    kind: input.kind,
    cycles: input.kind === "limited_recurring" ? (input.cycles ?? null) : null,
    valueType: input.valueType,
    amount,
    currency,
    basisPoints,
    newCustomersOnly: input.newCustomersOnly ?? false,
  };
}
