import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { customCatalog } from "../../../test/catalog-fixtures.ts";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import { line, type OrderWorld, orderWorld, signInOrderWorld } from "../../../test/order-fixtures.ts";
import { type Credential, issuePaths, send } from "../../../test/tenancy-fixtures.ts";
import { queryRows, sql } from "../../shared/db.ts";

/** Every order endpoint over HTTP: the happy path, 400 naming the field, 422 with rule codes. */

describe("orders HTTP", () => {
  let t: TestApp;
  let w: OrderWorld;
  let as: Awaited<ReturnType<typeof signInOrderWorld>>;
  const call = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, cred: Credential, body?: unknown) =>
    send(t.app, { method, url, ...(body === undefined ? {} : { body }) }, cred);

  before(async () => {
    t = await createTestApp();
    w = await orderWorld(t.deps);
    as = await signInOrderWorld(t.app, w);
  });
  after(() => t.close());

  describe("BSS", () => {
    it("POST /api/bss/orders places and executes an order (201, money as {currency, minor, decimal})", async () => {
      const res = await call("POST", "/api/bss/orders", as.clerk, {
        accountId: w.customerA1.id,
        lines: [line(w, "DBX-STD-MCMB", 4)],
        note: "Phone order",
      });
      assert.equal(res.statusCode, 201, res.body);
      const order = res.json();
      assert.equal(order.status, "executed");
      assert.deepEqual(order.total, { currency: "EUR", minor: "6000", decimal: "60.00" });
      assert.deepEqual(order.lines[0].unitPrice, { currency: "EUR", minor: "1500", decimal: "15.00" });
      assert.equal(order.lines[0].productName, "Dropbox Standard, Monthly Commitment - Monthly Billed");
      assert.match(order.lines[0].subscriptionId, /^sub_/);
    });

    it("POST /api/bss/orders: 400 names the field, 422 carries every rule code, ?dryRun=true previews", async () => {
      const bad = await call("POST", "/api/bss/orders", as.clerk, {
        accountId: w.customerA1.id,
        lines: [{ ...line(w, "DBX-STD-MCMB", 0), colour: "red" }],
      });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(issuePaths(bad).sort(), ["body.lines.0.colour", "body.lines.0.quantity"]);
      const input = {
        accountId: w.customerA1.id,
        lines: [line(w, "DBX-STD-AC1M", 2, { billingPlan: "one_off" }), line(w, "DBXS-PRE-MCMB", 3)],
      };
      const refused = await call("POST", "/api/bss/orders", as.clerk, input);
      assert.equal(refused.statusCode, 422);
      const error = refused.json().error;
      assert.equal(error.code, "R-ORD-01");
      assert.deepEqual(
        error.details.violations.map(
          (v: { code: string; line: number; field: string }) => `${v.line} ${v.code} ${v.field}`,
        ),
        ["0 R-ORD-01 quantity", "0 R-ORD-05 billingPlan", "1 R-SGN-01 quantity"],
      );
      const preview = await call("POST", "/api/bss/orders?dryRun=true", as.clerk, input);
      assert.equal(preview.statusCode, 200);
      assert.equal(preview.json().preview, true);
      assert.equal(preview.json().violations.length, 3);
      assert.equal(preview.json().order.total.decimal, (2 * 162 + 3 * 35).toFixed(2));
    });

    it("GET /api/bss/orders filters (status, account, channel, dates), sorts and pages", async () => {
      await call("POST", "/api/bss/orders", as.clerk, {
        accountId: w.direct.id,
        lines: [line(w, "DBX-STD-MCMB", 3)],
      });
      await call("POST", "/api/bss/orders", as.clerk, {
        accountId: w.direct.id,
        lines: [line(w, "DBX-STD-MCMB", 5)],
      });
      const page = await call(
        "GET",
        `/api/bss/orders?accountId=${w.direct.id}&sort=number&limit=1`,
        as.viewer,
      );
      assert.equal(page.statusCode, 200);
      const body = page.json();
      assert.equal(body.total, 2);
      assert.equal(body.items.length, 1);
      assert.equal(body.items[0].total.decimal, "45.00");
      assert.equal(body.items[0].lineCount, 1);
      const next = (
        await call("GET", `/api/bss/orders?accountId=${w.direct.id}&sort=number&limit=1&offset=1`, as.viewer)
      ).json();
      assert.equal(next.items[0].number, body.items[0].number + 1);
      const desc = (
        await call("GET", `/api/bss/orders?accountId=${w.direct.id}&sort=-number`, as.viewer)
      ).json();
      assert.equal(desc.items[0].number, next.items[0].number);
      assert.equal(
        (await call("GET", "/api/bss/orders?channel=storefront&status=executed", as.viewer)).json().total,
        0,
      );
      const today = (
        await call("GET", `/api/bss/orders?from=2026-01-15&to=2026-01-15&accountId=${w.direct.id}`, as.viewer)
      ).json();
      assert.equal(today.total, 2);
      assert.equal(
        (await call("GET", `/api/bss/orders?from=2026-01-16&accountId=${w.direct.id}`, as.viewer)).json()
          .total,
        0,
      );
      const wrong = await call("GET", "/api/bss/orders?sort=price&status=draft", as.viewer);
      assert.equal(wrong.statusCode, 400);
      assert.deepEqual(issuePaths(wrong).sort(), ["querystring.sort", "querystring.status"]);
    });

    it("GET /api/bss/orders/:id shows lines, prices and events; a missing id is 404", async () => {
      const placed = (
        await call("POST", "/api/bss/orders", as.clerk, {
          accountId: w.customerA2.id,
          lines: [line(w, "DBX-ASV-MCMB", 3, { addons: [{ sku: "DBX-ASV-50TB-MCMB" }] })],
        })
      ).json();
      const res = await call("GET", `/api/bss/orders/${placed.id}`, as.viewer);
      assert.equal(res.statusCode, 200);
      const order = res.json();
      assert.equal(
        order.lines[0].addons[0].name,
        "Dropbox Advanced Server 50 TB Add-On, Monthly Commitment - Monthly Billed",
      );
      assert.equal(order.lines[0].addons[0].total.decimal, "2200.00");
      assert.deepEqual(
        order.events.map((e: { toStatus: string }) => e.toStatus),
        ["submitted", "executed"],
      );
      assert.equal((await call("GET", "/api/bss/orders/ord_missing", as.viewer)).statusCode, 404);
    });

    it("POST execute / cancel: an in-progress order is executed; executed orders cannot be cancelled (409)", async () => {
      const custom = await customCatalog(t.deps, w.tenant.id);
      const place = () =>
        call("POST", "/api/bss/orders", as.clerk, {
          accountId: w.customerA1.id,
          lines: [
            {
              productId: custom.pro.id,
              quantity: 1,
              serviceDetails: { resellerId: "R", adminEmail: "x@y.test" },
            },
          ],
        });
      const a = (await place()).json();
      assert.equal(a.status, "in_progress");
      // Issue 13: the order says it needs a manual execution step, line by line.
      assert.equal(a.needsManualExecution, true);
      assert.equal(a.lines[0].provisioning, "manual");
      const executed = await call("POST", `/api/bss/orders/${a.id}/execute`, as.clerk);
      assert.equal(executed.statusCode, 200, executed.body);
      assert.equal(executed.json().status, "executed");
      assert.equal(executed.json().needsManualExecution, false);
      // R-PRV-01: no service manager provisions it — Unsynchronized, never blocked by sync rules
      // (R-QTY-03), nothing to retry, no provisioning job.
      const subId = executed.json().lines[0].subscriptionId;
      const sub = (await call("GET", `/api/bss/subscriptions/${subId}`, as.viewer)).json();
      assert.equal(sub.syncStatus, "unsynchronized");
      const more = await call("POST", `/api/bss/subscriptions/${subId}/quantity`, as.clerk, { quantity: 2 });
      assert.equal(more.statusCode, 200, more.body);
      const retry = await call("POST", `/api/bss/subscriptions/${subId}/provisioning/retry`, as.clerk);
      assert.equal(retry.statusCode, 409);
      assert.match(retry.json().error.message, /Unsynchronized/);
      const jobs = await queryRows<{ n: number }>(
        t.deps.db,
        sql`select count(*)::int as n from jobs where queue = ${`prov:${subId}`}`,
      );
      assert.equal(jobs[0]!.n, 0);
      assert.equal((await call("POST", `/api/bss/orders/${a.id}/execute`, as.clerk)).statusCode, 409);
      assert.equal((await call("POST", `/api/bss/orders/${a.id}/cancel`, as.clerk, {})).statusCode, 409);
      const b = (await place()).json();
      const canceled = await call("POST", `/api/bss/orders/${b.id}/cancel`, as.clerk, {
        reason: "Wrong product",
      });
      assert.equal(canceled.statusCode, 200);
      assert.equal(canceled.json().status, "canceled");
      const badReason = await call("POST", `/api/bss/orders/${b.id}/cancel`, as.clerk, { reason: 5 });
      assert.equal(badReason.statusCode, 400);
      assert.deepEqual(issuePaths(badReason), ["body.reason"]);
      const c = (await place()).json();
      assert.equal(
        (await call("POST", `/api/bss/orders/${c.id}/cancel`, as.clerk)).json().status,
        "canceled",
        "no body",
      );
    });

    it("POST approve / reject by a BSS clerk; reject needs a reason (400)", async () => {
      await call("POST", "/api/storefront/basket/lines", as.sfA1, line(w, "DBX-STD-MCMB", 3));
      const a = (await call("POST", "/api/storefront/basket/checkout", as.sfA1, {})).json();
      assert.equal(a.status, "pending_reseller_approval");
      const noReason = await call("POST", `/api/bss/orders/${a.id}/reject`, as.clerk, {});
      assert.equal(noReason.statusCode, 400);
      assert.deepEqual(issuePaths(noReason), ["body.reason"]);
      const approved = await call("POST", `/api/bss/orders/${a.id}/approve`, as.clerk);
      assert.equal(approved.statusCode, 200);
      assert.equal(approved.json().status, "executed");
      await call("POST", "/api/storefront/basket/lines", as.sfA1, line(w, "DBX-STD-MCMB", 3));
      const b = (await call("POST", "/api/storefront/basket/checkout", as.sfA1)).json();
      const rejected = await call("POST", `/api/bss/orders/${b.id}/reject`, as.clerk, {
        reason: "Not today",
      });
      assert.equal(rejected.json().status, "canceled");
    });
  });

  describe("Storefront", () => {
    it("basket: GET, POST lines (201), PATCH (200), DELETE (204), precheck; 400 names the field", async () => {
      const empty = await call("GET", "/api/storefront/basket", as.sfA2);
      assert.equal(empty.statusCode, 200);
      assert.equal(empty.json().id, null);
      const added = await call("POST", "/api/storefront/basket/lines", as.sfA2, line(w, "DBX-STD-MCMB", 2));
      assert.equal(added.statusCode, 201);
      const basket = added.json();
      assert.deepEqual(
        basket.violations.map((v: { code: string }) => v.code),
        ["R-ORD-01"],
      );
      assert.equal(basket.violations[0].lineId, basket.lines[0].id);
      const lineId = basket.lines[0].id;
      const patched = await call("PATCH", `/api/storefront/basket/lines/${lineId}`, as.sfA2, { quantity: 3 });
      assert.equal(patched.statusCode, 200);
      assert.deepEqual(patched.json().violations, []);
      const bad = await call("PATCH", `/api/storefront/basket/lines/${lineId}`, as.sfA2, {
        quantity: "many",
        size: 1,
      });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(issuePaths(bad).sort(), ["body.quantity", "body.size"]);
      const zero = await call("POST", "/api/storefront/basket/lines", as.sfA2, {
        productId: w.id("DBX-STD-MCMB"),
        quantity: 0,
      });
      assert.equal(zero.statusCode, 400);
      assert.deepEqual(issuePaths(zero), ["body.quantity"]);
      const noAccount = await call("POST", "/api/storefront/basket/precheck", as.sfA2, {
        customer: { kind: "existing" },
      });
      assert.equal(noAccount.statusCode, 400);
      assert.deepEqual(issuePaths(noAccount), ["body.customer.accountId"]);
      const unpublished = await call(
        "POST",
        "/api/storefront/basket/lines",
        as.sfA2,
        line(w, "DBX-BUS-MCMB", 3),
      );
      assert.equal(unpublished.statusCode, 422);
      assert.equal(unpublished.json().error.code, "R-CAT-07");
      const precheck = await call("POST", "/api/storefront/basket/precheck", as.sfA2, {});
      assert.equal(precheck.statusCode, 200);
      assert.deepEqual(precheck.json().violations, []);
      assert.equal((await call("DELETE", `/api/storefront/basket/lines/${lineId}`, as.sfA2)).statusCode, 204);
      assert.equal((await call("DELETE", `/api/storefront/basket/lines/${lineId}`, as.sfA2)).statusCode, 404);
    });

    it("checkout: 422 with the rule codes, ?dryRun=true preview (200), then 201; orders list and details", async () => {
      await call(
        "POST",
        "/api/storefront/basket/lines",
        as.sfA,
        line(w, "DBX-STD-MCMB", 3, { serviceDetails: {} }),
      );
      const forNew = { customer: { kind: "new", customer: { name: "Shop Newco" } } };
      const refused = await call("POST", "/api/storefront/basket/checkout", as.sfA, forNew);
      assert.equal(refused.statusCode, 422);
      assert.deepEqual(
        refused.json().error.details.violations.map((v: { field: string }) => v.field),
        ["serviceDetails.resellerId", "serviceDetails.adminEmail"],
      );
      const lineId = (await call("GET", "/api/storefront/basket", as.sfA)).json().lines[0].id;
      await call("PATCH", `/api/storefront/basket/lines/${lineId}`, as.sfA, {
        serviceDetails: { resellerId: "RS-9", adminEmail: "it@shopnewco.test" },
      });
      const preview = await call("POST", "/api/storefront/basket/checkout?dryRun=true", as.sfA, forNew);
      assert.equal(preview.statusCode, 200);
      assert.equal(preview.json().order.status, "executed");
      const done = await call("POST", "/api/storefront/basket/checkout", as.sfA, forNew);
      assert.equal(done.statusCode, 201, done.body);
      const order = done.json();
      const list = await call("GET", "/api/storefront/orders?status=executed", as.sfA);
      assert.ok(list.json().items.some((o: { id: string }) => o.id === order.id));
      const badQuery = await call("GET", "/api/storefront/orders?status=draft", as.sfA);
      assert.equal(badQuery.statusCode, 400);
      assert.deepEqual(issuePaths(badQuery), ["querystring.status"]);
      const one = await call("GET", `/api/storefront/orders/${order.id}`, as.sfA);
      assert.equal(one.statusCode, 200);
      assert.equal(one.json().lines[0].serviceDetails.teamName, "Shop Newco");
      const badBody = await call("POST", "/api/storefront/basket/checkout", as.sfA, {
        customer: { kind: "someone" },
      });
      assert.equal(badBody.statusCode, 400);
      assert.deepEqual(issuePaths(badBody), ["body.customer.kind"]);
    });

    it("approve (200) and reject (200) by the reseller's user; the end customer gets 403", async () => {
      const order = async () => {
        await call("POST", "/api/storefront/basket/lines", as.sfA2, line(w, "DBX-STD-MCMB", 3));
        return (await call("POST", "/api/storefront/basket/checkout", as.sfA2)).json();
      };
      const a = await order();
      assert.equal(a.status, "pending_reseller_approval");
      assert.equal((await call("POST", `/api/storefront/orders/${a.id}/approve`, as.sfA2)).statusCode, 403);
      const approved = await call("POST", `/api/storefront/orders/${a.id}/approve`, as.sfA);
      assert.equal(approved.statusCode, 200);
      assert.equal(approved.json().status, "executed");
      const b = await order();
      const blank = await call("POST", `/api/storefront/orders/${b.id}/reject`, as.sfA, { reason: " " });
      assert.equal(blank.statusCode, 400);
      assert.deepEqual(issuePaths(blank), ["body.reason"]);
      const rejected = await call("POST", `/api/storefront/orders/${b.id}/reject`, as.sfA, {
        reason: "Too many",
      });
      assert.equal(rejected.statusCode, 200);
      assert.equal(rejected.json().rejectionReason, "Too many");
    });

    it("the reseller's orders list and order page name the customer; subscriptions too (issue 16)", async () => {
      await call("POST", "/api/storefront/basket/lines", as.sfA2, line(w, "DBX-STD-MCMB", 3));
      const placed = (await call("POST", "/api/storefront/basket/checkout", as.sfA2)).json();
      const list = await call("GET", "/api/storefront/orders?limit=100", as.sfA);
      assert.equal(list.statusCode, 200);
      const items = list.json().items as Array<{ id: string; accountId: string; accountName: string | null }>;
      const mine = items.find((o) => o.id === placed.id);
      assert.ok(mine, "the customer's order is in the reseller's list");
      assert.equal(mine.accountId, w.customerA2.id);
      assert.equal(mine.accountName, w.customerA2.name);
      for (const o of items) assert.ok(o.accountName, `order ${o.id} names its customer`);
      const detail = await call("GET", `/api/storefront/orders/${placed.id}`, as.sfA);
      assert.equal(detail.json().accountName, w.customerA2.name, "the order's page names the customer too");
      // The customer's own list names itself; the back office's list names every customer.
      const own = (await call("GET", "/api/storefront/orders?limit=100", as.sfA2)).json().items;
      assert.ok(own.every((o: { accountName: string }) => o.accountName === w.customerA2.name));
      const bss = (await call("GET", `/api/bss/orders?accountId=${w.customerA2.id}`, as.clerk)).json().items;
      assert.ok(
        bss.length > 0 && bss.every((o: { accountName: string }) => o.accountName === w.customerA2.name),
      );
      const subs = (await call("GET", "/api/storefront/subscriptions?limit=100", as.sfA)).json()
        .items as Array<{
        accountId: string;
        accountName: string | null;
      }>;
      assert.ok(
        subs.some((sub) => sub.accountId === w.customerA2.id),
        "the approved order's subscription",
      );
      for (const sub of subs) {
        if (sub.accountId === w.customerA2.id) assert.equal(sub.accountName, w.customerA2.name);
        assert.ok(sub.accountName, "every subscription names its customer");
      }
    });
  });
});
