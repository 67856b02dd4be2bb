import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  copyOf,
  drain,
  type TenantWorld,
  tenantSubscription,
  tenantWorld,
} from "../../../test/distribution-fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { retryDeadJob } from "../../jobs/jobs.repo.ts";
import { queryRows, sql } from "../../shared/db.ts";
import { createPriceList, upsertPriceListEntries } from "../catalog/index.ts";

/**
 * Issue 13.2 (R-PRC-03, D14): a tenant reseller's account at the distributor in USD, a EUR
 * subscription in the tenant's BSS. The copy was billed "USD 18.00" — the EUR list price with a new
 * label. Now it waits, visibly, with an error naming the product and the currency, until a USD price
 * exists; then it is priced from it.
 */
describe("tenant copies: the paying account's currency (R-PRC-03)", () => {
  let t: TestContext;
  let w: TenantWorld;
  before(async () => {
    t = await createTestContext({ start: "2026-03-10T09:00:00Z" });
    w = await tenantWorld(t.deps);
    await t.deps.db.execute(sql`update accounts set currency = 'USD' where id = ${w.resellerAccountId}`);
  });
  after(() => t.close());

  it("R-PRC-03 D14 a copy without a price in the paying account's currency waits with the error; a USD price list entry prices it", async () => {
    const source = await tenantSubscription(t.deps, w, { sku: "DBX-BUS-MCMB", quantity: 5 });
    await drain(t.deps).catch(() => undefined);
    assert.equal(await copyOf(t.deps, w, source.id), undefined, "no relabelled copy");
    const [job] = await queryRows<{ id: string; tenant_id: string; status: string; last_error: string }>(
      t.deps.db,
      sql`select id, tenant_id, status, last_error from jobs
          where queue = ${`subevents:${source.id}`} order by seq desc limit 1`,
    );
    assert.match(job?.last_error ?? "", /No price for .*DBX-BUS-MCMB.* in USD/);
    assert.equal(job?.status, "dead", "retried with backoff, then kept (dead-lettered) with its error");

    const list = await createPriceList(t.deps, w.actors.distributorAdmin, {
      name: "Nimbus USD",
      ownerAccountId: w.resellerAccountId,
      currency: "USD",
    });
    await upsertPriceListEntries(t.deps, w.actors.distributorAdmin, list.id, [
      { productId: (await w.product(w.distributor.id, "DBX-BUS-MCMB")).id, unitPrice: "21.00" },
    ]);
    // The operator retries the event once the price exists (POST /api/bss/jobs/:id/retry).
    assert.ok(await retryDeadJob(t.deps.db, job!.tenant_id, job!.id));
    await drain(t.deps);
    const copy = await copyOf(t.deps, w, source.id);
    assert.ok(copy, "copied once a USD price exists");
    assert.equal(copy.currency, "USD");
    assert.equal(copy.unitPrice, 2100n);
  });
});
