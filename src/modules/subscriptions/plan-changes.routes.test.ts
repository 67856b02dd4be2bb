import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  signInWorld,
} from "../../../test/subscription-fixtures.ts";
import { type Credential, type Req, send } from "../../../test/tenancy-fixtures.ts";
import { publishToStorefront } from "../catalog/index.ts";

/** The plan-change endpoints over HTTP: shapes, status codes, channels and security (every endpoint). */
describe("plan-change routes", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  let as: Awaited<ReturnType<typeof signInWorld>>;
  before(async () => {
    t = await createTestApp();
    w = await setupSubscriptionWorld(t.deps);
    as = await signInWorld(t.app, w);
    // R-CAT-07: what reseller A's Storefront sells.
    for (const sku of ["DBXS-PRE-MCMB", "DBXS-PRE-AC1Y", "DBXS-SP-AC1Y", "DBXS-TP15-AC1Y"])
      await publishToStorefront(t.deps, { tenantId: w.tenant.id }, w.reseller.id, {
        productId: await id(sku),
      });
  });
  after(() => t.close());

  const make = (sku: string, quantity: number, addons: { sku: string; quantity: number }[] = []) =>
    createTestSubscription(t.deps, w, { sku, quantity, addons });
  const id = async (sku: string) => (await w.product(sku)).id;
  const call = (cred: Credential, method: Req["method"], url: string, body?: unknown) =>
    send(t.app, { method, url, ...(body === undefined ? {} : { body }) }, cred);

  it("BSS upgrade: a preview answers what the commit does; the commit is 200; no effective date can be sent (R-UPG-04)", async () => {
    const { subscription } = await make("DBX-STD-AC1Y", 5);
    const url = `/api/bss/subscriptions/${subscription.id}/upgrade`;
    const body = { targetProductId: await id("DBX-BUS-AC1Y") };
    const preview = await call(as.clerk, "POST", `${url}?dryRun=true`, body);
    assert.equal(preview.statusCode, 200, preview.body);
    const commit = await call(as.clerk, "POST", url, body);
    assert.equal(commit.statusCode, 200, commit.body);
    const p = preview.json();
    const c = commit.json();
    assert.deepEqual([p.preview, c.preview, c.mode, c.effect], [true, false, "full", "immediate"]);
    assert.deepEqual(withoutIds({ ...p, preview: false }), withoutIds(c));
    assert.equal(c.subscription.productId, body.targetProductId);
    assert.deepEqual(
      c.billing.lines.map((l: { kind: string; amount: { currency: string } }) => [l.kind, l.amount.currency]),
      [
        ["credit", "EUR"],
        ["upgrade", "EUR"],
      ],
    );
    assert.ok(c.subscription.unitCost, "the BSS view shows the cost");
    const backDated = await call(as.clerk, "POST", url, { ...body, effectiveDate: "2025-01-01" });
    assert.equal(backDated.statusCode, 400);
  });

  it("BSS partial upgrade answers both subscriptions; a refusal is 422 with the rule ID and every violation", async () => {
    const { subscription } = await make("DBX-STD-MCMB", 8);
    const url = `/api/bss/subscriptions/${subscription.id}/upgrade`;
    const res = await call(as.clerk, "POST", url, { targetProductId: await id("DBX-BUS-MCMB"), quantity: 3 });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(
      [
        body.mode,
        body.subscription.quantity,
        body.newSubscription.quantity,
        body.newSubscription.parentSubscriptionId,
      ],
      ["partial", 5, 3, subscription.id],
    );
    const refused = await call(as.clerk, "POST", url, { targetProductId: await id("DBX-BUS-AC1Y") });
    assert.equal(refused.statusCode, 422);
    const error = refused.json().error;
    assert.equal(error.code, "R-UPG-02");
    assert.deepEqual(
      error.details.violations.map((v: { code: string }) => v.code),
      ["R-UPG-02", "R-UPG-01"],
    );
  });

  it("upgrade options: every target with its price, allowed or with the violation, per channel (R-SGN-07 / D2)", async () => {
    const std = (await make("DBX-STD-MCMB", 3)).subscription;
    const options = await call(as.viewer, "GET", `/api/bss/subscriptions/${std.id}/upgrade-options`);
    assert.equal(options.statusCode, 200, options.body);
    const items = options.json().items as {
      product: { sku: string };
      unitPrice: { decimal: string };
      allowed: boolean;
    }[];
    const source = await w.product("DBX-STD-MCMB");
    assert.equal(items.length, source.upgrades.length);
    const business = items.find((i) => i.product.sku === "DBX-BUS-MCMB")!;
    assert.deepEqual([business.allowed, business.unitPrice.decimal], [true, "18.00"]);
    const partial = await call(
      as.viewer,
      "GET",
      `/api/bss/subscriptions/${std.id}/upgrade-options?quantity=1`,
    );
    assert.ok(
      partial.json().items.every((i: { allowed: boolean }) => !i.allowed),
      "3 licences cannot split",
    );

    const sign = (await make("DBXS-STD-MCMB", 5)).subscription;
    const inStore = await call(as.sfA1, "GET", `/api/storefront/subscriptions/${sign.id}/upgrade-options`);
    assert.equal(inStore.statusCode, 200, inStore.body);
    assert.deepEqual(
      inStore
        .json()
        .items.map((i: { allowed: boolean; violations: { code: string }[] }) => [
          i.allowed,
          i.violations[0]?.code,
        ]),
      [[false, "R-SGN-07"]],
    );
    const inBss = await call(as.viewer, "GET", `/api/bss/subscriptions/${sign.id}/upgrade-options`);
    assert.deepEqual(
      inBss.json().items.map((i: { allowed: boolean }) => i.allowed),
      [true],
    );
  });

  it("R-SGN-07 Storefront: monthly Sign refused (422), annual Sign upgraded; the Storefront view hides costs", async () => {
    const monthly = (await make("DBXS-STD-MCMB", 5)).subscription;
    const refused = await call(as.sfA1, "POST", `/api/storefront/subscriptions/${monthly.id}/upgrade`, {
      targetProductId: await id("DBXS-PRE-MCMB"),
    });
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().error.code, "R-SGN-07");
    const annual = (await make("DBXS-STD-AC1Y", 5)).subscription;
    const ok = await call(as.sfA, "POST", `/api/storefront/subscriptions/${annual.id}/upgrade`, {
      targetProductId: await id("DBXS-PRE-AC1Y"),
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().subscription.unitCost, undefined);
    assert.equal(ok.json().subscription.productId, await id("DBXS-PRE-AC1Y"));
  });

  it("downgrade: BSS immediate in the window, revoke answers 404 when nothing is scheduled; the Storefront has no route (R-DWN-01, D1)", async () => {
    const { subscription } = await make("DBX-ADV-MCMB", 3);
    const url = `/api/bss/subscriptions/${subscription.id}/downgrade`;
    const res = await call(as.clerk, "POST", url, { targetProductId: await id("DBX-STD-MCMB") });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().effect, res.json().rule.code], ["immediate", "R-DWN-01"]);
    const revoke = await call(as.clerk, "DELETE", url);
    assert.equal(revoke.statusCode, 404);
    const store = await call(as.sfA1, "POST", `/api/storefront/subscriptions/${subscription.id}/downgrade`, {
      targetProductId: await id("DBX-STD-MCMB"),
    });
    assert.equal(store.statusCode, 404);
  });

  it("add-ons: add in both channels (R-SGN-04) and cancel with instructions (R-SGN-08)", async () => {
    const { subscription } = await make("DBXS-STD-AC1Y", 6);
    const sp = await id("DBXS-SP-AC1Y");
    const mismatch = await call(as.sfA1, "POST", `/api/storefront/subscriptions/${subscription.id}/addons`, {
      productId: sp,
      quantity: 2,
    });
    assert.equal(mismatch.statusCode, 422);
    assert.equal(mismatch.json().error.code, "R-SGN-04");
    const added = await call(as.clerk, "POST", `/api/bss/subscriptions/${subscription.id}/addons`, {
      productId: sp,
      quantity: 2,
    });
    assert.equal(added.statusCode, 200, added.body);
    const addonId = added.json().addonId;
    assert.equal(added.json().subscription.addons[0].quantity, 6);
    const cancel = await call(
      as.sfA1,
      "POST",
      `/api/storefront/subscriptions/${subscription.id}/addons/${addonId}/cancel`,
      { instructions: "No longer needed" },
    );
    assert.equal(cancel.statusCode, 200, cancel.body);
    assert.equal(cancel.json().subscription.addons[0].status, "canceled");
    const history = await call(as.viewer, "GET", `/api/bss/subscriptions/${subscription.id}/history`);
    assert.match(history.json().items.at(-1).summary, /No longer needed/);
  });

  describe("security", () => {
    let bss: Req[];
    let storefront: Req[];
    let missing: Req[];
    before(async () => {
      const { subscription, addons } = await make("DBXS-STD-AC1Y", 5, [{ sku: "DBXS-SP-AC1Y", quantity: 5 }]);
      const target = { targetProductId: await id("DBXS-PRE-AC1Y") };
      const tp15 = { productId: await id("DBXS-TP15-AC1Y") };
      const routes = (area: string, sid: string): Req[] => [
        { method: "GET", url: `/api/${area}/subscriptions/${sid}/upgrade-options` },
        { method: "POST", url: `/api/${area}/subscriptions/${sid}/upgrade?dryRun=true`, body: target },
        { method: "POST", url: `/api/${area}/subscriptions/${sid}/addons?dryRun=true`, body: tp15 },
        {
          method: "POST",
          url: `/api/${area}/subscriptions/${sid}/addons/${addons[0]!.id}/cancel?dryRun=true`,
          body: {},
        },
      ];
      const down = (sid: string): Req[] => [
        { method: "POST", url: `/api/bss/subscriptions/${sid}/downgrade?dryRun=true`, body: target },
        { method: "DELETE", url: `/api/bss/subscriptions/${sid}/downgrade?dryRun=true` },
      ];
      bss = [...routes("bss", subscription.id), ...down(subscription.id)];
      storefront = routes("storefront", subscription.id);
      missing = [...routes("bss", "sub_missing"), ...routes("storefront", "sub_missing")];
    });

    const expectMissing = async (cred: Credential, reqs: Req[]) => {
      for (const req of reqs) {
        const res = await send(t.app, req, cred);
        assert.equal(res.statusCode, 404, `${req.method} ${req.url}: ${res.body}`);
        assert.equal(res.json().error.code, "not_found");
        assert.match(res.json().error.message, /^Subscription \S+ was not found$/, req.url);
      }
    };

    it("another tenant's staff get 404, exactly like a missing id", async () => {
      await expectMissing(as.otherAdmin, bss);
      await expectMissing(
        as.clerk,
        missing.filter((r) => r.url.startsWith("/api/bss")),
      );
    });

    it("another reseller's (or tenant's, or sibling customer's) Storefront user gets 404", async () => {
      await expectMissing(as.sfB, storefront);
      await expectMissing(as.otherSf, storefront);
      await expectMissing(as.sfA2, storefront);
      await expectMissing(
        as.sfA1,
        missing.filter((r) => r.url.startsWith("/api/storefront")),
      );
    });

    it("a BSS viewer reads the options but gets 403 on every command; anonymous 401; wrong area 403", async () => {
      for (const req of bss) {
        const res = await send(t.app, req, as.viewer);
        assert.equal(
          res.statusCode,
          req.method === "GET" ? 200 : 403,
          `${req.method} ${req.url}: ${res.body}`,
        );
        assert.equal((await send(t.app, req, {})).statusCode, 401);
        assert.equal((await send(t.app, req, as.sfA)).statusCode, 403);
      }
      for (const req of storefront) {
        assert.equal((await send(t.app, req, {})).statusCode, 401);
        assert.equal((await send(t.app, req, as.admin)).statusCode, 403);
      }
    });

    it("the reseller and its end customer may act (previews: 200), a clerk too", async () => {
      for (const cred of [as.sfA, as.sfA1])
        for (const req of storefront) {
          const res = await send(t.app, req, cred);
          assert.equal(res.statusCode, 200, `${req.method} ${req.url}: ${res.body}`);
        }
      for (const req of bss.filter((r) => r.method !== "DELETE")) {
        const res = await send(t.app, req, as.clerk);
        assert.equal(res.statusCode, 200, `${req.method} ${req.url}: ${res.body}`);
      }
    });
  });
});

/** Billing lines and documents get new ids in each transaction (a preview's are rolled back). */
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
