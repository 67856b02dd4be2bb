import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createAccount, createTenant, createUser } from "../../test/factories.ts";
import { createTestApp, signIn, type TestApp } from "../../test/http.ts";
import { transaction } from "../shared/db.ts";
import { drainJobs, enqueueJob, type JobHandler, PermanentJobError } from "./index.ts";

describe("operator endpoints /api/bss/jobs", () => {
  let t: TestApp;
  let admin: { cookie: string };
  let otherAdmin: { cookie: string };
  let clerk: { cookie: string };
  let storefront: { cookie: string };
  let tenantId: string;
  const ids: Record<string, string> = {};

  const refuse: JobHandler = {
    kind: "ops.refuse",
    handle: async () => {
      throw new PermanentJobError("vendor refused");
    },
  };
  const succeed: JobHandler = { kind: "ops.ok", handle: async (_d, job) => ({ ok: job.key }) };

  before(async () => {
    t = await createTestApp();
    const tenant = await createTenant(t.deps);
    const other = await createTenant(t.deps);
    tenantId = tenant.id;
    const account = await createAccount(t.deps, { tenantId: tenant.id, kind: "reseller" });
    const users = {
      admin: await createUser(t.deps, { tenantId: tenant.id, role: "admin" }),
      otherAdmin: await createUser(t.deps, { tenantId: other.id, role: "admin" }),
      clerk: await createUser(t.deps, { tenantId: tenant.id, role: "clerk" }),
      storefront: await createUser(t.deps, { tenantId: tenant.id, accountId: account.id }),
    };
    admin = await signIn(t.app, users.admin.email, "bss");
    otherAdmin = await signIn(t.app, users.otherAdmin.email, "bss");
    clerk = await signIn(t.app, users.clerk.email, "bss");
    storefront = await signIn(t.app, users.storefront.email, "storefront");
    await transaction(t.deps.db, async (tx) => {
      const add = async (name: string, job: Parameters<typeof enqueueJob>[2]) => {
        ids[name] = (await enqueueJob(tx, t.deps.ids, job)).id;
      };
      await add("dead", {
        kind: "ops.refuse",
        key: "d1",
        tenantId: tenant.id,
        payload: { account: account.id },
      });
      await add("done", { kind: "ops.ok", key: "k1", tenantId: tenant.id });
      await add("pending", {
        kind: "ops.ok",
        key: "k2",
        tenantId: tenant.id,
        runAt: new Date(Date.now() + 86_400_000),
      });
      await add("otherDead", { kind: "ops.refuse", key: "d2", tenantId: other.id });
      await add("system", {
        kind: "ops.ok",
        key: "k3",
        tenantId: null,
        runAt: new Date(Date.now() + 86_400_000),
      });
    });
    assert.equal(await drainJobs(t.deps, [refuse, succeed]), 3);
  });
  after(() => t.close());

  const get = (url: string, who: { cookie: string }) => t.app.inject({ method: "GET", url, headers: who });
  const retry = (id: string, who: { cookie: string }) =>
    t.app.inject({ method: "POST", url: `/api/bss/jobs/${id}/retry`, headers: who });

  it("lists only the tenant's jobs with total, limit and offset", async () => {
    const res = await get("/api/bss/jobs", admin);
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.total, 3);
    assert.equal(body.limit, 50);
    assert.equal(body.offset, 0);
    assert.deepEqual(
      body.items.map((j: { id: string }) => j.id).sort(),
      [ids.dead, ids.done, ids.pending].sort(),
    );
    assert.ok(body.items.every((j: { tenantId: string }) => j.tenantId === tenantId));
    const page = (await get("/api/bss/jobs?limit=2&offset=2&sort=createdAt", admin)).json();
    assert.equal(page.total, 3);
    assert.equal(page.items.length, 1);
  });

  it("filters by status and kind", async () => {
    const dead = (await get("/api/bss/jobs?status=dead", admin)).json();
    assert.deepEqual(
      dead.items.map((j: { id: string }) => j.id),
      [ids.dead],
    );
    assert.equal(dead.items[0].lastError, "PermanentJobError: vendor refused");
    const ok = (await get("/api/bss/jobs?kind=ops.ok", admin)).json();
    assert.equal(ok.total, 2);
  });

  it("answers 400 for a bad filter", async () => {
    assert.equal((await get("/api/bss/jobs?status=exploded", admin)).statusCode, 400);
    assert.equal((await get("/api/bss/jobs?limit=0", admin)).statusCode, 400);
    assert.equal((await get("/api/bss/jobs?limit=501", admin)).statusCode, 400);
  });

  it("shows one job with payload and result", async () => {
    const res = await get(`/api/bss/jobs/${ids.done}`, admin);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, "done");
    assert.deepEqual(res.json().result, { ok: "k1" });
    assert.deepEqual(res.json().payload, {});
    assert.match(res.json().finishedAt, /^\d{4}-\d{2}-\d{2}T/);
    assert.equal((await get("/api/bss/jobs/job_nope", admin)).statusCode, 404);
  });

  it("retries a dead job (202, pending, attempts reset) and refuses anything else with 409", async () => {
    const res = await retry(ids.dead!, admin);
    assert.equal(res.statusCode, 202);
    assert.equal(res.json().status, "pending");
    assert.equal(res.json().attempts, 0);
    assert.equal(res.json().finishedAt, null);
    const again = await retry(ids.dead!, admin);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, "conflict");
    assert.equal((await retry(ids.done!, admin)).statusCode, 409);
    // The retried job really runs again.
    assert.equal(await drainJobs(t.deps, [refuse, succeed]), 1);
    assert.equal((await get(`/api/bss/jobs/${ids.dead}`, admin)).json().attempts, 1);
  });

  it("security: another tenant's job answers 404, the same as a missing one", async () => {
    assert.equal((await get(`/api/bss/jobs/${ids.otherDead}`, admin)).statusCode, 404);
    assert.equal((await retry(ids.otherDead!, admin)).statusCode, 404);
    assert.equal((await get(`/api/bss/jobs/${ids.dead}`, otherAdmin)).statusCode, 404);
    assert.equal((await get(`/api/bss/jobs/${ids.system}`, admin)).statusCode, 404);
    const theirs = (await get("/api/bss/jobs", otherAdmin)).json();
    assert.deepEqual(
      theirs.items.map((j: { id: string }) => j.id),
      [ids.otherDead],
    );
  });

  it("security: a clerk gets 403, a Storefront user 403, nobody 401", async () => {
    for (const who of [clerk, storefront]) {
      assert.equal((await get("/api/bss/jobs", who)).statusCode, 403);
      assert.equal((await get(`/api/bss/jobs/${ids.done}`, who)).statusCode, 403);
      assert.equal((await retry(ids.dead!, who)).statusCode, 403);
    }
    assert.equal((await get("/api/bss/jobs", { cookie: "" })).statusCode, 401);
    assert.equal((await retry(ids.dead!, { cookie: "" })).statusCode, 401);
  });

  it("documents the endpoints in OpenAPI under 'bss: jobs'", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/docs/json" })).json();
    for (const [path, method] of [
      ["/api/bss/jobs", "get"],
      ["/api/bss/jobs/{id}", "get"],
      ["/api/bss/jobs/{id}/retry", "post"],
    ] as const) {
      const op = doc.paths[path]?.[method];
      assert.ok(op, `${method} ${path}`);
      assert.deepEqual(op.tags, ["bss: jobs"]);
      assert.ok(op.summary);
    }
  });
});
