import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTenant } from "../../../test/factories.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { systemClock } from "../../shared/clock.ts";
import { queryRows, sql } from "../../shared/db.ts";
import { enqueueDailyRuns } from "./daily-billing.ts";

/** The worker's daily billing run: one job per tenant and day, however often it ticks. */
describe("daily billing from the worker", () => {
  let t: TestContext;
  before(async () => {
    t = await createTestContext();
  });
  after(() => t.close());

  it("enqueues each tenant's run for its today once, and nothing with the manual clock", async () => {
    const tenant = await createTenant(t.deps);
    assert.equal(await enqueueDailyRuns(t.deps), 0, "the manual clock bills days when it is advanced");
    const live = { ...t.deps, clock: systemClock() };
    const first = await enqueueDailyRuns(live);
    assert.ok(first >= 1);
    assert.equal(await enqueueDailyRuns(live), 0, "a second tick the same day enqueues nothing");
    const today = live.clock.today(tenant.timeZone).toString();
    const jobs = await queryRows<{ key: string; payload: { date: string; trigger: string } }>(
      t.deps.db,
      sql`select key, payload from jobs where kind = 'billing.run' and tenant_id = ${tenant.id}`,
    );
    assert.deepEqual(
      jobs.map((j) => [j.key, j.payload.date, j.payload.trigger]),
      [[`daily:${tenant.id}:${today}`, today, "worker"]],
    );
  });
});
