import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { catalogWorld } from "../../../test/catalog-fixtures.ts";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import { drainJobs } from "../../jobs/index.ts";
import { catalogJobHandlers } from "./index.ts";

describe("service managers HTTP (R-CAT-01)", () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof catalogWorld>>;
  const req = (method: "GET" | "POST", url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  before(async () => {
    t = await createTestApp();
    w = await catalogWorld(t);
  });
  after(() => t.close());

  it("R-CAT-01 adds the Dropbox service manager, runs Get Services Definition (202) and reports the run", async () => {
    assert.deepEqual((await req("GET", "/api/bss/service-managers", w.viewer)).json().items, []);
    const created = await req("POST", "/api/bss/service-managers", w.admin, { vendor: "dropbox" });
    assert.equal(created.statusCode, 201, created.body);
    const sm = created.json();
    assert.deepEqual([sm.vendor, sm.name, sm.available, sm.lastRun], ["dropbox", "Dropbox", true, null]);
    assert.equal(sm.sandboxUrl, null, "no vendor sandbox in this test");
    assert.equal(
      (await req("POST", "/api/bss/service-managers", w.admin, { vendor: "dropbox" })).statusCode,
      409,
    );

    const started = await req("POST", `/api/bss/service-managers/${sm.id}/get-services-definition`, w.admin);
    assert.equal(started.statusCode, 202);
    const run = started.json().run;
    assert.equal(run.status, "queued");
    assert.equal(
      (await req("GET", `/api/bss/service-manager-runs/${run.id}`, w.viewer)).json().status,
      "queued",
    );
    await drainJobs(t.deps, catalogJobHandlers);
    const done = (await req("GET", `/api/bss/service-manager-runs/${run.id}`, w.viewer)).json();
    assert.equal(done.status, "succeeded");
    assert.equal(done.progressDone, done.progressTotal);
    assert.equal(done.summary.products.created, 436);
    assert.ok(done.log.length >= 5);
    const runs = (await req("GET", `/api/bss/service-managers/${sm.id}/runs`, w.viewer)).json();
    assert.deepEqual([runs.total, runs.items[0].id], [1, run.id]);
    const got = (await req("GET", `/api/bss/service-managers/${sm.id}`, w.viewer)).json();
    assert.equal(got.lastRun.id, run.id);
    const types = (await req("GET", "/api/bss/catalog/product-types", w.viewer)).json().items;
    assert.deepEqual(types.map((x: { name: string }) => x.name).sort(), [
      "Dropbox Sign Subscription",
      "Dropbox Subscription",
    ]);
  });

  it("issue 13: in sandbox mode the service manager's view says where its vendor sandbox listens", async () => {
    const previous = t.deps.vendorConnections.dropbox;
    t.deps.vendorConnections.dropbox = {
      baseUrl: "http://127.0.0.1:4999",
      clientId: "c",
      clientSecret: "s",
      sandboxControlUrl: "http://127.0.0.1:4999",
    };
    try {
      const items = (await req("GET", "/api/bss/service-managers", w.viewer)).json().items;
      assert.ok(items.length > 0);
      for (const sm of items) assert.equal(sm.sandboxUrl, "http://127.0.0.1:4999");
    } finally {
      t.deps.vendorConnections.dropbox = previous;
    }
  });

  it("refuses bad input with a 400 naming the field", async () => {
    const unknown = await req("POST", "/api/bss/service-managers", w.admin, { vendor: "acme" });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.details.field, "vendor");
    const bad = await req("POST", "/api/bss/service-managers", w.admin, { vendorr: "dropbox" });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.message, /body\.vendor/);
    assert.equal(
      (await req("GET", "/api/bss/service-managers/smi_x/runs?limit=0", w.viewer)).statusCode,
      400,
    );
  });

  it("security: another tenant gets 404 for every id and sees nothing; viewers and clerks cannot act; Storefront users get 403", async () => {
    const [sm] = (await req("GET", "/api/bss/service-managers", w.viewer)).json().items;
    const runId = sm.lastRun.id;
    for (const url of [
      `/api/bss/service-managers/${sm.id}`,
      `/api/bss/service-managers/${sm.id}/runs`,
      `/api/bss/service-manager-runs/${runId}`,
    ])
      assert.equal((await req("GET", url, w.otherAdmin)).statusCode, 404, url);
    assert.equal(
      (await req("POST", `/api/bss/service-managers/${sm.id}/get-services-definition`, w.otherAdmin))
        .statusCode,
      404,
    );
    assert.deepEqual((await req("GET", "/api/bss/service-managers", w.otherAdmin)).json().items, []);
    assert.equal((await req("GET", "/api/bss/catalog/products", w.otherAdmin)).json().total, 0);
    for (const cookie of [w.viewer, w.clerk]) {
      assert.equal(
        (await req("POST", `/api/bss/service-managers/${sm.id}/get-services-definition`, cookie)).statusCode,
        403,
      );
      assert.equal(
        (await req("POST", "/api/bss/service-managers", cookie, { vendor: "dropbox" })).statusCode,
        403,
      );
    }
    assert.equal((await req("GET", "/api/bss/service-managers", w.resellerUser)).statusCode, 403);
    assert.equal(
      (await req("GET", `/api/bss/service-manager-runs/${runId}`, w.customerUser)).statusCode,
      403,
    );
  });
});
