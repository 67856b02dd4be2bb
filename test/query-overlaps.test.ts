import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startWorker } from "../src/jobs/index.ts";
import { jobHandlers } from "../src/jobs/registry.ts";
import { getOrder, placeBssOrder } from "../src/modules/orders/index.ts";
import { attachSandbox, drainAll } from "../src/modules/provisioning/provisioning.fixtures.ts";
import {
  changeQuantity,
  getSubscription,
  requestRenewalChange,
  revokeRenewalChange,
} from "../src/modules/subscriptions/index.ts";
import { queryOne, queryRows, sql, transaction } from "../src/shared/db.ts";
import type { DropboxSandbox } from "../src/vendor-sandboxes/dropbox/index.ts";
import { createTestContext, type TestContext } from "./harness.ts";
import { line, type OrderWorld, orderWorld } from "./order-fixtures.ts";
import { describe as describeOverlap, takeQueryOverlaps } from "./query-overlaps.ts";

/**
 * Issue 17 item 5: a connection is given one query at a time — never two statements of one
 * transaction in flight together (pg warns and will refuse it in pg 9; PGlite queues them behind its
 * mutex). The harness watches both drivers (test/query-overlaps.ts); here the order, provisioning
 * and subscription paths run end to end, concurrently across transactions, and none overlaps.
 */
describe("issue 17: one query at a time per connection", () => {
  let t: TestContext;
  let w: OrderWorld;
  let sandbox: DropboxSandbox;
  before(async () => {
    t = await createTestContext();
    w = await orderWorld(t.deps);
    sandbox = await attachSandbox(t.deps, { clock: t.clock });
  });
  after(async () => {
    await sandbox.close();
    await t.close();
  });

  it("the watch records two statements given to one transaction at once", async () => {
    takeQueryOverlaps();
    await transaction(t.deps.db, async (tx) => {
      await Promise.all([
        queryRows(tx, sql`select 1 as first_statement`),
        queryRows(tx, sql`select 2 as second_statement`),
      ]);
    });
    const seen = takeQueryOverlaps();
    assert.equal(seen.length, 1, seen.map(describeOverlap).join("\n"));
    assert.match(seen[0]!.query, /second_statement/);
    assert.match(seen[0]!.running, /first_statement/);
    // In turn, the same two are fine.
    await transaction(t.deps.db, async (tx) => {
      await queryRows(tx, sql`select 1 as first_statement`);
      await queryRows(tx, sql`select 2 as second_statement`);
    });
    assert.deepEqual(takeQueryOverlaps(), []);
  });

  it("orders, their provisioning, licence changes, renewal requests and reads issue none", async () => {
    takeQueryOverlaps();
    const bss = { actor: w.actors.clerk, channel: "bss" as const };
    // Orders placed concurrently (separate transactions, separate connections).
    const placed = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        placeBssOrder(t.deps, w.actors.clerk, {
          accountId: w.customerA3.id,
          lines: [
            line(w, i % 2 === 0 ? "DBX-STD-MCMB" : "DBX-STD-AC1Y", 3, {
              ...(i % 4 === 0 ? { addons: [{ sku: "DBX-1TB-MCMB", quantity: 1 }] } : {}),
            }),
          ],
        }),
      ),
    );
    const subs = placed.map((p) => p.order.lines[0]!.subscriptionId!);
    assert.equal(new Set(subs).size, 6);
    // Provisioning: the worker with several jobs at once on PostgreSQL, the drain loop on PGlite.
    if (t.deps.dbKind === "postgres") {
      const worker = startWorker(t.deps, jobHandlers, { pollMs: 5, concurrency: 4, batch: 4 });
      const pending = async () =>
        (await queryOne<{ n: number }>(
          t.deps.db,
          sql`select count(*)::int as n from jobs where kind = 'provisioning.sync' and status <> 'done'`,
        ))!.n;
      while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 20));
      await worker.stop();
    }
    await drainAll(t.deps);
    for (const id of subs) {
      const details = await getSubscription(t.deps, w.actors.clerk, { subscriptionId: id });
      assert.equal(details.subscription.syncStatus, "synchronized");
      assert.ok(details.subscription.externalId, "the vendor's team id is recorded");
    }
    await Promise.all(subs.map((id) => changeQuantity(t.deps, bss, { subscriptionId: id, quantity: 5 })));
    await drainAll(t.deps);
    const annual = subs[1]!;
    const request = await requestRenewalChange(t.deps, bss, { subscriptionId: annual, quantity: 8 });
    assert.equal(request.effect, "scheduled");
    await revokeRenewalChange(t.deps, bss, { subscriptionId: annual });
    for (const p of placed) {
      const order = await getOrder(t.deps, w.actors.clerk, p.order.id);
      assert.equal(order.status, "executed");
    }
    const overlaps = takeQueryOverlaps();
    assert.deepEqual(overlaps.map(describeOverlap), []);
  });
});
