import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTenant, createUser } from "../../test/factories.ts";
import { createTestApp, signIn, type TestApp } from "../../test/http.ts";

describe("HTTP core", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it("answers /api/health with the database kind and a request id", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/health" });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, "ok");
    assert.equal(res.json().database, t.deps.dbKind);
    assert.match(String(res.headers["x-request-id"]), /^req_/);
  });

  it("keeps a well-formed incoming X-Request-Id", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/api/health",
      headers: { "x-request-id": "abc-123" },
    });
    assert.equal(res.headers["x-request-id"], "abc-123");
  });

  it("serves the OpenAPI document at /api/docs/json and the UI at /api/docs", async () => {
    const doc = await t.app.inject({ method: "GET", url: "/api/docs/json" });
    assert.equal(doc.statusCode, 200);
    assert.match(doc.json().openapi, /^3\./);
    assert.ok(doc.json().paths["/api/health"]);
    assert.ok(doc.json().paths["/api/bss/auth/login"]);
    const ui = await t.app.inject({ method: "GET", url: "/api/docs" });
    assert.ok([200, 302].includes(ui.statusCode));
  });

  it("answers an unknown route with 404 in the error shape", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/nope" });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, "not_found");
    assert.ok(res.json().error.requestId);
  });

  it("answers malformed JSON with 400 and no stack trace", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/bss/auth/login",
      headers: { "content-type": "application/json" },
      payload: '{"email": "a@b.c", "password": ',
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, "bad_request");
    assert.doesNotMatch(res.body, /at \w+ \(|node_modules/);
  });

  it("names missing, mistyped and unknown fields in a 400", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/bss/auth/login",
      payload: { email: 42, extra: true },
    });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.error.code, "validation_failed");
    const paths = body.error.details.issues.map((i: { path: string }) => i.path);
    assert.ok(paths.includes("body.email"), paths.join(","));
    assert.ok(paths.includes("body.password"), paths.join(","));
    assert.ok(paths.includes("body.extra"), paths.join(","));
  });

  it("refuses an oversized body with 413", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/bss/auth/login",
      payload: { email: "x".repeat(2_000_000), password: "y" },
    });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().error.code, "payload_too_large");
  });

  it("signs BSS staff in, answers /me, and signs out", async () => {
    const tenant = await createTenant(t.deps);
    const user = await createUser(t.deps, { tenantId: tenant.id, role: "clerk" });
    const { cookie } = await signIn(t.app, user.email, "bss");
    const me = await t.app.inject({ method: "GET", url: "/api/bss/auth/me", headers: { cookie } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().actor.tenantId, tenant.id);
    assert.equal(me.json().actor.role, "clerk");
    const out = await t.app.inject({ method: "POST", url: "/api/bss/auth/logout", headers: { cookie } });
    assert.equal(out.statusCode, 204);
    const after = await t.app.inject({ method: "GET", url: "/api/bss/auth/me", headers: { cookie } });
    assert.equal(after.statusCode, 401);
  });

  it("refuses a wrong password with the same message as an unknown email", async () => {
    const tenant = await createTenant(t.deps);
    const user = await createUser(t.deps, { tenantId: tenant.id });
    const wrong = await t.app.inject({
      method: "POST",
      url: "/api/bss/auth/login",
      payload: { email: user.email, password: "nope" },
    });
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/bss/auth/login",
      payload: { email: "nobody@example.test", password: "nope" },
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.equal(wrong.json().error.message, unknown.json().error.message);
  });

  it("security: a BSS user cannot use the Storefront area and a Storefront user cannot sign in to the BSS", async () => {
    const tenant = await createTenant(t.deps);
    const staff = await createUser(t.deps, { tenantId: tenant.id });
    const res = await t.app.inject({
      method: "POST",
      url: "/api/storefront/auth/login",
      payload: { email: staff.email, password: "correct horse battery" },
    });
    assert.equal(res.statusCode, 403);
    const { cookie } = await signIn(t.app, staff.email, "bss");
    const me = await t.app.inject({ method: "GET", url: "/api/storefront/auth/me", headers: { cookie } });
    assert.equal(me.statusCode, 403);
  });
});

describe("HTTP core: the web app", () => {
  let t: TestApp;
  before(async () => {
    const { execSync } = await import("node:child_process");
    const { existsSync } = await import("node:fs");
    if (!existsSync(new URL("../../web/dist/index.html", import.meta.url)))
      execSync("npm run build:web", { stdio: "ignore" });
    t = await createTestApp({ serveWeb: true });
  });
  after(() => t.close());

  it("serves the SPA for /bss and /store routes, redirects / to /bss", async () => {
    for (const url of ["/bss", "/bss/accounts/acc_x", "/store/skyline"]) {
      const res = await t.app.inject({ method: "GET", url });
      assert.equal(res.statusCode, 200, url);
      assert.match(String(res.headers["content-type"]), /text\/html/);
      assert.match(res.body, /<div id="root">/);
    }
    const root = await t.app.inject({ method: "GET", url: "/" });
    assert.equal(root.statusCode, 302);
    assert.equal(root.headers.location, "/bss");
  });

  it("answers a missing asset with 404, not the SPA page", async () => {
    const res = await t.app.inject({ method: "GET", url: "/assets/nope-123.js" });
    assert.equal(res.statusCode, 404);
  });
});
