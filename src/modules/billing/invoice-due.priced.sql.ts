import { pgArray, queryRows, type SQL, sql, type Tx } from "../../shared/db.ts";

/**
 * The common case of the billing run priced in set-based SQL (issue 17): an item whose next
 * period starts on a period boundary (anchor + n × period months), is the only period due, and is
 * not clipped by the item's end is one whole line — no proration, no calendar walk. Its amount,
 * tax and explanation are the expressions below, the same arithmetic as billing.rules.ts
 * (`priceSpan` → `lineAmount`, `lineTax`, `explainLine`) for that case: half-up rounding once per
 * line, AC1M installments (the 12th absorbs the remainder), promotions (R-PRM-01/02), the next
 * price from its date (Edit Pricing Info). Everything else — partial periods, catch-up after a
 * gap, an end inside the period — is priced by `duePeriods` in TypeScript.
 * `invoice-due.priced.test.ts` prices a wide set of items both ways and compares every column.
 */

/** Months per billing period (AC1Y yearly, else monthly) and periods per commitment term. */
const PM = sql.raw(`(case i.term when 'AC1Y' then 12 else 1 end)`);
/** Whole months from the cycle anchor to the next period start. */
const MONTHS_IN = sql.raw(
  `((extract(year from i.next_period_start)::int - extract(year from i.cycle_anchor)::int) * 12
    + extract(month from i.next_period_start)::int - extract(month from i.cycle_anchor)::int)`,
);
/** The last day of the period starting at next_period_start (valid when the item is common). */
const PERIOD_END = sql`((i.cycle_anchor + make_interval(months => ${MONTHS_IN} + ${PM}))::date - 1)`;

/**
 * True when the item's due work is one whole period, priced by the SQL below: it starts on a period
 * boundary, is not clipped by the item's end, and is the last period due (the next one starts after
 * `day`, or the item ends with it).
 */
export function commonCase(day: string): SQL {
  return sql`(${MONTHS_IN} >= 0 and ${MONTHS_IN} % ${PM} = 0
    and (i.cycle_anchor + make_interval(months => ${MONTHS_IN}))::date = i.next_period_start
    and (i.ends_on is null or i.ends_on >= ${PERIOD_END})
    and (${PERIOD_END} >= ${day}::date or i.ends_on = ${PERIOD_END}))`;
}

/** A due item as the chunk locks it: what decides its document, and whether SQL prices it. */
export interface DueRef {
  id: string;
  bill_to_account_id: string;
  currency: string;
  common: boolean;
}

/**
 * The due items of these paying accounts, row-locked in id order (two runs, or a run and a
 * command, queue instead of deadlocking), narrow: the SQL-priced ones never travel to Node.
 */
export async function lockDueRefs(
  tx: Tx,
  tenantId: string,
  accountIds: readonly string[],
  day: string,
): Promise<DueRef[]> {
  if (accountIds.length === 0) return [];
  return queryRows<DueRef>(
    tx,
    sql`select i.id, i.bill_to_account_id, i.currency, ${commonCase(day)} as common
        from billing_items i
        where i.tenant_id = ${tenantId} and i.bill_to_account_id = any(${pgArray(accountIds)}::text[])
          and i.status = 'active' and i.next_period_start <= ${day}::date
          and (i.ends_on is null or i.next_period_start <= i.ends_on)
        order by i.id
        for update`,
  );
}

/** "1234.50": formatAmount (shared/money.ts) of a non-negative amount `a` in currency `cur`. */
function fmt(a: SQL, cur: SQL): SQL {
  return sql`(case when ${cur} in ('JPY', 'KRW') then (${a})::text
    when ${cur} in ('BHD', 'KWD') then div(${a}, 1000)::text || '.' || lpad(mod(${a}, 1000)::text, 3, '0')
    else div(${a}, 100)::text || '.' || lpad(mod(${a}, 100)::text, 2, '0') end)`;
}

/** "5 %", "2.5 %": percent() of billing.rules.ts for basis points `bp` ≥ 0. */
function pct(bp: SQL): SQL {
  return sql`(regexp_replace(div(${bp}, 100)::text || '.' || lpad(mod(${bp}, 100)::text, 2, '0'), '\\.?0+$', '') || ' %')`;
}

/** "15 Jun – 14 Jul 2026": formatRange of billing.rules.ts. */
function range(from: SQL, to: SQL): SQL {
  const d = (x: SQL) => sql`extract(day from ${x})::int::text`;
  const m = (x: SQL) => sql`to_char(${x}, 'Mon')`;
  const y = (x: SQL) => sql`extract(year from ${x})::int::text`;
  return sql`(case
    when date_trunc('month', ${from}) = date_trunc('month', ${to})
      then ${d(from)} || '–' || ${d(to)} || ' ' || ${m(to)} || ' ' || ${y(to)}
    when extract(year from ${from}) = extract(year from ${to})
      then ${d(from)} || ' ' || ${m(from)} || ' – ' || ${d(to)} || ' ' || ${m(to)} || ' ' || ${y(to)}
    else ${d(from)} || ' ' || ${m(from)} || ' ' || ${y(from)} || ' – ' || ${d(to)} || ' ' || ${m(to)} || ' ' || ${y(to)} end)`;
}

/**
 * The priced lines of common items: `select` over `billing_items i` joined to the chunk's
 * (item_id, id, document_id) triples `c`, one row per item with every billing_charges column
 * and `next` (the day after the period). Amounts are numeric until the final cast, so nothing
 * overflows before the line is rounded.
 */
export function pricedCommonLines(input: {
  tenantId: string;
  itemIds: readonly string[];
  chargeIds: readonly string[];
  documentIds: readonly string[];
}): SQL {
  const cur = sql`i.currency`;
  return sql`select c.id, i.account_id, i.bill_to_account_id, i.id as item_id, i.subscription_id, i.addon_id,
      i.product_id, i.description, i.next_period_start as period_start, e.period_end,
      i.next_period_start as from_date, e.period_end as to_date, e.period_days as days,
      e.period_days, i.quantity, e.unit as unit_price, t.ppt as periods_per_term, e.disc as discount_basis_points,
      a.installment_no, false as prorated, a.amount::bigint as amount, coalesce(ba.tax_rate_basis_points, 0) as tax_rate_basis_points,
      div(2 * a.amount * coalesce(ba.tax_rate_basis_points, 0) + 10000, 20000)::bigint as tax, i.currency,
      (case when a.installment_no is null then ''
         else 'Installment ' || a.installment_no || ' of ' || t.ppt
           || (case when a.installment_no = t.ppt then ', absorbs the rounding remainder' else '' end) || ': ' end)
        || i.quantity || ' × '
        || (case when e.promoted then '(' || ${fmt(sql`e.unit`, cur)} || ' − '
              || (case when i.promotion_value_type = 'monetary' then ${fmt(sql`i.promotion_value`, cur)}
                   else ${pct(sql`i.promotion_value`)} end)
              || ' promotion "' || coalesce(i.promotion_name, '') || '" '
              || (case when mod(u.num, u.den) = 0 then '=' else '≈' end) || ' '
              || ${fmt(sql`div(2 * u.num + u.den, 2 * u.den)`, cur)} || ')'
            else ${fmt(sql`e.unit`, cur)} end)
        || (case when t.ppt = 1 then '' else ' ÷ ' || t.ppt end)
        || (case when e.disc > 0 then ' − ' || ${pct(sql`e.disc`)} || ' discount' else '' end)
        || ' (' || ${range(sql`i.next_period_start`, sql`e.period_end`)} || ')' as explanation,
      case when e.promoted then i.promotion_id end as promotion_id,
      case when e.promoted then i.promotion_name end as promotion_name,
      case when e.promoted then (case when i.promotion_value_type = 'monetary' then 'monetary' else 'percentage' end) end
        as promotion_value_type,
      case when e.promoted then i.promotion_value end as promotion_value,
      'rec:' || i.id || ':' || i.next_period_start::text as dedupe_key, i.next_period_start as invoice_on,
      c.document_id, e.period_end + 1 as next, (i.ends_on is not null and e.period_end + 1 > i.ends_on) as ended
    from unnest(${pgArray(input.itemIds)}::text[], ${pgArray(input.chargeIds)}::text[],
                ${pgArray(input.documentIds)}::text[]) as c(item_id, id, document_id)
    join billing_items i on i.tenant_id = ${input.tenantId} and i.id = c.item_id
    left join billing_accounts ba on ba.tenant_id = i.tenant_id and ba.account_id = i.bill_to_account_id
    cross join lateral (select case i.term when 'AC1M' then 12 else 1 end as ppt,
        (i.next_price_from is not null and i.next_period_start >= i.next_price_from) as use_next) t
    cross join lateral (select ${PERIOD_END} as period_end,
        (${PERIOD_END} - i.next_period_start + 1) as period_days,
        (${MONTHS_IN} / ${PM}) as k,
        case when t.use_next then coalesce(i.next_unit_price, i.unit_price) else i.unit_price end as unit,
        case when t.use_next then coalesce(i.next_discount_basis_points, i.discount_basis_points)
          else i.discount_basis_points end as disc,
        (i.promotion_id is not null and i.promotion_value is not null
          and (i.promotion_until is null or i.next_period_start < i.promotion_until)) as promoted) e
    cross join lateral (select
        case when not e.promoted then e.unit::numeric
          when i.promotion_value_type = 'monetary' then greatest(e.unit - i.promotion_value, 0)::numeric
          else e.unit::numeric * (10000 - least(i.promotion_value, 10000)) end as num,
        case when e.promoted and i.promotion_value_type <> 'monetary' then 10000::numeric else 1::numeric end as den) u
    cross join lateral (select div(2 * u.num * i.quantity * (10000 - e.disc) + u.den * 10000, 2 * u.den * 10000) as whole) w
    cross join lateral (select
        case when t.ppt = 1 then null else mod(mod(e.k, t.ppt) + t.ppt, t.ppt) + 1 end as installment_no,
        case when t.ppt = 1 then w.whole
          when mod(mod(e.k, t.ppt) + t.ppt, t.ppt) + 1 = t.ppt then w.whole - div(w.whole, t.ppt) * (t.ppt - 1)
          else div(w.whole, t.ppt) end as amount) a`;
}
