import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { customCatalog } from "../../../test/catalog-fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { adminEmail, line, type OrderWorld, orderWorld, rowsOf } from "../../../test/order-fixtures.ts";
import { rejectsWith } from "../../../test/tenancy-fixtures.ts";
import { sql } from "../../shared/db.ts";
import { createPriceList, upsertPriceListEntries } from "../catalog/index.ts";
import { createAccount } from "../tenancy/index.ts";
import { cancelOrder, executeOrder, getOrder, placeBssOrder } from "./index.ts";

/** Back-office orders through the use cases: pre-check, numbering, execution (R-ORD-08), statuses. */

describe("BSS orders", () => {
  let ctx: TestContext;
  let w: OrderWorld;
  const place = (input: object, dryRun = false) => placeBssOrder(ctx.deps, w.actors.clerk, input, { dryRun });
  const subscriptionsOf = (orderId: string) =>
    rowsOf<Record<string, unknown>>(
      ctx.deps,
      "subscriptions",
      sql`order_id = ${orderId} order by order_line_id`,
    );
  const count = async (table: string) =>
    (await rowsOf(ctx.deps, table, sql`tenant_id = ${w.tenant.id}`)).length;

  before(async () => {
    ctx = await createTestContext();
    w = await orderWorld(ctx.deps);
  });
  after(() => ctx.close());

  it("R-PRC-03 an order is priced in the paying account's currency or refused naming the product and the currency — never relabelled (issue 13)", async () => {
    const reseller = await createAccount(ctx.deps, w.actors.clerk, {
      kind: "reseller",
      edition: "basic",
      name: "Dollar Reseller",
      currency: "USD",
    });
    const customer = await createAccount(ctx.deps, w.actors.clerk, {
      kind: "end_customer",
      parentAccountId: reseller.id,
      name: "Dollar Customer",
      currency: "USD",
    });
    const input = { accountId: customer.id, lines: [line(w, "DBX-STD-MCMB", 3)] };
    const before = await count("subscriptions");
    const preview = await place(input, true);
    assert.deepEqual(
      preview.violations.map((v) => [v.code, v.field, v.details?.currency]),
      [["R-PRC-03", "productId", "USD"]],
    );
    assert.match(preview.violations[0]!.message, /no price in USD/);
    await assert.rejects(place(input), rejectsWith("R-PRC-03"));
    assert.equal(await count("subscriptions"), before);
    // A USD price list for the reseller prices it in USD.
    const list = await createPriceList(ctx.deps, w.actors.clerk, {
      name: "USD list",
      ownerAccountId: reseller.id,
      currency: "USD",
    });
    await upsertPriceListEntries(ctx.deps, w.actors.clerk, list.id, [
      { productId: w.id("DBX-STD-MCMB"), unitPrice: "13.00" },
    ]);
    const { order } = await place(input);
    assert.equal(order.status, "executed");
    const [sub] = await subscriptionsOf(order.id);
    assert.equal(sub!.currency, "USD");
    assert.equal(String(sub!.unit_price), "1300");
  });

  it("R-ORD-08 executing creates the subscriptions with their add-ons; each line points to its subscription", async () => {
    const asv = line(w, "DBX-ASV-MCMB", 5, { addons: [{ sku: "DBX-ASV-10TB-MCMB" }] });
    // Asked with 5 (its own minimum, R-SGN-02: fewer is refused), set to the plan's 6 (R-SGN-04).
    const sign = line(w, "DBXS-PRE-MCMB", 6, { addons: [{ sku: "DBXS-SFDC-MCMB", quantity: 5 }] });
    const { order, preview } = await place({ accountId: w.customerA1.id, lines: [asv, sign] });
    assert.equal(preview, false);
    assert.equal(order.status, "executed");
    assert.equal(order.channel, "bss");
    const subs = await subscriptionsOf(order.id);
    assert.equal(subs.length, 2);
    for (const [i, l] of order.lines.entries()) {
      const sub = subs.find((s) => s.order_line_id === l.id)!;
      assert.equal(l.subscriptionId, sub.id);
      assert.equal(sub.account_id, w.customerA1.id);
      assert.equal(sub.reseller_account_id, w.resellerA.id);
      assert.equal(sub.channel, "bss");
      assert.equal(sub.status, "active");
      assert.equal(sub.sync_status, "pending", "provisioning (issue 5) confirms later");
      assert.equal(String(sub.unit_price), l.unitPrice!.minor);
      assert.equal(sub.admin_email, [asv, sign][i]!.serviceDetails!.adminEmail);
    }
    const addons = await rowsOf<{ subscription_id: string; quantity: number; product_id: string }>(
      ctx.deps,
      "subscription_addons",
      sql`subscription_id in (${sql.join(
        subs.map((s) => sql`${s.id}`),
        sql`, `,
      )})`,
    );
    assert.deepEqual(
      addons.map((a) => [a.product_id, a.quantity]).sort(),
      [
        [w.id("DBX-ASV-10TB-MCMB"), 1],
        [w.id("DBXS-SFDC-MCMB"), 6], // R-SGN-04: the BSS raises Sign add-ons to the plan's quantity
      ].sort(),
    );
    assert.equal(order.lines[1]!.addons[0]!.quantity, 6);
    assert.equal(order.lines[1]!.addons[0]!.requestedQuantity, 5, "the order says what it changed");
    assert.equal(order.lines[1]!.addons[0]!.quantityNote?.code, "R-SGN-04");
    const history = await rowsOf(ctx.deps, "subscription_history", sql`subscription_id = ${subs[0]!.id}`);
    assert.equal(history.length, 1);
  });

  it("R-ORD-07 the team name is the customer's name cut to 20 characters", async () => {
    const blue = await createAccount(ctx.deps, w.actors.clerk, {
      kind: "end_customer",
      parentAccountId: w.resellerA.id,
      name: "Blue River Dental Clinic Group",
    });
    const { order } = await place({ accountId: blue.id, lines: [line(w, "DBX-STD-MCMB", 3)] });
    assert.equal(order.lines[0]!.serviceDetails.teamName, "Blue River Dental Cl");
    const [sub] = await subscriptionsOf(order.id);
    assert.equal((sub!.service_details as Record<string, string>).teamName, "Blue River Dental Cl");
  });

  it("R-ORD-02 a plan for an admin email that already administers a live plan is refused and nothing is written", async () => {
    const email = adminEmail();
    const first = await place({
      accountId: w.customerA1.id,
      lines: [line(w, "DBX-STD-MCMB", 3, { serviceDetails: { resellerId: "R", adminEmail: email } })],
    });
    assert.equal(first.order.status, "executed");
    const [orders, subs] = [await count("orders"), await count("subscriptions")];
    const again = {
      accountId: w.customerA2.id,
      lines: [
        line(w, "DBX-STD-AC1Y", 3, { serviceDetails: { resellerId: "R", adminEmail: email.toUpperCase() } }),
      ],
    };
    await assert.rejects(
      place(again),
      (e: Error & { code?: string; details?: { violations: unknown[] } }) => {
        assert.equal(e.code, "R-ORD-02");
        assert.match(e.message, /already administers a Dropbox team/);
        assert.deepEqual(
          (e.details!.violations as { field: string; line: number }[]).map((v) => [v.field, v.line]),
          [["serviceDetails.adminEmail", 0]],
        );
        return true;
      },
    );
    assert.equal(await count("orders"), orders, "no order");
    assert.equal(await count("subscriptions"), subs, "no subscription");
    // The preview asks the same unique index and reports it as a violation.
    const preview = await place(again, true);
    assert.deepEqual(
      preview.violations.map((v) => v.code),
      ["R-ORD-02"],
    );
    // Dropbox Sign plans are not limited to one per admin email.
    const sign = await place({
      accountId: w.customerA2.id,
      lines: [line(w, "DBXS-STD-MCMB", 2, { serviceDetails: { resellerId: "R", adminEmail: email } })],
    });
    assert.equal(sign.order.status, "executed");
  });

  it("numbers are gapless per tenant: a refused order takes no number", async () => {
    const a = await place({ accountId: w.direct.id, lines: [line(w, "DBX-STD-MCMB", 3)] });
    await assert.rejects(
      place({ accountId: w.direct.id, lines: [line(w, "DBX-STD-MCMB", 1)] }),
      rejectsWith("R-ORD-01"),
    );
    const b = await place({ accountId: w.direct.id, lines: [line(w, "DBX-STD-MCMB", 4)] });
    assert.equal(b.order.number, a.order.number! + 1);
    assert.equal(a.order.onBehalf, false, "a direct customer's order");
  });

  it("R-ORD-09 a BSS order goes Submitted → Executed at once, with an event for each status", async () => {
    const { order } = await place({ accountId: w.customerA1.id, lines: [line(w, "DBX-STD-MCMB", 3)] });
    const full = await getOrder(ctx.deps, w.actors.viewer, order.id);
    assert.deepEqual(
      full.events.map((e) => [e.fromStatus, e.toStatus, e.actorKind]),
      [
        [null, "submitted", "bss"],
        ["submitted", "executed", "bss"],
      ],
    );
    assert.ok(full.submittedAt && full.executedAt);
    assert.equal(full.onBehalf, true, "an end customer's order placed by staff (R-DSH-02)");
    await assert.rejects(
      cancelOrder(ctx.deps, w.actors.clerk, order.id, {}),
      rejectsWith("conflict", /executed to canceled/),
    );
    // A Basic Edition reseller's customer has no Storefront and no approval step: executed at once too.
    const basic = await place({ accountId: w.customerB1.id, lines: [line(w, "DBX-STD-MCMB", 3)] });
    assert.equal(basic.order.status, "executed");
    assert.equal(basic.order.resellerAccountId, w.resellerB.id);
  });

  it("R-ORD-09 products without a service manager go In Progress; staff execute or cancel them", async () => {
    const custom = await customCatalog(ctx.deps, w.tenant.id);
    const input = {
      accountId: w.customerA1.id,
      lines: [
        {
          productId: custom.basic.id,
          quantity: 2,
          serviceDetails: { resellerId: "R", adminEmail: adminEmail() },
        },
      ],
    };
    const { order } = await place(input);
    assert.equal(order.status, "in_progress");
    assert.equal(order.lines[0]!.subscriptionId, null);
    assert.equal((await subscriptionsOf(order.id)).length, 0);
    await assert.rejects(executeOrder(ctx.deps, w.actors.viewer, order.id), rejectsWith("forbidden"));
    const executed = await executeOrder(ctx.deps, w.actors.clerk, order.id);
    assert.equal(executed.status, "executed");
    assert.equal((await subscriptionsOf(order.id)).length, 1);
    assert.deepEqual(
      executed.events.map((e) => e.toStatus),
      ["submitted", "in_progress", "executed"],
    );
    await assert.rejects(executeOrder(ctx.deps, w.actors.clerk, order.id), rejectsWith("conflict"));

    const other = await place(input);
    const canceled = await cancelOrder(ctx.deps, w.actors.clerk, other.order.id, {
      reason: "Customer changed mind",
    });
    assert.equal(canceled.status, "canceled");
    assert.ok(canceled.canceledAt);
    assert.equal(canceled.events.at(-1)!.note, "Customer changed mind");
  });

  it("R-TRL-01 a trial order: the minimum licences only; executed into a trial subscription", async () => {
    await assert.rejects(
      place({ accountId: w.customerA2.id, lines: [line(w, "DBX-STD-MCMB-TRIAL", 5)] }),
      rejectsWith("R-TRL-01", /exactly 3 licences/),
    );
    const { order } = await place({ accountId: w.customerA2.id, lines: [line(w, "DBX-STD-MCMB-TRIAL", 3)] });
    const [sub] = await subscriptionsOf(order.id);
    assert.equal(sub!.is_trial, true);
    assert.equal(order.total!.minor, "0");
  });

  it("a preview (dryRun) returns the priced order and its violations and writes nothing", async () => {
    const before = [await count("orders"), await count("subscriptions"), await count("order_events")];
    const ok = await place({ accountId: w.customerA1.id, lines: [line(w, "DBX-STD-AC1Y", 4)] }, true);
    assert.equal(ok.preview, true);
    assert.deepEqual(ok.violations, []);
    assert.equal(ok.order.status, "executed");
    assert.equal(ok.order.total!.decimal, (4 * 162).toFixed(2));
    const bad = await place(
      { accountId: w.customerA1.id, lines: [line(w, "DBX-STD-AC1M", 2, { billingPlan: "one_off" })] },
      true,
    );
    assert.deepEqual(
      bad.violations.map((v) => v.code),
      ["R-ORD-01", "R-ORD-05"],
    );
    assert.deepEqual(
      [await count("orders"), await count("subscriptions"), await count("order_events")],
      before,
    );
  });

  it("prices come from the customer's reseller's price list; the subscription keeps that price", async () => {
    const list = await createPriceList(
      ctx.deps,
      { tenantId: w.tenant.id },
      { name: "A", ownerAccountId: w.resellerA.id },
    );
    await upsertPriceListEntries(ctx.deps, { tenantId: w.tenant.id }, list.id, [
      { productId: w.id("DBX-EDU-MCMB"), unitPrice: "5.55" },
    ]);
    const { order } = await place({ accountId: w.customerA1.id, lines: [line(w, "DBX-EDU-MCMB", 300)] });
    assert.deepEqual(order.lines[0]!.unitPrice, { currency: "EUR", minor: "555", decimal: "5.55" });
    assert.equal(order.total!.decimal, "1665.00");
    const [sub] = await subscriptionsOf(order.id);
    assert.equal(String(sub!.unit_price), "555");
    assert.equal(sub!.price_list_id, list.id);
    const direct = await place({ accountId: w.direct.id, lines: [line(w, "DBX-EDU-MCMB", 300)] });
    assert.equal(direct.order.lines[0]!.unitPrice!.decimal, "7.00", "no reseller: the list price");
  });

  it("a malformed line is a 400 naming the field; an unknown product or customer is not found", async () => {
    const addonAsPlan = { productId: w.id("DBX-1TB-MCMB"), quantity: 1 };
    await assert.rejects(
      place({ accountId: w.customerA1.id, lines: [line(w, "DBX-STD-MCMB", 3), addonAsPlan] }),
      (e: Error & { code?: string; details?: { issues: { path: string }[] } }) =>
        e.code === "validation_failed" && e.details!.issues[0]!.path === "lines.1.productId",
    );
    await assert.rejects(
      place({
        accountId: w.customerA1.id,
        lines: [line(w, "DBX-STD-MCMB", 3, { addons: [{ sku: "DBX-ASV-10TB-MCMB" }] })],
      }),
      (e: Error & { details?: { issues: { path: string }[] } }) =>
        e.details!.issues[0]!.path === "lines.0.addons.0.productId",
    );
    await assert.rejects(
      place({
        accountId: w.customerA1.id,
        lines: [line(w, "DBX-STD-MCMB", 3, { serviceDetails: { colour: "red" } })],
      }),
      (e: Error & { details?: { issues: { path: string }[] } }) =>
        e.details!.issues[0]!.path === "lines.0.serviceDetails.colour",
    );
    await assert.rejects(
      place({ accountId: w.customerA1.id, lines: [{ productId: "prd_nope", quantity: 1 }] }),
      rejectsWith("not_found"),
    );
    await assert.rejects(
      place({ accountId: w.other.reseller.id, lines: [line(w, "DBX-STD-MCMB", 3)] }),
      rejectsWith("not_found"),
    );
    await assert.rejects(place({ accountId: w.customerA1.id, lines: [] }), rejectsWith("validation_failed"));
  });
});
