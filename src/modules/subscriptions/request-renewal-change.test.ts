import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import {
  bssCtx,
  createTestSubscription,
  historyRecord,
  previewThenCommit,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  storefrontCtx,
} from "../../../test/subscription-fixtures.ts";
import { rejectsWith } from "../../../test/tenancy-fixtures.ts";
import { isUniqueViolation, queryRows, sql } from "../../shared/db.ts";
import { cancelSubscription } from "./cancel-subscription.ts";
import { changeQuantity } from "./change-quantity.ts";
import { requestRenewalChange, revokeRenewalChange } from "./request-renewal-change.ts";
import { setAutoRenew } from "./set-auto-renew.ts";

/** Renew Automatically (R-REN-01) and future requests (Manage Renewal, R-REN-02). Today is 2026-01-15. */
describe("auto-renew and renewal requests", () => {
  let t: TestContext;
  let w: SubscriptionWorld;
  before(async () => {
    t = await createTestContext();
    w = await setupSubscriptionWorld(t.deps);
  });
  after(() => t.close());

  const tenant = () => w.tenant.id;
  const codes = (o: { violations: { code: string }[] }) => o.violations.map((v) => v.code);

  it("issue 12: a renewal quantity whose amount no ledger column can hold is a 400 now, and nothing is scheduled", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-BUS-MCMB",
      quantity: 3,
    });
    await t.deps.db.execute(sql`update subscriptions set unit_price = 999999999999 where id = ${sub.id}`);
    await assert.rejects(
      requestRenewalChange(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 1_000_000 }),
      rejectsWith("validation_failed"),
    );
    const pending = await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from scheduled_changes where subscription_id = ${sub.id}`,
    );
    assert.equal(pending[0]!.n, 0);
  });

  it("R-REN-01 Renew Automatically can be turned off and on, in both channels; history records it", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1Y",
      quantity: 3,
    });
    const { commit } = await previewThenCommit(t.deps, tenant(), sub.id, (o) =>
      setAutoRenew(t.deps, storefrontCtx(w, "sfA1"), { subscriptionId: sub.id, autoRenew: false }, o),
    );
    assert.equal(commit.subscription.subscription.autoRenew, false);
    assert.equal(commit.subscription.nextRenewalDate, null, "it will not renew");
    const h = await historyRecord(t.deps, tenant(), sub.id, "auto_renew_changed");
    assert.deepEqual(h.changes.autoRenew, { from: true, to: false });
    assert.equal(h.channel, "storefront");
    const on = await setAutoRenew(t.deps, bssCtx(w), { subscriptionId: sub.id, autoRenew: true });
    assert.equal(on.subscription.nextRenewalDate, "2027-01-15");
    const same = await setAutoRenew(t.deps, bssCtx(w), { subscriptionId: sub.id, autoRenew: true });
    assert.equal(same.effect, "none", "setting the value it has changes nothing");
  });

  it("R-TRL-01 a trial has no Renew Automatically", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB-TRIAL",
      quantity: 3,
    });
    await assert.rejects(
      setAutoRenew(t.deps, bssCtx(w), { subscriptionId: sub.id, autoRenew: true }),
      rejectsWith("R-TRL-01"),
    );
  });

  it("R-REN-02 a renewal request schedules a new quantity for the next renewal; revocable", async () => {
    const { subscription: sub, addons } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-AC1M",
      quantity: 5,
      addons: [{ sku: "DBXS-SP-AC1M", quantity: 5 }],
    });
    const { commit } = await previewThenCommit(t.deps, tenant(), sub.id, (o) =>
      requestRenewalChange(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 9 }, o),
    );
    assert.equal(commit.effect, "scheduled");
    assert.equal(commit.effectiveDate, "2027-01-15");
    assert.equal(commit.subscription.subscription.quantity, 5);
    const change = commit.subscription.scheduledChanges[0]!;
    assert.equal(change.kind, "renewal_request");
    assert.deepEqual(change.payload, {
      quantity: 9,
      fromQuantity: 5,
      addons: [{ addonId: addons[0]!.id, productId: addons[0]!.productId, quantity: 9 }],
    });
    await historyRecord(t.deps, tenant(), sub.id, "renewal_request_created");

    // Only one at a time.
    const second = await requestRenewalChange(
      t.deps,
      bssCtx(w),
      { subscriptionId: sub.id, quantity: 7 },
      { dryRun: true },
    );
    assert.deepEqual(codes(second), ["R-REN-02"]);
    assert.match(second.violations[0]!.message, /only one at a time/);

    const { commit: revoked } = await previewThenCommit(t.deps, tenant(), sub.id, (o) =>
      revokeRenewalChange(t.deps, bssCtx(w), { subscriptionId: sub.id }, o),
    );
    assert.deepEqual(revoked.subscription.scheduledChanges, []);
    await historyRecord(t.deps, tenant(), sub.id, "renewal_request_revoked");
    await assert.rejects(
      revokeRenewalChange(t.deps, bssCtx(w), { subscriptionId: sub.id }),
      rejectsWith("R-REN-02"),
    );
  });

  it("R-REN-02 the database holds one pending renewal request per subscription", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1Y",
      quantity: 3,
    });
    await requestRenewalChange(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 5 });
    await assert.rejects(
      queryRows(
        t.deps.db,
        sql`insert into scheduled_changes (id, tenant_id, subscription_id, kind, effective_date, channel, created_at)
            values ('sch_dup', ${tenant()}, ${sub.id}, 'renewal_request', '2027-01-15', 'bss', now())`,
      ),
      (e) => isUniqueViolation(e, "scheduled_changes_one_pending_uq"),
    );
  });

  it("R-REN-02 needs Active, synchronized and Renew Automatically on; the minimum applies", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1Y",
      quantity: 3,
    });
    await setAutoRenew(t.deps, bssCtx(w), { subscriptionId: sub.id, autoRenew: false });
    const off = await requestRenewalChange(
      t.deps,
      bssCtx(w),
      { subscriptionId: sub.id, quantity: 5 },
      { dryRun: true },
    );
    assert.deepEqual(codes(off), ["R-REN-02"]);
    assert.match(off.violations[0]!.message, /Renew Automatically/);

    const pending = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1Y",
      quantity: 3,
      synchronized: false,
    });
    const unsynced = await requestRenewalChange(
      t.deps,
      bssCtx(w),
      { subscriptionId: pending.subscription.id, quantity: 5 },
      { dryRun: true },
    );
    assert.deepEqual(codes(unsynced), ["R-REN-02"]);

    const ending = await createTestSubscription(t.deps, w, { sku: "DBX-STD-AC1Y", quantity: 3 });
    await cancelSubscription(t.deps, bssCtx(w), {
      subscriptionId: ending.subscription.id,
      mode: "end_of_billing_period",
    });
    await assert.rejects(
      requestRenewalChange(t.deps, bssCtx(w), { subscriptionId: ending.subscription.id, quantity: 5 }),
      rejectsWith("R-REN-02", /Pending For Cancel/),
    );

    const small = await createTestSubscription(t.deps, w, { sku: "DBX-STD-AC1Y", quantity: 4 });
    await assert.rejects(
      requestRenewalChange(t.deps, bssCtx(w), { subscriptionId: small.subscription.id, quantity: 2 }),
      rejectsWith("R-ORD-01"),
    );
  });

  it("R-REN-02 turning Renew Automatically off revokes the pending request", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1Y",
      quantity: 3,
    });
    await requestRenewalChange(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 6 });
    const off = await setAutoRenew(t.deps, bssCtx(w), { subscriptionId: sub.id, autoRenew: false });
    assert.deepEqual(off.subscription.scheduledChanges, []);
    const h = await historyRecord(t.deps, tenant(), sub.id, "renewal_request_revoked");
    assert.match(h.summary, /Renew Automatically was turned off/);
  });

  it("R-REN-02 a renewal request is refused while a decrease already sets the renewal quantity", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1Y",
      quantity: 6,
    });
    await changeQuantity(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 4 });
    await assert.rejects(
      requestRenewalChange(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 8 }),
      rejectsWith("R-REN-02", /decrease is already scheduled/),
    );
  });
});
