import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { unique } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  buildSignedInChannel,
  type Credential,
  issuePaths,
  type SignedInChannel,
} from "../../../test/tenancy-fixtures.ts";

/** HTTP: BSS accounts and contacts — happy paths and bad input (security: security.http.test.ts). */

describe("HTTP /api/bss/accounts", () => {
  let t: TestApp;
  let w: SignedInChannel;
  before(async () => {
    t = await createTestApp();
    w = await buildSignedInChannel(t.deps, t.app);
  });
  after(() => t.close());

  const send = (method: "GET" | "POST" | "PATCH", url: string, cred: Credential, payload?: object) =>
    t.app.inject({ method, url, headers: cred, ...(payload ? { payload } : {}) });

  it("creates a Standard reseller with an alias (201) and reads it back", async () => {
    const alias = unique("web");
    const res = await send("POST", "/api/bss/accounts", w.as.clerk, {
      kind: "reseller",
      edition: "standard",
      storefrontAlias: alias,
      name: "Web Reseller",
      email: "web@reseller.test",
      address: { city: "Patras", country: "GR" },
      accountingNumber: "40-001",
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(body.storefrontAlias, alias);
    assert.equal(body.tenantId, w.tenant.id);
    assert.equal(body.orderApproval, true);
    assert.equal(body.accountingNumber, "40-001");
    assert.deepEqual(body.address, { city: "Patras", country: "GR" });
    assert.match(body.createdAt, /^\d{4}-\d{2}-\d{2}T/);
    const got = await send("GET", `/api/bss/accounts/${body.id}`, w.as.viewer);
    assert.equal(got.statusCode, 200);
    assert.deepEqual(got.json(), body);
  });

  it("answers a taken alias with 409 and a clear message", async () => {
    const res = await send("POST", "/api/bss/accounts", w.as.clerk, {
      kind: "reseller",
      edition: "standard",
      storefrontAlias: w.resellerA.storefrontAlias,
      name: "Copycat",
    });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().error.code, "conflict");
    assert.match(
      res.json().error.message,
      new RegExp(`alias "${w.resellerA.storefrontAlias}" is already taken`),
    );
  });

  it("names every bad field in a 400", async () => {
    const cases: Array<[object, string]> = [
      [{ kind: "reseller", edition: "standard" }, "body.name"],
      [{ kind: "reseller", name: "X" }, "body.edition"],
      [{ kind: "partner", name: "X" }, "body.kind"],
      [{ kind: "end_customer", name: "X" }, "body.parentAccountId"],
      [{ kind: "direct_customer", name: "X", extra: 1 }, "body.extra"],
      [{ kind: "direct_customer", name: "X", email: "nope" }, "body.email"],
      [{ kind: "direct_customer", name: "X", currency: "euro" }, "body.currency"],
      [{ kind: "direct_customer", name: "X", address: { country: "Greece" } }, "body.address.country"],
      [
        { kind: "reseller", edition: "standard", name: "X", storefrontAlias: "Has Caps" },
        "body.storefrontAlias",
      ],
    ];
    for (const [payload, path] of cases) {
      const res = await send("POST", "/api/bss/accounts", w.as.clerk, payload);
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.ok(issuePaths(res).includes(path), `${JSON.stringify(payload)} → ${issuePaths(res).join(",")}`);
    }
    const basic = await send("POST", "/api/bss/accounts", w.as.clerk, {
      kind: "reseller",
      edition: "basic",
      name: "X",
      storefrontAlias: unique("b"),
    });
    assert.equal(basic.statusCode, 400);
    assert.match(basic.json().error.message, /storefrontAlias: .*Standard Edition/);
    const notReseller = await send("POST", "/api/bss/accounts", w.as.clerk, {
      kind: "end_customer",
      parentAccountId: w.customerA1.id,
      name: "X",
    });
    assert.equal(notReseller.statusCode, 400);
    assert.match(notReseller.json().error.message, /parentAccountId/);
  });

  it("lists with filters, q, sort and paging in { items, total, limit, offset }", async () => {
    const res = await send(
      "GET",
      `/api/bss/accounts?kind=end_customer&parentAccountId=${w.resellerA.id}`,
      w.as.viewer,
    );
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.limit, 50);
    assert.equal(body.offset, 0);
    assert.ok(body.total >= 2);
    assert.ok(body.items.every((a: { parentAccountId: string }) => a.parentAccountId === w.resellerA.id));
    const q = await send("GET", `/api/bss/accounts?q=${encodeURIComponent(w.resellerA.name)}`, w.as.viewer);
    assert.deepEqual(
      q.json().items.map((a: { id: string }) => a.id),
      [w.resellerA.id],
    );
    const paged = await send("GET", "/api/bss/accounts?sort=-createdAt&limit=1&offset=1", w.as.viewer);
    assert.equal(paged.json().items.length, 1);
    assert.equal(paged.json().limit, 1);
    for (const [query, path] of [
      ["limit=0", "querystring.limit"],
      ["limit=501", "querystring.limit"],
      ["sort=password", "querystring.sort"],
      ["kind=vendor", "querystring.kind"],
      ["bogus=1", "querystring.bogus"],
    ]) {
      const bad = await send("GET", `/api/bss/accounts?${query}`, w.as.viewer);
      assert.equal(bad.statusCode, 400, query);
      assert.ok(issuePaths(bad).includes(path!), `${query} → ${issuePaths(bad).join(",")}`);
    }
  });

  it("keeps an account's language (its emails and the Storefront's formats): en by default, a BCP 47 tag, refused otherwise", async () => {
    const created = await send("POST", "/api/bss/accounts", w.as.clerk, {
      kind: "direct_customer",
      name: "Sprachen GmbH",
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().language, "en");
    const id = created.json().id;
    const set = await send("PATCH", `/api/bss/accounts/${id}`, w.as.clerk, { language: "de-AT" });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal(set.json().language, "de-AT");
    for (const language of ["de_AT", "german", "", "EN", "de-at"]) {
      const bad = await send("PATCH", `/api/bss/accounts/${id}`, w.as.clerk, { language });
      assert.equal(bad.statusCode, 400, language);
      assert.deepEqual(issuePaths(bad), ["body.language"]);
    }
    assert.equal((await send("GET", `/api/bss/accounts/${id}`, w.as.viewer)).json().language, "de-AT");
    const withOne = await send("POST", "/api/bss/accounts", w.as.clerk, {
      kind: "direct_customer",
      name: "Langue SARL",
      language: "fr",
    });
    assert.equal(withOne.json().language, "fr");
  });

  it("updates an account; Standard → Basic removes the alias", async () => {
    const created = await send("POST", "/api/bss/accounts", w.as.clerk, {
      kind: "reseller",
      edition: "standard",
      storefrontAlias: unique("down"),
      name: "Downgrader",
    });
    const id = created.json().id;
    const res = await send("PATCH", `/api/bss/accounts/${id}`, w.as.clerk, {
      edition: "basic",
      orderApproval: false,
      vendorResellerId: "DBX-77",
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().edition, "basic");
    assert.equal(res.json().storefrontAlias, null);
    assert.equal(res.json().vendorResellerId, "DBX-77");
    const bad = await send("PATCH", `/api/bss/accounts/${id}`, w.as.clerk, {
      edition: "gold",
      parentAccountId: "x",
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(issuePaths(bad).sort(), ["body.edition", "body.parentAccountId"]);
    const alias = await send("PATCH", `/api/bss/accounts/${id}`, w.as.clerk, {
      storefrontAlias: unique("x"),
    });
    assert.equal(alias.statusCode, 400);
    assert.match(alias.json().error.message, /storefrontAlias/);
    const taken = await send("PATCH", `/api/bss/accounts/${id}`, w.as.clerk, {
      edition: "standard",
      storefrontAlias: w.resellerA.storefrontAlias,
    });
    assert.equal(taken.statusCode, 409);
    const missing = await send("PATCH", "/api/bss/accounts/acc_nope", w.as.clerk, { name: "X" });
    assert.equal(missing.statusCode, 404);
  });

  describe("contacts", () => {
    it("adds (first = primary), lists, and moves the primary flag with PATCH", async () => {
      const url = `/api/bss/accounts/${w.direct.id}/contacts`;
      const first = await send("POST", url, w.as.clerk, { name: "Ann", email: "ann@d.test", phone: "+30 1" });
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(first.json().isPrimary, true);
      const second = await send("POST", url, w.as.clerk, { name: "Bob", email: "bob@d.test" });
      assert.equal(second.json().isPrimary, false);
      const moved = await send("PATCH", `${url}/${second.json().id}`, w.as.clerk, { isPrimary: true });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json().isPrimary, true);
      const list = await send("GET", url, w.as.viewer);
      assert.equal(list.statusCode, 200);
      assert.deepEqual(
        list.json().items.map((c: { name: string; isPrimary: boolean }) => [c.name, c.isPrimary]),
        [
          ["Bob", true],
          ["Ann", false],
        ],
      );
      assert.equal(list.json().total, 2);
    });

    it("refuses bad contact input (400) and unknown contacts or accounts (404)", async () => {
      const url = `/api/bss/accounts/${w.direct.id}/contacts`;
      const bad = await send("POST", url, w.as.clerk, { name: "", email: "x", role: "boss" });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(issuePaths(bad).sort(), ["body.email", "body.name", "body.role"]);
      const badPatch = await send("PATCH", `${url}/con_missing`, w.as.clerk, { isPrimary: "yes" });
      assert.equal(badPatch.statusCode, 400);
      assert.ok(issuePaths(badPatch).includes("body.isPrimary"));
      assert.equal((await send("PATCH", `${url}/con_missing`, w.as.clerk, { name: "X" })).statusCode, 404);
      assert.equal(
        (await send("GET", "/api/bss/accounts/acc_missing/contacts", w.as.viewer)).statusCode,
        404,
      );
      assert.equal(
        (
          await send("POST", "/api/bss/accounts/acc_missing/contacts", w.as.clerk, {
            name: "X",
            email: "x@x.test",
          })
        ).statusCode,
        404,
      );
    });
  });
});
