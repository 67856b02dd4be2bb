import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createAccount, createUser } from "../../../test/factories.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/http.ts";
import {
  buildSignedInChannel,
  type Credential,
  issuePaths,
  type SignedInChannel,
} from "../../../test/tenancy-fixtures.ts";

/** HTTP: R-PAY-02 payment method on the BSS accounts API and the Storefront's approval switch. */
describe("HTTP R-PAY-02 payment method and Order Approval lock", () => {
  let t: TestApp;
  let w: SignedInChannel;
  before(async () => {
    t = await createTestApp();
    w = await buildSignedInChannel(t.deps, t.app);
  });
  after(() => t.close());

  const send = (method: "GET" | "POST" | "PATCH", url: string, cred: Credential, payload?: object) =>
    t.app.inject({ method, url, headers: cred, ...(payload ? { payload } : {}) });

  it("R-PAY-02 POST/PATCH /api/bss/accounts set and change a reseller's payment method", async () => {
    const created = await send("POST", "/api/bss/accounts", w.as.clerk, {
      kind: "reseller",
      edition: "standard",
      name: "Card Reseller",
      paymentMethod: "credit_card",
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().paymentMethod, "credit_card");
    const plain = await send("POST", "/api/bss/accounts", w.as.clerk, {
      kind: "reseller",
      edition: "basic",
      name: "Plain Reseller",
    });
    assert.equal(plain.json().paymentMethod, "cash");
    const customer = await send("POST", "/api/bss/accounts", w.as.clerk, {
      kind: "end_customer",
      parentAccountId: created.json().id,
      name: "Locked Customer",
    });
    assert.equal(customer.statusCode, 201, customer.body);
    assert.equal(customer.json().orderApproval, true);
    assert.equal(customer.json().orderApprovalLocked, true);
    assert.equal(customer.json().paymentMethod, null);

    const changed = await send("PATCH", `/api/bss/accounts/${plain.json().id}`, w.as.clerk, {
      paymentMethod: "deposit",
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().paymentMethod, "deposit");
    assert.equal(
      (await send("PATCH", `/api/bss/accounts/${plain.json().id}`, w.as.viewer, { paymentMethod: "cash" }))
        .statusCode,
      403,
    );
  });

  it("R-PAY-02 refuses a payment method on a customer, or an unknown one, naming the field (400)", async () => {
    const onCustomer = await send("PATCH", `/api/bss/accounts/${w.customerA1.id}`, w.as.clerk, {
      paymentMethod: "cash",
    });
    assert.equal(onCustomer.statusCode, 400, onCustomer.body);
    assert.deepEqual(issuePaths(onCustomer), ["paymentMethod"]);
    const createCustomer = await send("POST", "/api/bss/accounts", w.as.clerk, {
      kind: "direct_customer",
      name: "Direct",
      paymentMethod: "cash",
    });
    assert.equal(createCustomer.statusCode, 400, createCustomer.body);
    assert.match(createCustomer.body, /paymentMethod/);
    const unknown = await send("PATCH", `/api/bss/accounts/${w.resellerA.id}`, w.as.clerk, {
      paymentMethod: "cheque",
    });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(issuePaths(unknown), ["body.paymentMethod"]);
  });

  it("R-PAY-02 BSS and Storefront refuse switching a locked customer's approval off (422 R-PAY-02)", async () => {
    const reseller = await createAccount(t.deps, {
      tenantId: w.tenant.id,
      kind: "reseller",
      edition: "standard",
      paymentMethod: "credit_card",
    });
    const customer = await createAccount(t.deps, {
      tenantId: w.tenant.id,
      kind: "end_customer",
      parentAccountId: reseller.id,
    });
    const user = await createUser(t.deps, { tenantId: w.tenant.id, accountId: reseller.id });
    const sf = await signIn(t.app, user.email, "storefront");
    const bss = await send("PATCH", `/api/bss/accounts/${customer.id}`, w.as.clerk, { orderApproval: false });
    assert.equal(bss.statusCode, 422, bss.body);
    assert.equal(bss.json().error.code, "R-PAY-02");
    const store = await send("PATCH", `/api/storefront/customers/${customer.id}`, sf, {
      orderApproval: false,
    });
    assert.equal(store.statusCode, 422, store.body);
    assert.equal(store.json().error.code, "R-PAY-02");
    const view = await send("GET", `/api/storefront/accounts/${customer.id}`, sf);
    assert.equal(view.json().orderApproval, true);
    assert.equal(view.json().orderApprovalLocked, true);
    // Switching it on (a no-op) is fine.
    assert.equal(
      (await send("PATCH", `/api/storefront/customers/${customer.id}`, sf, { orderApproval: true }))
        .statusCode,
      200,
    );
  });

  it("R-PAY-02 a Cash reseller switches a customer's approval off from its Storefront", async () => {
    const res = await send("PATCH", `/api/storefront/customers/${w.customerB1.id}`, w.as.sfB, {
      orderApproval: false,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().orderApproval, false);
    assert.equal(res.json().orderApprovalLocked, false);
    const bss = await send("GET", `/api/bss/accounts/${w.customerB1.id}`, w.as.viewer);
    assert.equal(bss.json().orderApproval, false);
  });

  it("R-PAY-02 the Storefront switch takes only { orderApproval } (400 naming the field)", async () => {
    const url = `/api/storefront/customers/${w.customerA1.id}`;
    const missing = await send("PATCH", url, w.as.sfA, {});
    assert.equal(missing.statusCode, 400);
    assert.deepEqual(issuePaths(missing), ["body.orderApproval"]);
    const wrong = await send("PATCH", url, w.as.sfA, { orderApproval: "no" });
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(issuePaths(wrong), ["body.orderApproval"]);
    const extra = await send("PATCH", url, w.as.sfA, { orderApproval: true, name: "x" });
    assert.equal(extra.statusCode, 400);
  });
});
