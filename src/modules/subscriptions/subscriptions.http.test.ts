import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  createCustomer,
  createTestSubscription,
  publishInStorefront,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  signInWorld,
} from "../../../test/subscription-fixtures.ts";
import { type Credential, issuePaths, type Req, send } from "../../../test/tenancy-fixtures.ts";
import { recordProvisioningResult } from "./record-provisioning-result.ts";

/** The subscription endpoints over HTTP: happy paths, 400 naming the field, 422 with the rule code. */
describe("subscriptions HTTP", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  let as: Awaited<ReturnType<typeof signInWorld>>;
  before(async () => {
    t = await createTestApp();
    w = await setupSubscriptionWorld(t.deps);
    await publishInStorefront(t.deps, w, ["DBX-STD-MCMB", "DBXS-STD-MCMB"]); // R-DSH-06: Storefront licence purchases
    as = await signInWorld(t.app, w);
  });
  after(() => t.close());

  const call = (req: Req, cred: Credential) => send(t.app, req, cred);
  const bss = (path: string) => `/api/bss/subscriptions${path}`;
  const sf = (path: string) => `/api/storefront/subscriptions${path}`;
  const make = (sku = "DBX-STD-MCMB", quantity = 3, extra = {}) =>
    createTestSubscription(t.deps, w, { sku, quantity, ...extra }).then((r) => r.subscription);

  it("GET list: filters, sort and paging over the tenant", async () => {
    const customer = await createCustomer(t.deps, w);
    const a = await make("DBX-STD-MCMB", 3, { accountId: customer.id, startDate: "2026-01-02" });
    const b = await make("DBXS-PRE-AC1Y", 7, { accountId: customer.id, startDate: "2026-01-10" });
    const c = await make("DBX-BUS-AC1Y", 4, { accountId: customer.id, synchronized: false });
    const list = async (query: string) => {
      const res = await call({ method: "GET", url: bss(`?accountId=${customer.id}&${query}`) }, as.viewer);
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { items: { id: string }[]; total: number; limit: number; offset: number };
    };
    const ids = async (query: string) => (await list(query)).items.map((s) => s.id);
    assert.deepEqual(await ids("sort=quantity"), [a.id, c.id, b.id]);
    assert.deepEqual(await ids("sort=-quantity"), [b.id, c.id, a.id]);
    assert.deepEqual(await ids(`productId=${b.productId}`), [b.id]);
    assert.deepEqual(await ids(`productTypeId=${b.productTypeId}`), [b.id]);
    assert.deepEqual(await ids("syncStatus=pending"), [c.id]);
    assert.deepEqual(await ids("status=active&sort=startDate"), [a.id, b.id, c.id]);
    assert.deepEqual(await ids("startFrom=2026-01-05&startTo=2026-01-12"), [b.id]);
    assert.deepEqual(await ids(`q=${encodeURIComponent(b.adminEmail!)}`), [b.id]);
    assert.deepEqual(await ids("q=Sign Premium"), [b.id]);
    const page = await list("sort=quantity&limit=1&offset=1");
    assert.deepEqual([page.items.map((s) => s.id), page.total, page.limit, page.offset], [[c.id], 3, 1, 1]);
    const first = (await list("sort=quantity")).items[0] as unknown as Record<string, unknown>;
    assert.deepEqual(first.unitPrice, { currency: "EUR", minor: "1500", decimal: "15.00" });
  });

  it("GET list: 400 naming the bad query field", async () => {
    for (const [query, path] of [
      ["sort=price", "querystring.sort"],
      ["status=gone", "querystring.status"],
      ["startFrom=15.01.2026", "querystring.startFrom"],
      ["limit=0", "querystring.limit"],
      ["colour=blue", "querystring.colour"],
    ]) {
      const res = await call({ method: "GET", url: bss(`?${query}`) }, as.viewer);
      assert.equal(res.statusCode, 400, query);
      assert.ok(issuePaths(res).includes(path!), `${query}: ${issuePaths(res)}`);
    }
  });

  it("GET one: add-ons, scheduled changes, window end and next renewal; history paged", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-MCMB",
      quantity: 5,
      addons: [{ sku: "DBXS-SP-MCMB", quantity: 5 }],
    });
    await call({ method: "POST", url: bss(`/${sub.id}/quantity`), body: { quantity: 3 } }, as.clerk);
    const res = await call({ method: "GET", url: bss(`/${sub.id}`) }, as.viewer);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.windowEndDate, "2026-01-29");
    assert.equal(body.withinWindow, true);
    assert.equal(body.nextRenewalDate, "2026-02-15");
    assert.equal(body.syncStatus, "pending", "the scheduled decrease is queued for the vendor (issue 5)");
    assert.equal(body.pendingOperation, null);
    assert.deepEqual(
      body.addons.map((a: { quantity: number; unitPrice: { decimal: string } }) => [
        a.quantity,
        a.unitPrice.decimal,
      ]),
      [[5, "4.00"]],
    );
    assert.deepEqual(
      body.scheduledChanges.map((c: { kind: string; effectiveDate: string }) => [c.kind, c.effectiveDate]),
      [["quantity_decrease", "2026-02-15"]],
    );
    const history = await call({ method: "GET", url: bss(`/${sub.id}/history?limit=1&offset=0`) }, as.viewer);
    assert.equal(history.statusCode, 200);
    const page = history.json();
    assert.equal(page.total, 3, "created, synchronized, decrease scheduled");
    assert.equal(page.items.length, 1);
    assert.equal(page.items[0].action, "created");
    const sfHistory = await call({ method: "GET", url: sf(`/${sub.id}/history`) }, as.sfA1);
    assert.equal(sfHistory.json().total, 3);
  });

  it("POST quantity: 200 (preview and commit), 400 naming the field, 422 with the rule code and every violation", async () => {
    const sub = await make("DBX-STD-MCMB", 3);
    const url = bss(`/${sub.id}/quantity`);
    const preview = await call(
      { method: "POST", url: `${url}?dryRun=true`, body: { quantity: 5 } },
      as.clerk,
    );
    assert.equal(preview.statusCode, 200);
    assert.equal(preview.json().preview, true);
    assert.equal(preview.json().subscription.quantity, 5);
    const commit = await call({ method: "POST", url, body: { quantity: 5 } }, as.clerk);
    assert.equal(commit.statusCode, 200);
    assert.deepEqual(
      [commit.json().preview, commit.json().effect, commit.json().subscription.quantity],
      [false, "immediate", 5],
    );

    for (const [body, path] of [
      [{ quantity: "5" }, "body.quantity"],
      [{ quantity: 0 }, "body.quantity"],
      [{ quantity: 5, colour: "blue" }, "body.colour"],
      [{}, "body.quantity"],
    ] as const) {
      const res = await call({ method: "POST", url, body }, as.clerk);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.ok(issuePaths(res).includes(path), `${JSON.stringify(body)}: ${issuePaths(res)}`);
    }
    const dryQuery = await call(
      { method: "POST", url: `${url}?dryRun=yes`, body: { quantity: 6 } },
      as.clerk,
    );
    assert.equal(dryQuery.statusCode, 400);
    assert.ok(issuePaths(dryQuery).includes("querystring.dryRun"));

    const refused = await call({ method: "POST", url, body: { quantity: 2 } }, as.clerk);
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(refused.json().error.code, "R-ORD-01");
    assert.deepEqual(
      refused.json().error.details.violations.map((v: { code: string }) => v.code),
      ["R-ORD-01"],
    );
    const refusedPreview = await call(
      { method: "POST", url: `${url}?dryRun=true`, body: { quantity: 2 } },
      as.clerk,
    );
    assert.equal(refusedPreview.statusCode, 200, "a preview shows its violations");
    assert.equal(refusedPreview.json().violations[0].code, "R-ORD-01");
  });

  it("POST quantity (Storefront): R-SGN-04 refuses mismatched add-ons with 422; matching ones pass", async () => {
    const { subscription: sub, addons } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-MCMB",
      quantity: 5,
      addons: [{ sku: "DBXS-SP-MCMB", quantity: 5 }],
    });
    const url = sf(`/${sub.id}/quantity`);
    const refused = await call({ method: "POST", url, body: { quantity: 6 } }, as.sfA1);
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().error.code, "R-SGN-04");
    const ok = await call(
      { method: "POST", url, body: { quantity: 6, addons: [{ addonId: addons[0]!.id, quantity: 6 }] } },
      as.sfA1,
    );
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().subscription.addons[0].quantity, 6);
  });

  it("POST cancel: 202 while the vendor confirms, 200 for End of Billing Period; revoke; Storefront modes", async () => {
    const a = await make();
    const immediate = await call(
      { method: "POST", url: bss(`/${a.id}/cancel`), body: { mode: "immediate", instructions: "bye" } },
      as.clerk,
    );
    assert.equal(immediate.statusCode, 202, immediate.body);
    assert.equal(immediate.json().subscription.pendingOperation.mode, "immediate");
    assert.equal(immediate.json().subscription.syncStatus, "pending");
    await recordProvisioningResult(t.deps, {
      tenantId: w.tenant.id,
      subscriptionId: a.id,
      outcome: "synchronized",
    });
    const gone = await call({ method: "GET", url: sf(`/${a.id}`) }, as.sfA1);
    assert.equal(gone.json().status, "canceled");
    const again = await call(
      { method: "POST", url: bss(`/${a.id}/cancel`), body: { mode: "immediate" } },
      as.clerk,
    );
    assert.equal(again.statusCode, 422);
    assert.equal(again.json().error.code, "R-CAN-04");

    const b = await make("DBX-STD-AC1Y");
    const eop = await call(
      { method: "POST", url: sf(`/${b.id}/cancel`), body: { mode: "end_of_billing_period" } },
      as.sfA1,
    );
    assert.equal(eop.statusCode, 200, eop.body);
    assert.equal(eop.json().subscription.status, "pending_for_cancel");
    const revoke = await call(
      { method: "POST", url: bss(`/${b.id}/cancellation/revoke`), body: {} },
      as.clerk,
    );
    assert.equal(revoke.statusCode, 200, revoke.body);
    assert.equal(revoke.json().subscription.status, "active");

    const specific = await call(
      { method: "POST", url: sf(`/${b.id}/cancel`), body: { mode: "specific_date", date: "2026-01-15" } },
      as.sfA1,
    );
    assert.equal(specific.statusCode, 400, "Specific Date is a BSS mode");
    assert.ok(
      issuePaths(specific).some((p) => p.startsWith("body.")),
      issuePaths(specific).join(),
    );
    const noDate = await call(
      { method: "POST", url: bss(`/${b.id}/cancel`), body: { mode: "specific_date" } },
      as.clerk,
    );
    assert.equal(noDate.statusCode, 400);
    assert.ok(issuePaths(noDate).includes("body.date"), issuePaths(noDate).join());
    const future = await call(
      { method: "POST", url: bss(`/${b.id}/cancel`), body: { mode: "specific_date", date: "2026-02-01" } },
      as.clerk,
    );
    assert.equal(future.statusCode, 422);
    assert.equal(future.json().error.code, "R-CAN-02");
  });

  it("POST suspend / resume: 200; Sign refused with 422 R-SGN-07", async () => {
    const sub = await make("DBX-STD-MCMB");
    const suspended = await call(
      { method: "POST", url: bss(`/${sub.id}/suspend`), body: { reason: "asked" } },
      as.clerk,
    );
    assert.equal(suspended.statusCode, 200, suspended.body);
    assert.equal(suspended.json().subscription.status, "suspended");
    const resumed = await call({ method: "POST", url: bss(`/${sub.id}/resume`) }, as.clerk);
    assert.equal(resumed.statusCode, 200, resumed.body);
    assert.equal(resumed.json().subscription.status, "active");
    const again = await call({ method: "POST", url: bss(`/${sub.id}/resume`), body: {} }, as.clerk);
    assert.equal(again.statusCode, 422);
    assert.equal(again.json().error.code, "R-SUS-01");
    const bad = await call({ method: "POST", url: bss(`/${sub.id}/suspend`), body: { reason: 7 } }, as.clerk);
    assert.equal(bad.statusCode, 400);
    assert.ok(issuePaths(bad).includes("body.reason"));

    const sign = await make("DBXS-STD-MCMB", 2);
    const refused = await call({ method: "POST", url: bss(`/${sign.id}/suspend`), body: {} }, as.clerk);
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().error.code, "R-SGN-07");
  });

  it("POST auto-renew and renewal-request (POST / DELETE): 200, 400, 422", async () => {
    const sub = await make("DBX-STD-AC1Y");
    const req = await call(
      { method: "POST", url: bss(`/${sub.id}/renewal-request`), body: { quantity: 6 } },
      as.clerk,
    );
    assert.equal(req.statusCode, 200, req.body);
    assert.equal(req.json().subscription.scheduledChanges[0].kind, "renewal_request");
    const second = await call(
      { method: "POST", url: bss(`/${sub.id}/renewal-request`), body: { quantity: 7 } },
      as.clerk,
    );
    assert.equal(second.statusCode, 422);
    assert.equal(second.json().error.code, "R-REN-02");
    const del = await call({ method: "DELETE", url: bss(`/${sub.id}/renewal-request`) }, as.clerk);
    assert.equal(del.statusCode, 200, del.body);
    assert.deepEqual(del.json().subscription.scheduledChanges, []);
    const delAgain = await call({ method: "DELETE", url: bss(`/${sub.id}/renewal-request`) }, as.clerk);
    assert.equal(delAgain.statusCode, 422);

    const off = await call(
      { method: "POST", url: sf(`/${sub.id}/auto-renew`), body: { autoRenew: false } },
      as.sfA,
    );
    assert.equal(off.statusCode, 200, off.body);
    assert.equal(off.json().subscription.autoRenew, false);
    const bad = await call(
      { method: "POST", url: bss(`/${sub.id}/auto-renew`), body: { autoRenew: "no" } },
      as.clerk,
    );
    assert.equal(bad.statusCode, 400);
    assert.ok(issuePaths(bad).includes("body.autoRenew"));
    const refused = await call(
      { method: "POST", url: bss(`/${sub.id}/renewal-request`), body: { quantity: 6 } },
      as.clerk,
    );
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().error.code, "R-REN-02");
  });

  it("POST reactivate: 422 R-REN-01 unless Inactive; 400 naming the field", async () => {
    const sub = await make();
    const refused = await call({ method: "POST", url: bss(`/${sub.id}/reactivate`), body: {} }, as.clerk);
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().error.code, "R-REN-01");
    const bad = await call(
      { method: "POST", url: bss(`/${sub.id}/reactivate`), body: { autoRenew: 1 } },
      as.clerk,
    );
    assert.equal(bad.statusCode, 400);
    assert.ok(issuePaths(bad).includes("body.autoRenew"));
  });

  it("the OpenAPI document lists the subscription routes under their tags", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/docs/json" })).json();
    const op = doc.paths["/api/bss/subscriptions/{id}/quantity"].post;
    assert.deepEqual(op.tags, ["bss: subscriptions"]);
    assert.ok(op.summary);
    assert.deepEqual(doc.paths["/api/storefront/subscriptions/{id}/cancel"].post.tags, [
      "storefront: subscriptions",
    ]);
  });
});
