import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import {
  createCustomer,
  createTestSubscription,
  setupSubscriptionWorld,
} from "../../../test/subscription-fixtures.ts";
import { addDays, addMonths, parseDate } from "../../shared/dates.ts";
import { queryRows, sql } from "../../shared/db.ts";
import { duePeriods, itemPromotion, lineTax, type Term } from "./billing.rules.ts";
import { commonCase, pricedCommonLines } from "./invoice-due.priced.sql.ts";

/**
 * Issue 17: the billing run prices the common case (one whole period due) in SQL. The SQL must
 * be the arithmetic of billing.rules.ts to the last character: a few thousand generated items
 * (every term, month-end and leap-day anchors, discounts, promotions of both kinds with and
 * without an end, a next price, three currencies, taxed and untaxed payers, items ending inside
 * or after the period, catch-up after a gap) are priced both ways and compared column by column;
 * the SQL must also call exactly the whole-single-period items common.
 */
const DAY = "2026-06-15";
const N = 3000;

/** A small deterministic generator (mulberry32): the same items on every run and both databases. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("billing run: the SQL-priced common case equals billing.rules.ts (issue 17)", () => {
  let t: TestContext;
  let tenantId: string;
  let subscriptionId: string;
  const items: Array<Record<string, unknown>> = [];
  before(async () => {
    t = await createTestContext({ start: `${DAY}T06:00:00Z` });
    const w = await setupSubscriptionWorld(t.deps);
    tenantId = w.tenant.id;
    const customer = await createCustomer(t.deps, w);
    const { subscription } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 1,
      accountId: customer.id,
    });
    subscriptionId = subscription.id;
    await t.deps.db.execute(sql`insert into billing_accounts (tenant_id, account_id, tax_rate_basis_points, updated_at)
      values (${tenantId}, 'acc_taxed', 2100, now()), (${tenantId}, 'acc_odd', 777, now())`);
    const r = random(17);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const day = parseDate(DAY);
    for (let n = 0; n < N; n++) {
      const term = pick(["MCMB", "AC1M", "AC1Y"] as const);
      const months = term === "AC1Y" ? 12 : 1;
      const anchor = pick([
        addDays(day, -Math.floor(r() * 1500) - 1),
        parseDate(pick(["2024-01-31", "2024-02-29", "2025-03-31", "2023-08-30", "2025-12-31", "2024-05-31"])),
      ]);
      // The period holding DAY, or (one in eight) an earlier one: a catch-up of several periods.
      let k = 0;
      while (addMonths(anchor, (k + 1) * months).toString() <= DAY) k++;
      if (r() < 0.125 && k > 1) k -= 1 + Math.floor(r() * Math.min(k - 1, 3));
      let next = addMonths(anchor, k * months);
      if (r() < 0.08) next = addDays(next, 1 + Math.floor(r() * 9)); // off the boundary: a partial period
      if (next.toString() > DAY) next = addMonths(anchor, k * months);
      const periodEnd = addDays(addMonths(anchor, (k + 1) * months), -1);
      const endsOn = pick([null, null, null, periodEnd, addDays(periodEnd, -3), addDays(periodEnd, 40)]);
      const currency = pick(["EUR", "EUR", "JPY", "BHD"]);
      const promo = r() < 0.4;
      const monetary = r() < 0.5;
      const nextPrice = r() < 0.15;
      items.push({
        id: `bit_t${String(n).padStart(6, "0")}`,
        addon: `add_t${String(n).padStart(6, "0")}`,
        bill_to: pick(["acc_taxed", "acc_odd", "acc_plain"]),
        term: term satisfies Term,
        quantity: pick([1, 3, 7, 60, 999, 1 + Math.floor(r() * 5000)]),
        unit_price: String(pick([0, 1, 999, 1234, 1500, 9999, Math.floor(r() * 1e9)])),
        discount: pick([0, 0, 500, 1234, 3333, 10000]),
        currency,
        anchor: anchor.toString(),
        next: next.toString(),
        ends_on: endsOn && endsOn.toString() >= next.toString() ? endsOn.toString() : null,
        next_unit_price: nextPrice ? String(Math.floor(r() * 1e6)) : null,
        next_discount: nextPrice && r() < 0.5 ? pick([0, 250, 1500]) : null,
        next_price_from: nextPrice
          ? pick([next.toString(), addDays(next, 1).toString(), "2020-01-01"])
          : null,
        promotion_id: promo ? "prm_x" : null,
        promotion_name: promo ? pick(["Spring", 'Quote "q"', "Ünïcode"]) : null,
        promotion_value_type: promo ? (monetary ? "monetary" : "percentage") : null,
        promotion_value: promo
          ? String(monetary ? pick([1, 5, 150, 1_000_000_000]) : pick([1, 5, 250, 1500, 3333, 10000]))
          : null,
        promotion_until: promo
          ? pick([null, next.toString(), addDays(next, 1).toString(), "2030-01-01"])
          : null,
      });
    }
    await t.deps.db.execute(sql`
      insert into billing_items (id, tenant_id, account_id, bill_to_account_id, subscription_id, addon_id, product_id,
        description, term, quantity, unit_price, discount_basis_points, currency, cycle_anchor, next_period_start,
        ends_on, next_unit_price, next_discount_basis_points, next_price_from, promotion_id, promotion_name,
        promotion_value_type, promotion_value, promotion_until, status, created_at, updated_at)
      select v.id, ${tenantId}, v.bill_to, v.bill_to, ${subscriptionId}, v.addon, 'prd_x', 'Item ' || v.id, v.term,
        v.quantity, v.unit_price, v.discount, v.currency, v.anchor, v.next, v.ends_on, v.next_unit_price,
        v.next_discount, v.next_price_from, v.promotion_id, v.promotion_name, v.promotion_value_type,
        v.promotion_value, v.promotion_until, 'active', now(), now()
      from jsonb_to_recordset(${JSON.stringify(items)}::jsonb) as v(id text, addon text, bill_to text, term text,
        quantity int, unit_price bigint, discount int, currency text, anchor date, next date, ends_on date,
        next_unit_price bigint, next_discount int, next_price_from date, promotion_id text, promotion_name text,
        promotion_value_type text, promotion_value bigint, promotion_until date)`);
  });
  after(() => t.close());

  it("calls common exactly the items duePeriods bills as one whole period, and prices them identically", async () => {
    const flags = await queryRows<{ id: string; common: boolean }>(
      t.deps.db,
      sql`select i.id, ${commonCase(DAY)} as common from billing_items i
          where i.tenant_id = ${tenantId} and i.id like 'bit_t%' order by i.id`,
    );
    const tax = new Map([
      ["acc_taxed", 2100],
      ["acc_odd", 777],
      ["acc_plain", 0],
    ]);
    const expected = new Map<string, Record<string, string | number | boolean | null>>();
    for (const it of items) {
      const next = parseDate(it.next as string);
      const useNext = it.next_price_from !== null && (it.next as string) >= (it.next_price_from as string);
      const lines = duePeriods(
        {
          term: it.term as Term,
          quantity: it.quantity as number,
          unitPrice: BigInt(
            useNext && it.next_unit_price !== null
              ? (it.next_unit_price as string)
              : (it.unit_price as string),
          ),
          discountBasisPoints:
            useNext && it.next_discount !== null ? (it.next_discount as number) : (it.discount as number),
          currency: it.currency as string,
          cycleAnchor: parseDate(it.anchor as string),
          nextPeriodStart: next,
          endsOn: it.ends_on ? parseDate(it.ends_on as string) : null,
          promotion: itemPromotion({
            promotionId: it.promotion_id as string | null,
            promotionName: it.promotion_name as string | null,
            promotionValueType: it.promotion_value_type as string | null,
            promotionValue: it.promotion_value === null ? null : BigInt(it.promotion_value as string),
            promotionUntil: it.promotion_until as string | null,
          }),
        },
        parseDate(DAY),
        { prorate: true },
      );
      const l = lines[0];
      const whole = lines.length === 1 && l && l.from.equals(l.periodStart) && l.to.equals(l.periodEnd);
      if (!whole || !l) continue;
      const rate = tax.get(it.bill_to as string)!;
      expected.set(it.id as string, {
        period_start: l.periodStart.toString(),
        period_end: l.periodEnd.toString(),
        from_date: l.from.toString(),
        to_date: l.to.toString(),
        days: l.days,
        period_days: l.periodDays,
        quantity: l.quantity,
        unit_price: l.unitPrice.toString(),
        periods_per_term: l.periodsPerTerm,
        discount_basis_points: l.discountBasisPoints,
        installment_no: l.installmentNo,
        prorated: l.prorated,
        amount: l.amount.toString(),
        tax_rate_basis_points: rate,
        tax: lineTax(l.amount, rate).toString(),
        explanation: l.explanation,
        promotion_id: l.promotion?.id ?? null,
        promotion_name: l.promotion?.name ?? null,
        promotion_value_type: l.promotion?.valueType ?? null,
        promotion_value: l.promotion?.value.toString() ?? null,
        dedupe_key: `rec:${it.id}:${l.periodStart}`,
        invoice_on: l.from.toString(),
        next: addDays(l.to, 1).toString(),
        ended: it.ends_on !== null && addDays(l.to, 1).toString() > (it.ends_on as string),
      });
    }
    const sqlCommon = flags.filter((f) => f.common).map((f) => f.id);
    assert.deepEqual(
      sqlCommon,
      [...expected.keys()].sort(),
      "SQL's common case is exactly the whole single periods",
    );
    assert.ok(sqlCommon.length > N / 2 && sqlCommon.length < N, `a mix: ${sqlCommon.length} of ${N} common`);

    const rows = await queryRows<Record<string, string | number | boolean | null>>(
      t.deps.db,
      sql`select item_id, period_start::text, period_end::text, from_date::text, to_date::text, days, period_days,
            quantity, unit_price::text, periods_per_term, discount_basis_points, installment_no, prorated,
            amount::text, tax_rate_basis_points, tax::text, explanation, promotion_id, promotion_name,
            promotion_value_type, promotion_value::text, dedupe_key, invoice_on::text, next::text, ended
          from (${pricedCommonLines({
            tenantId,
            itemIds: sqlCommon,
            chargeIds: sqlCommon.map((id) => `chg_${id}`),
            documentIds: sqlCommon.map(() => "inv_x"),
          })}) q order by item_id`,
    );
    assert.equal(rows.length, sqlCommon.length);
    for (const row of rows) {
      const { item_id, ...got } = row;
      assert.deepEqual(
        Object.fromEntries(Object.entries(got).map(([k, v]) => [k, typeof v === "bigint" ? String(v) : v])),
        expected.get(item_id as string),
        `item ${item_id}`,
      );
    }
  });
});
