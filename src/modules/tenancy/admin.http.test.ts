import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { unique } from "../../../test/factories.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/http.ts";
import {
  buildSignedInChannel,
  type Credential,
  issuePaths,
  type SignedInChannel,
} from "../../../test/tenancy-fixtures.ts";

/** HTTP: tenant, tenant resellers, users and API keys — happy paths and bad input. */

const PASSWORD = "long enough password";

describe("HTTP BSS administration", () => {
  let t: TestApp;
  let w: SignedInChannel;
  before(async () => {
    t = await createTestApp();
    w = await buildSignedInChannel(t.deps, t.app);
  });
  after(() => t.close());

  const send = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    cred: Credential,
    payload?: object,
  ) => t.app.inject({ method, url, headers: cred, ...(payload ? { payload } : {}) });

  it("GET /api/bss/tenant answers my tenant", async () => {
    const res = await send("GET", "/api/bss/tenant", w.as.viewer);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(
      {
        id: res.json().id,
        slug: res.json().slug,
        kind: res.json().kind,
        parentTenantId: res.json().parentTenantId,
      },
      { id: w.tenant.id, slug: w.tenant.slug, kind: "distributor", parentTenantId: null },
    );
  });

  describe("tenant resellers", () => {
    it("creates one (201: tenant, representing account, admin) and lists it", async () => {
      const slug = unique("tr");
      const res = await send("POST", "/api/bss/tenants", w.as.admin, {
        name: "Cloud TR",
        slug,
        timeZone: "Europe/Athens",
        edition: "standard",
        storefrontAlias: unique("trshop"),
        admin: { email: `${unique("tr")}@tr.test`, name: "TR Admin", password: PASSWORD },
      });
      assert.equal(res.statusCode, 201, res.body);
      const { tenant, account, admin } = res.json();
      assert.equal(tenant.kind, "tenant_reseller");
      assert.equal(tenant.parentTenantId, w.tenant.id);
      assert.equal(tenant.parentAccountId, account.id);
      assert.equal(tenant.timeZone, "Europe/Athens");
      assert.equal(account.representsTenantId, tenant.id);
      assert.equal(account.tenantId, w.tenant.id);
      assert.equal(admin.role, "admin");
      assert.doesNotMatch(res.body, /password|scrypt/i);
      const list = await send("GET", "/api/bss/tenants", w.as.viewer);
      assert.ok(list.json().items.some((x: { id: string }) => x.id === tenant.id));
      const rep = await send("GET", `/api/bss/accounts/${account.id}`, w.as.viewer);
      assert.equal(rep.json().kind, "reseller");
      await signIn(t.app, admin.email, "bss", PASSWORD);
    });

    it("refuses a taken slug (409) and bad input (400 naming nested fields)", async () => {
      const taken = await send("POST", "/api/bss/tenants", w.as.admin, {
        name: "X",
        slug: w.tenant.slug,
        admin: { email: `${unique("x")}@x.test`, name: "X", password: PASSWORD },
      });
      assert.equal(taken.statusCode, 409);
      assert.match(taken.json().error.message, /slug .* already taken/);
      const bad = await send("POST", "/api/bss/tenants", w.as.admin, {
        name: "X",
        slug: "Bad Slug",
        currency: "eur",
        timeZone: "Nowhere/Land",
        admin: { email: "x@x.test", name: "X", password: "short" },
      });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(issuePaths(bad).sort(), [
        "body.admin.password",
        "body.currency",
        "body.slug",
        "body.timeZone",
      ]);
    });
  });

  describe("users", () => {
    it("creates a staff user and a Storefront user (201, no secret in the answer) and lists them", async () => {
      const staffEmail = `${unique("staff")}@x.test`;
      const staff = await send("POST", "/api/bss/users", w.as.admin, {
        email: staffEmail,
        name: "Staff",
        role: "viewer",
        password: PASSWORD,
      });
      assert.equal(staff.statusCode, 201, staff.body);
      assert.equal(staff.json().accountId, null);
      assert.equal(staff.json().disabled, false);
      assert.doesNotMatch(staff.body, /password|scrypt/i);
      const shop = await send("POST", "/api/bss/users", w.as.admin, {
        email: `${unique("shop")}@x.test`,
        name: "Shop",
        role: "storefront_admin",
        password: PASSWORD,
        accountId: w.customerA2.id,
      });
      assert.equal(shop.statusCode, 201, shop.body);
      await signIn(t.app, shop.json().email, "storefront", PASSWORD);
      const list = await send("GET", "/api/bss/users?limit=500", w.as.admin);
      assert.equal(list.statusCode, 200);
      assert.doesNotMatch(list.body, /passwordHash|scrypt\$/);
      const ids = list.json().items.map((u: { id: string }) => u.id);
      assert.ok(ids.includes(staff.json().id) && ids.includes(shop.json().id) && ids.includes(w.admin.id));
      const filtered = await send("GET", `/api/bss/users?accountId=${w.customerA2.id}`, w.as.admin);
      assert.deepEqual(
        filtered.json().items.map((u: { id: string }) => u.id),
        [shop.json().id],
      );
    });

    it("answers a taken email with 409 and bad input with 400", async () => {
      const dup = await send("POST", "/api/bss/users", w.as.admin, {
        email: w.sfB.email.toUpperCase(),
        name: "Dup",
        role: "clerk",
        password: PASSWORD,
      });
      assert.equal(dup.statusCode, 409);
      assert.match(dup.json().error.message, /already exists/);
      const bad = await send("POST", "/api/bss/users", w.as.admin, {
        email: "not mail",
        name: "X",
        role: "owner",
        password: "123",
      });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(issuePaths(bad).sort(), ["body.email", "body.password", "body.role"]);
      const mismatch = await send("POST", "/api/bss/users", w.as.admin, {
        email: `${unique("m")}@x.test`,
        name: "X",
        role: "clerk",
        password: PASSWORD,
        accountId: w.resellerA.id,
      });
      assert.equal(mismatch.statusCode, 400);
      assert.match(mismatch.json().error.message, /role/);
    });

    it("disables a user (its session ends), refuses self-disable (409) and bad patches (400)", async () => {
      const created = await send("POST", "/api/bss/users", w.as.admin, {
        email: `${unique("temp")}@x.test`,
        name: "Temp",
        role: "clerk",
        password: PASSWORD,
      });
      const session = await signIn(t.app, created.json().email, "bss", PASSWORD);
      const off = await send("PATCH", `/api/bss/users/${created.json().id}`, w.as.admin, {
        disabled: true,
        name: "Gone",
      });
      assert.equal(off.statusCode, 200, off.body);
      assert.equal(off.json().disabled, true);
      assert.equal(off.json().name, "Gone");
      assert.equal((await send("GET", "/api/bss/auth/me", session)).statusCode, 401);
      const self = await send("PATCH", `/api/bss/users/${w.admin.id}`, w.as.admin, { disabled: true });
      assert.equal(self.statusCode, 409);
      assert.match(self.json().error.message, /own user/);
      const bad = await send("PATCH", `/api/bss/users/${created.json().id}`, w.as.admin, {
        email: "x@y.test",
      });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(issuePaths(bad), ["body.email"]);
      assert.equal(
        (await send("PATCH", "/api/bss/users/usr_missing", w.as.admin, { name: "X" })).statusCode,
        404,
      );
    });
  });

  describe("API keys", () => {
    it("creates a key shown once, lists it without the key, authenticates with it, revokes it (then 401)", async () => {
      const created = await send("POST", "/api/bss/api-keys", w.as.admin, {
        name: "Billing export",
        role: "viewer",
      });
      assert.equal(created.statusCode, 201, created.body);
      const { id, key, prefix, role } = created.json();
      assert.match(key, /^obss_/);
      assert.ok(key.startsWith(prefix));
      assert.equal(role, "viewer");
      const list = await send("GET", "/api/bss/api-keys", w.as.admin);
      assert.equal(list.statusCode, 200);
      assert.ok(!list.body.includes(key), "the key is never listed");
      assert.doesNotMatch(list.body, /keyHash/);
      const bearer = { authorization: `Bearer ${key}` };
      assert.equal((await send("GET", "/api/bss/accounts", bearer)).statusCode, 200);
      const write = await send("POST", "/api/bss/accounts", bearer, { kind: "direct_customer", name: "X" });
      assert.equal(write.statusCode, 403, "a viewer key cannot write");
      const listed = (await send("GET", "/api/bss/api-keys", w.as.admin))
        .json()
        .items.find((k: { id: string }) => k.id === id);
      assert.ok(listed.lastUsedAt);
      assert.equal(listed.revokedAt, null);
      const del = await send("DELETE", `/api/bss/api-keys/${id}`, w.as.admin);
      assert.equal(del.statusCode, 204);
      assert.equal(del.body, "");
      const after = await send("GET", "/api/bss/accounts", bearer);
      assert.equal(after.statusCode, 401);
      assert.equal((await send("DELETE", "/api/bss/api-keys/key_missing", w.as.admin)).statusCode, 404);
    });

    it("refuses bad key input (400) and a malformed Authorization header (401)", async () => {
      const bad = await send("POST", "/api/bss/api-keys", w.as.admin, { name: "", role: "root", scopes: [] });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(issuePaths(bad).sort(), ["body.name", "body.role", "body.scopes"]);
      const malformed = await send("GET", "/api/bss/accounts", { authorization: "Token abc" });
      assert.equal(malformed.statusCode, 401);
      const unknown = await send("GET", "/api/bss/accounts", { authorization: "Bearer obss_unknown" });
      assert.equal(unknown.statusCode, 401);
    });
  });
});
