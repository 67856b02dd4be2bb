import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  catalogWorld,
  customCatalog,
  installDropboxCatalog,
  productBySku,
} from "../../../test/catalog-fixtures.ts";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import { buildDropboxServicesDefinition } from "../../service-managers/dropbox/index.ts";

describe("catalog HTTP: product types, products, upgrade paths, exclusive sets", () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof catalogWorld>>;
  let c: Awaited<ReturnType<typeof customCatalog>>;
  let std: { id: string };
  const req = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const issues = (res: { json(): { error: { details?: { issues?: { path: string }[] } } } }) =>
    (res.json().error.details?.issues ?? []).map((i) => i.path);

  before(async () => {
    t = await createTestApp();
    w = await catalogWorld(t);
    await installDropboxCatalog(t.deps, w.a.id);
    c = await customCatalog(t.deps, w.a.id);
    std = await productBySku(t.deps, w.a.id, "DBX-STD-MCMB");
  });
  after(() => t.close());

  it("lists and gets product types; another tenant sees none and gets 404", async () => {
    const list = await req("GET", "/api/bss/catalog/product-types", w.viewer);
    assert.equal(list.statusCode, 200);
    const dbx = list.json().items.find((x: { code: string }) => x.code === "dropbox");
    assert.equal(dbx.name, "Dropbox Subscription");
    assert.equal(dbx.productCount, 414);
    assert.equal(
      (await req("GET", `/api/bss/catalog/product-types/${dbx.id}`, w.viewer)).json().policies
        .changeWindowDays,
      14,
    );
    assert.deepEqual((await req("GET", "/api/bss/catalog/product-types", w.otherAdmin)).json().items, []);
    assert.equal(
      (await req("GET", `/api/bss/catalog/product-types/${dbx.id}`, w.otherAdmin)).statusCode,
      404,
    );
  });

  it("creates a product type (admin), naming bad fields in a 400; a clerk gets 403", async () => {
    const policies = buildDropboxServicesDefinition().productTypes[0]!.policies;
    const ok = await req("POST", "/api/bss/catalog/product-types", w.admin, {
      code: "backup",
      name: "Backup",
      policies,
    });
    assert.equal(ok.statusCode, 201);
    assert.equal(
      (await req("POST", "/api/bss/catalog/product-types", w.admin, { code: "backup", name: "B", policies }))
        .statusCode,
      409,
    );
    const bad = await req("POST", "/api/bss/catalog/product-types", w.admin, { code: "Bad Code", name: "x" });
    assert.equal(bad.statusCode, 400);
    assert.ok(issues(bad).includes("body.code") && issues(bad).includes("body.policies"), issues(bad).join());
    assert.equal(
      (await req("POST", "/api/bss/catalog/product-types", w.clerk, { code: "x2", name: "x", policies }))
        .statusCode,
      403,
    );
  });

  it("lists products with filters, sort and paging", async () => {
    const types = (await req("GET", "/api/bss/catalog/product-types", w.viewer)).json().items;
    const dbx = types.find((x: { code: string }) => x.code === "dropbox");
    const q = `productTypeId=${dbx.id}&term=AC1Y&kind=base&isTrial=false&status=active&limit=500`;
    const page = (await req("GET", `/api/bss/catalog/products?${q}`, w.viewer)).json();
    assert.equal(page.total, 81);
    assert.equal(page.items.length, 81);
    const trials = (
      await req("GET", `/api/bss/catalog/products?productTypeId=${dbx.id}&isTrial=true&term=AC1M`, w.viewer)
    ).json();
    assert.equal(trials.total, 0); // R-TRL-01
    const sorted = (
      await req("GET", "/api/bss/catalog/products?sort=-listPrice&limit=2&offset=1", w.viewer)
    ).json();
    assert.equal(sorted.limit, 2);
    assert.equal(sorted.offset, 1);
    assert.ok(BigInt(sorted.items[0].listPrice.minor) >= BigInt(sorted.items[1].listPrice.minor));
    const search = (await req("GET", "/api/bss/catalog/products?q=dbxs-pre-ac1y", w.viewer)).json();
    assert.deepEqual(search.items.map((p: { sku: string }) => p.sku).sort(), [
      "DBXS-PRE-AC1Y",
      "DBXS-PRE-AC1Y-TRIAL",
    ]);
    // Issue 13: `sku=` is an exact match (q= also finds the trial twin).
    const exact = (await req("GET", "/api/bss/catalog/products?sku=DBXS-PRE-AC1Y", w.viewer)).json();
    assert.deepEqual(
      exact.items.map((p: { sku: string }) => p.sku),
      ["DBXS-PRE-AC1Y"],
    );
    assert.equal((await req("GET", "/api/bss/catalog/products?sku=dbxs-pre-ac1y", w.viewer)).json().total, 0);
    assert.deepEqual(search.items.find((p: { sku: string }) => p.sku === "DBXS-PRE-AC1Y").listPrice, {
      currency: "EUR",
      minor: "37800",
      decimal: "378.00",
    });
  });

  it("lists base plans before trials and add-ons by default, each by name; sorts by name both ways", async () => {
    type Item = { name: string; kind: string; isTrial: boolean };
    const rank = (p: Item) => (p.kind === "addon" ? 2 : p.isTrial ? 1 : 0);
    const all = (await req("GET", "/api/bss/catalog/products?limit=500", w.viewer)).json().items as Item[];
    assert.deepEqual(
      all.map(rank),
      all.map(rank).sort((a, b) => a - b),
      "base plans, then trials, then add-ons",
    );
    assert.deepEqual(new Set(all.map(rank)), new Set([0, 1, 2]), "the catalogue has all three");
    for (const r of [0, 1, 2]) {
      const names = all.filter((p) => rank(p) === r).map((p) => p.name);
      assert.deepEqual(
        names,
        [...names].sort((a, b) => a.localeCompare(b, "en")),
        `rank ${r} by name`,
      );
    }
    const reversed = (await req("GET", "/api/bss/catalog/products?sort=-kind&limit=500", w.viewer)).json();
    assert.equal(rank(reversed.items[0]), 2);
    assert.equal(rank(reversed.items.at(-1)), 0);
    const byName = (sort: string) =>
      req("GET", `/api/bss/catalog/products?sort=${sort}&limit=3&offset=2`, w.viewer).then((r) => r.json());
    const asc = await byName("name");
    const desc = await byName("-name");
    assert.deepEqual([asc.total, asc.offset, asc.items.length], [all.length, 2, 3]);
    assert.ok(asc.items[0].name <= asc.items[1].name && asc.items[1].name <= asc.items[2].name);
    assert.ok(desc.items[0].name >= desc.items[1].name && desc.items[1].name >= desc.items[2].name);
  });

  it("refuses bad list input with a 400 naming the field", async () => {
    const res = await req("GET", "/api/bss/catalog/products?term=YEARLY&limit=0&sort=colour", w.viewer);
    assert.equal(res.statusCode, 400);
    for (const f of ["querystring.term", "querystring.limit", "querystring.sort"])
      assert.ok(issues(res).includes(f), issues(res).join());
  });

  it("gets a product with add-ons, upgrades, downgrades and exclusive sets", async () => {
    const bus = await productBySku(t.deps, w.a.id, "DBX-BUS-EVH-MCMB");
    const res = await req("GET", `/api/bss/catalog/products/${bus.id}`, w.viewer);
    assert.equal(res.statusCode, 200);
    const p = res.json();
    assert.deepEqual(
      p.addons.map((a: { sku: string }) => a.sku),
      ["DBX-1TB-MCMB"],
    );
    const down = p.downgrades.map((d: { sku: string }) => d.sku).sort();
    assert.deepEqual(down, ["DBX-BUS-MCMB", "DBX-STD-EVH-MCMB", "DBX-STD-MCMB"]); // R-UPG-06, no trials
    assert.ok(p.upgrades.some((u: { sku: string }) => u.sku === "DBX-BPL-EVH-DG-RPL-PS-MCMB"));
    assert.equal(p.effectivePolicies.billingPlans.MCMB.allowed[0], "monthly");
    assert.equal(p.exclusiveSets[0].scope, "admin_email");
    assert.equal((await req("GET", `/api/bss/catalog/products/${bus.id}`, w.otherAdmin)).statusCode, 404);
    assert.equal((await req("GET", "/api/bss/catalog/products/prd_nope", w.viewer)).statusCode, 404);
  });

  it("creates a custom product (admin) with add-ons and a trial twin", async () => {
    const body = {
      productTypeId: c.type.id,
      sku: "C-TRIAL",
      name: "Basic trial",
      kind: "base",
      term: "MCMB",
      trial: { days: 14, paidProductId: c.basic.id },
      listPrice: "0.00",
      cost: "0.00",
    };
    const res = await req("POST", "/api/bss/catalog/products", w.admin, body);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().trialPaidProductId, c.basic.id);
    assert.equal(res.json().managedBy, "custom");
    assert.equal((await req("POST", "/api/bss/catalog/products", w.admin, body)).statusCode, 409);
    const ac1m = await req("POST", "/api/bss/catalog/products", w.admin, {
      ...body,
      sku: "C-T2",
      term: "AC1M",
    });
    assert.equal(ac1m.json().error.code, "R-TRL-01");
    const withAddon = await req("POST", "/api/bss/catalog/products", w.admin, {
      ...body,
      sku: "C-WITH",
      trial: undefined,
      addonProductIds: [c.addon.id],
    });
    assert.equal(withAddon.statusCode, 201);
    assert.deepEqual(
      withAddon.json().addons.map((a: { sku: string }) => a.sku),
      ["C-ADDON"],
    );
  });

  it("refuses a bad product body with a 400 naming the fields; viewer and clerk get 403; another tenant 404", async () => {
    const bad = await req("POST", "/api/bss/catalog/products", w.admin, {
      productTypeId: c.type.id,
      listPrice: 12,
      extra: 1,
    });
    assert.equal(bad.statusCode, 400);
    for (const f of ["body.sku", "body.listPrice", "body.extra", "body.term"])
      assert.ok(issues(bad).includes(f), issues(bad).join());
    const body = {
      productTypeId: c.type.id,
      sku: "C-X",
      name: "X",
      kind: "base",
      term: "MCMB",
      listPrice: "1.00",
      cost: "1.00",
    };
    assert.equal((await req("POST", "/api/bss/catalog/products", w.viewer, body)).statusCode, 403);
    assert.equal((await req("POST", "/api/bss/catalog/products", w.clerk, body)).statusCode, 403);
    assert.equal((await req("POST", "/api/bss/catalog/products", w.otherAdmin, body)).statusCode, 404);
    const decimals = await req("POST", "/api/bss/catalog/products", w.admin, { ...body, listPrice: "1.005" });
    assert.equal(decimals.statusCode, 400);
  });

  it("issue 12: quantities beyond their int4 column and change windows beyond ten years are a 400 that writes nothing", async () => {
    const body = {
      productTypeId: c.type.id,
      sku: "C-BOUNDS",
      name: "Bounds",
      kind: "base",
      term: "MCMB",
      listPrice: "1.00",
      cost: "1.00",
    };
    const url = `/api/bss/catalog/products/${c.basic.id}`;
    const before = (await req("GET", url, w.admin)).body;
    for (const [field, value] of [
      ["includedLicences", 2_147_483_648],
      ["minQuantity", 2_147_483_648],
      ["maxQuantity", 2_147_483_648],
    ] as const) {
      const created = await req("POST", "/api/bss/catalog/products", w.admin, { ...body, [field]: value });
      assert.equal(created.statusCode, 400, created.body);
      assert.deepEqual(issues(created), [`body.${field}`]);
      const patched = await req("PATCH", url, w.admin, { [field]: value });
      assert.equal(patched.statusCode, 400, patched.body);
    }
    // A window of 9e15 days used to be stored, and every read of the product's subscriptions
    // (window end = start + window) then failed with a 500.
    const window = await req("PATCH", url, w.admin, {
      policies: { changeWindowDays: 9_007_199_254_740_991 },
    });
    assert.equal(window.statusCode, 400, window.body);
    assert.deepEqual(issues(window), ["body.policies.changeWindowDays"]);
    assert.equal((await req("GET", url, w.admin)).body, before, "a refused request writes nothing");
    const largest = await req("PATCH", url, w.admin, {
      maxQuantity: 2_147_483_647,
      policies: { changeWindowDays: 3660 },
    });
    assert.equal(largest.statusCode, 200, largest.body);
    assert.equal(largest.json().maxQuantity, 2_147_483_647);
    assert.equal((await req("PATCH", url, w.admin, { maxQuantity: null, policies: {} })).statusCode, 200);
  });

  it("issue 12: an add-on listed twice is a 400 naming it (was a 500 on the unique add-on link), on create and update, writing nothing", async () => {
    const url = `/api/bss/catalog/products/${c.basic.id}`;
    const before = (await req("GET", url, w.admin)).body;
    const created = await req("POST", "/api/bss/catalog/products", w.admin, {
      productTypeId: c.type.id,
      sku: "C-TWICE",
      name: "Twice",
      kind: "base",
      term: "MCMB",
      listPrice: "1.00",
      cost: "1.00",
      addonProductIds: [c.addon.id, c.addon.id],
    });
    const patched = await req("PATCH", url, w.admin, { addonProductIds: [c.addon.id, c.addon.id] });
    for (const res of [created, patched]) {
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error.code, "validation_failed");
      assert.deepEqual(issues(res), ["addonProductIds.1"]);
    }
    assert.equal((await req("GET", "/api/bss/catalog/products?sku=C-TWICE", w.admin)).json().total, 0);
    assert.equal((await req("GET", url, w.admin)).body, before, "a refused request writes nothing");
  });

  it("issue 12: concurrent replacements of a product's add-ons all succeed, one after the other — never a 500", async () => {
    const url = `/api/bss/catalog/products/${c.pro.id}`;
    // Each replacement deletes the links and inserts its own: unserialised, two of them inserted
    // the same (product, add-on) key (a unique violation, answered 500 on PostgreSQL).
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        req("PATCH", url, w.admin, { addonProductIds: i % 2 ? [c.addon.id] : [] }),
      ),
    );
    assert.deepEqual(
      answers.map((a) => a.statusCode),
      Array(8).fill(200),
      answers.map((a) => a.body).join("\n"),
    );
    assert.equal((await req("PATCH", url, w.admin, { addonProductIds: [] })).statusCode, 200);
  });

  it("updates a product; a definition product's vendor fields are refused", async () => {
    const res = await req("PATCH", `/api/bss/catalog/products/${c.pro.id}`, w.admin, {
      listPrice: "21.50",
      name: "Pro",
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().listPrice.decimal, "21.50");
    const price = await req("PATCH", `/api/bss/catalog/products/${std.id}`, w.admin, {
      name: "Dropbox Standard (monthly)",
    });
    assert.equal(price.statusCode, 200);
    const vendor = await req("PATCH", `/api/bss/catalog/products/${std.id}`, w.admin, { minQuantity: 1 });
    assert.equal(vendor.statusCode, 409);
    assert.equal(
      (await req("PATCH", `/api/bss/catalog/products/${c.pro.id}`, w.admin, { minQuantity: -1 })).statusCode,
      400,
    );
    assert.equal(
      (await req("PATCH", `/api/bss/catalog/products/${c.pro.id}`, w.viewer, { name: "x" })).statusCode,
      403,
    );
    assert.equal(
      (await req("PATCH", `/api/bss/catalog/products/${c.pro.id}`, w.otherAdmin, { name: "x" })).statusCode,
      404,
    );
  });

  it("lists upgrade paths grouped by source product (by name) by default, sorts both ways and pages", async () => {
    type Path = { id: string; fromProductId: string; toProductId: string };
    const get = async (query: string) =>
      (await req("GET", `/api/bss/catalog/upgrade-paths?source=definition&${query}`, w.viewer)).json();
    const runs = (items: Path[]) => items.map((p) => p.fromProductId).filter((id, i, a) => id !== a[i - 1]);
    const page = await get("limit=120");
    const sources = runs(page.items);
    assert.equal(new Set(sources).size, sources.length, "each source product's paths are together");
    const name = async (id: string) =>
      (await req("GET", `/api/bss/catalog/products/${id}`, w.viewer)).json().name as string;
    const names = await Promise.all(sources.map(name));
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a.localeCompare(b, "en")),
      "sources by name",
    );
    const reversed = await get("sort=-from&limit=1");
    const last = await get(`sort=from&limit=1&offset=${page.total - 1}`);
    assert.equal(await name(reversed.items[0].fromProductId), await name(last.items[0].fromProductId));
    const second = await get("limit=1&offset=1");
    assert.deepEqual([second.items[0].id, second.offset, second.total], [page.items[1].id, 1, page.total]);
    const bad = await req("GET", "/api/bss/catalog/upgrade-paths?sort=fromProductId", w.viewer);
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(issues(bad), ["querystring.sort"]);
  });

  it("R-UPG-06 adds and removes upgrade paths over HTTP, refusing cycles and cross-type paths", async () => {
    const add = await req("POST", "/api/bss/catalog/upgrade-paths", w.admin, {
      fromProductId: c.basic.id,
      toProductId: c.pro.id,
    });
    assert.equal(add.statusCode, 201, add.body);
    const detail = (await req("GET", `/api/bss/catalog/products/${c.pro.id}`, w.viewer)).json();
    assert.deepEqual(
      detail.downgrades.map((d: { id: string }) => d.id),
      [c.basic.id],
    );
    const cycle = await req("POST", "/api/bss/catalog/upgrade-paths", w.admin, {
      fromProductId: c.pro.id,
      toProductId: c.basic.id,
    });
    assert.equal(cycle.statusCode, 422);
    assert.equal(cycle.json().error.code, "R-UPG-06");
    const cross = await req("POST", "/api/bss/catalog/upgrade-paths", w.admin, {
      fromProductId: c.basic.id,
      toProductId: std.id,
    });
    assert.equal(cross.json().error.code, "R-UPG-06");
    const list = (await req("GET", `/api/bss/catalog/upgrade-paths?productId=${c.pro.id}`, w.viewer)).json();
    assert.equal(list.total, 1);
    assert.equal(
      (await req("GET", "/api/bss/catalog/upgrade-paths?source=definition&limit=1", w.viewer)).json().total,
      793,
    );
    assert.equal((await req("GET", "/api/bss/catalog/upgrade-paths", w.otherAdmin)).json().total, 0);
    assert.equal(
      (await req("POST", "/api/bss/catalog/upgrade-paths", w.admin, { fromProductId: c.basic.id }))
        .statusCode,
      400,
    );
    assert.equal(
      (
        await req("POST", "/api/bss/catalog/upgrade-paths", w.clerk, {
          fromProductId: c.basic.id,
          toProductId: c.pro.id,
        })
      ).statusCode,
      403,
    );
    const other = await req("POST", "/api/bss/catalog/upgrade-paths", w.otherAdmin, {
      fromProductId: c.basic.id,
      toProductId: c.pro.id,
    });
    assert.equal(other.statusCode, 404);
    const id = add.json().id;
    assert.equal((await req("DELETE", `/api/bss/catalog/upgrade-paths/${id}`, w.otherAdmin)).statusCode, 404);
    assert.equal((await req("DELETE", `/api/bss/catalog/upgrade-paths/${id}`, w.viewer)).statusCode, 403);
    assert.equal((await req("DELETE", `/api/bss/catalog/upgrade-paths/${id}`, w.admin)).statusCode, 204);
    const declared = (
      await req(
        "GET",
        `/api/bss/catalog/upgrade-paths?productId=${std.id}&source=definition&limit=1`,
        w.viewer,
      )
    ).json();
    assert.equal(
      (await req("DELETE", `/api/bss/catalog/upgrade-paths/${declared.items[0].id}`, w.admin)).statusCode,
      409,
    );
  });

  it("R-CAT-06 lists exclusive sets; another tenant sees none", async () => {
    const sets = (await req("GET", "/api/bss/catalog/exclusive-sets", w.viewer)).json().items;
    assert.equal(sets.length, 1);
    assert.ok(sets[0].productIds.includes(std.id));
    assert.deepEqual((await req("GET", "/api/bss/catalog/exclusive-sets", w.otherAdmin)).json().items, []);
  });

  it("security: a Storefront user cannot call /api/bss/catalog (403), nobody anonymous (401)", async () => {
    for (const url of [
      "/api/bss/catalog/products",
      "/api/bss/catalog/product-types",
      "/api/bss/catalog/exclusive-sets",
    ]) {
      assert.equal((await req("GET", url, w.resellerUser)).statusCode, 403, url);
      assert.equal((await t.app.inject({ method: "GET", url })).statusCode, 401, url);
    }
    assert.equal((await req("GET", `/api/bss/catalog/products/${std.id}`, w.customerUser)).statusCode, 403);
  });
});
