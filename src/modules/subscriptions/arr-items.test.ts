import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { createTestSubscription, setupSubscriptionWorld } from "../../../test/subscription-fixtures.ts";
import { queryRows, sql } from "../../shared/db.ts";

/**
 * Issue 16: `subscription_arr_items` (migration 0024), kept by triggers, always equals a
 * from-scratch recomputation of every live paid subscription's ARR per item (0023's definitions),
 * after a seeded random mix of raw writes: status, trial, quantity, price, discount, term,
 * promotion, product and dimension changes, set-based updates, add-ons added, changed, cancelled,
 * revived and deleted.
 */
describe("current ARR per subscription item (issue 16)", () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof setupSubscriptionWorld>>;
  const subs: string[] = [];
  const products: string[] = [];
  before(async () => {
    t = await createTestContext({ start: "2026-03-10T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
    for (const sku of ["DBX-STD-MCMB", "DBX-STD-AC1Y", "DBX-EDU-MCMB", "DBXS-STD-MCMB", "DBXS-SP-MCMB"])
      products.push((await w.product(sku)).id);
    for (let i = 0; i < 6; i++) {
      const { subscription } = await createTestSubscription(t.deps, w, {
        sku: i % 2 === 0 ? "DBXS-STD-MCMB" : "DBX-STD-MCMB",
        quantity: 1 + i,
        ...(i % 2 === 0 ? { addons: [{ sku: "DBXS-SP-MCMB", quantity: 1 + i }] } : {}),
      });
      subs.push(subscription.id);
    }
  });
  after(() => t.close());

  const stored = () =>
    queryRows(
      t.deps.db,
      sql`select subscription_id, item_id, currency, account_id, reseller_account_id, managed_by_tenant_id,
            product_id, arr_e8::text, base from subscription_arr_items where tenant_id = ${w.tenant.id}
          order by subscription_id, item_id`,
    );
  const recomputed = () =>
    queryRows(
      t.deps.db,
      sql`select * from (
            select s.id as subscription_id, '' as item_id, s.currency, s.account_id, s.reseller_account_id,
              s.managed_by_tenant_id, s.product_id,
              subscription_base_arr_e8(s.status, s.is_trial, s.quantity, s.unit_price, s.discount_basis_points,
                s.term, s.promotion, s.product_id)::text as arr_e8, 1 as base
            from subscriptions s where s.tenant_id = ${w.tenant.id} and subscription_live_paid(s.status, s.is_trial)
            union all
            select s.id, a.id, s.currency, s.account_id, s.reseller_account_id, s.managed_by_tenant_id, a.product_id,
              (a.quantity::numeric * a.unit_price * subscription_term_factor(s.term) * (10000 - s.discount_basis_points)
                * 10000)::text, 0
            from subscriptions s join subscription_addons a on a.subscription_id = s.id and a.status = 'active'
            where s.tenant_id = ${w.tenant.id} and subscription_live_paid(s.status, s.is_trial)) x
          order by subscription_id, item_id`,
    );

  it("equals a from-scratch recomputation after a random mix of changes", async () => {
    let seed = 16;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = <T>(xs: readonly T[]) => xs[rnd(xs.length)]!;
    const promotions = [
      null,
      { kind: "recurring", valueType: "percentage", value: 1500 },
      { kind: "recurring", valueType: "monetary", value: 700 },
      { kind: "recurring", valueType: "percentage", value: 2000, productId: "elsewhere" },
      { kind: "one-time", valueType: "percentage", value: 5000 },
    ];
    let addonNo = 0;
    assert.deepEqual(await stored(), await recomputed(), "after the orders");
    for (let step = 0; step < 80; step++) {
      const s = pick(subs);
      const db = t.deps.db;
      switch (rnd(11)) {
        case 0:
          await db.execute(sql`update subscriptions set status = ${pick(["active", "suspended", "pending_for_cancel", "inactive"])}
            where id = ${s}`);
          break;
        case 1:
          await db.execute(sql`update subscriptions set is_trial = not is_trial,
            trial_end_date = case when is_trial then null else date '2026-04-10' end where id = ${s}`);
          break;
        case 2:
          await db.execute(sql`update subscriptions set quantity = ${1 + rnd(20)}, unit_price = ${1 + rnd(100000)}
            where id = ${s}`);
          break;
        case 3:
          await db.execute(sql`update subscriptions set discount_basis_points = ${rnd(3000)}, term = ${pick(["MCMB", "AC1M", "AC1Y"])}
            where id = ${s}`);
          break;
        case 4:
          await db.execute(sql`update subscriptions set promotion = ${JSON.stringify(pick(promotions))}::jsonb
            where id = ${s}`);
          break;
        case 5:
          await db.execute(sql`update subscriptions set product_id = ${pick(products)},
            reseller_account_id = ${pick([w.reseller.id, null])} where id = ${s}`);
          break;
        case 6: // set-based, many rows in one statement
          await db.execute(
            sql`update subscriptions set quantity = quantity + 1 where tenant_id = ${w.tenant.id}`,
          );
          break;
        case 7:
          await db.execute(sql`insert into subscription_addons (id, tenant_id, subscription_id, product_id, name,
              quantity, unit_price, unit_cost, status, added_date, window_start_date, created_at, updated_at)
            select ${`arr-addon-${++addonNo}`}, tenant_id, id, ${`addon-product-${addonNo}`}, 'Extra', ${1 + rnd(9)},
              ${1 + rnd(5000)}, 0, 'active', date '2026-03-10', date '2026-03-10', now(), now()
            from subscriptions where id = ${s}`);
          break;
        case 8:
          await db.execute(sql`update subscription_addons set quantity = ${1 + rnd(9)}, unit_price = ${1 + rnd(5000)}
            where subscription_id = ${s}`);
          break;
        case 9:
          await db.execute(sql`update subscription_addons set status = case when status = 'active' then 'canceled' else 'active' end,
              canceled_date = case when status = 'active' then date '2026-03-11' end
            where id in (select id from subscription_addons where subscription_id = ${s} limit 1)
              and (status = 'active' or product_id like 'addon-product-%')`);
          break;
        default:
          await db.execute(sql`delete from subscription_addons
            where id in (select id from subscription_addons where subscription_id = ${s} limit 1)`);
      }
      assert.deepEqual(await stored(), await recomputed(), `after step ${step}`);
    }
    const live = await recomputed();
    assert.ok(live.length > 3, "the mix leaves live subscriptions to compare");
  });
});
