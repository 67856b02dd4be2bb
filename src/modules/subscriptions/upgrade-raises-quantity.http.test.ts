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
import { divRound } from "../../shared/money.ts";
import { publishToStorefront } from "../catalog/index.ts";

interface Line {
  kind: string;
  addonId: string | null;
  quantity: number;
  explanation: string;
  amount: { minor: string };
}

/**
 * Issue 13.4 — R-SGN-06: upgrading Sign Standard × 2 to Premium raises the quantity to Premium's
 * minimum (5) in one step, priced as the upgrade of the 2 licences plus an increase of 3; a
 * quantity above the current one is never a partial upgrade; refusals are rule violations (422).
 * Today is 2026-01-15; the annual terms start on 2025-12-01 (320 of 365 days left).
 */
describe("upgrade raises the quantity to the target's minimum (HTTP)", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  let as: Awaited<ReturnType<typeof signInWorld>>;
  before(async () => {
    t = await createTestApp();
    w = await setupSubscriptionWorld(t.deps);
    as = await signInWorld(t.app, w);
    for (const sku of ["DBXS-PRE-AC1Y", "DBXS-SP-AC1Y"])
      await publishToStorefront(t.deps, { tenantId: w.tenant.id }, w.reseller.id, {
        productId: (await w.product(sku)).id,
      });
  });
  after(() => t.close());

  const call = (cred: Credential, method: Req["method"], url: string, body?: unknown) =>
    send(t.app, { method, url, ...(body === undefined ? {} : { body }) }, cred);
  const standardTimes2 = async () =>
    createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-AC1Y",
      quantity: 2,
      startDate: "2025-12-01",
      addons: [{ sku: "DBXS-SP-AC1Y", quantity: 2 }],
    });
  const rest = (unit: bigint, quantity: number) => divRound(unit * BigInt(quantity) * 320n, 365n, "half-up");

  it("R-SGN-06 upgrade options: at 2 the minimum is told; at 5 Premium is a full upgrade that is allowed", async () => {
    const { subscription: sub } = await standardTimes2();
    for (const area of ["bss", "storefront"] as const) {
      const cred = area === "bss" ? as.viewer : as.sfA1;
      const base = `/api/${area}/subscriptions/${sub.id}/upgrade-options`;
      const at2 = (await call(cred, "GET", base)).json();
      const premium2 = at2.items.find((i: { product: { sku: string } }) => i.product.sku === "DBXS-PRE-AC1Y");
      assert.equal(premium2.allowed, false, area);
      assert.equal(premium2.violations[0].code, "R-SGN-06");
      assert.match(premium2.violations[0].message, /at least 5/);
      const res = await call(cred, "GET", `${base}?quantity=5`);
      assert.equal(res.statusCode, 200, res.body);
      const at5 = res.json();
      assert.deepEqual([at5.mode, at5.quantity], ["full", 5], "more licences than now is never partial");
      const premium5 = at5.items.find((i: { product: { sku: string } }) => i.product.sku === "DBXS-PRE-AC1Y");
      assert.deepEqual([premium5.allowed, premium5.violations], [true, []], area);
    }
  });

  it("R-SGN-06 Standard × 2 → Premium at 5: one step, the preview shows the upgrade and the increase to the cent", async () => {
    const { subscription: sub, addons } = await standardTimes2();
    const premium = await w.product("DBXS-PRE-AC1Y");
    const url = `/api/bss/subscriptions/${sub.id}/upgrade`;
    const body = { targetProductId: premium.id, quantity: 5 };
    const before = await subscriptionState(t.deps, w.tenant.id, sub.id);
    const preview = await call(as.clerk, "POST", `${url}?dryRun=true`, body);
    assert.equal(preview.statusCode, 200, preview.body);
    const p = preview.json();
    assert.deepEqual(p.violations, []);
    assert.deepEqual(
      [p.mode, p.movedQuantity, p.newSubscription, p.subscription.productId, p.subscription.quantity],
      ["full", 5, null, premium.id, 5],
    );
    assert.deepEqual(
      p.subscription.addons.map((a: { quantity: number }) => a.quantity),
      [5],
      "the tied add-on follows the plan (R-SGN-04)",
    );
    const raised = p.notes.find((n: { code: string }) => n.code === "R-SGN-06");
    assert.deepEqual([raised?.details.fromQuantity, raised?.details.quantity], [2, 5]);
    assert.match(raised.message, /from 2 to 5/);
    assert.ok(
      p.notes.some(
        (n: { code: string; details: { addonId?: string } }) =>
          n.code === "R-SGN-04" && n.details.addonId === addons[0]!.id,
      ),
      "the add-on's raise is said too",
    );
    // The money: the 2 Standard licences credited, upgraded to Premium, plus 3 Premium licences
    // and 3 more add-on units, each for the 320 days left of 365 (one rounding per line).
    const std = BigInt(sub.unitPrice);
    const pre = BigInt(p.subscription.unitPrice.minor);
    const sp = BigInt(addons[0]!.unitPrice);
    const lines = p.billing.lines as Line[];
    const of = (kind: string, addonId: string | null = null) =>
      lines.filter((l) => l.kind === kind && l.addonId === addonId).map((l) => BigInt(l.amount.minor));
    assert.deepEqual(of("credit"), [-rest(std, 2)]);
    assert.deepEqual(of("upgrade"), [rest(pre, 2)]);
    assert.deepEqual(of("increase"), [rest(pre, 3)]);
    assert.deepEqual(of("increase", addons[0]!.id), [rest(sp, 3)]);
    const total = -rest(std, 2) + rest(pre, 2) + rest(pre, 3) + rest(sp, 3);
    assert.equal(BigInt(p.billing.total.minor), total);
    assert.ok(
      lines.every((l) => /320\/365 days/.test(l.explanation)),
      "each line shows its arithmetic",
    );
    assert.equal(await subscriptionState(t.deps, w.tenant.id, sub.id), before, "a preview writes nothing");

    const commit = await call(as.clerk, "POST", url, body);
    assert.equal(commit.statusCode, 200, commit.body);
    const c = commit.json();
    assert.deepEqual([c.subscription.productId, c.subscription.quantity], [premium.id, 5]);
    assert.equal(BigInt(c.billing.total.minor), total);
    assert.deepEqual(
      withoutIds({ ...p, preview: false }),
      withoutIds(c),
      "the commit is what the preview showed",
    );
  });

  it("R-SGN-06 refusals are rule violations (422 with the rule ID), not 400s; the Storefront raises too", async () => {
    const { subscription: sub } = await standardTimes2();
    const premium = (await w.product("DBXS-PRE-AC1Y")).id;
    const before = await subscriptionState(t.deps, w.tenant.id, sub.id);
    const four = await call(as.sfA1, "POST", `/api/storefront/subscriptions/${sub.id}/upgrade`, {
      targetProductId: premium,
      quantity: 4,
    });
    assert.equal(four.statusCode, 422, four.body);
    assert.equal(four.json().error.code, "R-SGN-06");
    assert.match(four.json().error.message, /at least 5/);
    assert.equal(await subscriptionState(t.deps, w.tenant.id, sub.id), before, "a refusal writes nothing");
    const five = await call(as.sfA1, "POST", `/api/storefront/subscriptions/${sub.id}/upgrade?dryRun=true`, {
      targetProductId: premium,
      quantity: 5,
    });
    assert.equal(five.statusCode, 200, five.body);
    assert.deepEqual([five.json().mode, five.json().subscription.quantity], ["full", 5]);
  });

  it("R-TRL-01 a trial upgraded to its paid plan with more licences starts billing all of them today", async () => {
    const { subscription: trial } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-MCMB-TRIAL",
      quantity: 2,
    });
    const res = await call(as.clerk, "POST", `/api/bss/subscriptions/${trial.id}/upgrade`, {
      targetProductId: (await w.product("DBXS-STD-MCMB")).id,
      quantity: 4,
    });
    assert.equal(res.statusCode, 200, res.body);
    const c = res.json();
    assert.deepEqual([c.mode, c.subscription.isTrial, c.subscription.quantity], ["full", false, 4]);
    assert.deepEqual(
      c.billing.lines.map((l: Line) => [l.kind, l.quantity]),
      [["recurring", 4]],
      "one charge for the 4 paid licences, no increase on top",
    );
    assert.deepEqual(
      c.notes.map((n: { code: string }) => n.code),
      ["R-QTY-01"],
    );
  });

  it("security: the upgrade and its options answer 404 outside the scope, 401 anonymous, 403 for a viewer's upgrade", async () => {
    const { subscription: sub } = await standardTimes2();
    const body = { targetProductId: (await w.product("DBXS-PRE-AC1Y")).id, quantity: 5 };
    const up = (area: string) => `/api/${area}/subscriptions/${sub.id}/upgrade?dryRun=true`;
    const options = (area: string) => `/api/${area}/subscriptions/${sub.id}/upgrade-options?quantity=5`;
    assert.equal((await call(as.sfB, "POST", up("storefront"), body)).statusCode, 404);
    assert.equal((await call(as.sfB, "GET", options("storefront"))).statusCode, 404);
    assert.equal((await call(as.otherAdmin, "POST", up("bss"), body)).statusCode, 404);
    assert.equal((await call({}, "GET", options("bss"))).statusCode, 401);
    assert.equal((await call(as.viewer, "POST", up("bss"), body)).statusCode, 403);
  });
});

function withoutIds(o: { billing: { lines: object[]; documents: object[] } }) {
  const strip = (x: object) => {
    const { id: _i, documentId: _d, creditsChargeId: _c, ...rest } = x as Record<string, unknown>;
    return rest;
  };
  return {
    ...o,
    billing: { ...o.billing, lines: o.billing.lines.map(strip), documents: o.billing.documents.map(strip) },
  };
}
