import type { SQL } from "drizzle-orm";
import { type Db, pgArray, queryRows, sql, transaction } from "../../shared/db.ts";

/**
 * Issue 16: recurring revenue computed in the database from this module's own tables.
 * ARR of a subscription = `subscription_base_arr_e8` + its active add-ons (migration 0023: the one
 * definition, shared with the triggers that write `subscription_mrr_changes` and, migration 0024, the
 * current ARR per item in `subscription_arr_items`), in minor units × 10^8;
 * MRR = ARR / 12, rounded half-up once per figure. Amounts come back as minor-unit strings.
 */

/** The subscriptions counted: the tenant's, or only those of `accountIds` (a Storefront subtree). */
export interface RevenueScope {
  tenantId: string;
  accountIds?: readonly string[];
}

export type RevenueDimension = "product" | "reseller" | "tenant" | "account";

const COLUMN: Record<RevenueDimension, string> = {
  product: "product_id",
  reseller: "reseller_account_id",
  tenant: "managed_by_tenant_id",
  account: "account_id",
};

export interface RecurringTotal {
  currency: string;
  mrr: bigint;
  arr: bigint;
  subscriptions: number;
}

export interface RecurringTop {
  dimension: RevenueDimension;
  key: string;
  currency: string;
  mrr: bigint;
  subscriptions: number;
}

function scopeSql(alias: string, scope: RevenueScope): SQL {
  const a = sql.raw(alias);
  return scope.accountIds
    ? sql`${a}.tenant_id = ${scope.tenantId} and ${a}.account_id = any(${pgArray(scope.accountIds)}::text[])`
    : sql`${a}.tenant_id = ${scope.tenantId}`;
}

/**
 * MRR and ARR per currency and the `top` largest keys of each dimension per currency, in ONE
 * statement over `subscription_arr_items` (grouping sets); an add-on counts under its own product. A null key
 * (a direct sale has no reseller; only copies have a tenant) is not ranked.
 */
export async function recurringRevenue(
  db: Db,
  scope: RevenueScope,
  dimensions: readonly RevenueDimension[],
  top: number,
): Promise<{ totals: RecurringTotal[]; tops: RecurringTop[] }> {
  const cols = dimensions.map((d) => COLUMN[d]);
  const sets = [sql.raw("(currency)"), ...cols.map((c) => sql.raw(`(currency, ${c})`))];
  const keyCase = sql.raw(
    cols.length === 0
      ? "null::text"
      : `case ${cols.map((c, i) => `when grouping(${c}) = 0 then '${dimensions[i]}|' || coalesce(${c}, '')`).join(" ")} end`,
  );
  // `subscription_arr_items` (migration 0024) holds each live paid subscription's current ARR per
  // item, kept by triggers: one narrow scan into (currency, every dimension) groups, then the
  // grouping sets over those few groups. Exact numeric sums, rounded once per figure.
  const dims = sql.raw(cols.map((c) => `, ${c}`).join(""));
  const rows = await transaction(db, async (tx) => {
    await tx.execute(sql`set local work_mem = '64MB'`);
    return queryRows<{ currency: string; key: string | null; arr: string; mrr: string; subs: number }>(
      tx,
      sql`with fine as (
          select currency${dims}, sum(arr_e8) as arr, sum(base) as subs
          from subscription_arr_items i
          where ${scopeSql("i", scope)}
          group by currency${dims}
        ), grouped as (
          select currency, ${keyCase} as key, sum(arr) as arr, sum(subs)::int as subs
          from fine group by grouping sets (${sql.join(sets, sql`, `)})
        ), ranked as (
          select g.*, row_number() over (partition by currency, split_part(coalesce(key, ''), '|', 1)
            order by arr desc, key) as rn
          from grouped g where key is null or key not like '%|'
        )
        select currency, key, round(arr / 100000000)::text as arr, round(arr / 1200000000)::text as mrr, subs
        from ranked where key is null or rn <= ${top}
        order by currency, key nulls first, arr desc`,
    );
  });
  const totals: RecurringTotal[] = [];
  const tops: RecurringTop[] = [];
  for (const r of rows) {
    if (r.key === null) {
      totals.push({ currency: r.currency, mrr: BigInt(r.mrr), arr: BigInt(r.arr), subscriptions: r.subs });
    } else {
      const bar = r.key.indexOf("|");
      tops.push({
        dimension: r.key.slice(0, bar) as RevenueDimension,
        key: r.key.slice(bar + 1),
        currency: r.currency,
        mrr: BigInt(r.mrr),
        subscriptions: r.subs,
      });
    }
  }
  tops.sort((a, b) => (a.mrr === b.mrr ? a.key.localeCompare(b.key) : a.mrr > b.mrr ? -1 : 1));
  return { totals, tops };
}

export interface MrrMovement {
  /** First day of the month (YYYY-MM-01) in the tenant's time zone. */
  month: string;
  currency: string;
  newMrr: bigint;
  expansion: bigint;
  contraction: bigint;
  churned: bigint;
}

/**
 * New / expansion / contraction / churned MRR per month from `subscription_mrr_changes`, each
 * change classified when it was written (migration 0022): from 0 → new (an add-on bought with
 * the subscription too), to 0 → churned, up → expansion, down → contraction; its amount is the
 * change (after − before). One aggregate over the months' changes. Months in `timeZone`, from
 * `fromMonth` (YYYY-MM-01) to `toMonth` (inclusive).
 */
export async function mrrMovements(
  db: Db,
  scope: RevenueScope,
  range: { fromMonth: string; toMonth: string; timeZone: string },
): Promise<MrrMovement[]> {
  const rows = await queryRows<{
    month: string;
    currency: string;
    new_mrr: string;
    expansion: string;
    contraction: string;
    churned: string;
  }>(
    db,
    sql`select date_trunc('month', c.at at time zone ${range.timeZone})::date::text as month, c.currency,
          round(coalesce(sum(c.arr_after - c.arr_before) filter (where c.kind = 'new'), 0) / 1200000000)::text as new_mrr,
          round(coalesce(sum(c.arr_after - c.arr_before) filter (where c.kind = 'expansion'), 0) / 1200000000)::text as expansion,
          round(coalesce(sum(c.arr_before - c.arr_after) filter (where c.kind = 'contraction'), 0) / 1200000000)::text as contraction,
          round(coalesce(sum(c.arr_before - c.arr_after) filter (where c.kind = 'churned'), 0) / 1200000000)::text as churned
        from subscription_mrr_changes c
        where ${scopeSql("c", scope)}
          and c.at >= (${range.fromMonth}::date::timestamp at time zone ${range.timeZone})
          and c.at < ((${range.toMonth}::date + interval '1 month')::timestamp at time zone ${range.timeZone})
        group by 1, 2 order by 1, 2`,
  );
  return rows.map((r) => ({
    month: r.month,
    currency: r.currency,
    newMrr: BigInt(r.new_mrr),
    expansion: BigInt(r.expansion),
    contraction: BigInt(r.contraction),
    churned: BigInt(r.churned),
  }));
}
