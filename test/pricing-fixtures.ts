import type { Deps } from "../src/deps.ts";
import { createPriceProtectionTerm, updateProduct } from "../src/modules/catalog/index.ts";
import { queryRows, sql } from "../src/shared/db.ts";

/** Sets a product's list price (a decimal string) through the catalogue's use case, as a clerk would. */
export async function setListPrice(deps: Deps, tenantId: string, productId: string, price: string) {
  await updateProduct(deps, { tenantId }, productId, { listPrice: price });
}

/** A protection term (R-PRC-02) for a product or a product type. */
export async function protect(
  deps: Deps,
  tenantId: string,
  target: { productId: string } | { productTypeId: string },
  term: "MCMB" | "AC1M" | "AC1Y",
  months: number,
  currency = "EUR",
) {
  return createPriceProtectionTerm(deps, { tenantId }, { ...target, currency, term, months });
}

/** A subscription's price fields as stored. */
export async function priceRow(deps: Deps, subscriptionId: string) {
  const [row] = await queryRows<{
    unit_price: string;
    unit_cost: string;
    price_user_defined: boolean;
    price_protected_until: string | null;
  }>(
    deps.db,
    sql`select unit_price::text as unit_price, unit_cost::text as unit_cost, price_user_defined,
          price_protected_until::text as price_protected_until from subscriptions where id = ${subscriptionId}`,
  );
  return row!;
}

/** The summaries of a subscription's renewal history records, oldest first. */
export async function renewalSummaries(deps: Deps, subscriptionId: string): Promise<string[]> {
  const rows = await queryRows<{ summary: string }>(
    deps.db,
    sql`select summary from subscription_history where subscription_id = ${subscriptionId} and action = 'renewed' order by seq`,
  );
  return rows.map((r) => r.summary);
}
