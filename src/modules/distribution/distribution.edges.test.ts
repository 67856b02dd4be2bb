import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  advance,
  copyOf,
  differences,
  drain,
  type TenantWorld,
  tenantSubscription,
  tenantWorld,
} from "../../../test/distribution-fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { addDays } from "../../shared/dates.ts";
import { queryRows, sql, transaction } from "../../shared/db.ts";
import {
  changeQuantity,
  createSubscription,
  reactivateSubscription,
  recordProvisioningResult,
  setAutoRenew,
  todayFor,
  upgradeSubscription,
} from "../subscriptions/index.ts";
import { checkConsistency } from "./index.ts";

/** Review (issue 6): copies of future-dated subscriptions, stuck queues, consistency blind spots. */
describe("tenant copies: edge cases (found by review)", () => {
  let t: TestContext;
  let w: TenantWorld;
  before(async () => {
    t = await createTestContext({ start: "2026-03-10T09:00:00Z" });
    w = await tenantWorld(t.deps);
  });
  after(() => t.close());

  it("R-TEN-02 a subscription starting in 10 days: the copy follows its dates, status and money", async () => {
    const product = await w.product(w.tenant.id, "DBX-BUS-MCMB");
    const src = await transaction(t.deps.db, async (tx) => {
      const today = await todayFor(t.deps, tx, w.tenant.id);
      return (
        await createSubscription(t.deps, tx, w.tenantCtx, {
          accountId: w.customer.id,
          resellerAccountId: null,
          orderId: null,
          orderLineId: null,
          product,
          quantity: 2,
          billingPlan: "monthly",
          unitPrice: product.listPrice,
          unitCost: product.cost,
          currency: product.currency,
          priceListId: null,
          adminEmail: "future@orion.test",
          serviceDetails: {},
          startDate: addDays(today, 10),
          today,
          addons: [],
        })
      ).subscription;
    });
    await drain(t.deps);
    const first = (await copyOf(t.deps, w, src.id))!;
    // R-TEN-02: Inactive until its start date — which is not a difference from the tenant's Active.
    assert.equal(first.status, "inactive");
    assert.deepEqual(await differences(t.deps, w), []);
    // The vendor confirms today (an ordinary event with today's effective date).
    await recordProvisioningResult(t.deps, {
      tenantId: w.tenant.id,
      subscriptionId: src.id,
      outcome: "synchronized",
      externalId: `dbtid:${src.id}`,
    });
    await drain(t.deps);
    const copy = (await copyOf(t.deps, w, src.id))!;
    const fresh = (
      await queryRows<{ term_start_date: string; term_end_date: string; status: string }>(
        t.deps.db,
        sql`select term_start_date::text, term_end_date::text, status from subscriptions where id = ${src.id}`,
      )
    )[0]!;
    assert.deepEqual(
      [copy.termStartDate, copy.termEndDate],
      [fresh.term_start_date, fresh.term_end_date],
      "the copy's term is the tenant's (same start date)",
    );
    assert.deepEqual(await differences(t.deps, w), []);
  });

  it("R-TEN-04 re-activation: the copy's new term and money match the tenant's", async () => {
    const src = await tenantSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 2 });
    await setAutoRenew(t.deps, w.tenantCtx, { subscriptionId: src.id, autoRenew: false });
    await drain(t.deps);
    await advance(t.deps, { days: 40 });
    await reactivateSubscription(t.deps, w.tenantCtx, { subscriptionId: src.id });
    await drain(t.deps);
    await advance(t.deps, { days: 35 });
    const copy = (await copyOf(t.deps, w, src.id))!;
    const [s] = await queryRows<{ term_start_date: string; term_end_date: string; status: string }>(
      t.deps.db,
      sql`select term_start_date::text, term_end_date::text, status from subscriptions where id = ${src.id}`,
    );
    assert.deepEqual([copy.termStartDate, copy.termEndDate], [s!.term_start_date, s!.term_end_date]);
    assert.deepEqual(await differences(t.deps, w), []);
  });

  it("issue 6 consistency: a copy whose copied fields (start date, activation date, name) diverge is reported", async () => {
    const src = await tenantSubscription(t.deps, w, { sku: "DBX-BUS-MCMB", quantity: 1 });
    await drain(t.deps);
    const copy = (await copyOf(t.deps, w, src.id))!;
    assert.deepEqual(await differences(t.deps, w), []);
    await t.deps.db.execute(
      sql`update subscriptions set start_date = start_date - 5, activation_date = activation_date - 5,
            name = 'Someone else - Dropbox' where id = ${copy.id}`,
    );
    const report = await checkConsistency(t.deps, w.actors.distributorViewer, w.tenant.id);
    assert.ok(
      report.differences.some((d) => d.copyId === copy.id),
      `the start date, activation date and name of ${copy.id} differ from the tenant's, but the check lists ${JSON.stringify(report.differences)}`,
    );
    await t.deps.db.execute(
      sql`update subscriptions set start_date = start_date + 5, activation_date = activation_date + 5,
            name = ${copy.name} where id = ${copy.id}`,
    );
  });

  it("R-TEN-01 a partial upgrade from a plan the distributor does not offer: the new subscription is copied (not retried forever)", async () => {
    const src = await tenantSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 6 });
    const std = await w.product(w.distributor.id, "DBX-STD-MCMB");
    // The distributor stopped offering Standard before the tenant sold it.
    await t.deps.db.execute(sql`update products set status = 'retired' where id = ${std.id}`);
    try {
      await drain(t.deps);
      assert.equal(await copyOf(t.deps, w, src.id), undefined);
      await upgradeSubscription(t.deps, w.tenantCtx, {
        subscriptionId: src.id,
        targetProductId: (await w.product(w.tenant.id, "DBX-BUS-MCMB")).id,
        quantity: 3,
      });
      await drain(t.deps);
      const [child] = await queryRows<{ id: string }>(
        t.deps.db,
        sql`select id from subscriptions where parent_subscription_id = ${src.id}`,
      );
      const jobs = await queryRows<{ status: string; attempts: number }>(
        t.deps.db,
        sql`select status, attempts from jobs where queue = ${`subevents:${child!.id}`}`,
      );
      assert.deepEqual(jobs, [{ status: "done", attempts: 1 }], "applied at once, not retried");
      assert.ok(await copyOf(t.deps, w, child!.id), "the Business subscription is copied");
    } finally {
      await t.deps.db.execute(sql`update products set status = 'active' where id = ${std.id}`);
    }
  });

  it("R-TEN-02 the billing cycle is copied: an annual (one-off billed) AC1Y subscription's copy has the tenant's billing plan", async () => {
    const src = await tenantSubscription(t.deps, w, { sku: "DBX-STD-AC1Y", quantity: 3 });
    await drain(t.deps);
    const copy = (await copyOf(t.deps, w, src.id))!;
    assert.ok(copy);
    assert.equal(src.billingPlan, "one_off");
    assert.equal(copy.billingPlan, src.billingPlan, "R-TEN-02: billing cycle copied from the reseller's BSS");
  });

  it("issue 6 previews emit no event", async () => {
    const src = await tenantSubscription(t.deps, w, { sku: "DBX-BUS-MCMB", quantity: 3 });
    await drain(t.deps);
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          t.deps.db,
          sql`select count(*)::int as n from jobs where queue = ${`subevents:${src.id}`}`,
        )
      )[0]!.n;
    const before = await count();
    await changeQuantity(t.deps, w.tenantCtx, { subscriptionId: src.id, quantity: 5 }, { dryRun: true });
    assert.equal(await count(), before);
  });
});
