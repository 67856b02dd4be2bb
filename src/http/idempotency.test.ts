import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { createAccount, createTenant, createUser, unique } from "../../test/factories.ts";
import { createTestContext, type TestContext } from "../../test/harness.ts";
import { signIn } from "../../test/http.ts";
import { queryOne, queryRows, sql } from "../shared/db.ts";
import { AppError } from "../shared/errors.ts";
import type { App } from "./app.ts";
import { buildServer } from "./server.ts";

/**
 * Idempotency-Key on the real server and database. "The handler ran once" is proved by counting
 * the accounts a real endpoint (POST /api/bss/accounts) created; the 5xx, slow and non-JSON cases
 * use small routes added to this test's server, because no production endpoint behaves so on demand.
 */
describe("Idempotency-Key", () => {
  let ctx: TestContext;
  let app: App;
  let admin: { cookie: string };
  let colleague: { cookie: string };
  let reseller: { cookie: string };
  let adminUserId: string;
  let flakyCalls = 0;
  let textCalls = 0;
  let slowCalls = 0;
  let gate: Promise<void> = Promise.resolve();

  before(async () => {
    ctx = await createTestContext();
    app = await buildServer(ctx.deps, { serveWeb: false });
    // Fails with a 500 on its first call, then succeeds: a retry after a 5xx must run it again.
    app.post("/api/bss/test-flaky", async (_request, reply) => {
      flakyCalls += 1;
      if (flakyCalls === 1) throw new AppError("unavailable", "try again");
      return reply.status(201).send({ call: flakyCalls });
    });
    // Waits for the test to open the gate: a request that is still running.
    app.post("/api/bss/test-slow", async (_request, reply) => {
      slowCalls += 1;
      await gate;
      return reply.status(201).send({ call: slowCalls });
    });
    app.post("/api/bss/test-text", async (_request, reply) => {
      textCalls += 1;
      return reply.type("text/plain").send(`call ${textCalls}`);
    });
    await app.ready();
    const tenant = await createTenant(ctx.deps);
    const adminUser = await createUser(ctx.deps, { tenantId: tenant.id, role: "admin" });
    adminUserId = adminUser.id;
    const colleagueUser = await createUser(ctx.deps, { tenantId: tenant.id, role: "admin" });
    const resellerAccount = await createAccount(ctx.deps, { tenantId: tenant.id, kind: "reseller" });
    const resellerUser = await createUser(ctx.deps, { tenantId: tenant.id, accountId: resellerAccount.id });
    admin = await signIn(app, adminUser.email, "bss");
    colleague = await signIn(app, colleagueUser.email, "bss");
    reseller = await signIn(app, resellerUser.email, "storefront");
  });
  after(async () => {
    await app.close();
    await ctx.close();
  });

  const post = (
    url: string,
    who: Record<string, string>,
    payload: unknown,
    key?: string,
  ): Promise<LightMyRequestResponse> =>
    app.inject({
      method: "POST",
      url,
      headers: { ...who, ...(key === undefined ? {} : { "idempotency-key": key }) },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const createCustomer = (name: string, key?: string, who: Record<string, string> = admin) =>
    post("/api/bss/accounts", who, { kind: "direct_customer", name }, key);
  const countAccounts = async (name: string) => {
    const res = await app.inject({
      method: "GET",
      url: `/api/bss/accounts?q=${encodeURIComponent(name)}`,
      headers: admin,
    });
    return res.json().total as number;
  };
  const storedRow = (key: string, scope = adminUserId) =>
    queryOne<{ status: string; response_status: number | null }>(
      ctx.deps.db,
      sql`select status, response_status from idempotency_keys where scope = ${scope} and key = ${key}`,
    );

  it("a retry returns the first response, marked replayed, and the handler runs once", async () => {
    const name = unique("Replay Ltd");
    const key = unique("key");
    const first = await createCustomer(name, key);
    assert.equal(first.statusCode, 201);
    assert.equal(first.headers["idempotent-replayed"], undefined);
    const second = await createCustomer(name, key);
    assert.equal(second.statusCode, 201);
    assert.equal(second.headers["idempotent-replayed"], "true");
    assert.match(String(second.headers["content-type"]), /application\/json/);
    assert.deepEqual(second.json(), first.json());
    assert.equal(await countAccounts(name), 1);
    assert.deepEqual(await storedRow(key), { status: "completed", response_status: 201 });
  });

  it("the same body with its fields in another order is the same request", async () => {
    const name = unique("Order Ltd");
    const key = unique("key");
    const first = await post("/api/bss/accounts", admin, { kind: "direct_customer", name }, key);
    const second = await post("/api/bss/accounts", admin, { name, kind: "direct_customer" }, key);
    assert.equal(second.headers["idempotent-replayed"], "true");
    assert.equal(second.json().id, first.json().id);
  });

  it("the same key with another body or another path answers 409 idempotency_conflict", async () => {
    const name = unique("Conflict Ltd");
    const key = unique("key");
    assert.equal((await createCustomer(name, key)).statusCode, 201);
    const otherBody = await createCustomer(`${name} 2`, key);
    assert.equal(otherBody.statusCode, 409);
    assert.equal(otherBody.json().error.code, "idempotency_conflict");
    assert.match(otherBody.json().error.message, /different request/);
    const otherPath = await post("/api/bss/api-keys", admin, { name: "k" }, key);
    assert.equal(otherPath.statusCode, 409);
    assert.equal(otherPath.json().error.code, "idempotency_conflict");
    assert.equal(await countAccounts(name), 1);
    assert.equal(await countAccounts(`${name} 2`), 0);
  });

  it("two concurrent requests with one key: exactly one executes, the other gets 409 or the replay", async () => {
    const name = unique("Race Ltd");
    const key = unique("key");
    const results = await Promise.all([createCustomer(name, key), createCustomer(name, key)]);
    assert.equal(await countAccounts(name), 1);
    const executed = results.filter((r) => r.statusCode === 201 && !r.headers["idempotent-replayed"]);
    assert.equal(executed.length, 1);
    const other = results.find((r) => r !== executed[0])!;
    if (other.statusCode === 409) {
      assert.equal(other.json().error.code, "idempotency_conflict");
      assert.match(other.json().error.message, /still being processed/);
    } else {
      assert.equal(other.statusCode, 201);
      assert.equal(other.headers["idempotent-replayed"], "true");
      assert.equal(other.json().id, executed[0]!.json().id);
    }
  });

  it("a retry while the first request is still running answers 409; after it finishes, the replay", async () => {
    const key = unique("key");
    let release!: () => void;
    gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = post("/api/bss/test-slow", admin, { n: 1 }, key);
    for (let i = 0; (await storedRow(key))?.status !== "in_progress"; i++) {
      assert.ok(i < 400, "the first request never claimed the key");
      await new Promise((r) => setTimeout(r, 5));
    }
    const during = await post("/api/bss/test-slow", admin, { n: 1 }, key);
    assert.equal(during.statusCode, 409);
    assert.equal(during.json().error.code, "idempotency_conflict");
    assert.match(during.json().error.message, /still being processed/);
    release();
    assert.equal((await first).statusCode, 201);
    const afterwards = await post("/api/bss/test-slow", admin, { n: 1 }, key);
    assert.equal(afterwards.headers["idempotent-replayed"], "true");
    assert.deepEqual(afterwards.json(), { call: 1 });
    assert.equal(slowCalls, 1);
  });

  it("a 5xx response is not stored: the retry runs the handler again, and that result is replayed", async () => {
    const key = unique("key");
    const failed = await post("/api/bss/test-flaky", admin, { n: 1 }, key);
    assert.equal(failed.statusCode, 503);
    assert.equal(await storedRow(key), undefined);
    const retried = await post("/api/bss/test-flaky", admin, { n: 1 }, key);
    assert.equal(retried.statusCode, 201);
    assert.equal(retried.headers["idempotent-replayed"], undefined);
    const replayed = await post("/api/bss/test-flaky", admin, { n: 1 }, key);
    assert.equal(replayed.headers["idempotent-replayed"], "true");
    assert.deepEqual(replayed.json(), { call: 2 });
    assert.equal(flakyCalls, 2);
  });

  it("a 4xx response is stored: the replay repeats the refusal", async () => {
    const key = unique("key");
    const body = { kind: "end_customer", name: unique("Orphan"), parentAccountId: "acc_missing" };
    const first = await post("/api/bss/accounts", admin, body, key);
    assert.ok(first.statusCode >= 400 && first.statusCode < 500, String(first.statusCode));
    const again = await post("/api/bss/accounts", admin, body, key);
    assert.equal(again.statusCode, first.statusCode);
    assert.equal(again.headers["idempotent-replayed"], "true");
    assert.deepEqual(again.json(), first.json());
    assert.equal((await storedRow(key))?.response_status, first.statusCode);
  });

  it("an empty 204 response is replayed as an empty 204", async () => {
    const created = await post("/api/bss/api-keys", admin, { name: "to revoke" });
    const id = created.json().id as string;
    const key = unique("key");
    const revoke = () =>
      app.inject({
        method: "DELETE",
        url: `/api/bss/api-keys/${id}`,
        headers: { ...admin, "idempotency-key": key },
      });
    const first = await revoke();
    assert.equal(first.statusCode, 204);
    const second = await revoke();
    assert.equal(second.statusCode, 204);
    assert.equal(second.headers["idempotent-replayed"], "true");
    assert.equal(second.body, "");
  });

  it("a response that is not JSON is not stored (it could not be replayed faithfully)", async () => {
    const key = unique("key");
    assert.equal((await post("/api/bss/test-text", admin, undefined, key)).body, "call 1");
    assert.equal(await storedRow(key), undefined);
    assert.equal((await post("/api/bss/test-text", admin, undefined, key)).body, "call 2");
  });

  it("validates the header: 1–200 visible ASCII characters, else 400 and nothing runs", async () => {
    const name = unique("Header Ltd");
    for (const bad of ["", "has space", "x".repeat(201), "caf\u00e9"]) {
      const res = await createCustomer(name, bad);
      assert.equal(res.statusCode, 400, JSON.stringify(bad));
      assert.equal(res.json().error.code, "bad_request");
      assert.match(res.json().error.message, /Idempotency-Key/);
    }
    assert.equal(await countAccounts(name), 0);
    assert.equal((await createCustomer(unique("Long Ltd"), "k".repeat(200))).statusCode, 201);
    assert.equal((await createCustomer(unique("Punct Ltd"), "a!~:/{}=")).statusCode, 201);
  });

  it("keys are scoped to the caller: another user's and an API key's same key are independent", async () => {
    const key = unique("key");
    const mine = await createCustomer(unique("Mine Ltd"), key);
    const theirs = await createCustomer(unique("Theirs Ltd"), key, colleague);
    assert.equal(theirs.statusCode, 201);
    assert.equal(theirs.headers["idempotent-replayed"], undefined);
    assert.notEqual(theirs.json().id, mine.json().id);
    const apiKey = (await post("/api/bss/api-keys", admin, { name: "scope" })).json().key as string;
    const bearer = { authorization: `Bearer ${apiKey}` };
    const viaKey = await createCustomer(unique("Key Ltd"), key, bearer);
    assert.equal(viaKey.statusCode, 201);
    assert.equal(viaKey.headers["idempotent-replayed"], undefined);
    const viaKeyAgain = await createCustomer(unique("Key Ltd 2"), key, bearer);
    assert.equal(viaKeyAgain.statusCode, 409);
  });

  it("works on Storefront writes too", async () => {
    const key = unique("key");
    const name = unique("Shop Customer");
    const first = await post("/api/storefront/customers", reseller, { name }, key);
    assert.equal(first.statusCode, 201);
    const second = await post("/api/storefront/customers", reseller, { name }, key);
    assert.equal(second.headers["idempotent-replayed"], "true");
    assert.equal(second.json().id, first.json().id);
    assert.equal(await countAccounts(name), 1);
  });

  it("unauthenticated requests (sign-in) and reads get no idempotency", async () => {
    const email = `${unique("login")}@example.test`;
    const tenantId = (await queryOne<{ tenant_id: string }>(
      ctx.deps.db,
      sql`select tenant_id from users where id = ${adminUserId}`,
    ))!.tenant_id;
    await createUser(ctx.deps, { tenantId, email });
    const login = () =>
      app.inject({
        method: "POST",
        url: "/api/bss/auth/login",
        headers: { "idempotency-key": "login-key" },
        payload: { email, password: "correct horse battery" },
      });
    const a = await login();
    const b = await login();
    assert.equal(a.statusCode, 200);
    assert.equal(b.statusCode, 200);
    assert.equal(b.headers["idempotent-replayed"], undefined);
    assert.notEqual(a.cookies[0]?.value, b.cookies[0]?.value, "each sign-in made its own session");
    const read = await app.inject({
      method: "GET",
      url: "/api/bss/accounts",
      headers: { ...admin, "idempotency-key": "read-key" },
    });
    assert.equal(read.statusCode, 200);
    assert.equal(await storedRow("read-key"), undefined);
  });

  it("keys expire after 24 hours (database time); a claim abandoned for 5 minutes is released", async () => {
    const key = unique("key");
    const name = unique("Expired Ltd");
    assert.equal((await createCustomer(name, key)).statusCode, 201);
    await queryRows(
      ctx.deps.db,
      sql`update idempotency_keys set created_at = now() - interval '25 hours'
          where scope = ${adminUserId} and key = ${key}`,
    );
    const reused = await createCustomer(`${name} again`, key);
    assert.equal(reused.statusCode, 201);
    assert.equal(reused.headers["idempotent-replayed"], undefined);

    const stuck = unique("key");
    await queryRows(
      ctx.deps.db,
      sql`insert into idempotency_keys (scope, key, method, path, body_hash, created_at)
          values (${adminUserId}, ${stuck}, 'POST', '/api/bss/accounts', 'x', now() - interval '6 minutes')`,
    );
    const taken = await createCustomer(unique("Taken Ltd"), stuck);
    assert.equal(taken.statusCode, 201);
    assert.equal((await storedRow(stuck))?.status, "completed");
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await app.inject({ method: "GET", url: "/api/docs/json" })).json();
    assert.match(doc.info.description, /Idempotency-Key/);
  });
});
