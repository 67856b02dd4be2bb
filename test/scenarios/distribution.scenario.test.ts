import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createPriceList, upsertPriceListEntries } from "../../src/modules/catalog/index.ts";
import { checkConsistency } from "../../src/modules/distribution/index.ts";
import {
  cancelAddon,
  changeQuantity,
  setAutoRenew,
  upgradeSubscription,
} from "../../src/modules/subscriptions/index.ts";
import { queryRows, sql } from "../../src/shared/db.ts";
import { formatAmount } from "../../src/shared/money.ts";
import {
  advance,
  copyOf,
  drain,
  type TenantWorld,
  tenantSubscription,
  tenantWorld,
} from "../distribution-fixtures.ts";
import { createTestContext, type TestContext } from "../harness.ts";

/**
 * Issue 6's year: a tenant reseller sells Dropbox Standard with a storage pack, adds licences,
 * cancels the add-on, upgrades part of the team to Business, turns off auto-renew on that part —
 * and both BSSs bill month after month on the manual clock. The distributor's invoices and credit
 * notes to the tenant reseller are asserted to the cent (its price list: Standard 10.00, Business
 * 15.00, 1 TB pack 8.00 per licence and month; anniversary billing, prorated, Order Day), and the
 * consistency check finds no difference at any month end.
 */
describe("scenario: a tenant reseller's year in the distributor's books", () => {
  let t: TestContext;
  let w: TenantWorld;
  before(async () => {
    t = await createTestContext({ start: "2026-01-15T09:00:00Z" });
    w = await tenantWorld(t.deps);
    const list = await createPriceList(t.deps, w.actors.distributorAdmin, {
      name: "Nimbus in Northwind",
      ownerAccountId: w.resellerAccountId,
    });
    const id = async (sku: string) => (await w.product(w.distributor.id, sku)).id;
    await upsertPriceListEntries(t.deps, w.actors.distributorAdmin, list.id, [
      { productId: await id("DBX-STD-MCMB"), unitPrice: "10.00" },
      { productId: await id("DBX-BUS-MCMB"), unitPrice: "15.00" },
      { productId: await id("DBX-1TB-MCMB"), unitPrice: "8.00" },
    ]);
  });
  after(() => t.close());

  /** The distributor's documents to the tenant reseller: number, date, gross. */
  const toTenant = async () =>
    (
      await queryRows<{ number: string; issue_date: string; gross: string; currency: string }>(
        t.deps.db,
        sql`select number, issue_date::text, gross::text, currency from billing_documents
            where tenant_id = ${w.distributor.id} and account_id = ${w.resellerAccountId}
            order by issue_date, kind desc, seq`,
      )
    ).map((d) => `${d.issue_date} ${d.number} ${formatAmount(BigInt(d.gross), d.currency)}`);

  const consistent = async (when: string) => {
    const report = await checkConsistency(t.deps, w.actors.distributorViewer, w.tenant.id);
    assert.equal(report.pendingEvents, 0, when);
    assert.deepEqual(report.differences, [], `no difference ${when}`);
  };

  it("R-TEN-04 twelve months: every change mirrored, the distributor's invoices to the tenant reseller to the cent, no difference", async () => {
    const ctx = w.tenantCtx;
    // 15 Jan: 5 × Standard with a 1 TB pack.
    const std = await tenantSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 5,
      addons: [{ sku: "DBX-1TB-MCMB", quantity: 1 }],
    });
    await drain(t.deps);
    await advance(t.deps, { days: 19 }); // 3 Feb
    await changeQuantity(t.deps, ctx, { subscriptionId: std.id, quantity: 8 });
    await drain(t.deps); // the worker applies each change to the copy within moments
    await advance(t.deps, { days: 41 }); // 16 Mar (renewed 15 Mar: a new change window)
    await consistent("after the increase and two renewals");
    const [pack] = await queryRows<{ id: string }>(
      t.deps.db,
      sql`select id from subscription_addons where subscription_id = ${std.id} and status = 'active'`,
    );
    await cancelAddon(t.deps, ctx, { subscriptionId: std.id, addonId: pack!.id });
    await drain(t.deps);
    await advance(t.deps, { days: 4 }); // 20 Mar
    await upgradeSubscription(t.deps, ctx, {
      subscriptionId: std.id,
      targetProductId: (await w.product(w.tenant.id, "DBX-BUS-MCMB")).id,
      quantity: 3,
    });
    await drain(t.deps);
    const [bus] = await queryRows<{ id: string }>(
      t.deps.db,
      sql`select id from subscriptions where parent_subscription_id = ${std.id}`,
    );
    await advance(t.deps, { days: 82 }); // 10 Jun
    await consistent("after the add-on cancellation and the partial upgrade");
    await setAutoRenew(t.deps, ctx, { subscriptionId: bus!.id, autoRenew: false });
    await drain(t.deps);
    await advance(t.deps, { days: 219 }); // 15 Jan 2027
    await consistent("after a year");

    const busCopy = (await copyOf(t.deps, w, bus!.id))!;
    const stdCopy = (await copyOf(t.deps, w, std.id))!;
    assert.equal(busCopy.status, "inactive", "Inactive after its term (15 May – 14 Jun) in both BSSs");
    assert.deepEqual([stdCopy.status, stdCopy.quantity], ["active", 5]);
    assert.deepEqual(await toTenant(), [
      "2026-01-15 INV-000001 58.00", // 5 × 10.00 + 1 × 8.00, 15 Jan – 14 Feb
      "2026-02-03 INV-000002 11.61", // 3 × 10.00 × 12/31 (3–14 Feb)
      "2026-02-15 INV-000003 88.00", // 8 × 10.00 + 8.00
      "2026-03-15 INV-000004 88.00",
      "2026-03-16 CN-000001 -7.74", // the pack's unused 30/31 of 15 Mar – 14 Apr
      "2026-03-20 INV-000005 37.74", // 3 × 15.00 × 26/31 (20 Mar – 14 Apr), on the origin's cycle
      "2026-03-20 CN-000002 -25.16", // 3 × 10.00 × 26/31 moved off Standard
      "2026-04-15 INV-000006 95.00", // 5 × 10.00 + 3 × 15.00
      "2026-05-15 INV-000007 95.00",
      "2026-06-15 INV-000008 50.00", // Business ended 14 Jun: renew automatically was off in its term
      "2026-07-15 INV-000009 50.00",
      "2026-08-15 INV-000010 50.00",
      "2026-09-15 INV-000011 50.00",
      "2026-10-15 INV-000012 50.00",
      "2026-11-15 INV-000013 50.00",
      "2026-12-15 INV-000014 50.00",
      "2027-01-15 INV-000015 50.00",
    ]);
    // Both BSSs billed: the tenant invoiced its customer every month too.
    const [tenantDocs] = await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from billing_documents where tenant_id = ${w.tenant.id} and kind = 'invoice'`,
    );
    assert.ok((tenantDocs?.n ?? 0) >= 13, `the tenant's own invoices: ${tenantDocs?.n}`);
    // Distributor orders for the purchases only: the plan (with its pack), the increase, the partial upgrade.
    const orders = await queryRows<{ order_date: string; note: string }>(
      t.deps.db,
      sql`select order_date::text, note from orders where tenant_id = ${w.distributor.id} order by number`,
    );
    assert.deepEqual(
      orders.map((o) => `${o.order_date} ${o.note.split(" in ")[0]}`),
      ["2026-01-15 New subscription", "2026-02-03 Licence increase", "2026-03-20 Partial upgrade"],
    );
  });
});
