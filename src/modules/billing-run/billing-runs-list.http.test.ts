import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTenant, createUser } from "../../../test/factories.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/http.ts";
import { issuePaths } from "../../../test/tenancy-fixtures.ts";
import { createRun } from "../billing/index.ts";

/** GET /api/bss/billing/runs: sorted both ways, paged (the page showed 20 runs at most), per tenant. */
describe("billing runs list over HTTP: sort and paging", () => {
  let t: TestApp;
  const as: Record<string, { cookie: string }> = {};
  const ids: Record<string, string> = {};

  before(async () => {
    t = await createTestApp({ start: "2026-01-15T09:00:00Z" });
    const tenant = await createTenant(t.deps);
    const other = await createTenant(t.deps);
    const viewer = await createUser(t.deps, { tenantId: tenant.id, role: "viewer" });
    const otherAdmin = await createUser(t.deps, { tenantId: other.id, role: "admin" });
    as.viewer = await signIn(t.app, viewer.email, "bss");
    as.other = await signIn(t.app, otherAdmin.email, "bss");
    for (const [name, runDate] of [
      ["third", "2026-01-03"],
      ["first", "2026-01-01"],
      ["second", "2026-01-02"],
    ] as const) {
      ids[name] = (await createRun(t.deps, t.deps.db, { tenantId: tenant.id, runDate, trigger: "cli" })).id;
    }
    await createRun(t.deps, t.deps.db, { tenantId: other.id, runDate: "2026-01-05", trigger: "cli" });
  });
  after(() => t.close());

  const get = (url: string, cred = as.viewer) =>
    t.app.inject({ method: "GET", url, headers: cred ? { cookie: cred.cookie } : {} });
  const idsOf = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((r) => r.id);

  it("sorts by run date both ways and pages with total and offset", async () => {
    assert.deepEqual(idsOf(await get("/api/bss/billing/runs?sort=runDate")), [
      ids.first,
      ids.second,
      ids.third,
    ]);
    assert.deepEqual(idsOf(await get("/api/bss/billing/runs?sort=-runDate")), [
      ids.third,
      ids.second,
      ids.first,
    ]);
    const page = await get("/api/bss/billing/runs?sort=runDate&limit=2&offset=2");
    assert.equal(page.statusCode, 200);
    assert.deepEqual(idsOf(page), [ids.third]);
    assert.deepEqual([page.json().total, page.json().limit, page.json().offset], [3, 2, 2]);
  });

  it("security: another tenant's runs are not listed", async () => {
    const mine = await get("/api/bss/billing/runs");
    assert.equal(mine.json().total, 3);
    const theirs = await get("/api/bss/billing/runs", as.other);
    assert.equal(theirs.json().total, 1);
    assert.ok(!idsOf(theirs).some((id) => Object.values(ids).includes(id)));
    assert.equal((await get("/api/bss/billing/runs", { cookie: "" })).statusCode, 401);
  });

  it("a bad sort or paging answers 400 in the error shape, naming the parameter", async () => {
    for (const [query, path] of [
      ["sort=error", "querystring.sort"],
      ["sort=-tenantId", "querystring.sort"],
      ["limit=0", "querystring.limit"],
      ["offset=-1", "querystring.offset"],
    ] as const) {
      const bad = await get(`/api/bss/billing/runs?${query}`);
      assert.equal(bad.statusCode, 400, query);
      assert.equal(bad.json().error.code, "validation_failed");
      assert.deepEqual(issuePaths(bad), [path], query);
    }
  });
});
