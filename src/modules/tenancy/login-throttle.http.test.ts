import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { createAccount, createTenant, createUser, TEST_PASSWORD } from "../../../test/factories.ts";
import { createTestContext, type TestContext, testConfig } from "../../../test/harness.ts";
import type { App } from "../../http/app.ts";
import { buildServer } from "../../http/server.ts";
import { queryOne, sql } from "../../shared/db.ts";

/**
 * Sign-in throttling (login-throttle.ts) over HTTP on both login routes: failures are counted
 * per typed email and per client address in the database (so every API process sees them), in
 * real time; past the budget every attempt — the right password included — answers 429
 * rate_limited with Retry-After.
 */
describe("sign-in throttling", () => {
  let ctx: TestContext;
  let app: App; // default limits: 5 failures per email, 50 per address, 15 minutes
  let proxied: App; // behind one trusted proxy, 3 failures per address
  let tenantId: string;
  let accountId: string;

  const login = (
    server: App,
    email: string,
    password: string,
    area: "bss" | "storefront" = "bss",
    headers: Record<string, string> = {},
  ) =>
    server.inject({ method: "POST", url: `/api/${area}/auth/login`, headers, payload: { email, password } });
  const staff = async () => (await createUser(ctx.deps, { tenantId })).email;
  const attemptsOf = async (key: string) =>
    Number(
      (await queryOne<{ n: number }>(
        ctx.deps.db,
        sql`select count(*)::int as n from login_attempts where key = ${key}`,
      ))!.n,
    );
  function assertThrottled(res: LightMyRequestResponse, scope: "email" | "address"): number {
    assert.equal(res.statusCode, 429, res.body);
    const { error } = res.json();
    assert.equal(error.code, "rate_limited");
    assert.equal(error.details.scope, scope);
    assert.match(error.requestId, /\S/);
    assert.match(error.message, /try again in \d+ minutes?/);
    const retryAfter = Number(res.headers["retry-after"]);
    assert.ok(
      Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 15 * 60,
      `Retry-After ${retryAfter}`,
    );
    assert.equal(error.details.retryAfterSeconds, retryAfter);
    assert.equal(res.headers["set-cookie"], undefined);
    return retryAfter;
  }

  before(async () => {
    ctx = await createTestContext();
    app = await buildServer(ctx.deps, { serveWeb: false });
    proxied = await buildServer(
      { ...ctx.deps, config: testConfig({ TRUST_PROXY: "1", LOGIN_MAX_FAILURES_PER_ADDRESS: "3" }) },
      { serveWeb: false },
    );
    await Promise.all([app.ready(), proxied.ready()]);
    tenantId = (await createTenant(ctx.deps)).id;
    accountId = (await createAccount(ctx.deps, { tenantId, kind: "reseller" })).id;
  });
  after(async () => {
    await app.close();
    await proxied.close();
    await ctx.close();
  });

  it("after 5 wrong passwords for one email, the right one answers 429 with Retry-After until the window passes", async () => {
    const email = await staff();
    for (let i = 0; i < 5; i++)
      assert.equal((await login(app, email, `wrong password ${i}`)).statusCode, 401);
    const retryAfter = assertThrottled(await login(app, email, TEST_PASSWORD), "email");
    assert.ok(retryAfter > 14 * 60, "the window has just started");
    // The email is throttled in both areas, whatever its case; a refused attempt does not count.
    assertThrottled(await login(app, email.toUpperCase(), TEST_PASSWORD, "storefront"), "email");
    assert.equal(await attemptsOf(email), 5);
    // Another email from the same address is not affected.
    assert.equal((await login(app, await staff(), TEST_PASSWORD)).statusCode, 200);
    // The window passes (the failures age past 15 minutes of real time): the right password works.
    await ctx.deps.db.execute(
      sql`update login_attempts set attempted_at = attempted_at - interval '15 minutes' where key = ${email}`,
    );
    assert.equal((await login(app, email, TEST_PASSWORD)).statusCode, 200);
    assert.equal(await attemptsOf(email), 0, "a successful sign-in clears the email's failures");
  });

  it("the email budget is the account's, however the email is typed: a case variant the database folds ('İ' for 'i') is throttled too", async () => {
    // PostgreSQL's lower() (libc, C.UTF-8) folds U+0130 'İ' to 'i', so it finds the account by
    // "admİn@…"; JavaScript's toLowerCase() makes it "admi̇n@…" — a budget of its own per variant,
    // 2^(number of i's) × 5 guesses. The budget must be keyed the way the account is looked up.
    const email = (await createUser(ctx.deps, { tenantId, email: `ivi-${Date.now()}@example.test` })).email;
    for (let i = 0; i < 5; i++)
      assert.equal((await login(app, email, `wrong password ${i}`)).statusCode, 401);
    for (const variant of [email.replace("i", "İ"), email.replace(/i/g, "İ"), email.replace("v", "V")]) {
      const res = await login(app, variant, TEST_PASSWORD);
      // Throttled (429) where the database finds the account by the variant; elsewhere (PGlite's
      // C locale folds only ASCII) the variant is simply another, unknown email (401).
      assert.ok([401, 429].includes(res.statusCode), `${variant}: ${res.statusCode} ${res.body}`);
      if (res.statusCode === 429) assertThrottled(res, "email");
    }
    assertThrottled(await login(app, email, TEST_PASSWORD), "email");
  });

  it("the window slides: Retry-After counts from the failure that frees the budget", async () => {
    const email = await staff();
    for (let i = 0; i < 5; i++) await login(app, email, "wrong password!");
    // The oldest failure is 10 minutes old: the budget frees up in about 5 minutes.
    await ctx.deps.db.execute(sql`
      update login_attempts set attempted_at = attempted_at - interval '10 minutes'
      where id = (select id from login_attempts where key = ${email} order by attempted_at, id limit 1)`);
    const retryAfter = assertThrottled(await login(app, email, TEST_PASSWORD), "email");
    assert.ok(retryAfter > 4 * 60 && retryAfter <= 5 * 60, `Retry-After ${retryAfter}`);
  });

  it("a successful sign-in resets the email's count; successes never count", async () => {
    const email = await staff();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) assert.equal((await login(app, email, "wrong password!")).statusCode, 401);
      assert.equal((await login(app, email, TEST_PASSWORD)).statusCode, 200);
    }
    for (let i = 0; i < 10; i++) assert.equal((await login(app, email, TEST_PASSWORD)).statusCode, 200);
  });

  it("unknown emails are throttled like known ones (no hint which emails exist); a wrong area is not a failure", async () => {
    const unknown = `nobody-${Date.now()}@nowhere.test`;
    for (let i = 0; i < 5; i++) assert.equal((await login(app, unknown, "wrong password!")).statusCode, 401);
    assertThrottled(await login(app, unknown, "wrong password!"), "email");
    // A Storefront user with the right password at the BSS door: 403, and no failure is counted.
    const sf = await createUser(ctx.deps, { tenantId, accountId });
    for (let i = 0; i < 6; i++)
      assert.equal((await login(app, sf.email, TEST_PASSWORD, "bss")).statusCode, 403);
    assert.equal((await login(app, sf.email, TEST_PASSWORD, "storefront")).statusCode, 200);
  });

  it("per client address (behind a trusted proxy: X-Forwarded-For): past the budget every email is refused from it", async () => {
    const from = (ip: string) => ({ "x-forwarded-for": ip });
    const victim = await staff();
    for (let i = 0; i < 3; i++) {
      const res = await login(
        proxied,
        `spray-${i}-${Date.now()}@nowhere.test`,
        "wrong password!",
        "bss",
        from("203.0.113.9"),
      );
      assert.equal(res.statusCode, 401);
    }
    assertThrottled(
      await login(proxied, victim, TEST_PASSWORD, "storefront", from("203.0.113.9")),
      "address",
    );
    assert.equal(await attemptsOf("203.0.113.9"), 3, "the refused attempt left no row");
    // Another client of the same proxy signs in.
    assert.equal((await login(proxied, victim, TEST_PASSWORD, "bss", from("203.0.113.10"))).statusCode, 200);
    // One trusted hop: what the client claims before the proxy is ignored; the proxy's peer counts.
    const spoofed = await login(proxied, victim, TEST_PASSWORD, "bss", from("198.51.100.1, 203.0.113.9"));
    assertThrottled(spoofed, "address");
  });

  it("concurrent guesses cannot slip past the count: at most 5 of 12 parallel wrong passwords are checked", async () => {
    const email = await staff();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(app, email, `parallel guess ${i}`)),
    );
    const tried = results.filter((r) => r.statusCode === 401).length;
    const refused = results.filter((r) => r.statusCode === 429).length;
    assert.equal(tried + refused, 12, results.map((r) => r.statusCode).join(","));
    // Each attempt counts the others already recorded, so the k-th sees at least k-1 of them; when
    // all arrive together (PostgreSQL) every one may see too many and none is tried — never more.
    assert.ok(tried <= 5, `${tried} passwords were checked`);
    assert.equal(await attemptsOf(email), tried, "only the tried ones count");
    for (let i = tried; i < 5; i++)
      assert.equal((await login(app, email, "wrong password!")).statusCode, 401);
    assertThrottled(await login(app, email, TEST_PASSWORD), "email");
  });
});
