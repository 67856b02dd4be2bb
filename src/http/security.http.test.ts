import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { TEST_PASSWORD } from "../../test/factories.ts";
import { createTestContext, type TestContext, testConfig } from "../../test/harness.ts";
import { signIn } from "../../test/http.ts";
import { line, type OrderWorld, orderWorld, rowsOf } from "../../test/order-fixtures.ts";
import { loadConfig } from "../config.ts";
import { addBasketLine, checkoutBasket, getOrder } from "../modules/orders/index.ts";
import { createApiKey, type StorefrontActor } from "../modules/tenancy/index.ts";
import { sql } from "../shared/db.ts";
import type { App } from "./app.ts";
import { trustProxyOption } from "./security.ts";
import { buildServer } from "./server.ts";

/**
 * The browser-facing defences of issue 12 over HTTP (src/http/security.ts): cross-origin refusal
 * of state-changing requests (CSRF, login CSRF), JSON-only bodies, security headers, Secure
 * cookies behind HTTPS proxies. Sign-in throttling: login-throttle.http.test.ts.
 */

const EVIL = "https://evil.example";

function assertRefusedCrossOrigin(res: LightMyRequestResponse): void {
  assert.equal(res.statusCode, 403, res.body);
  const body = res.json();
  assert.equal(body.error.code, "forbidden");
  assert.equal(body.error.details.reason, "cross_origin");
  assert.match(body.error.requestId, /\S/);
  assert.equal(res.headers["set-cookie"], undefined, "a refusal sets no cookie");
}

describe("browser security: CSRF, bodies, headers, cookies", () => {
  let ctx: TestContext;
  let w: OrderWorld;
  let app: App;
  const apps: App[] = [];
  let sfA: { cookie: string };
  let admin: { cookie: string };

  /** Another server on the same database with some configuration changed (env strings, parsed). */
  async function appWith(env: Record<string, string>): Promise<App> {
    const server = await buildServer({ ...ctx.deps, config: testConfig(env) }, { serveWeb: false });
    await server.ready();
    apps.push(server);
    return server;
  }

  /** An end customer's order waiting for its reseller's approval (R-ORD-09). */
  async function pendingOrder(): Promise<string> {
    await addBasketLine(ctx.deps, w.actors.sfA1 as StorefrontActor, line(w, "DBX-STD-MCMB", 3));
    const { order } = await checkoutBasket(ctx.deps, w.actors.sfA1 as StorefrontActor, {}, { dryRun: false });
    assert.equal(order.status, "pending_reseller_approval");
    return order.id;
  }
  const statusOf = async (orderId: string) => (await getOrder(ctx.deps, w.actors.sfA, orderId)).status;
  const approve = (orderId: string, headers: Record<string, string>, payload?: string) =>
    app.inject({
      method: "POST",
      url: `/api/storefront/orders/${orderId}/approve`,
      headers: { ...sfA, ...headers },
      ...(payload === undefined ? {} : { payload }),
    });

  before(async () => {
    ctx = await createTestContext();
    w = await orderWorld(ctx.deps);
    app = await buildServer(ctx.deps, { serveWeb: false });
    await app.ready();
    sfA = await signIn(app, w.sfA.email, "storefront");
    admin = await signIn(app, w.admin.email, "bss");
  });
  after(async () => {
    for (const a of [app, ...apps]) await a.close();
    await ctx.close();
  });

  describe("cross-origin state changes (CSRF)", () => {
    it("a cookie-authenticated bodyless approve sent by another site is refused and executes nothing", async () => {
      const orderId = await pendingOrder();
      const forged: Record<string, string>[] = [
        { "sec-fetch-site": "cross-site", origin: EVIL },
        { "sec-fetch-site": "same-site", origin: "http://shop.localhost" }, // a sibling subdomain / port
        { origin: EVIL }, // a browser without Sec-Fetch-Site
        { origin: "null" }, // a sandboxed frame or a privacy redirect
        { origin: "http://localhost:8080" }, // another port of the same host
      ];
      for (const headers of forged) {
        const res = await approve(orderId, headers);
        assertRefusedCrossOrigin(res);
        assert.equal(res.headers["cache-control"], "no-store");
      }
      assert.equal(await statusOf(orderId), "pending_reseller_approval", "nothing was executed");
      assert.equal((await rowsOf(ctx.deps, "subscriptions", sql`order_id = ${orderId}`)).length, 0);
    });

    it("the same approve from our own pages goes through (Sec-Fetch-Site same-origin, or Origin = our host)", async () => {
      const first = await pendingOrder();
      const res = await approve(first, { "sec-fetch-site": "same-origin", origin: "http://localhost" });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, "executed");
      // An older browser without Sec-Fetch-Site: Origin names the host the request went to.
      const second = await pendingOrder();
      assert.equal((await approve(second, { origin: "http://localhost" })).statusCode, 200);
      // "none": the user started it (typed, bookmarked), not another site.
      const third = await pendingOrder();
      assert.equal((await approve(third, { "sec-fetch-site": "none" })).statusCode, 200);
    });

    it("a request with neither Sec-Fetch-Site nor Origin is not from a browser and is not a forgery (curl, scripts)", async () => {
      const orderId = await pendingOrder();
      const res = await approve(orderId, {});
      assert.equal(res.statusCode, 200, res.body);
    });

    it("PATCH and DELETE are guarded too; GET is not (it changes nothing)", async () => {
      const { apiKey } = await createApiKey(ctx.deps, w.actors.admin, { name: "victim key" });
      const del = await app.inject({
        method: "DELETE",
        url: `/api/bss/api-keys/${apiKey.id}`,
        headers: { ...admin, "sec-fetch-site": "cross-site" },
      });
      assertRefusedCrossOrigin(del);
      const [key] = await rowsOf<{ revoked_at: Date | null }>(ctx.deps, "api_keys", sql`id = ${apiKey.id}`);
      assert.equal(key!.revoked_at, null, "the key was not revoked");

      const patch = await app.inject({
        method: "PATCH",
        url: `/api/bss/users/${w.viewer.id}`,
        headers: { ...admin, origin: EVIL },
        payload: { role: "admin" },
      });
      assertRefusedCrossOrigin(patch);
      const [viewer] = await rowsOf<{ role: string }>(ctx.deps, "users", sql`id = ${w.viewer.id}`);
      assert.equal(viewer!.role, "viewer");

      const read = await app.inject({
        method: "GET",
        url: "/api/bss/auth/me",
        headers: { ...admin, "sec-fetch-site": "cross-site" },
      });
      assert.equal(read.statusCode, 200);
    });

    it("Bearer API keys are exempt: a page cannot attach them cross-origin, and no cookie is involved", async () => {
      const { key } = await createApiKey(ctx.deps, w.actors.admin, { name: "integration", role: "clerk" });
      const orderId = await pendingOrder();
      const res = await app.inject({
        method: "POST",
        url: `/api/bss/orders/${orderId}/approve`,
        headers: { authorization: `Bearer ${key}`, "sec-fetch-site": "cross-site", origin: EVIL },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, "executed");
    });

    for (const area of ["bss", "storefront"] as const) {
      it(`sign-in to the ${area} from another site is refused (login CSRF): no session, no cookie`, async () => {
        const user = area === "bss" ? w.clerk : w.sfA;
        const sessionsBefore = await rowsOf(ctx.deps, "sessions", sql`user_id = ${user.id}`);
        const forged: Record<string, string>[] = [{ "sec-fetch-site": "cross-site" }, { origin: EVIL }];
        for (const headers of forged) {
          const res = await app.inject({
            method: "POST",
            url: `/api/${area}/auth/login`,
            headers,
            payload: { email: user.email, password: TEST_PASSWORD },
          });
          assertRefusedCrossOrigin(res);
        }
        const sessionsAfter = await rowsOf(ctx.deps, "sessions", sql`user_id = ${user.id}`);
        assert.equal(sessionsAfter.length, sessionsBefore.length);
        const ok = await app.inject({
          method: "POST",
          url: `/api/${area}/auth/login`,
          headers: { "sec-fetch-site": "same-origin", origin: "http://localhost" },
          payload: { email: user.email, password: TEST_PASSWORD },
        });
        assert.equal(ok.statusCode, 200, ok.body);
      });
    }

    it("behind a trusted proxy the Origin is compared with X-Forwarded-Host; PUBLIC_URL's origin is ours too", async () => {
      const forwarded = {
        origin: "https://bss.example.com",
        "x-forwarded-host": "bss.example.com",
        "x-forwarded-proto": "https",
      };
      const login = (server: App, headers: Record<string, string>) =>
        server.inject({
          method: "POST",
          url: "/api/bss/auth/login",
          headers,
          payload: { email: w.viewer.email, password: TEST_PASSWORD },
        });
      const proxied = await appWith({ TRUST_PROXY: "true" });
      assert.equal((await login(proxied, forwarded)).statusCode, 200);
      // Without TRUST_PROXY the forwarded host is not believed: the request went to "localhost".
      assertRefusedCrossOrigin(await login(app, forwarded));
      const named = await appWith({ PUBLIC_URL: "https://bss.example.com" });
      assert.equal((await login(named, { origin: "https://bss.example.com" })).statusCode, 200);
    });
  });

  describe("request bodies are JSON only", () => {
    it("text/plain, form and multipart bodies answer 415 in the product's shape, even same-origin, and execute nothing", async () => {
      const orderId = await pendingOrder();
      for (const [type, payload] of [
        ["text/plain", "anything"],
        ["text/plain;charset=UTF-8", ""],
        ["application/x-www-form-urlencoded", "a=b"],
        [
          "multipart/form-data; boundary=x",
          "--x\r\nContent-Disposition: form-data; name=a\r\n\r\nb\r\n--x--\r\n",
        ],
      ] as const) {
        const res = await approve(
          orderId,
          { "sec-fetch-site": "same-origin", "content-type": type },
          payload,
        );
        assert.equal(res.statusCode, 415, `${type}: ${res.body}`);
        assert.equal(res.json().error.code, "unsupported_media_type");
        assert.match(res.json().error.requestId, /\S/);
      }
      assert.equal(await statusOf(orderId), "pending_reseller_approval");
    });
  });

  describe("security headers", () => {
    const CSP_PARTS = [
      "default-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ];
    function assertSecurityHeaders(res: LightMyRequestResponse, what: string): void {
      const csp = String(res.headers["content-security-policy"]);
      for (const part of CSP_PARTS) assert.ok(csp.includes(part), `${what}: CSP ${csp} lacks ${part}`);
      assert.ok(!csp.includes("unsafe-eval"), what);
      assert.equal(res.headers["x-content-type-options"], "nosniff", what);
      assert.equal(res.headers["x-frame-options"], "DENY", what);
      assert.equal(res.headers["referrer-policy"], "same-origin", what);
      assert.equal(res.headers["strict-transport-security"], undefined, `${what}: no HSTS over plain HTTP`);
    }

    it("every answer carries them: API JSON, errors, 404s, Swagger UI; API answers are not cached", async () => {
      const cases: [string, LightMyRequestResponse][] = [
        ["health", await app.inject({ method: "GET", url: "/api/health" })],
        ["bss me", await app.inject({ method: "GET", url: "/api/bss/auth/me", headers: admin })],
        ["storefront 401", await app.inject({ method: "GET", url: "/api/storefront/orders" })],
        ["404", await app.inject({ method: "GET", url: "/api/bss/nothing-here" })],
        ["asset 404", await app.inject({ method: "GET", url: "/missing.js" })],
        ["docs", await app.inject({ method: "GET", url: "/api/docs" })],
      ];
      for (const [what, res] of cases) assertSecurityHeaders(res, what);
      for (const [what, res] of cases.slice(0, 4))
        assert.equal(res.headers["cache-control"], "no-store", what);
      const docs = cases[5]![1];
      assert.equal(docs.statusCode, 200);
      assert.match(String(docs.headers["content-type"]), /text\/html/);
      // Answers the router gives before any hook runs (frameworkErrors): the same headers.
      for (const [what, url] of [
        ["malformed percent-encoding (400)", "/api/bss/accounts/%E0%A4%A"],
        ["over-long path parameter (414)", `/api/bss/accounts/${"a".repeat(5000)}`],
      ]) {
        const res = await app.inject({ method: "GET", url: url! });
        assert.ok(res.statusCode === 400 || res.statusCode === 414, `${what}: ${res.statusCode}`);
        assertSecurityHeaders(res, what!);
        assert.equal(res.headers["cache-control"], "no-store", what);
      }
    });

    it("Swagger UI's page and files load (no inline script: the app's CSP fits it) and may be cached", async () => {
      const page = await app.inject({ method: "GET", url: "/api/docs/" });
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(
        page.body,
        /<script>(?!\s*<\/script>)|<script(?![^>]*\bsrc=)[^>]*>\s*\S/,
        "no inline scripts",
      );
      for (const file of ["swagger-ui-bundle.js", "swagger-initializer.js", "swagger-ui.css"]) {
        const res = await app.inject({ method: "GET", url: `/api/docs/static/${file}` });
        assert.equal(res.statusCode, 200, file);
        assert.notEqual(res.headers["cache-control"], "no-store", file);
      }
      const spec = await app.inject({ method: "GET", url: "/api/docs/json" });
      assert.equal(spec.statusCode, 200);
      assert.ok(spec.json().paths["/api/bss/auth/login"]);
    });

    it("HSTS only when the request came over HTTPS (through a trusted proxy)", async () => {
      const proxied = await appWith({ TRUST_PROXY: "true" });
      const https = await proxied.inject({
        method: "GET",
        url: "/api/health",
        headers: { "x-forwarded-proto": "https" },
      });
      assert.equal(https.headers["strict-transport-security"], "max-age=31536000");
      const untrusted = await app.inject({
        method: "GET",
        url: "/api/health",
        headers: { "x-forwarded-proto": "https" },
      });
      assert.equal(untrusted.headers["strict-transport-security"], undefined);
    });
  });

  describe("the session cookie", () => {
    const loginCookie = async (server: App, headers: Record<string, string> = {}) => {
      const res = await server.inject({
        method: "POST",
        url: "/api/storefront/auth/login",
        headers,
        payload: { email: w.sfB.email, password: TEST_PASSWORD },
      });
      assert.equal(res.statusCode, 200, res.body);
      const cookie = res.cookies.find((c) => c.name === "openbss_session");
      assert.ok(cookie);
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, "Lax");
      return cookie;
    };

    it("is Secure when the request came over HTTPS — behind a trusted proxy (X-Forwarded-Proto) or with SECURE_COOKIES", async () => {
      const proxied = await appWith({ TRUST_PROXY: "true" });
      assert.equal((await loginCookie(proxied, { "x-forwarded-proto": "https" })).secure, true);
      assert.equal(
        (await loginCookie(proxied)).secure,
        undefined,
        "plain HTTP: not Secure (it would be dropped)",
      );
      // An untrusted X-Forwarded-Proto is anyone's header: not believed.
      assert.equal((await loginCookie(app, { "x-forwarded-proto": "https" })).secure, undefined);
      const forced = await appWith({ SECURE_COOKIES: "true" });
      assert.equal((await loginCookie(forced)).secure, true);
    });

    it("TRUST_PROXY: false by default; true, a hop count or a list of proxy addresses", () => {
      assert.equal(loadConfig({}).TRUST_PROXY, false);
      assert.equal(loadConfig({ TRUST_PROXY: "true" }).TRUST_PROXY, true);
      assert.equal(loadConfig({ TRUST_PROXY: "1" }).TRUST_PROXY, 1);
      assert.equal(loadConfig({ TRUST_PROXY: "10.0.0.0/8, loopback" }).TRUST_PROXY, "10.0.0.0/8, loopback");
      assert.equal(trustProxyOption({ TRUST_PROXY: false }), false);
      // A hop count becomes proxy-addr's "trust the n nearest hops" (fastify's types lack numbers).
      const twoHops = trustProxyOption({ TRUST_PROXY: 2 });
      assert.equal(typeof twoHops, "function");
      const trust = twoHops as (address: string, hop: number) => boolean;
      assert.deepEqual(
        [0, 1, 2].map((hop) => trust("10.0.0.1", hop)),
        [true, true, false],
      );
    });
  });
});
