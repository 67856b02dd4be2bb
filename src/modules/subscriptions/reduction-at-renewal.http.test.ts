import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  signInWorld,
  subscriptionState,
} from "../../../test/subscription-fixtures.ts";
import { type Credential, type Req, send } from "../../../test/tenancy-fixtures.ts";

/**
 * Issue 13.3 — R-QTY-02, D3: fewer Dropbox licences take effect at the renewal whatever cancel
 * mode is chosen, also outside the 14-day window; R-CAN-01 still governs full cancellations and
 * suspension. Today is 2026-01-15: a term that started on 2025-03-24 is on its day 297.
 */
describe("licence reductions at renewal (HTTP)", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  let as: Awaited<ReturnType<typeof signInWorld>>;
  before(async () => {
    t = await createTestApp();
    w = await setupSubscriptionWorld(t.deps);
    as = await signInWorld(t.app, w);
  });
  after(() => t.close());

  const call = (cred: Credential, method: Req["method"], url: string, body?: unknown) =>
    send(t.app, { method, url, ...(body === undefined ? {} : { body }) }, cred);
  const annualOnDay297 = async () =>
    (await createTestSubscription(t.deps, w, { sku: "DBX-BUS-AC1Y", quantity: 10, startDate: "2025-03-24" }))
      .subscription;

  for (const area of ["storefront", "bss"] as const) {
    it(`R-QTY-02 ${area}: cancelling 3 of 10 licences Immediately on day 297 is scheduled for the renewal, and the preview says so`, async () => {
      const sub = await annualOnDay297();
      const cred = area === "bss" ? as.clerk : as.sfA1;
      const url = `/api/${area}/subscriptions/${sub.id}/cancel`;
      const body = { mode: "immediate", quantity: 3 };
      const before = await subscriptionState(t.deps, w.tenant.id, sub.id);
      const preview = await call(cred, "POST", `${url}?dryRun=true`, body);
      assert.equal(preview.statusCode, 200, preview.body);
      const p = preview.json();
      assert.deepEqual(p.violations, [], "not refused with R-CAN-01");
      assert.deepEqual([p.effect, p.effectiveDate, p.rule?.code], ["scheduled", "2026-03-24", "R-QTY-02"]);
      const note = p.notes.find((n: { code: string }) => n.code === "R-QTY-02");
      assert.ok(note, "the preview names the rule that moves the reduction to the renewal");
      assert.deepEqual(
        [note.details.effectiveDate, note.details.fromQuantity, note.details.renewalQuantity],
        ["2026-03-24", 10, 7],
      );
      assert.match(note.message, /7 licences/);
      assert.match(note.message, /2026-03-24/);
      assert.equal(p.subscription.quantity, 10, "all 10 stay until the renewal");
      assert.deepEqual(p.billing.lines, [], "nothing is credited now");
      assert.equal(await subscriptionState(t.deps, w.tenant.id, sub.id), before, "a preview writes nothing");

      const commit = await call(cred, "POST", url, body);
      assert.equal(commit.statusCode, 200, commit.body);
      const c = commit.json();
      assert.deepEqual([c.effect, c.effectiveDate, c.subscription.quantity], ["scheduled", "2026-03-24", 10]);
      const scheduled = c.subscription.scheduledChanges.find(
        (s: { kind: string }) => s.kind === "quantity_decrease",
      );
      assert.deepEqual([scheduled?.effectiveDate, scheduled?.payload.quantity], ["2026-03-24", 7]);
    });
  }

  it("R-CAN-01 still governs full cancellations and R-SUS-01 suspension outside the window", async () => {
    const sub = await annualOnDay297();
    const before = await subscriptionState(t.deps, w.tenant.id, sub.id);
    for (const body of [{ mode: "immediate" }, { mode: "immediate", quantity: 10 }]) {
      const res = await call(as.sfA1, "POST", `/api/storefront/subscriptions/${sub.id}/cancel`, body);
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().error.code, "R-CAN-01");
    }
    const bss = await call(as.clerk, "POST", `/api/bss/subscriptions/${sub.id}/cancel`, {
      mode: "specific_date",
      date: "2026-01-15",
    });
    assert.equal(bss.json().error.code, "R-CAN-01");
    const suspend = await call(as.clerk, "POST", `/api/bss/subscriptions/${sub.id}/suspend`);
    assert.equal(suspend.statusCode, 422, suspend.body);
    assert.equal(suspend.json().error.code, "R-SUS-01");
    assert.equal(await subscriptionState(t.deps, w.tenant.id, sub.id), before, "refusals write nothing");
  });

  it("R-QTY-02 a licence decrease (quantity command) says the renewal quantity too", async () => {
    const sub = await annualOnDay297();
    const res = await call(as.clerk, "POST", `/api/bss/subscriptions/${sub.id}/quantity?dryRun=true`, {
      quantity: 6,
    });
    assert.equal(res.statusCode, 200, res.body);
    const p = res.json();
    assert.deepEqual([p.effect, p.effectiveDate], ["scheduled", "2026-03-24"]);
    const note = p.notes.find((n: { code: string }) => n.code === "R-QTY-02");
    assert.equal(note?.details.renewalQuantity, 6);
  });

  it("security: another reseller's customer cannot reduce (404); anonymous is 401; a viewer is 403", async () => {
    const sub = await annualOnDay297();
    const body = { mode: "immediate", quantity: 3 };
    assert.equal(
      (await call(as.sfB, "POST", `/api/storefront/subscriptions/${sub.id}/cancel?dryRun=true`, body))
        .statusCode,
      404,
    );
    assert.equal(
      (await call(as.otherAdmin, "POST", `/api/bss/subscriptions/${sub.id}/cancel?dryRun=true`, body))
        .statusCode,
      404,
    );
    assert.equal(
      (await call({}, "POST", `/api/storefront/subscriptions/${sub.id}/cancel`, body)).statusCode,
      401,
    );
    assert.equal(
      (await call(as.viewer, "POST", `/api/bss/subscriptions/${sub.id}/cancel`, body)).statusCode,
      403,
    );
  });
});
