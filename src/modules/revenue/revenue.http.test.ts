import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  signInWorld,
} from "../../../test/subscription-fixtures.ts";

/**
 * Issue 16 over HTTP: the revenue endpoints' shapes and their security — roles, tenant isolation
 * and the Storefront subtree (a reseller sees only its customers; an end customer only its spend).
 * A1 (reseller A's customer): 3 × DBX-STD-MCMB; B1 (reseller B's): 2 × DBX-STD-MCMB; another
 * tenant's figures never appear.
 */
describe("revenue over HTTP (issue 16)", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  let as: Awaited<ReturnType<typeof signInWorld>>;
  let unit = 0n;
  before(async () => {
    t = await createTestApp({ start: "2026-03-10T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
    as = await signInWorld(t.app, w);
    unit = (await w.product("DBX-STD-MCMB")).listPrice;
    await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 3 });
    await createTestSubscription(
      t.deps,
      { ...w, reseller: w.resellerB },
      { sku: "DBX-STD-MCMB", quantity: 2, accountId: w.customerB1.id },
    );
  });
  after(() => t.close());

  const get = (cred: { cookie: string } | null, url: string) =>
    t.app.inject({ method: "GET", url, headers: cred ? { cookie: cred.cookie } : {} });
  const minor = (n: bigint) => n.toString();

  it("BSS: MRR/ARR per currency, 12 months of documents and movements, top resellers and products", async () => {
    const res = await get(as.viewer, "/api/bss/revenue");
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(res.headers["cache-control"], "no-store");
    assert.deepEqual(body.totals, [
      {
        currency: "EUR",
        mrr: { currency: "EUR", minor: minor(5n * unit), decimal: body.totals[0].mrr.decimal },
        arr: { currency: "EUR", minor: minor(60n * unit), decimal: body.totals[0].arr.decimal },
        subscriptions: 2,
      },
    ]);
    assert.equal(body.months.length, 12);
    assert.equal(body.documents.length, 12, "one row per month and currency");
    const march = body.documents.find((d: { month: string }) => d.month === "2026-03-01");
    assert.equal(march.invoiced.minor, minor(5n * unit));
    assert.equal(march.net.minor, minor(5n * unit));
    const moves = body.movements.find((d: { month: string }) => d.month === "2026-03-01");
    assert.deepEqual(
      [moves.newMrr.minor, moves.churned.minor, moves.net.minor],
      [minor(5n * unit), "0", minor(5n * unit)],
    );
    assert.deepEqual(
      body.top.resellers.map((r: { id: string; name: string; mrr: { minor: string } }) => [
        r.id,
        r.name,
        r.mrr.minor,
      ]),
      [
        [w.resellerA.id, w.resellerA.name, minor(3n * unit)],
        [w.resellerB.id, w.resellerB.name, minor(2n * unit)],
      ],
    );
    assert.deepEqual(
      body.top.products.map((p: { name: string }) => p.name),
      [(await w.product("DBX-STD-MCMB")).name],
    );
    assert.deepEqual(body.top.tenantResellers, []);
    assert.equal(body.top.customers, undefined);
  });

  it("?months= and ?top= bound the answer; out of range is a 400", async () => {
    const body = (await get(as.viewer, "/api/bss/revenue?months=3&top=1")).json();
    assert.deepEqual(body.months, ["2026-01-01", "2026-02-01", "2026-03-01"]);
    assert.equal(body.top.resellers.length, 1);
    for (const q of [
      "months=0",
      "months=25",
      "top=0",
      "top=51",
      "months=x",
      "months=1.5",
      "months=",
      "months=1&months=2",
      "top=1&top=2",
      "other=1",
    ]) {
      const res = await get(as.viewer, `/api/bss/revenue?${q}`);
      assert.equal(res.statusCode, 400, q);
      assert.equal(res.json().error.code, "validation_failed", q);
    }
  });

  it("security: signed out 401; another tenant sees only its own (nothing); Storefront users cannot call the BSS one", async () => {
    assert.equal((await get(null, "/api/bss/revenue")).statusCode, 401);
    assert.equal((await get(null, "/api/storefront/revenue")).statusCode, 401);
    assert.equal((await get(null, "/api/storefront/spend")).statusCode, 401);
    const other = (await get(as.otherAdmin, "/api/bss/revenue")).json();
    assert.deepEqual([other.totals, other.top.resellers, other.top.products], [[], [], []]);
    assert.ok(other.documents.every((d: { invoiced: { minor: string } }) => d.invoiced.minor === "0"));
    assert.equal((await get(as.sfA, "/api/bss/revenue")).statusCode, 403);
    assert.equal((await get(as.viewer, "/api/storefront/revenue")).statusCode, 403);
  });

  it("Storefront: a reseller sees only its customers; an end customer gets 403 there and its own spend", async () => {
    const a = (await get(as.sfA, "/api/storefront/revenue")).json();
    assert.equal(a.totals[0].mrr.minor, minor(3n * unit));
    assert.deepEqual(
      a.top.customers.map((c: { id: string }) => c.id),
      [w.customerA1.id],
    );
    assert.equal(a.top.resellers, undefined);
    const b = (await get(as.sfB, "/api/storefront/revenue")).json();
    assert.equal(b.totals[0].mrr.minor, minor(2n * unit));
    assert.deepEqual(
      b.top.customers.map((c: { id: string }) => c.id),
      [w.customerB1.id],
    );
    const otherSf = (await get(as.otherSf, "/api/storefront/revenue")).json();
    assert.deepEqual(otherSf.totals, []);
    const denied = await get(as.sfA1, "/api/storefront/revenue");
    assert.equal(denied.statusCode, 403);
    assert.equal(denied.json().error.code, "forbidden");

    const spend = (await get(as.sfA1, "/api/storefront/spend")).json();
    const march = spend.spend.find((s: { month: string }) => s.month === "2026-03-01");
    assert.deepEqual(
      [march.invoiced.minor, march.credited.minor, march.spend.minor],
      [minor(3n * unit), "0", minor(3n * unit)],
    );
    assert.equal(spend.spend.length, 12);
    // A sibling end customer and the reseller itself bought nothing: no spend.
    assert.deepEqual((await get(as.sfA2, "/api/storefront/spend")).json().spend, []);
    assert.deepEqual((await get(as.sfA, "/api/storefront/spend")).json().spend, []);
  });
});
