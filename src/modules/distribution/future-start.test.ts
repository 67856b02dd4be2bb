import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  advance,
  copyOf,
  differences,
  drain,
  type TenantWorld,
  tenantWorld,
} from "../../../test/distribution-fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { adminEmail } from "../../../test/order-fixtures.ts";
import { addDays } from "../../shared/dates.ts";
import { queryRows, sql } from "../../shared/db.ts";
import type { DropboxSandbox } from "../../vendor-sandboxes/dropbox/index.ts";
import { runBillingDay } from "../billing-run/index.ts";
import { placeBssOrder } from "../orders/index.ts";
import { attachSandbox } from "../provisioning/provisioning.fixtures.ts";
import { cancelSubscription, findCopyOf } from "../subscriptions/index.ts";

/**
 * R-TEN-02 / issue 13 item 11: a tenant reseller's order that starts later. Its copy in the
 * distributor's BSS is Inactive until the same date (the distribution path that already supported
 * a copy starting later), billed to the tenant reseller from that date, and started either by the
 * distributor's own billing run or by the tenant's start event — whichever comes first, once.
 */
describe("R-TEN-02 issue 13: a tenant reseller's subscription with a future start date", () => {
  let t: TestContext;
  let w: TenantWorld;
  let sandbox: DropboxSandbox;
  before(async () => {
    t = await createTestContext({ start: "2026-03-03T09:00:00Z" });
    w = await tenantWorld(t.deps);
    sandbox = await attachSandbox(t.deps, { clock: t.clock });
  });
  after(async () => {
    await sandbox.close();
    await t.close();
  });

  async function futureOrder(startDate: string, quantity = 3): Promise<string> {
    const product = await w.product(w.tenant.id, "DBX-STD-MCMB");
    const { order } = await placeBssOrder(t.deps, w.actors.tenantClerk, {
      accountId: w.customer.id,
      lines: [
        {
          productId: product.id,
          quantity,
          serviceDetails: { resellerId: "RS-1", adminEmail: adminEmail() },
          startDate,
        },
      ],
    });
    return order.lines[0]!.subscriptionId!;
  }
  const chargesOf = (subscriptionId: string) =>
    queryRows<{
      kind: string;
      from_date: string;
      to_date: string;
      amount: string;
      bill_to_account_id: string;
    }>(
      t.deps.db,
      sql`select kind, from_date::text, to_date::text, amount::text, bill_to_account_id from billing_charges
          where subscription_id = ${subscriptionId} order by from_date, id`,
    );

  it("R-TEN-02 the copy is Inactive until the same date, then Active and billed to the tenant reseller from it", async () => {
    const src = await futureOrder("2026-03-10");
    await drain(t.deps);
    const waiting = (await copyOf(t.deps, w, src))!;
    assert.ok(waiting, "copied at once: the tenant's order is executed");
    assert.deepEqual(
      [waiting.status, waiting.awaitingStart, waiting.startDate, waiting.activationDate, waiting.syncStatus],
      ["inactive", true, "2026-03-10", null, "pending"],
    );
    assert.deepEqual(await chargesOf(waiting.id), [], "nothing billed before the start");
    assert.deepEqual(await differences(t.deps, w), []);

    await advance(t.deps, { days: 6 }); // 9 March
    assert.equal((await copyOf(t.deps, w, src))!.status, "inactive");
    await advance(t.deps, { days: 1 }); // 10 March
    const copy = (await copyOf(t.deps, w, src))!;
    assert.deepEqual(
      [copy.status, copy.awaitingStart, copy.activationDate, copy.syncStatus],
      ["active", false, "2026-03-10", "synchronized"],
    );
    assert.deepEqual(
      (await chargesOf(copy.id)).map((c) => [c.kind, c.from_date, c.to_date, c.bill_to_account_id]),
      [["recurring", "2026-03-10", "2026-04-09", w.resellerAccountId]],
    );
    assert.deepEqual(await differences(t.deps, w), []);
  });

  it("R-TEN-02 the tenant's start event reaching the copy before the distributor's run starts it once, on its own term", async () => {
    const today = t.deps.clock.today("UTC");
    const start = addDays(today, 2).toString();
    const src = await futureOrder(start, 4);
    await drain(t.deps);
    // Move the clock without any run, then run only the tenant's day: its event arrives first.
    t.clock.advance({ days: 2 });
    await runBillingDay(t.deps, { tenantId: w.tenant.id, date: addDays(today, 2), trigger: "cli" });
    await drain(t.deps);
    const copy = (await findCopyOf(t.deps.db, w.distributor.id, src))!;
    assert.deepEqual(
      [copy.status, copy.awaitingStart, copy.termStartDate, copy.termAnchorDate, copy.activationDate],
      ["active", false, start, start, start],
    );
    await runBillingDay(t.deps, { tenantId: w.distributor.id, date: addDays(today, 2), trigger: "cli" });
    const charges = await chargesOf(copy.id);
    assert.deepEqual(
      charges.map((c) => [c.kind, c.from_date]),
      [["recurring", start]],
      "billed once, from the start date",
    );
    assert.deepEqual(await differences(t.deps, w), []);
  });

  it("R-TEN-04 cancelling before the start cancels the copy, with nothing billed on either side", async () => {
    const today = t.deps.clock.today("UTC");
    const src = await futureOrder(addDays(today, 5).toString());
    await drain(t.deps);
    await cancelSubscription(t.deps, w.tenantCtx, { subscriptionId: src, mode: "immediate" });
    await drain(t.deps);
    const copy = (await copyOf(t.deps, w, src))!;
    assert.deepEqual([copy.status, copy.awaitingStart], ["canceled", false]);
    assert.deepEqual(await chargesOf(copy.id), []);
    assert.deepEqual(await chargesOf(src), []);
    await advance(t.deps, { days: 6 });
    assert.equal((await copyOf(t.deps, w, src))!.status, "canceled", "never started");
    assert.deepEqual(await chargesOf(copy.id), []);
    assert.deepEqual(await differences(t.deps, w), []);
  });
});
