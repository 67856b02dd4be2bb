import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { productBySku } from "../../../test/catalog-fixtures.ts";
import {
  copyOf,
  drain,
  type TenantWorld,
  tenantSubscription,
  tenantWorld,
} from "../../../test/distribution-fixtures.ts";
import { createUser } from "../../../test/factories.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { storefrontActor } from "../../../test/tenancy-fixtures.ts";
import { queryRows, sql } from "../../shared/db.ts";
import { updateProductType } from "../catalog/index.ts";
import { approveCancellationRequest } from "../subscriptions/approve-cancellation-request.ts";
import { cancelOrRequest } from "../subscriptions/submit-cancellation-request.ts";

/**
 * Issue 15.6: a cancellation request in a tenant reseller's BSS changes nothing at the distributor
 * until it is approved and executed; then the copy follows through the distribution events (R-TEN-04).
 */
describe("cancellation requests and tenant copies (R-CRQ-02, R-TEN-04)", () => {
  let t: TestContext;
  let w: TenantWorld;
  before(async () => {
    t = await createTestContext({ start: "2026-03-10T09:00:00Z" });
    w = await tenantWorld(t.deps);
  });
  after(() => t.close());

  const events = async (copyId: string) =>
    (
      await queryRows<{ n: number }>(
        t.deps.db,
        sql`select count(*)::int as n from subscription_history where subscription_id = ${copyId}`,
      )
    )[0]!.n;

  it("R-CRQ-02 a request leaves the copy as it is; R-CRQ-03 the approved cancellation reaches it", async () => {
    const product = await productBySku(t.deps, w.tenant.id, "DBX-STD-MCMB");
    await updateProductType(t.deps, w.actors.tenantClerk, product.productTypeId, {
      cancellationRequests: { automaticSubscriptions: false },
    });
    const sub = await tenantSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 3 });
    await drain(t.deps);
    const before = await copyOf(t.deps, w, sub.id);
    assert.ok(before, "the copy exists");
    const historyBefore = await events(before.id);

    const user = await createUser(t.deps, { tenantId: w.tenant.id, accountId: w.customer.id });
    const actor = storefrontActor(user, "direct_customer");
    const requested = await cancelOrRequest(
      t.deps,
      { actor, channel: "storefront" },
      { subscriptionId: sub.id, mode: "end_of_billing_period" },
    );
    const requestId = requested.cancellationRequest?.id;
    assert.ok(requestId);
    await drain(t.deps);
    const during = await copyOf(t.deps, w, sub.id);
    assert.equal(during?.status, before.status);
    assert.equal(during?.version, before.version);
    assert.equal(await events(before.id), historyBefore, "nothing reached the distributor");

    const approved = await approveCancellationRequest(t.deps, w.actors.tenantClerk, { requestId });
    assert.equal(approved.request.status, "approved");
    await drain(t.deps);
    const afterApproval = await copyOf(t.deps, w, sub.id);
    assert.equal(afterApproval?.status, "pending_for_cancel");
    assert.ok((await events(before.id)) > historyBefore);
  });
});
