import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { catalogWorld, customCatalog } from "../../../test/catalog-fixtures.ts";
import { createAccount, createUser } from "../../../test/factories.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/http.ts";
import { sql } from "../../shared/db.ts";
import { listPublishedProducts, resolvePrices } from "./index.ts";

describe("catalog HTTP: price lists, product groups, Storefront publishing (R-CAT-07)", () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof catalogWorld>>;
  let c: Awaited<ReturnType<typeof customCatalog>>;
  let other: Awaited<ReturnType<typeof customCatalog>>;
  const req = (
    method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
    url: string,
    cookie: string,
    payload?: object,
  ) => t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const base = "/api/bss/catalog";

  before(async () => {
    t = await createTestApp();
    w = await catalogWorld(t);
    c = await customCatalog(t.deps, w.a.id);
    other = await customCatalog(t.deps, w.b.id);
  });
  after(() => t.close());

  it("creates price lists with one default per tenant, updates and reads them", async () => {
    const first = await req("POST", `${base}/price-lists`, w.clerk, { name: "Retail", isDefault: true });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().currency, "EUR");
    const second = await req("POST", `${base}/price-lists`, w.clerk, {
      name: "Retail 2",
      isDefault: true,
      markupBasisPoints: 2500,
    });
    assert.equal(second.statusCode, 201);
    assert.equal(
      (await req("GET", `${base}/price-lists/${first.json().id}`, w.viewer)).json().isDefault,
      false,
    );
    const patched = await req("PATCH", `${base}/price-lists/${first.json().id}`, w.clerk, {
      isDefault: true,
      markupBasisPoints: 1000,
    });
    assert.equal(patched.json().isDefault, true);
    assert.equal(
      (await req("GET", `${base}/price-lists/${second.json().id}`, w.viewer)).json().isDefault,
      false,
    );
    const list = (await req("GET", `${base}/price-lists?limit=10`, w.viewer)).json();
    assert.equal(list.items.filter((l: { isDefault: boolean }) => l.isDefault).length, 1);
    assert.equal((await req("POST", `${base}/price-lists`, w.clerk, { name: "Retail" })).statusCode, 409);
  });

  it("upserts, lists and deletes entries; prices resolve entry → markup → list price", async () => {
    const list = (
      await req("POST", `${base}/price-lists`, w.clerk, {
        name: "Reseller list",
        ownerAccountId: w.reseller.id,
        markupBasisPoints: 2000,
      })
    ).json();
    const put = await req("PUT", `${base}/price-lists/${list.id}/entries`, w.clerk, {
      entries: [
        { productId: c.basic.id, unitPrice: "9.50" },
        { productId: c.addon.id, unitPrice: "1.75", cost: "1.00" },
      ],
    });
    assert.deepEqual(put.json(), { upserted: 2 });
    await req("PUT", `${base}/price-lists/${list.id}/entries`, w.clerk, {
      entries: [{ productId: c.basic.id, unitPrice: "9.75" }],
    });
    const entries = (await req("GET", `${base}/price-lists/${list.id}/entries?q=basic`, w.viewer)).json();
    assert.equal(entries.total, 1);
    assert.deepEqual(entries.items[0].unitPrice, { currency: "EUR", minor: "975", decimal: "9.75" });
    const prices = await resolvePrices(t.deps, w.a.id, [c.basic.id, c.pro.id], {
      resellerAccountId: w.reseller.id,
    });
    assert.deepEqual([prices.get(c.basic.id)?.amount, prices.get(c.basic.id)?.source], [975n, "entry"]);
    assert.deepEqual([prices.get(c.pro.id)?.amount, prices.get(c.pro.id)?.source], [1920n, "markup"]); // 16.00 + 20 %
    assert.equal(
      (await req("DELETE", `${base}/price-lists/${list.id}/entries/${c.addon.id}`, w.clerk)).statusCode,
      204,
    );
    assert.equal(
      (await req("DELETE", `${base}/price-lists/${list.id}/entries/${c.addon.id}`, w.clerk)).statusCode,
      404,
    );
    assert.equal((await req("GET", `${base}/price-lists/${list.id}/entries`, w.viewer)).json().total, 1);
    const dup = await req("POST", `${base}/price-lists`, w.clerk, {
      name: "Second",
      ownerAccountId: w.reseller.id,
    });
    assert.equal(dup.statusCode, 409);
  });

  it("sorts price lists and a list's entries both ways and pages them; a bad sort is a 400", async () => {
    const list = (await req("POST", `${base}/price-lists`, w.clerk, { name: "Sorted entries" })).json();
    await req("PUT", `${base}/price-lists/${list.id}/entries`, w.clerk, {
      entries: [
        { productId: c.basic.id, unitPrice: "5.00" },
        { productId: c.pro.id, unitPrice: "1.00" },
        { productId: c.addon.id, unitPrice: "3.00" },
      ],
    });
    const prices = async (query: string) =>
      (await req("GET", `${base}/price-lists/${list.id}/entries?${query}`, w.viewer))
        .json()
        .items.map((e: { unitPrice: { decimal: string } }) => e.unitPrice.decimal);
    assert.deepEqual(await prices("sort=unitPrice"), ["1.00", "3.00", "5.00"]);
    assert.deepEqual(await prices("sort=-unitPrice"), ["5.00", "3.00", "1.00"]);
    const page = (
      await req("GET", `${base}/price-lists/${list.id}/entries?sort=-unitPrice&limit=1&offset=1`, w.viewer)
    ).json();
    assert.deepEqual([page.total, page.offset, page.items[0].unitPrice.decimal], [3, 1, "3.00"]);
    const names = async (query: string) =>
      (await req("GET", `${base}/price-lists?${query}`, w.viewer))
        .json()
        .items.map((l: { name: string }) => l.name);
    const ascending = await names("sort=name&limit=500");
    assert.deepEqual(
      ascending,
      [...ascending].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    assert.deepEqual(await names("sort=-name&limit=500"), [...ascending].reverse());
    const second = (await req("GET", `${base}/price-lists?sort=-name&limit=1&offset=1`, w.viewer)).json();
    assert.deepEqual(
      [second.items[0].name, second.offset, second.total],
      [ascending.at(-2), 1, ascending.length],
    );
    for (const url of [
      `${base}/price-lists?sort=markup`,
      `${base}/price-lists/${list.id}/entries?sort=-cost`,
    ]) {
      const bad = await req("GET", url, w.viewer);
      assert.equal(bad.statusCode, 400, url);
      assert.equal(bad.json().error.code, "validation_failed");
      assert.deepEqual(
        bad.json().error.details.issues.map((i: { path: string }) => i.path),
        ["querystring.sort"],
      );
    }
  });

  it("refuses bad price-list input with a 400 naming the field", async () => {
    const list = (await req("POST", `${base}/price-lists`, w.clerk, { name: "Bad input" })).json();
    const bad = await req("PUT", `${base}/price-lists/${list.id}/entries`, w.clerk, {
      entries: [{ productId: c.basic.id, unitPrice: 9.5 }],
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /body\.entries\.0\.unitPrice/);
    const decimals = await req("PUT", `${base}/price-lists/${list.id}/entries`, w.clerk, {
      entries: [{ productId: c.basic.id, unitPrice: "1.999" }],
    });
    assert.equal(decimals.statusCode, 400);
    assert.match(decimals.json().error.message, /entries\.0\.unitPrice/);
    const unknown = await req("POST", `${base}/price-lists`, w.clerk, {
      name: "x",
      colour: "red",
      markupBasisPoints: 1.5,
    });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().error.message, /body\.colour.*|body\.markupBasisPoints/);
  });

  it("issue 12: a product given twice in one entries request is a 400 naming the entry (was a 500), writing nothing", async () => {
    const list = (await req("POST", `${base}/price-lists`, w.clerk, { name: "Twice" })).json();
    const res = await req("PUT", `${base}/price-lists/${list.id}/entries`, w.clerk, {
      entries: [
        { productId: c.basic.id, unitPrice: "9.00" },
        { productId: c.pro.id, unitPrice: "19.00" },
        { productId: c.basic.id, unitPrice: "8.00" },
      ],
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().error.code, "validation_failed");
    assert.deepEqual(
      res.json().error.details.issues.map((i: { path: string }) => i.path),
      ["entries.2.productId"],
    );
    assert.equal((await req("GET", `${base}/price-lists/${list.id}/entries`, w.viewer)).json().total, 0);
  });

  it("security: another tenant gets 404 for every price list, entry and owner; viewers cannot write", async () => {
    const list = (await req("POST", `${base}/price-lists`, w.clerk, { name: "Private" })).json();
    assert.equal((await req("GET", `${base}/price-lists/${list.id}`, w.otherAdmin)).statusCode, 404);
    assert.equal(
      (await req("PATCH", `${base}/price-lists/${list.id}`, w.otherAdmin, { name: "x" })).statusCode,
      404,
    );
    assert.equal((await req("GET", `${base}/price-lists/${list.id}/entries`, w.otherAdmin)).statusCode, 404);
    const entry = { entries: [{ productId: other.basic.id, unitPrice: "1.00" }] };
    assert.equal(
      (await req("PUT", `${base}/price-lists/${list.id}/entries`, w.otherAdmin, entry)).statusCode,
      404,
    );
    assert.equal(
      (await req("PUT", `${base}/price-lists/${list.id}/entries`, w.clerk, entry)).statusCode,
      404,
    ); // B's product
    assert.equal(
      (await req("DELETE", `${base}/price-lists/${list.id}/entries/${c.basic.id}`, w.otherAdmin)).statusCode,
      404,
    );
    assert.equal(
      (await req("POST", `${base}/price-lists`, w.clerk, { name: "Y", ownerAccountId: w.bReseller.id }))
        .statusCode,
      404,
    );
    const names = (await req("GET", `${base}/price-lists`, w.otherAdmin))
      .json()
      .items.map((l: { name: string }) => l.name);
    assert.ok(!names.includes("Private"));
    assert.equal((await req("POST", `${base}/price-lists`, w.viewer, { name: "V" })).statusCode, 403);
    assert.equal(
      (await req("PATCH", `${base}/price-lists/${list.id}`, w.viewer, { name: "V" })).statusCode,
      403,
    );
    assert.equal((await req("GET", `${base}/price-lists`, w.resellerUser)).statusCode, 403);
  });

  it("creates product groups and sets their members; another tenant gets 404", async () => {
    const g = await req("POST", `${base}/product-groups`, w.clerk, {
      name: "Plans",
      productIds: [c.basic.id],
    });
    assert.equal(g.statusCode, 201, g.body);
    const set = await req("PUT", `${base}/product-groups/${g.json().id}/members`, w.clerk, {
      productIds: [c.pro.id, c.basic.id],
    });
    assert.deepEqual(set.json().productIds, [c.pro.id, c.basic.id]);
    assert.deepEqual(
      (await req("GET", `${base}/product-groups/${g.json().id}`, w.viewer)).json().productIds,
      [c.pro.id, c.basic.id],
    );
    assert.equal((await req("GET", `${base}/product-groups`, w.viewer)).json().total, 1);
    assert.equal((await req("POST", `${base}/product-groups`, w.clerk, { name: "Plans" })).statusCode, 409);
    assert.equal((await req("POST", `${base}/product-groups`, w.clerk, { productIds: "x" })).statusCode, 400);
    assert.equal(
      (await req("POST", `${base}/product-groups`, w.clerk, { name: "Mixed", productIds: [other.basic.id] }))
        .statusCode,
      404,
    );
    assert.equal((await req("GET", `${base}/product-groups/${g.json().id}`, w.otherAdmin)).statusCode, 404);
    assert.equal(
      (await req("PUT", `${base}/product-groups/${g.json().id}/members`, w.otherAdmin, { productIds: [] }))
        .statusCode,
      404,
    );
    assert.equal((await req("GET", `${base}/product-groups`, w.otherAdmin)).json().total, 0);
    assert.equal((await req("POST", `${base}/product-groups`, w.viewer, { name: "V" })).statusCode, 403);
  });

  it("one price list per reseller holds under concurrency: of 8 simultaneous creations for one owner, one succeeds, the others are 409", async () => {
    const owner = w.basicReseller.id;
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        req("POST", `${base}/price-lists`, w.clerk, { name: `Owned ${i}`, ownerAccountId: owner }),
      ),
    );
    assert.deepEqual(
      answers.map((a) => a.statusCode).sort(),
      [201, 409, 409, 409, 409, 409, 409, 409],
      answers.map((a) => a.body).join("\n"),
    );
    for (const a of answers.filter((x) => x.statusCode === 409))
      assert.equal(a.json().error.details.field, "ownerAccountId", a.body);
    const owned = (await req("GET", `${base}/price-lists?limit=500`, w.viewer))
      .json()
      .items.filter((l: { ownerAccountId: string | null }) => l.ownerAccountId === owner);
    assert.equal(owned.length, 1);
  });

  it("issue 12: concurrent replacements of a group's members all succeed, one after the other — never a 500", async () => {
    const g = (await req("POST", `${base}/product-groups`, w.clerk, { name: "Concurrent" })).json();
    const orders = [
      [c.basic.id, c.pro.id],
      [c.pro.id, c.basic.id],
    ];
    // Each replacement deletes the members and inserts its own: unserialised, two of them inserted
    // the same (group, product) key (a unique violation, answered 500 on PostgreSQL).
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        req("PUT", `${base}/product-groups/${g.id}/members`, w.clerk, { productIds: orders[i % 2]! }),
      ),
    );
    assert.deepEqual(
      answers.map((a) => a.statusCode),
      Array(8).fill(200),
      answers.map((a) => a.body).join("\n"),
    );
    const members = (await req("GET", `${base}/product-groups/${g.id}`, w.viewer)).json().productIds;
    assert.ok(
      orders.some((o) => JSON.stringify(o) === JSON.stringify(members)),
      JSON.stringify(members),
    );
  });

  it("R-CAT-07 publishes products and groups for a Standard reseller; the public store and the customer's catalogue show them", async () => {
    const group = (
      await req("POST", `${base}/product-groups`, w.clerk, { name: "Store group", productIds: [c.pro.id] })
    ).json();
    const pubs = `${base}/storefronts/${w.reseller.id}/publications`;
    const p1 = await req("POST", pubs, w.clerk, { productId: c.basic.id });
    assert.equal(p1.statusCode, 201, p1.body);
    assert.equal((await req("POST", pubs, w.clerk, { productGroupId: group.id })).statusCode, 201);
    assert.equal((await req("POST", pubs, w.clerk, { productId: c.basic.id })).statusCode, 409);
    assert.equal((await req("POST", pubs, w.clerk, {})).statusCode, 400);
    const basic = await req("POST", `${base}/storefronts/${w.basicReseller.id}/publications`, w.clerk, {
      productId: c.basic.id,
    });
    assert.equal(basic.statusCode, 422);
    assert.equal(basic.json().error.code, "R-CAT-07");
    const published = await listPublishedProducts(t.deps.db, w.a.id, w.reseller.id);
    assert.deepEqual(published.map((p) => p.sku).sort(), ["C-BASIC", "C-PRO"]);
    assert.equal(
      (await req("GET", `${base}/storefronts/${w.reseller.id}/published-products`, w.viewer)).json().items
        .length,
      2,
    );
    assert.equal((await req("GET", pubs, w.viewer)).json().items.length, 2);

    const store = await t.app.inject({ method: "GET", url: `/api/storefront/stores/${w.alias}` });
    assert.equal(store.statusCode, 200);
    assert.equal(store.json().name, w.reseller.name);
    assert.deepEqual(
      store.json().products.map((p: { sku: string }) => p.sku),
      ["C-BASIC", "C-PRO"],
    );
    assert.deepEqual(
      store.json().groups.map((g: { name: string }) => g.name),
      ["Store group"],
    );
    const basicPrice = store.json().products[0].unitPrice.decimal;
    assert.equal(basicPrice, "9.75", "the reseller's own price list");
    const mine = await req("GET", "/api/storefront/catalog", w.customerUser);
    assert.equal(mine.statusCode, 200);
    assert.deepEqual(
      mine.json().store.products.map((p: { sku: string }) => p.sku),
      ["C-BASIC", "C-PRO"],
    );
    assert.equal((await req("GET", "/api/storefront/catalog", w.resellerUser)).json().store.alias, w.alias);

    assert.equal((await req("DELETE", `${pubs}/${p1.json().id}`, w.viewer)).statusCode, 403);
    assert.equal((await req("DELETE", `${pubs}/${p1.json().id}`, w.clerk)).statusCode, 204);
    const after = await t.app.inject({ method: "GET", url: `/api/storefront/stores/${w.alias}` });
    assert.deepEqual(
      after.json().products.map((p: { sku: string }) => p.sku),
      ["C-PRO"],
    );
  });

  it("security: publications of another tenant's reseller answer 404; Storefront routes keep their areas", async () => {
    const pubs = `${base}/storefronts/${w.reseller.id}/publications`;
    assert.equal((await req("GET", pubs, w.otherAdmin)).statusCode, 404);
    assert.equal((await req("POST", pubs, w.otherAdmin, { productId: other.basic.id })).statusCode, 404);
    assert.equal((await req("POST", pubs, w.clerk, { productId: other.basic.id })).statusCode, 404);
    assert.equal((await req("DELETE", `${pubs}/pub_x`, w.otherAdmin)).statusCode, 404);
    assert.equal(
      (await req("GET", `${base}/storefronts/${w.reseller.id}/published-products`, w.otherAdmin)).statusCode,
      404,
    );
    assert.equal((await req("POST", pubs, w.resellerUser, { productId: c.basic.id })).statusCode, 403);
    assert.equal((await req("GET", "/api/storefront/catalog", w.admin)).statusCode, 403);
    assert.equal((await t.app.inject({ method: "GET", url: "/api/storefront/catalog" })).statusCode, 401);
  });

  it("the public store is 404 for an unknown alias or an inactive reseller; a direct customer has no store", async () => {
    assert.equal(
      (await t.app.inject({ method: "GET", url: "/api/storefront/stores/no-such-shop" })).statusCode,
      404,
    );
    const alias = `closed-${Math.random().toString(36).slice(2, 8)}`;
    const closed = await createAccount(t.deps, {
      tenantId: w.a.id,
      kind: "reseller",
      edition: "standard",
      storefrontAlias: alias,
    });
    await t.deps.db.execute(sql`update accounts set status = 'inactive' where id = ${closed.id}`);
    assert.equal(
      (await t.app.inject({ method: "GET", url: `/api/storefront/stores/${alias}` })).statusCode,
      404,
    );
    const direct = await createAccount(t.deps, { tenantId: w.a.id, kind: "direct_customer" });
    const user = await createUser(t.deps, {
      tenantId: w.a.id,
      accountId: direct.id,
      role: "storefront_user",
    });
    const { cookie } = await signIn(t.app, user.email, "storefront");
    assert.deepEqual((await req("GET", "/api/storefront/catalog", cookie)).json(), { store: null });
  });
});
