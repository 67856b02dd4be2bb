import { and, eq, gte, lte } from "drizzle-orm";
import { type PlainDate, parseDate } from "../../shared/dates.ts";
import type { Db } from "../../shared/db.ts";
import { loadOptions, prorates } from "./billing.core.ts";
import { listItemsOf } from "./billing.repo.ts";
import { itemPromotion, periodAt, periodIndex, priceSpan, type Term } from "./billing.rules.ts";
import { billingCharges } from "./billing.schema.ts";

/**
 * The installment plan summary of an AC1M subscription (spec/billing.md): Installments in the
 * plan, Invoiced, Excluded (installments the BSS did not invoice; shown only when > 0),
 * Remaining, Next Invoice Date and Amount. The plan is the current commitment year of the base
 * item's cycle; the next amount is what the next installment of every live item will bill.
 * Null for other terms (and for a subscription billing does not know, e.g. a trial).
 */
export interface InstallmentPlan {
  planStart: string;
  planEnd: string;
  installments: number;
  invoiced: number;
  excluded: number;
  remaining: number;
  nextInvoiceDate: string | null;
  nextInvoiceAmount: bigint | null;
  currency: string;
}

export async function getInstallmentPlan(
  db: Db,
  tenantId: string,
  subscriptionId: string,
  today: PlainDate,
): Promise<InstallmentPlan | null> {
  const items = await listItemsOf(db, tenantId, subscriptionId);
  const base = items.find((i) => i.addonId === null);
  if (base?.term !== "AC1M") return null;
  const anchor = parseDate(base.cycleAnchor);
  // The plan holding the next unbilled installment (or today, for an ended subscription).
  const pivot = base.status === "active" ? parseDate(base.nextPeriodStart) : today;
  const month = Math.max(0, periodIndex(anchor, pivot, 1) - (base.status === "active" ? 1 : 0));
  const year = Math.floor(month / 12);
  const planStart = periodAt(anchor, year * 12, 1).start;
  const planEnd = periodAt(anchor, year * 12 + 11, 1).end;
  const invoicedRows = await db
    .select({ periodStart: billingCharges.periodStart })
    .from(billingCharges)
    .where(
      and(
        eq(billingCharges.tenantId, tenantId),
        eq(billingCharges.itemId, base.id),
        eq(billingCharges.kind, "recurring"),
        gte(billingCharges.periodStart, planStart.toString()),
        lte(billingCharges.periodStart, planEnd.toString()),
      ),
    );
  const invoiced = new Set(invoicedRows.map((r) => r.periodStart)).size;
  const excluded = year === 0 ? base.excludedInstallments : 0;
  const remaining = Math.max(0, 12 - invoiced - excluded);
  const next = parseDate(base.nextPeriodStart);
  const live = base.status === "active" && (!base.endsOn || base.nextPeriodStart <= base.endsOn);
  let nextAmount: bigint | null = null;
  if (live) {
    const options = await loadOptions(db, tenantId, base.billToAccountId);
    nextAmount = items
      .filter((i) => i.status === "active" && i.nextPeriodStart === base.nextPeriodStart)
      .reduce((sum, i) => {
        const line = priceSpan(
          { ...i, term: i.term as Term, cycleAnchor: parseDate(i.cycleAnchor), promotion: itemPromotion(i) },
          next,
          i.endsOn ? parseDate(i.endsOn) : parseDate("9999-12-31"),
          { prorate: prorates(options, i) },
        );
        return sum + line.amount;
      }, 0n);
  }
  return {
    planStart: planStart.toString(),
    planEnd: planEnd.toString(),
    installments: 12,
    invoiced,
    excluded,
    remaining,
    nextInvoiceDate: live ? base.nextPeriodStart : null,
    nextInvoiceAmount: nextAmount,
    currency: base.currency,
  };
}
