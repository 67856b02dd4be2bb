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
import { publishToStorefront } from "../catalog/index.ts";

/**
 * Issue 13.5 — no silent quantity change (R-SGN-02, R-SGN-04): an add-on asked with a quantity
 * below its own minimum (Template Pack 15: 5 seats) is a violation; one the BSS sets to the plan's
 * quantity says so in the preview (the quantity asked, the quantity added, the rule).
 */
describe("add-on quantities are never changed silently (HTTP)", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  let as: Awaited<ReturnType<typeof signInWorld>>;
  before(async () => {
    t = await createTestApp();
    w = await setupSubscriptionWorld(t.deps);
    as = await signInWorld(t.app, w);
    for (const sku of ["DBXS-TP15-AC1Y", "DBXS-SP-AC1Y"])
      await publishToStorefront(t.deps, { tenantId: w.tenant.id }, w.reseller.id, {
        productId: (await w.product(sku)).id,
      });
  });
  after(() => t.close());

  const call = (cred: Credential, method: Req["method"], url: string, body?: unknown) =>
    send(t.app, { method, url, ...(body === undefined ? {} : { body }) }, cred);
  const premium = async (quantity: number) =>
    (await createTestSubscription(t.deps, w, { sku: "DBXS-PRE-AC1Y", quantity })).subscription;
  const id = async (sku: string) => (await w.product(sku)).id;

  it("R-SGN-02 a Template Pack 15 add-on of 4 on a Premium × 5 plan is a violation (its minimum is 5), in both areas; nothing is stored", async () => {
    const sub = await premium(5);
    const body = { productId: await id("DBXS-TP15-AC1Y"), quantity: 4 };
    const before = await subscriptionState(t.deps, w.tenant.id, sub.id);
    const preview = await call(as.clerk, "POST", `/api/bss/subscriptions/${sub.id}/addons?dryRun=true`, body);
    assert.equal(preview.statusCode, 200, preview.body);
    const p = preview.json();
    assert.deepEqual(
      p.violations.map((v: { code: string }) => v.code),
      ["R-SGN-02"],
    );
    assert.match(p.violations[0].message, /at least 5/);
    assert.equal(p.effect, "none");
    const commit = await call(as.clerk, "POST", `/api/bss/subscriptions/${sub.id}/addons`, body);
    assert.equal(commit.statusCode, 422, commit.body);
    assert.equal(commit.json().error.code, "R-SGN-02");
    const store = await call(as.sfA1, "POST", `/api/storefront/subscriptions/${sub.id}/addons`, body);
    assert.equal(store.statusCode, 422, store.body);
    assert.ok(
      store.json().error.details.violations.some((v: { code: string }) => v.code === "R-SGN-02"),
      store.body,
    );
    assert.equal(await subscriptionState(t.deps, w.tenant.id, sub.id), before, "nothing stored");
  });

  it("R-SGN-04 the BSS sets an add-on asked with 5 to the plan's 7, and the preview says so (the quantity billed)", async () => {
    const sub = await premium(7);
    const body = { productId: await id("DBXS-TP15-AC1Y"), quantity: 5 };
    const preview = await call(as.clerk, "POST", `/api/bss/subscriptions/${sub.id}/addons?dryRun=true`, body);
    assert.equal(preview.statusCode, 200, preview.body);
    const p = preview.json();
    assert.deepEqual(p.violations, []);
    const note = p.notes.find((n: { code: string }) => n.code === "R-SGN-04");
    assert.ok(note, "the preview states the changed quantity with its rule");
    assert.deepEqual([note.details.requestedQuantity, note.details.quantity], [5, 7]);
    assert.match(note.message, /5.*7/);
    assert.deepEqual(
      p.billing.lines.map((l: { quantity: number }) => l.quantity),
      [7],
      "billed for the 7 it states",
    );
    const commit = await call(as.clerk, "POST", `/api/bss/subscriptions/${sub.id}/addons`, body);
    assert.equal(commit.statusCode, 200, commit.body);
    const c = commit.json();
    assert.deepEqual(c.notes, p.notes);
    assert.equal(c.subscription.addons.find((a: { id: string }) => a.id === c.addonId)?.quantity, 7);
  });

  it("R-SGN-04 an add-on sent without a quantity gets the plan's; nothing to note", async () => {
    const sub = await premium(6);
    const res = await call(as.clerk, "POST", `/api/bss/subscriptions/${sub.id}/addons?dryRun=true`, {
      productId: await id("DBXS-SP-AC1Y"),
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().violations, res.json().notes], [[], []]);
  });

  it("R-SGN-04 raising a plan's licences in the BSS raises its add-ons, and the preview says so", async () => {
    const { subscription: sub, addons } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-PRE-AC1Y",
      quantity: 5,
      addons: [{ sku: "DBXS-SP-AC1Y", quantity: 5 }],
    });
    const res = await call(as.clerk, "POST", `/api/bss/subscriptions/${sub.id}/quantity?dryRun=true`, {
      quantity: 8,
    });
    assert.equal(res.statusCode, 200, res.body);
    const note = res.json().notes.find((n: { code: string }) => n.code === "R-SGN-04");
    assert.deepEqual(
      [note?.details.addonId, note?.details.fromQuantity, note?.details.quantity],
      [addons[0]!.id, 5, 8],
    );
  });

  it("security: adding an add-on answers 404 outside the scope, 401 anonymous, 403 for a viewer", async () => {
    const sub = await premium(5);
    const body = { productId: await id("DBXS-SP-AC1Y") };
    assert.equal(
      (await call(as.sfB, "POST", `/api/storefront/subscriptions/${sub.id}/addons?dryRun=true`, body))
        .statusCode,
      404,
    );
    assert.equal(
      (await call(as.otherAdmin, "POST", `/api/bss/subscriptions/${sub.id}/addons?dryRun=true`, body))
        .statusCode,
      404,
    );
    assert.equal((await call({}, "POST", `/api/bss/subscriptions/${sub.id}/addons`, body)).statusCode, 401);
    assert.equal(
      (await call(as.viewer, "POST", `/api/bss/subscriptions/${sub.id}/addons`, body)).statusCode,
      403,
    );
  });
});
