import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { createTenant, createUser } from "../../test/factories.ts";
import { createTestApp, signIn, type TestApp } from "../../test/http.ts";
import { webCacheControl } from "./server.ts";

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
    // The manifest is new with the precompressed build: an older build is rebuilt.
    if (!existsSync(new URL("../../web/dist/.vite/manifest.json", import.meta.url)))
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

  it("answers any unknown path under /assets with 404, never the SPA page (issue 16 review)", async () => {
    for (const url of ["/assets/nope", "/assets/", "/assets", "/assets/nope/deeper"]) {
      const res = await t.app.inject({ method: "GET", url, headers: { "accept-encoding": "br" } });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().error.code, "not_found", url);
    }
  });

  it("never serves a .br/.gz sibling as itself, only in place of its file (issue 16 review)", async () => {
    const html = (await t.app.inject({ method: "GET", url: "/bss" })).body;
    const script = /<script type="module"[^>]*src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script);
    for (const url of [`${script}.br`, `${script}.gz`, "/index.html.br", "/index.html.gz"]) {
      const res = await t.app.inject({ method: "GET", url, headers: { "accept-encoding": "br, gzip" } });
      assert.equal(res.statusCode, 404, url);
    }
  });

  it("serves a hashed asset precompressed (br, else gzip) and cached for a year as immutable", async () => {
    const html = (await t.app.inject({ method: "GET", url: "/bss" })).body;
    const script = /<script type="module"[^>]*src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, "index.html names its entry script");
    const plain = await t.app.inject({ method: "GET", url: script });
    assert.equal(plain.statusCode, 200);
    assert.equal(plain.headers["content-encoding"], undefined);
    for (const [accept, encoding] of [
      ["gzip, deflate, br", "br"],
      ["gzip", "gzip"],
    ] as const) {
      const res: Awaited<typeof plain> = await t.app.inject({
        method: "GET",
        url: script,
        headers: { "accept-encoding": accept },
      });
      assert.equal(res.statusCode, 200, accept);
      assert.equal(res.headers["content-encoding"], encoding, accept);
      assert.match(String(res.headers["content-type"]), /javascript/, accept);
      assert.equal(res.headers["cache-control"], "public, max-age=31536000, immutable", accept);
      assert.match(String(res.headers.vary), /accept-encoding/i, accept);
      const body = res.rawPayload;
      const decoded = encoding === "br" ? brotliDecompressSync(body) : gunzipSync(body);
      assert.ok(body.length < plain.rawPayload.length / 2, `${encoding} is smaller`);
      assert.deepEqual(decoded, plain.rawPayload, `${encoding} decodes to the file`);
    }
    assert.equal(plain.headers["cache-control"], "public, max-age=31536000, immutable");
  });

  it("serves index.html and the SPA fallback with no-cache, so a release is picked up at once", async () => {
    for (const url of ["/index.html", "/bss", "/store/skyline/billing"]) {
      const res = await t.app.inject({ method: "GET", url, headers: { "accept-encoding": "br, gzip" } });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers["cache-control"], "no-cache", url);
      assert.match(String(res.headers.vary), /accept-encoding/i, url);
      assert.match(String(res.headers["content-type"]), /text\/html/, url);
    }
  });

  it("keeps the cache rule to hashed files under /assets", () => {
    assert.equal(
      webCacheControl("/srv/web/dist/assets/index-t9jqw05S.js"),
      "public, max-age=31536000, immutable",
    );
    assert.equal(
      webCacheControl("/srv/web/dist/assets/react-Bpag1bp3.js.br"),
      "public, max-age=31536000, immutable",
    );
    assert.equal(webCacheControl("/srv/web/dist/index.html"), "no-cache");
    assert.equal(webCacheControl("/srv/web/dist/index.html.gz"), "no-cache");
    assert.equal(webCacheControl("/srv/web/dist/favicon.svg"), "no-cache");
  });
});
