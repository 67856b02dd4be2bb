import type { Deps } from "../../deps.ts";
import { documentsPerMonth } from "../billing/index.ts";
import { getTenant, type StorefrontActor } from "../tenancy/index.ts";
import { fillMonths, monthsUntil, type RevenueQuery } from "./get-revenue.ts";

export interface SpendMonth {
  month: string;
  currency: string;
  invoiced: bigint;
  credited: bigint;
}

/**
 * Issue 16: what the signed-in Storefront account spent per month — its issued invoices minus its
 * issued credit notes, tax included (what it pays), per currency. Only its own account: a reseller's
 * customers' documents are its revenue, not its spend.
 */
export async function getSpend(
  deps: Deps,
  actor: StorefrontActor,
  query: Pick<RevenueQuery, "months">,
): Promise<{ asOf: string; months: string[]; spend: SpendMonth[] }> {
  const tenant = await getTenant(deps.db, actor.tenantId);
  const asOf = deps.clock.today(tenant.timeZone).toString();
  const months = monthsUntil(asOf, query.months);
  const rows = await documentsPerMonth(deps.db, {
    tenantId: actor.tenantId,
    accountIds: [actor.accountId],
    fromMonth: months[0]!,
    toDate: asOf,
    basis: "gross",
  });
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  return {
    asOf,
    months,
    spend: fillMonths(months, currencies, rows, (month, currency) => ({
      month,
      currency,
      invoiced: 0n,
      credited: 0n,
    })),
  };
}
