import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  buildSignedInChannel,
  type Credential,
  issuePaths,
  type SignedInChannel,
} from "../../../test/tenancy-fixtures.ts";

/** HTTP: the Storefront's accounts, customers and contacts — happy paths and bad input. */

describe("HTTP /api/storefront accounts", () => {
  let t: TestApp;
  let w: SignedInChannel;
  before(async () => {
    t = await createTestApp();
    w = await buildSignedInChannel(t.deps, t.app);
  });
  after(() => t.close());

  const send = (method: "GET" | "POST", url: string, cred: Credential, payload?: object) =>
    t.app.inject({ method, url, headers: cred, ...(payload ? { payload } : {}) });
  const ids = (body: { items: Array<{ id: string }> }) => new Set(body.items.map((a) => a.id));

  it("lists a reseller's own account and its end customers, without back-office fields", async () => {
    const res = await send("GET", "/api/storefront/accounts", w.as.sfA);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(ids(res.json()), new Set([w.resellerA.id, w.customerA1.id, w.customerA2.id]));
    assert.equal(res.json().total, 3);
    for (const a of res.json().items) {
      assert.equal("accountingNumber" in a, false);
      assert.equal("tenantId" in a, false);
    }
    const customers = await send(
      "GET",
      "/api/storefront/accounts?kind=end_customer&sort=-name&limit=1",
      w.as.sfA,
    );
    assert.equal(customers.json().total, 2);
    assert.equal(customers.json().items.length, 1);
    const bad = await send("GET", "/api/storefront/accounts?limit=-1", w.as.sfA);
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(issuePaths(bad), ["querystring.limit"]);
  });

  it("gets one account of the subtree; an end customer gets only itself", async () => {
    const res = await send("GET", `/api/storefront/accounts/${w.customerA1.id}`, w.as.sfA);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().parentAccountId, w.resellerA.id);
    const self = await send("GET", `/api/storefront/accounts/${w.customerA1.id}`, w.as.sfA1);
    assert.equal(self.statusCode, 200);
    const list = await send("GET", "/api/storefront/accounts", w.as.sfA1);
    assert.deepEqual(ids(list.json()), new Set([w.customerA1.id]));
    assert.equal(
      (await send("GET", `/api/storefront/accounts/${w.resellerA.id}`, w.as.sfA1)).statusCode,
      404,
    );
    assert.equal((await send("GET", "/api/storefront/accounts/acc_missing", w.as.sfA)).statusCode, 404);
  });

  it("R-ORD-11 creates an end customer under the signed-in reseller (201) and sees it at once", async () => {
    const res = await send("POST", "/api/storefront/customers", w.as.sfB, {
      name: "Checkout Customer",
      email: "owner@checkout.test",
      vendorResellerId: "RID-1",
      orderApproval: false,
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(body.kind, "end_customer");
    assert.equal(body.parentAccountId, w.resellerB.id);
    assert.equal(body.orderApproval, false);
    assert.equal(body.vendorResellerId, "RID-1");
    const got = await send("GET", `/api/storefront/accounts/${body.id}`, w.as.sfB);
    assert.equal(got.statusCode, 200);
    assert.equal((await send("GET", `/api/storefront/accounts/${body.id}`, w.as.sfA)).statusCode, 404);
  });

  it("names bad customer fields in a 400 (and refuses choosing a parent)", async () => {
    const res = await send("POST", "/api/storefront/customers", w.as.sfA, {
      email: "x",
      parentAccountId: w.resellerB.id,
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(issuePaths(res).sort(), ["body.email", "body.name", "body.parentAccountId"]);
  });

  it("reads and adds contacts of a customer in the subtree", async () => {
    const url = `/api/storefront/accounts/${w.customerA2.id}/contacts`;
    const added = await send("POST", url, w.as.sfA, {
      name: "Team admin",
      email: "admin@a2.test",
      phone: "+30 2",
    });
    assert.equal(added.statusCode, 201, added.body);
    assert.equal(added.json().accountId, w.customerA2.id);
    assert.equal(added.json().isPrimary, true);
    const list = await send("GET", url, w.as.sfA);
    assert.equal(list.statusCode, 200);
    assert.ok(ids(list.json()).has(added.json().id));
    const bad = await send("POST", url, w.as.sfA, { name: "X", email: "bad", isPrimary: 1 });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(issuePaths(bad).sort(), ["body.email", "body.isPrimary"]);
    const own = await send("GET", `/api/storefront/accounts/${w.customerA1.id}/contacts`, w.as.sfA1);
    assert.equal(own.statusCode, 200);
  });
});
