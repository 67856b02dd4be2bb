import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  copyOf,
  differences,
  drain,
  tenantSubscription,
  tenantWorld,
} from "../../../test/distribution-fixtures.ts";
import { createTestContext, isPostgres, type TestContext } from "../../../test/harness.ts";
import { beforeCommit, sql, transaction } from "../../shared/db.ts";
import { recordHistory } from "../subscriptions/subscriptions.core.ts";
import { lockSubscription } from "../subscriptions/subscriptions.repo.ts";
import { setBackOrdering } from "./index.ts";

/**
 * Turning back ordering on while a tenant transaction on one of its subscriptions is committing
 * (found by review). On PostgreSQL the two really overlap: the tenant's event is written, then the
 * activation starts before the tenant commits; activation must wait for the row and read the new
 * state. PGlite runs one transaction at a time, so there the same steps run one after the other.
 */
describe("back ordering turned on while the tenant changes a subscription", () => {
  let t: TestContext;
  before(async () => {
    t = await createTestContext({ start: "2026-03-10T09:00:00Z" });
  });
  after(() => t.close());

  it("R-TEN-01 R-TEN-04 the copy ends with the tenant's state, whatever the commit order", async () => {
    const w = await tenantWorld(t.deps, { backOrdering: false });
    const src = await tenantSubscription(t.deps, w, { sku: "DBX-BUS-MCMB", quantity: 3 });
    await drain(t.deps);
    let release!: () => void;
    const latch = new Promise<void>((r) => {
      release = r;
    });
    let enqueued!: () => void;
    const eventWritten = new Promise<void>((r) => {
      enqueued = r;
    });
    // A tenant transaction (licences 3 → 5): its event is written just before it commits…
    const change = () =>
      transaction(t.deps.db, async (tx) => {
        await lockSubscription(tx, w.tenant.id, src.id);
        await tx.execute(sql`update subscriptions set quantity = 5 where id = ${src.id}`);
        await recordHistory(t.deps, tx, w.tenantCtx, src.id, {
          action: "quantity_increased",
          summary: "Licences 3 → 5",
          effectiveDate: "2026-03-10",
        });
        beforeCommit(tx, "zz-latch", async () => {
          enqueued();
          if (isPostgres) await latch; // …and commits only after the activation has started.
        });
      });
    const activate = () =>
      setBackOrdering(t.deps, w.actors.distributorAdmin, { tenantId: w.tenant.id, enabled: true });
    if (isPostgres) {
      const tenantTx = change();
      await eventWritten;
      const activation = activate(); // waits for the tenant's row lock
      await new Promise((r) => setTimeout(r, 200));
      release();
      await Promise.all([tenantTx, activation]);
    } else {
      await change();
      await activate();
    }
    await drain(t.deps);
    assert.equal((await copyOf(t.deps, w, src.id))?.quantity, 5, "the tenant holds 5 licences");
    assert.deepEqual(await differences(t.deps, w), []);
  });
});
