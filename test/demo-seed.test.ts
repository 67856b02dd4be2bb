import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEMO_USERS, seedDemo } from "../src/demo/seed-demo.ts";
import { createTestApp, type TestApp } from "./http.ts";

describe("demo data", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it("is created once; a second seed changes nothing", async () => {
    const first = await seedDemo(t.deps);
    assert.equal(first.created, true);
    const second = await seedDemo(t.deps);
    assert.equal(second.created, false);
    assert.equal(second.tenantId, first.tenantId);
  });

  it("every demo user can sign in to their area with the demo password", async () => {
    for (const user of DEMO_USERS.list) {
      const area = user.area === "BSS" ? "bss" : "storefront";
      const res = await t.app.inject({
        method: "POST",
        url: `/api/${area}/auth/login`,
        payload: { email: user.email, password: t.deps.config.OPENBSS_DEMO_PASSWORD },
      });
      assert.equal(res.statusCode, 200, `${user.email}: ${res.body}`);
      assert.equal(res.json().actor.kind, area);
    }
  });

  it("has the Dropbox catalogue in the distributor's and the tenant reseller's BSS", async () => {
    for (const email of ["admin@distributor.demo", "admin@nimbus.demo"]) {
      const login = await t.app.inject({
        method: "POST",
        url: "/api/bss/auth/login",
        payload: { email, password: t.deps.config.OPENBSS_DEMO_PASSWORD },
      });
      const cookie = `openbss_session=${login.cookies.find((c) => c.name === "openbss_session")!.value}`;
      const types = await t.app.inject({
        method: "GET",
        url: "/api/bss/catalog/product-types",
        headers: { cookie },
      });
      const names = types
        .json()
        .items.map((x: { name: string }) => x.name)
        .sort();
      assert.deepEqual(names, ["Dropbox Sign Subscription", "Dropbox Subscription"]);
      const products = await t.app.inject({
        method: "GET",
        url: "/api/bss/catalog/products?limit=1",
        headers: { cookie },
      });
      assert.ok(products.json().total > 400, `${email}: ${products.json().total} products`);
    }
  });

  it("has a Standard Edition reseller Storefront publishing Dropbox products", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/storefront/stores/${DEMO_USERS.storefrontAlias}`,
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().name, "Skyline IT");
    assert.ok(res.json().products.some((p: { sku: string }) => p.sku === "DBX-BUS-MCMB"));
  });
});

describe("demo data: orders", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await seedDemo(t.deps);
  });
  after(() => t.close());

  it("has executed BSS orders with subscriptions and an order waiting for Skyline's approval", async () => {
    const login = await t.app.inject({
      method: "POST",
      url: "/api/bss/auth/login",
      payload: { email: "clerk@distributor.demo", password: t.deps.config.OPENBSS_DEMO_PASSWORD },
    });
    const cookie = `openbss_session=${login.cookies.find((c) => c.name === "openbss_session")!.value}`;
    const orders = await t.app.inject({
      method: "GET",
      url: "/api/bss/orders?limit=50",
      headers: { cookie },
    });
    const statuses = orders
      .json()
      .items.map((o: { status: string }) => o.status)
      .sort();
    // Two BSS orders, one waiting for Skyline, and the order recording Nimbus's sale (issue 6).
    assert.deepEqual(statuses, ["executed", "executed", "executed", "pending_reseller_approval"]);
    const subs = await t.app.inject({
      method: "GET",
      url: "/api/bss/subscriptions?limit=50",
      headers: { cookie },
    });
    assert.equal(subs.json().total, 4);
    const copy = subs.json().items.find((s: { managedBy: unknown }) => s.managedBy);
    assert.equal(copy?.managedBy.ribbon, "This subscription is managed by Nimbus Partners Tenant Reseller");
    assert.equal(copy?.name, "Orion Retail - Dropbox Business, Monthly Commitment - Monthly Billed");
    const nimbus = await t.app.inject({ method: "GET", url: "/api/bss/tenants", headers: { cookie } });
    const tenantId = nimbus.json().items.find((x: { slug: string }) => x.slug === "nimbus").id;
    const report = await t.app.inject({
      method: "GET",
      url: `/api/bss/tenant-resellers/${tenantId}/consistency`,
      headers: { cookie },
    });
    assert.deepEqual(report.json().differences, []);
    const mail = await t.app.inject({ method: "GET", url: "/api/bss/messages", headers: { cookie } });
    assert.ok(
      mail
        .json()
        .items.some((m: { toAddress?: string; to?: string }) => (m.toAddress ?? m.to) === "it@acme.demo"),
    );
  });
});
