import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  copyOf,
  differences,
  drain,
  tenantSubscription,
  tenantWorld,
} from "../../../test/distribution-fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { rejectsWith } from "../../../test/tenancy-fixtures.ts";
import { queryRows, sql, transaction } from "../../shared/db.ts";
import { createSubscription, todayFor } from "../subscriptions/index.ts";
import { getBackOrdering, setBackOrdering } from "./index.ts";

/** Back ordering per tenant reseller (issue 6 item 1, R-TEN-01). */

describe("back ordering", () => {
  let t: TestContext;
  before(async () => {
    t = await createTestContext({ start: "2026-03-10T09:00:00Z" });
  });
  after(() => t.close());

  it("R-TEN-01 back ordering: off for a new tenant; turning it on copies customers with paid subscriptions first, then their subscriptions; trials wait; never off again", async () => {
    const off = await tenantWorld(t.deps, { backOrdering: false });
    assert.equal(
      (await getBackOrdering(t.deps, off.actors.distributorViewer, off.tenant.id)).backOrdering,
      false,
    );
    const paid = await tenantSubscription(t.deps, off, { sku: "DBX-BUS-MCMB", quantity: 4 });
    const trial = await tenantSubscription(t.deps, off, { sku: "DBX-BUS-MCMB-TRIAL", quantity: 3 });
    await drain(t.deps);
    assert.equal(
      await copyOf(t.deps, off, paid.id),
      undefined,
      "nothing is copied while back ordering is off",
    );

    const on = await setBackOrdering(t.deps, off.actors.distributorAdmin, {
      tenantId: off.tenant.id,
      enabled: true,
    });
    assert.equal(on.backOrdering, true);
    assert.deepEqual(on.activation, { accountsCopied: 1, subscriptionsQueued: 1, on: "2026-03-10" });
    // The customer is copied at once, before its subscriptions (which the outbox copies next).
    const [customerCopy] = await queryRows<{
      id: string;
      parent_account_id: string;
      managed_by_tenant_id: string;
    }>(
      t.deps.db,
      sql`select id, parent_account_id, managed_by_tenant_id from accounts where source_account_id = ${off.customer.id}`,
    );
    assert.equal(customerCopy?.parent_account_id, off.resellerAccountId);
    assert.equal(customerCopy?.managed_by_tenant_id, off.tenant.id);
    assert.equal(await copyOf(t.deps, off, paid.id), undefined);
    await drain(t.deps);
    const copy = await copyOf(t.deps, off, paid.id);
    assert.equal(copy?.quantity, 4);
    assert.equal(copy?.accountId, customerCopy?.id);
    assert.equal(await copyOf(t.deps, off, trial.id), undefined, "a trial is not copied");
    assert.deepEqual(await differences(t.deps, off), []);

    await assert.rejects(
      setBackOrdering(t.deps, off.actors.distributorAdmin, { tenantId: off.tenant.id, enabled: false }),
      rejectsWith("conflict", /cannot be switched off/),
    );
  });

  it("R-TEN-01 turning back ordering on is refused while the distributor has live subscriptions under the tenant reseller that the tenant lacks", async () => {
    const off = await tenantWorld(t.deps, { backOrdering: false });
    const product = await off.product(off.distributor.id, "DBX-BUS-MCMB");
    await transaction(t.deps.db, async (tx) => {
      const today = await todayFor(t.deps, tx, off.distributor.id);
      await createSubscription(
        t.deps,
        tx,
        { actor: off.actors.distributorAdmin, channel: "bss" },
        {
          accountId: off.resellerAccountId,
          resellerAccountId: null,
          orderId: null,
          orderLineId: null,
          product,
          quantity: 3,
          billingPlan: "monthly",
          unitPrice: product.listPrice,
          unitCost: product.cost,
          currency: product.currency,
          priceListId: null,
          serviceDetails: {},
          startDate: today,
          today,
          addons: [],
        },
      );
    });
    await assert.rejects(
      setBackOrdering(t.deps, off.actors.distributorAdmin, { tenantId: off.tenant.id, enabled: true }),
      rejectsWith("R-TEN-01", /not in the tenant's books/),
    );
    assert.equal(
      (await getBackOrdering(t.deps, off.actors.distributorViewer, off.tenant.id)).backOrdering,
      false,
    );
  });
});
