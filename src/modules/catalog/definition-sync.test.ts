import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { countRows, dumpCatalog, productBySku } from "../../../test/catalog-fixtures.ts";
import { createTenant } from "../../../test/factories.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import type { Deps } from "../../deps.ts";
import { drainJobs } from "../../jobs/index.ts";
import { buildDropboxServicesDefinition } from "../../service-managers/dropbox/index.ts";
import { createServiceManagerRegistry } from "../../service-managers/service-manager.ts";
import type { ServicesDefinition } from "../../service-managers/services-definition.ts";
import { queryRows, sql } from "../../shared/db.ts";
import {
  catalogJobHandlers,
  createProduct,
  ensureServiceManagerInstance,
  executeServicesDefinitionRun,
  getProduct,
  requestServicesDefinition,
} from "./index.ts";

/** A Dropbox service manager whose definition each test may change (the vendor side, not ours). */
function vendorWith(deps: Deps, current: () => unknown): Deps {
  return {
    ...deps,
    serviceManagers: createServiceManagerRegistry([
      {
        vendor: "dropbox",
        displayName: "Dropbox",
        getServicesDefinition: async () => current() as ServicesDefinition,
      },
    ]),
  };
}

async function sync(deps: Deps, tenantId: string) {
  const { instance } = await ensureServiceManagerInstance(deps, tenantId, "dropbox");
  const queued = await requestServicesDefinition(deps, { tenantId }, instance.id);
  return executeServicesDefinitionRun(deps, queued.id);
}

describe("Get Services Definition (R-CAT-01)", () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  it("R-CAT-01 through the outbox: the request queues a run and a job; the worker installs the catalogue", async () => {
    const tenant = await createTenant(ctx.deps);
    const { instance } = await ensureServiceManagerInstance(ctx.deps, tenant.id, "dropbox");
    const run = await requestServicesDefinition(ctx.deps, { tenantId: tenant.id }, instance.id);
    assert.equal(run.status, "queued");
    const again = await requestServicesDefinition(ctx.deps, { tenantId: tenant.id }, instance.id);
    assert.equal(again.id, run.id, "an active run is returned, not a second one");
    assert.equal(
      await countRows(ctx.deps, "products", tenant.id),
      0,
      "nothing happens before the worker runs",
    );
    const progress: number[] = [];
    const jobs = await queryRows<{ kind: string; key: string }>(
      ctx.deps.db,
      sql`select kind, key from jobs where tenant_id = ${tenant.id}`,
    );
    assert.deepEqual(jobs, [{ kind: "catalog.get_services_definition", key: run.id }]);
    assert.ok((await drainJobs(ctx.deps, catalogJobHandlers)) >= 1);
    const done = await executeServicesDefinitionRun(ctx.deps, run.id, (p) => progress.push(p.done));
    assert.deepEqual(progress, [], "a succeeded run is final: executing it again does nothing");
    assert.equal(done.status, "succeeded");
    assert.equal(done.progressDone, done.progressTotal);
    assert.ok(done.log.some((l) => l.message.startsWith("Validated definition dropbox")));
    assert.deepEqual(done.summary?.products, { created: 436, updated: 0, unchanged: 0, retired: 0 });
    assert.deepEqual(done.summary?.productTypes, { created: 2, updated: 0, unchanged: 0, retired: 0 });
    assert.equal(await countRows(ctx.deps, "products", tenant.id), 436);
    assert.equal(await countRows(ctx.deps, "upgrade_paths", tenant.id), 786 + 7);
    const std = await getProduct(
      ctx.deps,
      { tenantId: tenant.id },
      (await productBySku(ctx.deps, tenant.id, "DBX-STD-MCMB")).id,
    );
    assert.equal(std.managedBy, "definition");
    assert.equal(std.productType.name, "Dropbox Subscription");
    assert.equal(
      std.upgrades.length,
      3 * 16 + 15,
      "the later editions with any features, and Standard with more features, of the same term",
    );
    assert.deepEqual(
      std.addons.map((a) => a.sku),
      ["DBX-1TB-MCMB"],
    );
    assert.deepEqual(
      std.exclusiveSets.map((s) => s.code),
      ["dropbox_base_plans"],
    );
    const trial = await productBySku(ctx.deps, tenant.id, "DBX-STD-MCMB-TRIAL");
    assert.equal(trial.trialPaidProductId, std.id);
  });

  it("R-CAT-01 a second run changes nothing (identical dump, every entity unchanged)", async () => {
    const tenant = await createTenant(ctx.deps);
    await sync(ctx.deps, tenant.id);
    const before = await dumpCatalog(ctx.deps, tenant.id);
    const second = await sync(ctx.deps, tenant.id);
    assert.equal(second.status, "succeeded");
    for (const [entity, c] of Object.entries(second.summary!))
      assert.deepEqual([c.created, c.updated, c.retired], [0, 0, 0], entity);
    assert.equal(await dumpCatalog(ctx.deps, tenant.id), before);
  });

  it("R-CAT-01 a changed definition updates in place; a removed product is retired, not deleted, and returns", async () => {
    const tenant = await createTenant(ctx.deps);
    let def = buildDropboxServicesDefinition();
    const deps = vendorWith(ctx.deps, () => def);
    await sync(deps, tenant.id);
    const std = await productBySku(deps, tenant.id, "DBX-STD-MCMB");
    const gone = await productBySku(deps, tenant.id, "DBX-EDU-MCMB");

    def = structuredClone(def);
    const dbx = def.productTypes[0]!;
    dbx.products.find((p) => p.sku === "DBX-STD-MCMB")!.listPrice = "16.00";
    dbx.products = dbx.products.filter(
      (p) => p.sku !== "DBX-EDU-MCMB" && p.trial?.paidSku !== "DBX-EDU-MCMB",
    );
    dbx.upgradePaths = dbx.upgradePaths.filter(
      (e) => ![e.from, e.to].some((s) => s.startsWith("DBX-EDU-MCMB")),
    );
    dbx.exclusiveSets[0]!.skus = dbx.exclusiveSets[0]!.skus.filter((s) => !s.startsWith("DBX-EDU-MCMB"));
    const run = await sync(deps, tenant.id);
    assert.equal(run.status, "succeeded", run.error ?? "");
    assert.deepEqual(run.summary?.products, { created: 0, updated: 1, unchanged: 433, retired: 2 });
    assert.equal(run.summary?.exclusiveSets.updated, 1);
    const changed = await productBySku(deps, tenant.id, "DBX-STD-MCMB");
    assert.equal(changed.id, std.id);
    assert.equal(changed.listPrice, 1600n);
    const retired = await getProduct(deps, { tenantId: tenant.id }, gone.id);
    assert.equal(retired.status, "retired");
    assert.deepEqual(retired.exclusiveSets, []);
    assert.equal(await countRows(deps, "products", tenant.id), 436, "nothing deleted");

    def = buildDropboxServicesDefinition();
    const back = await sync(deps, tenant.id);
    assert.deepEqual(back.summary?.products, { created: 0, updated: 3, unchanged: 433, retired: 0 });
    assert.equal((await getProduct(deps, { tenantId: tenant.id }, gone.id)).status, "active");
  });

  it("R-CAT-01 a failure part-way leaves nothing half-written and the run failed with the error in its log", async () => {
    const tenant = await createTenant(ctx.deps);
    let def: ServicesDefinition = buildDropboxServicesDefinition();
    const deps = vendorWith(ctx.deps, () => def);
    await sync(deps, tenant.id);
    const before = await dumpCatalog(deps, tenant.id);
    def = structuredClone(def);
    def.productTypes[1]!.name = "Dropbox Sign (renamed)"; // written first, in the same transaction…
    def.productTypes[0]!.products.at(-1)!.listPrice = "99999999999999999999.00"; // …then the database refuses this
    const run = await sync(deps, tenant.id);
    assert.equal(run.status, "failed");
    assert.match(run.error ?? "", /Unexpected error/);
    assert.equal(run.log.at(-1)?.level, "error");
    assert.equal(await dumpCatalog(deps, tenant.id), before);
  });

  it("R-CAT-01 refuses a definition that is invalid, cyclic or takes over a custom product's SKU", async () => {
    const tenant = await createTenant(ctx.deps);
    let def: unknown = { vendor: "dropbox", productTypes: [] };
    const deps = vendorWith(ctx.deps, () => def);
    const invalid = await sync(deps, tenant.id);
    assert.equal(invalid.status, "failed");
    assert.match(invalid.error ?? "", /services definition is invalid/);

    const good = buildDropboxServicesDefinition();
    const cyclic = structuredClone(good);
    cyclic.productTypes[0]!.upgradePaths.push({ from: "DBX-BUS-MCMB", to: "DBX-STD-MCMB" });
    def = cyclic;
    const cycle = await sync(deps, tenant.id);
    assert.equal(cycle.status, "failed");
    assert.match(cycle.error ?? "", /cycle/);
    assert.equal(await countRows(deps, "products", tenant.id), 0);

    def = good;
    await sync(deps, tenant.id);
    const type = (
      await getProduct(
        deps,
        { tenantId: tenant.id },
        (
          await productBySku(deps, tenant.id, "DBX-STD-MCMB")
        ).id,
      )
    ).productType;
    await createProduct(
      deps,
      { tenantId: tenant.id },
      {
        productTypeId: type.id,
        sku: "DBX-CUSTOM-MCMB",
        name: "Custom",
        kind: "base",
        term: "MCMB",
        includedLicences: 0,
        minQuantity: 1,
        listPrice: "1.00",
        cost: "0.50",
        characteristics: {},
        policies: {},
        addonProductIds: [],
        excludedFromProration: false,
      },
    );
    const taken = structuredClone(good);
    taken.productTypes[0]!.products.push({
      ...taken.productTypes[0]!.products[0]!,
      sku: "DBX-CUSTOM-MCMB",
      addons: [],
    });
    def = taken;
    const conflict = await sync(deps, tenant.id);
    assert.equal(conflict.status, "failed");
    assert.match(conflict.error ?? "", /DBX-CUSTOM-MCMB already belongs/);
  });

  it("R-CAT-01 a refused definition dead-letters the job at once (no pointless retries)", async () => {
    const tenant = await createTenant(ctx.deps);
    const deps = vendorWith(ctx.deps, () => ({ nope: true }));
    const { instance } = await ensureServiceManagerInstance(deps, tenant.id, "dropbox");
    const run = await requestServicesDefinition(deps, { tenantId: tenant.id }, instance.id);
    await drainJobs(deps, catalogJobHandlers);
    const [job] = await queryRows<{ status: string; attempts: number }>(
      deps.db,
      sql`select status, attempts from jobs where kind = 'catalog.get_services_definition' and key = ${run.id}`,
    );
    assert.deepEqual(job, { status: "dead", attempts: 1 });
  });

  it("tenants are separate: the same definition in two tenants gives two catalogues", async () => {
    const a = await createTenant(ctx.deps);
    const b = await createTenant(ctx.deps);
    await sync(ctx.deps, a.id);
    await sync(ctx.deps, b.id);
    const pa = await productBySku(ctx.deps, a.id, "DBXS-PRE-AC1Y");
    const pb = await productBySku(ctx.deps, b.id, "DBXS-PRE-AC1Y");
    assert.notEqual(pa.id, pb.id);
    await assert.rejects(getProduct(ctx.deps, { tenantId: a.id }, pb.id), /was not found/);
  });
});
