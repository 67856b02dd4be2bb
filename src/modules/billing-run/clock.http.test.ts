import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { type ClockRun, waitForClockRun } from "../../../test/clock-fixtures.ts";
import { createAccount, createTenant, createUser } from "../../../test/factories.ts";
import { isPostgres } from "../../../test/harness.ts";
import { createTestApp, signIn, type TestApp } from "../../../test/http.ts";
import { buildServer } from "../../http/server.ts";
import { systemClock } from "../../shared/clock.ts";
import { bootstrapDistributor } from "../tenancy/index.ts";
import { tenants } from "../tenancy/tenancy.schema.ts";
import { restoreClock } from "./advance-clock.ts";
import { clockAdvanceRuns } from "./billing-run.schema.ts";

/**
 * The sandbox clock over HTTP: only the installation's operator (an admin of the root
 * distributor, the first one bootstrapped) moves it; an advance is bounded (120 months / 3660
 * days), runs in the background with a run record to poll, one at a time, and does not starve
 * the event loop; a run left by a dead process does not block the next one.
 */
describe("the sandbox clock over HTTP", () => {
  let t: TestApp;
  type Cred = Record<string, string>;
  const as: Record<string, Cred> = {};
  const PASSWORD = "operator password 2026";

  const call = (cred: Cred | null, method: "GET" | "POST", url: string, body?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: cred ?? {},
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const today = async () => (await call(as.rootViewer!, "GET", "/api/bss/clock")).json().today as string;
  const runCount = async () => (await t.deps.db.select().from(clockAdvanceRuns)).length;

  before(async () => {
    t = await createTestApp({ start: "2026-01-15T09:00:00Z" });
    // The installation's root is the first distributor bootstrapped; a second one is not.
    const root = await bootstrapDistributor(t.deps, {
      name: "Operator Distribution",
      slug: "operator-dist",
      admin: { email: "admin@operator.test", name: "Operator Admin", password: PASSWORD },
    });
    const second = await bootstrapDistributor(t.deps, {
      name: "Second Distribution",
      slug: "second-dist",
      admin: { email: "admin@second.test", name: "Second Admin", password: PASSWORD },
    });
    assert.deepEqual([root.tenant.root, second.tenant.root], [true, false]);
    const rootClerk = await createUser(t.deps, { tenantId: root.tenant.id, role: "clerk" });
    const rootViewer = await createUser(t.deps, { tenantId: root.tenant.id, role: "viewer" });
    const reseller = await createTenant(t.deps, { kind: "tenant_reseller", parentTenantId: root.tenant.id });
    const resellerAdmin = await createUser(t.deps, { tenantId: reseller.id, role: "admin" });
    const account = await createAccount(t.deps, { tenantId: root.tenant.id, kind: "reseller" });
    const sfUser = await createUser(t.deps, { tenantId: root.tenant.id, accountId: account.id });
    as.root = await signIn(t.app, "admin@operator.test", "bss", PASSWORD);
    as.secondAdmin = await signIn(t.app, "admin@second.test", "bss", PASSWORD);
    as.rootClerk = await signIn(t.app, rootClerk.email, "bss");
    as.rootViewer = await signIn(t.app, rootViewer.email, "bss");
    as.resellerAdmin = await signIn(t.app, resellerAdmin.email, "bss");
    as.storefront = await signIn(t.app, sfUser.email, "storefront");
    for (const role of ["admin", "clerk"] as const) {
      const key = await call(as.root, "POST", "/api/bss/api-keys", { name: `key ${role}`, role });
      assert.equal(key.statusCode, 201, key.body);
      as[`${role}Key`] = { authorization: `Bearer ${key.json().key}` };
    }
  });
  after(() => t.close());

  it("security: only the root distributor's admins (users or admin keys) may advance; everybody reads the clock", async () => {
    for (const who of ["rootViewer", "rootClerk", "secondAdmin", "resellerAdmin", "storefront", "clerkKey"]) {
      const res = await call(as[who]!, "POST", "/api/bss/clock/advance", { days: 1 });
      assert.equal(res.statusCode, 403, `${who}: ${res.body}`);
      assert.equal(res.json().error.code, "forbidden", who);
      assert.ok(res.json().error.requestId, who);
    }
    assert.equal((await call(null, "POST", "/api/bss/clock/advance", { days: 1 })).statusCode, 401);
    assert.equal(await today(), "2026-01-15", "nothing moved");
    assert.equal(await runCount(), 0, "nothing recorded");

    for (const who of ["rootViewer", "secondAdmin", "resellerAdmin"]) {
      const clock = await call(as[who]!, "GET", "/api/bss/clock");
      assert.equal(clock.statusCode, 200, who);
      assert.deepEqual(
        [clock.json().kind, clock.json().canAdvance, clock.json().advancing],
        ["manual", false, false],
      );
    }
    assert.equal((await call(as.root!, "GET", "/api/bss/clock")).json().canAdvance, true);
    assert.equal((await call(as.storefront!, "GET", "/api/bss/clock")).statusCode, 403);

    // An admin API key of the root distributor may advance.
    const byKey = await call(as.adminKey!, "POST", "/api/bss/clock/advance", { days: 1 });
    assert.equal(byKey.statusCode, 202, byKey.body);
    const done = await waitForClockRun(t.app, as.adminKey!, byKey.json().id);
    assert.deepEqual([done.status, done.daysDone, done.currentDay], ["succeeded", 1, "2026-01-16"]);
    assert.equal(byKey.json().requestedBy.apiKeyId !== null, true);

    // Reading runs is for the operator's staff only.
    assert.equal((await call(as.rootViewer!, "GET", `/api/bss/clock/runs/${done.id}`)).statusCode, 200);
    assert.equal((await call(as.rootViewer!, "GET", "/api/bss/clock/runs")).json().total, 1);
    for (const who of ["secondAdmin", "resellerAdmin", "storefront"]) {
      assert.equal((await call(as[who]!, "GET", `/api/bss/clock/runs/${done.id}`)).statusCode, 403, who);
      assert.equal((await call(as[who]!, "GET", "/api/bss/clock/runs")).statusCode, 403, who);
    }
    assert.equal((await call(as.rootViewer!, "GET", "/api/bss/clock/runs/clk_nope")).statusCode, 404);
  });

  it("bounds: at most 120 months or 3660 days, exactly one of them (400 naming the problem)", async () => {
    for (const body of [
      { months: 121 },
      { days: 3661 },
      { days: 0 },
      { months: 1.5 },
      { days: 1, months: 1 },
      {},
    ]) {
      const res = await call(as.root!, "POST", "/api/bss/clock/advance", body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
      assert.equal(res.json().error.code, "validation_failed");
    }
    assert.equal(await today(), "2026-01-16", "nothing moved");
  });

  it("120 months are accepted and run in the background; a second advance is 409 naming the first; cancel stops it", async () => {
    const res = await call(as.root!, "POST", "/api/bss/clock/advance", { months: 120 });
    assert.equal(res.statusCode, 202, res.body);
    const run = res.json() as ClockRun;
    assert.deepEqual([run.status, run.daysTotal, run.daysDone], ["queued", 3652, 0]);
    assert.equal(run.to.slice(0, 10), "2036-01-16");
    assert.equal((await call(as.rootViewer!, "GET", "/api/bss/clock")).json().advancing, true);

    const second = await call(as.root!, "POST", "/api/bss/clock/advance", { days: 1 });
    assert.equal(second.statusCode, 409, second.body);
    assert.equal(second.json().error.details.runId, run.id);
    assert.match(second.json().error.message, new RegExp(run.id));

    assert.equal((await call(as.rootClerk!, "POST", `/api/bss/clock/runs/${run.id}/cancel`)).statusCode, 403);
    assert.equal(
      (await call(as.secondAdmin!, "POST", `/api/bss/clock/runs/${run.id}/cancel`)).statusCode,
      403,
    );
    const cancel = await call(as.root!, "POST", `/api/bss/clock/runs/${run.id}/cancel`);
    assert.equal(cancel.statusCode, 202, cancel.body);
    assert.equal(cancel.json().cancelRequested, true);
    const stopped = await waitForClockRun(t.app, as.root!, run.id);
    assert.equal(stopped.status, "canceled", JSON.stringify(stopped));
    assert.ok(stopped.daysDone < stopped.daysTotal);
    // The clock is where the advance stopped, and stays there.
    assert.equal(await today(), stopped.currentDay);
    const again = await call(as.root!, "POST", `/api/bss/clock/runs/${run.id}/cancel`);
    assert.equal(again.statusCode, 409, again.body);
  });

  it("a long advance does not starve the event loop: /api/health answers and progress grows while it runs", async () => {
    const address = await t.app.listen({ port: 0, host: "127.0.0.1" });
    // Two months of every tenant's billing: seconds, long enough to observe it from outside.
    const res = await call(as.root!, "POST", "/api/bss/clock/advance", { months: 2 });
    assert.equal(res.statusCode, 202, res.body);
    const id = res.json().id as string;
    const health = await fetch(`${address}/api/health`);
    assert.equal(health.status, 200);
    assert.equal((await health.json()).status, "ok");
    const first = (await call(as.root!, "GET", `/api/bss/clock/runs/${id}`)).json() as ClockRun;
    assert.equal(
      first.status === "queued" || first.status === "running",
      true,
      "health answered mid-advance",
    );
    let later = first;
    while (later.status === "queued" || later.status === "running") {
      if (later.daysDone > first.daysDone) break;
      await sleep(20);
      later = (await call(as.root!, "GET", `/api/bss/clock/runs/${id}`)).json() as ClockRun;
    }
    assert.ok(later.daysDone > first.daysDone, "progress grows");
    const also = await fetch(`${address}/api/health`);
    assert.equal(also.status, 200);
    const done = await waitForClockRun(t.app, as.root!, id);
    assert.equal(done.status, "succeeded", done.error ?? "");
    assert.equal(done.daysDone, done.daysTotal);
    assert.equal(done.runs, done.daysTotal * (await t.deps.db.select().from(tenants)).length);
    assert.equal(await today(), done.currentDay);
  });

  it("a run left by a dead process: an expired lease is abandoned by the next advance; a live one blocks it (409)", async () => {
    const base = {
      status: "running",
      unit: "days",
      amount: 5,
      daysTotal: 5,
      fromInstant: new Date(),
      toInstant: new Date(),
      currentDay: "2026-01-01",
      requestedByTenantId: "ten_x",
      createdAt: new Date(),
    };
    await t.deps.db
      .insert(clockAdvanceRuns)
      .values({ ...base, id: "clk_dead", leaseUntil: new Date(Date.now() - 60_000) });
    const res = await call(as.root!, "POST", "/api/bss/clock/advance", { days: 1 });
    assert.equal(res.statusCode, 202, res.body);
    const [dead] = await t.deps.db.select().from(clockAdvanceRuns).where(eq(clockAdvanceRuns.id, "clk_dead"));
    assert.equal(dead!.status, "failed");
    assert.match(dead!.error ?? "", /Abandoned/);
    assert.equal((await waitForClockRun(t.app, as.root!, res.json().id)).status, "succeeded");

    // Another process's run with a live lease blocks the next advance until it ends.
    await t.deps.db
      .insert(clockAdvanceRuns)
      .values({ ...base, id: "clk_live", leaseUntil: new Date(Date.now() + 600_000) });
    const blocked = await call(as.root!, "POST", "/api/bss/clock/advance", { days: 1 });
    assert.equal(blocked.statusCode, 409, blocked.body);
    assert.equal(blocked.json().error.details.runId, "clk_live");
    // At start, an embedded database has one process: every active run is abandoned; on
    // PostgreSQL only expired leases are.
    await restoreClock(t.deps);
    const [live] = await t.deps.db.select().from(clockAdvanceRuns).where(eq(clockAdvanceRuns.id, "clk_live"));
    assert.equal(live!.status, isPostgres ? "running" : "failed");
    if (isPostgres)
      await t.deps.db
        .update(clockAdvanceRuns)
        .set({ status: "failed", finishedAt: new Date() })
        .where(eq(clockAdvanceRuns.id, "clk_live"));
  });

  it("with OPENBSS_CLOCK=system the clock cannot be advanced (409), and nobody is offered to", async () => {
    const app = await buildServer({ ...t.deps, clock: systemClock() }, { serveWeb: false });
    try {
      const clock = await app.inject({ method: "GET", url: "/api/bss/clock", headers: as.root! });
      assert.deepEqual([clock.json().kind, clock.json().canAdvance], ["system", false]);
      const before = await runCount();
      const res = await app.inject({
        method: "POST",
        url: "/api/bss/clock/advance",
        headers: as.root!,
        payload: { days: 1 },
      });
      assert.equal(res.statusCode, 409, res.body);
      assert.match(res.json().error.message, /OPENBSS_CLOCK=system/);
      assert.equal(await runCount(), before, "nothing recorded");
      const clerk = await app.inject({
        method: "POST",
        url: "/api/bss/clock/advance",
        headers: as.rootClerk!,
        payload: { days: 1 },
      });
      assert.equal(clerk.statusCode, 403);
    } finally {
      await app.close();
    }
  });
});
