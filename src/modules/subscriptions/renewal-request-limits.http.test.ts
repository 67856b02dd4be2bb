import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  signInWorld,
  subscriptionState,
} from "../../../test/subscription-fixtures.ts";
import { type Credential, type Req, send } from "../../../test/tenancy-fixtures.ts";
import { createProduct } from "../catalog/index.ts";

/**
 * Issue 13.7 — R-REN-02: Manage Renewal respects the product's quantity limits. A request above
 * the maximum is refused with the rule ID; for a product sold in a fixed quantity of 1 the action
 * is unavailable, with its reason, in the subscription's availability and in the command.
 */
describe("Manage Renewal within the product's limits (HTTP)", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  let as: Awaited<ReturnType<typeof signInWorld>>;
  before(async () => {
    t = await createTestApp();
    w = await setupSubscriptionWorld(t.deps);
    as = await signInWorld(t.app, w);
    // Custom products of the Dropbox type (the BSS may sell what no vendor definition installs).
    const productTypeId = (await w.product("DBX-STD-AC1Y")).productTypeId;
    const custom = {
      productTypeId,
      kind: "base",
      term: "AC1Y",
      listPrice: "100.00",
      cost: "60.00",
      includedLicences: 0,
      characteristics: {},
      policies: {},
      addonProductIds: [] as string[],
      excludedFromProration: false,
    } as const;
    await createProduct(
      t.deps,
      { tenantId: w.tenant.id },
      {
        ...custom,
        sku: "SRV-UPTO10-AC1Y",
        name: "Server licence pack (up to 10)",
        minQuantity: 3,
        maxQuantity: 10,
      },
    );
    await createProduct(
      t.deps,
      { tenantId: w.tenant.id },
      {
        ...custom,
        sku: "SRV-ONE-AC1Y",
        name: "Server appliance",
        minQuantity: 1,
        maxQuantity: 1,
      },
    );
  });
  after(() => t.close());

  const call = (cred: Credential, method: Req["method"], url: string, body?: unknown) =>
    send(t.app, { method, url, ...(body === undefined ? {} : { body }) }, cred);
  const make = async (sku: string, quantity: number) =>
    (await createTestSubscription(t.deps, w, { sku, quantity })).subscription;

  it("R-REN-02 a renewal request above the product's maximum is refused with the rule ID; the maximum itself is accepted", async () => {
    const sub = await make("SRV-UPTO10-AC1Y", 5);
    const url = `/api/bss/subscriptions/${sub.id}/renewal-request`;
    const before = await subscriptionState(t.deps, w.tenant.id, sub.id);
    const preview = await call(as.clerk, "POST", `${url}?dryRun=true`, { quantity: 11 });
    assert.equal(preview.statusCode, 200, preview.body);
    assert.deepEqual(
      preview.json().violations.map((v: { code: string }) => v.code),
      ["R-REN-02"],
    );
    assert.match(preview.json().violations[0].message, /at most 10/);
    const refused = await call(as.clerk, "POST", url, { quantity: 11 });
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(refused.json().error.code, "R-REN-02");
    assert.equal(await subscriptionState(t.deps, w.tenant.id, sub.id), before, "a refusal writes nothing");
    const ok = await call(as.clerk, "POST", url, { quantity: 10 });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().effect, "scheduled");
  });

  it("R-REN-02 the subscription says whether Manage Renewal is available, with the limits", async () => {
    const sub = await make("SRV-UPTO10-AC1Y", 4);
    const res = await call(as.viewer, "GET", `/api/bss/subscriptions/${sub.id}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().availability.renewalRequest, {
      available: true,
      reason: null,
      minQuantity: 3,
      maxQuantity: 10,
    });
  });

  it("R-REN-02 for a product whose quantity limit is 1 Manage Renewal is unavailable, with its reason, and the command refuses it", async () => {
    const sub = await make("SRV-ONE-AC1Y", 1);
    const res = await call(as.viewer, "GET", `/api/bss/subscriptions/${sub.id}`);
    assert.equal(res.statusCode, 200, res.body);
    const renewal = res.json().availability.renewalRequest;
    assert.equal(renewal.available, false);
    assert.equal(renewal.reason.code, "R-REN-02");
    assert.match(renewal.reason.message, /fixed quantity of 1/);
    const before = await subscriptionState(t.deps, w.tenant.id, sub.id);
    const refused = await call(as.clerk, "POST", `/api/bss/subscriptions/${sub.id}/renewal-request`, {
      quantity: 2,
    });
    assert.equal(refused.statusCode, 422, refused.body);
    const error = refused.json().error;
    assert.equal(error.code, "R-REN-02");
    assert.equal(error.message, renewal.reason.message, "the command gives the menu's reason");
    assert.equal(await subscriptionState(t.deps, w.tenant.id, sub.id), before);
  });

  it("R-REN-02 availability gives the other reasons too (Renew Automatically off)", async () => {
    const sub = await make("DBX-STD-AC1Y", 5);
    const off = await call(as.clerk, "POST", `/api/bss/subscriptions/${sub.id}/auto-renew`, {
      autoRenew: false,
    });
    assert.equal(off.statusCode, 200, off.body);
    const res = await call(as.viewer, "GET", `/api/bss/subscriptions/${sub.id}`);
    const renewal = res.json().availability.renewalRequest;
    assert.deepEqual([renewal.available, renewal.reason.code], [false, "R-REN-02"]);
    assert.match(renewal.reason.message, /Renew Automatically/);
  });

  it("security: the renewal request is a BSS clerk's (403 viewer, 401 anonymous, 404 other tenant, no Storefront route)", async () => {
    const sub = await make("SRV-UPTO10-AC1Y", 5);
    const url = `/api/bss/subscriptions/${sub.id}/renewal-request?dryRun=true`;
    assert.equal((await call(as.viewer, "POST", url, { quantity: 6 })).statusCode, 403);
    assert.equal((await call({}, "POST", url, { quantity: 6 })).statusCode, 401);
    assert.equal((await call(as.otherAdmin, "POST", url, { quantity: 6 })).statusCode, 404);
    assert.equal((await call(as.otherAdmin, "GET", `/api/bss/subscriptions/${sub.id}`)).statusCode, 404);
    const store = await call(as.sfA1, "POST", `/api/storefront/subscriptions/${sub.id}/renewal-request`, {
      quantity: 6,
    });
    assert.equal(store.statusCode, 404);
  });
});
