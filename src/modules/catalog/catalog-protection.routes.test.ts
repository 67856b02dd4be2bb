import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { catalogWorld, customCatalog } from "../../../test/catalog-fixtures.ts";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import { findProtectionMonths, protectionKey } from "./index.ts";

/** R-PRC-02 price protection terms over HTTP (issue 14): CRUD, the product-over-type lookup, security. */
describe("catalog HTTP: price protection terms (R-PRC-02)", () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof catalogWorld>>;
  let c: Awaited<ReturnType<typeof customCatalog>>;
  let other: Awaited<ReturnType<typeof customCatalog>>;
  const req = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, cookie?: string, payload?: object) =>
    t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
  const base = "/api/bss/catalog/price-protection-terms";

  before(async () => {
    t = await createTestApp();
    w = await catalogWorld(t);
    c = await customCatalog(t.deps, w.a.id);
    other = await customCatalog(t.deps, w.b.id);
  });
  after(() => t.close());

  it("R-PRC-02 creates, lists, edits and deletes terms; a product's term overrides its type's", async () => {
    const type = await req("POST", base, w.clerk, {
      productTypeId: c.type.id,
      currency: "EUR",
      term: "MCMB",
      months: 12,
    });
    assert.equal(type.statusCode, 201, type.body);
    assert.deepEqual(
      { ...(type.json() as object), id: undefined, createdAt: undefined, updatedAt: undefined },
      {
        id: undefined,
        productId: null,
        productTypeId: c.type.id,
        currency: "EUR",
        term: "MCMB",
        months: 12,
        createdAt: undefined,
        updatedAt: undefined,
      },
    );
    const own = await req("POST", base, w.clerk, {
      productId: c.pro.id,
      currency: "EUR",
      term: "MCMB",
      months: 0,
    });
    assert.equal(own.statusCode, 201, own.body);
    // One term per key: a second is a conflict (edit the first).
    assert.equal(
      (await req("POST", base, w.clerk, { productId: c.pro.id, currency: "EUR", term: "MCMB", months: 3 }))
        .statusCode,
      409,
    );
    const keys = [c.basic, c.pro].map((p) => ({ productId: p.id, currency: "EUR", term: "MCMB" }));
    const lookup = async () => {
      const m = await findProtectionMonths(t.deps.db, w.a.id, [...keys, { ...keys[0]!, term: "AC1Y" }]);
      return [
        m.get(protectionKey(keys[0]!)),
        m.get(protectionKey(keys[1]!)),
        m.get(protectionKey({ ...keys[0]!, term: "AC1Y" })),
      ];
    };
    assert.deepEqual(await lookup(), [12, 0, 0]);
    const patched = await req("PATCH", `${base}/${own.json().id}`, w.clerk, { months: 6 });
    assert.equal(patched.statusCode, 200);
    assert.equal(patched.json().months, 6);
    assert.deepEqual(await lookup(), [12, 6, 0]);
    const listed = await req("GET", `${base}?productId=${c.pro.id}`, w.viewer);
    assert.deepEqual(
      listed.json().items.map((i: { months: number }) => i.months),
      [6],
    );
    assert.equal((await req("GET", `${base}/${type.json().id}`, w.viewer)).json().months, 12);
    assert.equal((await req("DELETE", `${base}/${own.json().id}`, w.clerk)).statusCode, 204);
    assert.deepEqual(await lookup(), [12, 12, 0]);
    assert.equal((await req("GET", `${base}/${own.json().id}`, w.viewer)).statusCode, 404);
  });

  it("refuses bad input with 400 naming the field", async () => {
    const bad = [
      { currency: "EUR", term: "MCMB", months: 1 },
      { productId: c.basic.id, productTypeId: c.type.id, currency: "EUR", term: "MCMB", months: 1 },
      { productId: c.basic.id, currency: "eur", term: "MCMB", months: 1 },
      { productId: c.basic.id, currency: "EUR", term: "AC2Y", months: 1 },
      { productId: c.basic.id, currency: "EUR", term: "MCMB", months: -1 },
      { productId: c.basic.id, currency: "EUR", term: "MCMB", months: 121 },
      { productId: c.basic.id, currency: "EUR", term: "MCMB", months: 1, extra: true },
      { productId: "prd_nope", currency: "EUR", term: "MCMB", months: 1 },
    ];
    for (const body of bad) {
      const res = await req("POST", base, w.clerk, body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)} → ${res.statusCode} ${res.body}`);
      assert.equal(res.json().error.code, "validation_failed");
    }
  });

  it("security: no auth 401, viewers and Storefront users cannot write, another tenant's ids answer 404", async () => {
    const mine = (
      await req("POST", base, w.clerk, { productId: c.basic.id, currency: "USD", term: "AC1Y", months: 12 })
    ).json();
    const theirs = await req("POST", base, w.otherAdmin, {
      productId: other.basic.id,
      currency: "EUR",
      term: "MCMB",
      months: 12,
    });
    assert.equal(theirs.statusCode, 201, theirs.body);
    const id = theirs.json().id;
    assert.equal((await req("GET", base)).statusCode, 401);
    assert.equal(
      (
        await req("POST", base, undefined, {
          productId: c.basic.id,
          currency: "EUR",
          term: "MCMB",
          months: 1,
        })
      ).statusCode,
      401,
    );
    assert.equal((await req("PATCH", `${base}/${mine.id}`, undefined, { months: 1 })).statusCode, 401);
    assert.equal((await req("DELETE", `${base}/${mine.id}`)).statusCode, 401);
    assert.equal(
      (await req("POST", base, w.viewer, { productId: c.basic.id, currency: "EUR", term: "AC1M", months: 1 }))
        .statusCode,
      403,
    );
    assert.equal((await req("PATCH", `${base}/${mine.id}`, w.viewer, { months: 1 })).statusCode, 403);
    assert.equal((await req("DELETE", `${base}/${mine.id}`, w.viewer)).statusCode, 403);
    assert.equal((await req("GET", base, w.resellerUser)).statusCode, 403);
    assert.equal((await req("GET", `${base}/${mine.id}`, w.customerUser)).statusCode, 403);
    // Another tenant's term: 404 for read, edit and delete; theirs is unchanged.
    assert.equal((await req("GET", `${base}/${id}`, w.viewer)).statusCode, 404);
    assert.equal((await req("PATCH", `${base}/${id}`, w.clerk, { months: 1 })).statusCode, 404);
    assert.equal((await req("DELETE", `${base}/${id}`, w.clerk)).statusCode, 404);
    assert.equal((await req("GET", `${base}/${id}`, w.otherAdmin)).json().months, 12);
    assert.equal(
      (await req("GET", base, w.viewer)).json().items.some((i: { id: string }) => i.id === id),
      false,
    );
    // Another tenant's product or type in a body is refused like an unknown one (400, nothing written).
    for (const ref of [{ productId: other.basic.id }, { productTypeId: other.type.id }]) {
      const res = await req("POST", base, w.clerk, { ...ref, currency: "EUR", term: "AC1M", months: 1 });
      assert.equal(res.statusCode, 400);
    }
  });
});
