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
import { rejectsWith } from "../../../test/tenancy-fixtures.ts";
import { queryRows, sql } from "../../shared/db.ts";
import { createPriceList, upsertPriceListEntries } from "../catalog/index.ts";
import { listOrders } from "../orders/index.ts";
import {
  addAddon,
  cancelAddon,
  cancelSubscription,
  changeQuantity,
  downgradeSubscription,
  listSubscriptionHistory,
  reactivateSubscription,
  recordProvisioningResult,
  resumeSubscription,
  type SubscriptionChanged,
  setAutoRenew,
  suspendSubscription,
  upgradeSubscription,
} from "../subscriptions/index.ts";
import { updateAccount } from "../tenancy/index.ts";
import { applySubscriptionEvent, checkConsistency, setBackOrdering } from "./index.ts";

/** Tenant reseller → distributor copies (issue 6): R-TEN-01..04 and the reliability contract. */

describe("tenant reseller copies", () => {
  let t: TestContext;
  let w: TenantWorld;
  before(async () => {
    t = await createTestContext({ start: "2026-03-10T09:00:00Z" });
    w = await tenantWorld(t.deps);
  });
  after(() => t.close());

  const orders = (copyId: string) =>
    queryRows<{
      channel: string;
      status: string;
      order_date: string;
      note: string;
      quantity: number;
      account_id: string;
      reseller_account_id: string;
    }>(
      t.deps.db,
      sql`select o.channel, o.status, o.order_date::text, o.note, l.quantity, o.account_id, o.reseller_account_id
          from orders o join order_lines l on l.order_id = o.id
          where l.subscription_id = ${copyId} order by o.number, l.position`,
    );
  const charges = (copyId: string) =>
    queryRows<{ kind: string; amount: string; bill_to_account_id: string; period_start: string }>(
      t.deps.db,
      sql`select c.kind, c.amount::text, i.bill_to_account_id, c.period_start::text
          from billing_charges c join billing_items i on i.id = c.item_id
          where c.subscription_id = ${copyId} order by c.created_at, c.id`,
    );
  const productId = async (tenantId: string, sku: string) => (await w.product(tenantId, sku)).id;

  it("R-TEN-01 a trial is copied once it is upgraded to paid, with a Trial to paid order", async () => {
    const trial = await tenantSubscription(t.deps, w, { sku: "DBX-STD-MCMB-TRIAL", quantity: 3 });
    await drain(t.deps);
    assert.equal(await copyOf(t.deps, w, trial.id), undefined);
    await upgradeSubscription(t.deps, w.tenantCtx, {
      subscriptionId: trial.id,
      targetProductId: await productId(w.tenant.id, "DBX-STD-MCMB"),
    });
    await drain(t.deps);
    const copy = await copyOf(t.deps, w, trial.id);
    assert.equal(copy?.productId, await productId(w.distributor.id, "DBX-STD-MCMB"));
    assert.equal(copy?.isTrial, false);
    const [order] = await orders(copy!.id);
    assert.equal(order?.channel, "tenant");
    assert.equal(order?.status, "executed");
    assert.match(order?.note ?? "", /Trial to paid/);
    // Issue 13: the orders list filters by every channel an order can carry, `tenant` included.
    const listed = await listOrders(t.deps, w.actors.distributorViewer, { channel: "tenant", limit: 500 });
    assert.ok(listed.items.length > 0);
    assert.ok(listed.items.every((o) => o.channel === "tenant"));
    assert.deepEqual(await differences(t.deps, w), []);
  });

  it("R-TEN-02 the copy: name, customer, billing to the tenant reseller, dates, product, quantity, characteristics, auto-renew, status, sync status; priced from the tenant's price list in the distributor's BSS", async () => {
    // The tenant reseller's price list in the distributor's BSS: Business at 15.00 (list price 18.00).
    const list = await createPriceList(t.deps, w.actors.distributorAdmin, {
      name: "Tenant list",
      ownerAccountId: w.resellerAccountId,
    });
    await upsertPriceListEntries(t.deps, w.actors.distributorAdmin, list.id, [
      { productId: await productId(w.distributor.id, "DBX-BUS-MCMB"), unitPrice: "15.00" },
    ]);
    // "Use of API Options": the responsible user of new copies is the distributor's setting.
    await assert.rejects(
      setBackOrdering(t.deps, w.actors.distributorAdmin, {
        tenantId: w.tenant.id,
        enabled: true,
        responsibleUserId: w.users.tClerk.id,
      }),
      rejectsWith("validation_failed", /not an active staff user/),
    );
    const settings = await setBackOrdering(t.deps, w.actors.distributorAdmin, {
      tenantId: w.tenant.id,
      enabled: true,
      responsibleUserId: w.users.dAdmin.id,
    });
    assert.equal(settings.responsibleUserId, w.users.dAdmin.id);
    const source = await tenantSubscription(t.deps, w, { sku: "DBX-BUS-MCMB", quantity: 5 });
    await drain(t.deps);
    const copy = await copyOf(t.deps, w, source.id);
    assert.ok(copy);
    assert.equal(copy.responsibleUserId, w.users.dAdmin.id);
    const [customer] = await queryRows<{
      id: string;
      name: string;
      currency: string;
      parent_account_id: string;
    }>(
      t.deps.db,
      sql`select id, name, currency, parent_account_id from accounts where source_account_id = ${w.customer.id}`,
    );
    assert.equal(copy.name, `${w.customer.name} - ${source.name}`);
    assert.equal(copy.accountId, customer?.id);
    assert.equal(customer?.parent_account_id, w.resellerAccountId);
    assert.equal(customer?.currency, "EUR");
    assert.equal(copy.billToAccountId, w.resellerAccountId);
    assert.equal(copy.resellerAccountId, w.resellerAccountId);
    assert.equal(copy.startDate, source.startDate);
    assert.equal(copy.activationDate, source.activationDate);
    assert.equal(copy.quantity, 5);
    assert.deepEqual(copy.characteristics, source.characteristics);
    assert.equal(copy.autoRenew, true);
    assert.equal(copy.status, "active");
    assert.equal(copy.syncStatus, "synchronized");
    assert.equal(copy.externalId, source.externalId);
    assert.equal(copy.channel, "tenant");
    assert.equal(copy.unitPrice, 1500n, "the tenant's price list, not the tenant's own price (18.00)");
    assert.equal(copy.priceListId, list.id);
    // Billed to the tenant reseller from the start date: 5 × 15.00 for 10 Mar – 9 Apr.
    assert.deepEqual(
      (await charges(copy.id)).map((c) => [c.kind, c.amount, c.bill_to_account_id]),
      [["recurring", "7500", w.resellerAccountId]],
    );
    const [order] = await orders(copy.id);
    assert.deepEqual(
      [order?.channel, order?.status, order?.order_date, order?.quantity, order?.reseller_account_id],
      ["tenant", "executed", "2026-03-10", 5, w.resellerAccountId],
    );
    assert.match(order?.note ?? "", /New subscription/);
    // Sync status is mirrored (a failure in the tenant's BSS shows on the copy, with its reason).
    await recordProvisioningResult(t.deps, {
      tenantId: w.tenant.id,
      subscriptionId: source.id,
      outcome: "failed",
      error: "team_name_taken",
    });
    await drain(t.deps);
    const failed = await copyOf(t.deps, w, source.id);
    assert.equal(failed?.syncStatus, "failed");
    assert.deepEqual(await differences(t.deps, w), []);
  });

  it("R-TEN-04 each change in the tenant's BSS reaches the copy on the same effective date, with a history record, and purchases become distributor orders", async () => {
    const ctx = w.tenantCtx;
    const source = await tenantSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
      addons: [{ sku: "DBX-1TB-MCMB", quantity: 1 }],
    });
    await drain(t.deps);
    const copy = (await copyOf(t.deps, w, source.id))!;
    const step = async (what: string, run: () => Promise<unknown>) => {
      await run();
      assert.deepEqual(await differences(t.deps, w), [], `no difference after ${what}`);
    };
    await step("licence increase", () =>
      changeQuantity(t.deps, ctx, { subscriptionId: source.id, quantity: 6 }),
    );
    assert.equal((await copyOf(t.deps, w, source.id))?.quantity, 6);
    await step("add-on cancel", async () => {
      const addonId = (
        await queryRows<{ id: string }>(
          t.deps.db,
          sql`select id from subscription_addons where subscription_id = ${source.id}`,
        )
      )[0]!.id;
      await cancelAddon(t.deps, ctx, { subscriptionId: source.id, addonId });
    });
    await step("add-on added", async () =>
      addAddon(t.deps, ctx, {
        subscriptionId: source.id,
        productId: await productId(w.tenant.id, "DBX-1TB-MCMB"),
      }),
    );
    await step("auto-renew off", () =>
      setAutoRenew(t.deps, ctx, { subscriptionId: source.id, autoRenew: false }),
    );
    await step("auto-renew on", () =>
      setAutoRenew(t.deps, ctx, { subscriptionId: source.id, autoRenew: true }),
    );
    await step("suspend", () => suspendSubscription(t.deps, ctx, { subscriptionId: source.id }));
    assert.equal((await copyOf(t.deps, w, source.id))?.status, "suspended");
    await step("resume", () => resumeSubscription(t.deps, ctx, { subscriptionId: source.id }));
    await step("add-on cancel before the upgrade", async () => {
      const [live] = await queryRows<{ id: string }>(
        t.deps.db,
        sql`select id from subscription_addons where subscription_id = ${source.id} and status = 'active'`,
      );
      await cancelAddon(t.deps, ctx, { subscriptionId: source.id, addonId: live!.id });
    });
    await step("full upgrade", () =>
      productId(w.tenant.id, "DBX-BUS-MCMB").then((target) =>
        upgradeSubscription(t.deps, ctx, { subscriptionId: source.id, targetProductId: target }),
      ),
    );
    assert.equal(
      (await copyOf(t.deps, w, source.id))?.productId,
      await productId(w.distributor.id, "DBX-BUS-MCMB"),
    );
    await step("downgrade", () =>
      productId(w.tenant.id, "DBX-STD-MCMB").then((target) =>
        downgradeSubscription(t.deps, ctx, { subscriptionId: source.id, targetProductId: target }),
      ),
    );
    await step("partial upgrade", () =>
      productId(w.tenant.id, "DBX-BUS-MCMB").then((target) =>
        upgradeSubscription(t.deps, ctx, { subscriptionId: source.id, targetProductId: target, quantity: 3 }),
      ),
    );
    const [child] = await queryRows<{ id: string }>(
      t.deps.db,
      sql`select id from subscriptions where parent_subscription_id = ${source.id}`,
    );
    const childCopy = await copyOf(t.deps, w, child!.id);
    assert.equal(
      childCopy?.parentSubscriptionId,
      copy.id,
      "the second subscription's copy hangs off the origin's copy",
    );
    assert.equal(childCopy?.quantity, 3);
    assert.equal((await copyOf(t.deps, w, source.id))?.quantity, 3);

    // The copy's history: one record per tenant change, marked as coming from the tenant.
    const history = await listSubscriptionHistory(t.deps, w.actors.distributorViewer, {
      subscriptionId: copy.id,
      limit: 100,
      offset: 0,
    });
    const fromTenant = history.items.filter((h) => h.channel === "tenant").map((h) => h.action);
    for (const action of [
      "created",
      "quantity_increased",
      "addon_canceled",
      "addon_added",
      "suspended",
      "resumed",
      "upgraded",
      "downgraded",
    ])
      assert.ok(
        fromTenant.some((a) => a.includes(action.split("_")[0]!)),
        `history has ${action}: ${fromTenant.join(", ")}`,
      );
    // Purchases are distributor orders dated on their effective date: the copy, the increase, the add-on.
    const lines = (await orders(copy.id)).map((o) => `${o.note.split(" in ")[0]} × ${o.quantity}`);
    // The first order has two lines: the plan (3) and its storage pack (1).
    assert.deepEqual(lines, [
      "New subscription × 3",
      "New subscription × 1",
      "Licence increase × 3",
      "Add-on × 1",
    ]);
    assert.deepEqual(
      (await orders(childCopy!.id)).map((o) => o.note.split(" in ")[0]),
      ["Partial upgrade"],
    );
  });

  it("R-TEN-04 auto-renew off: both BSSs set it Inactive at term end; re-activation and cancellation follow", async () => {
    const source = await tenantSubscription(t.deps, w, { sku: "DBX-BUS-MCMB", quantity: 2 });
    await setAutoRenew(t.deps, w.tenantCtx, { subscriptionId: source.id, autoRenew: false });
    await drain(t.deps);
    const term = (await copyOf(t.deps, w, source.id))!.termEndDate;
    await advance(t.deps, { months: 1 });
    const copy = await copyOf(t.deps, w, source.id);
    assert.equal(copy?.status, "inactive", `inactive after ${term}`);
    assert.deepEqual(await differences(t.deps, w), []);
    await reactivateSubscription(t.deps, w.tenantCtx, { subscriptionId: source.id });
    await drain(t.deps);
    assert.equal((await copyOf(t.deps, w, source.id))?.status, "active");
    assert.deepEqual(await differences(t.deps, w), []);
    await cancelSubscription(t.deps, w.tenantCtx, { subscriptionId: source.id, mode: "immediate" });
    // A full cancellation waits for the vendor (R-CAN-05); once it confirms, both are Canceled.
    await recordProvisioningResult(t.deps, {
      tenantId: w.tenant.id,
      subscriptionId: source.id,
      outcome: "synchronized",
    });
    await drain(t.deps);
    const canceled = await copyOf(t.deps, w, source.id);
    assert.equal(canceled?.status, "canceled");
    const credits = (await charges(canceled!.id)).filter((c) => BigInt(c.amount) < 0n);
    assert.ok(credits.length > 0, "the distributor credits the tenant reseller the unused part");
    assert.deepEqual(await differences(t.deps, w), []);
  });

  it("issue 6: a customer's locked fields follow the tenant's changes; the distributor cannot edit them (R-TEN-05)", async () => {
    await tenantSubscription(t.deps, w, { sku: "DBX-BUS-MCMB", quantity: 1 });
    await drain(t.deps);
    await updateAccount(t.deps, w.actors.tenantClerk, {
      accountId: w.customer.id,
      patch: { name: "Orion Retail Group", email: "billing@orion.test", accountingNumber: "ORI-7" },
    });
    await drain(t.deps);
    const [copy] = await queryRows<{ id: string; name: string; email: string; accounting_number: string }>(
      t.deps.db,
      sql`select id, name, email, accounting_number from accounts where source_account_id = ${w.customer.id}`,
    );
    assert.deepEqual(
      [copy?.name, copy?.email, copy?.accounting_number],
      ["Orion Retail Group", "billing@orion.test", "ORI-7"],
    );
    // R-TEN-02: the copies' names follow ("<End Customer Name> - <Product Name>").
    const names = await queryRows<{ name: string }>(
      t.deps.db,
      sql`select name from subscriptions where account_id = ${copy!.id}`,
    );
    assert.ok(names.length > 0);
    for (const { name } of names) assert.match(name, /^Orion Retail Group - Dropbox /);
    await assert.rejects(
      updateAccount(t.deps, w.actors.distributorAdmin, { accountId: copy!.id, patch: { name: "Renamed" } }),
      rejectsWith("R-TEN-05", /name change only in the reseller's BSS/),
    );
    assert.deepEqual(await differences(t.deps, w), []);
  });

  it("issue 6 reliability: replaying every event changes nothing; the check finds a difference made behind its back", async () => {
    await drain(t.deps);
    const events = await queryRows<{ payload: SubscriptionChanged }>(
      t.deps.db,
      sql`select payload from jobs where kind = 'subscription.changed' and tenant_id = ${w.tenant.id} order by seq`,
    );
    assert.ok(events.length > 10);
    const state = () =>
      queryRows(
        t.deps.db,
        sql`select (select json_agg(s order by s.id) from subscriptions s where s.tenant_id = ${w.distributor.id}) as subs,
                   (select count(*) from billing_charges where tenant_id = ${w.distributor.id}) as charges,
                   (select count(*) from orders where tenant_id = ${w.distributor.id}) as orders,
                   (select count(*) from subscription_history where tenant_id = ${w.distributor.id}) as history`,
      );
    const before = JSON.stringify(await state());
    for (const e of events) assert.equal(await applySubscriptionEvent(t.deps, e.payload), "replayed");
    assert.equal(JSON.stringify(await state()), before);

    const [one] = await queryRows<{ id: string; source_subscription_id: string }>(
      t.deps.db,
      sql`select id, source_subscription_id from subscriptions where managed_by_tenant_id = ${w.tenant.id} and status = 'active' limit 1`,
    );
    await t.deps.db.execute(sql`update subscriptions set quantity = quantity + 7 where id = ${one!.id}`);
    const report = await checkConsistency(t.deps, w.actors.distributorViewer, w.tenant.id);
    assert.equal(report.pendingEvents, 0);
    assert.deepEqual(
      report.differences.map((d) => [d.sourceId, d.copyId, d.field]),
      [[one!.source_subscription_id, one!.id, "quantity"]],
    );
    await t.deps.db.execute(sql`update subscriptions set quantity = quantity - 7 where id = ${one!.id}`);
    assert.deepEqual(await differences(t.deps, w), []);
  });
});
