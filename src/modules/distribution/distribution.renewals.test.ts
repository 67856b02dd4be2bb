import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  advance,
  copyOf,
  differences,
  drain,
  type TenantWorld,
  tenantSubscription,
  tenantWorld,
} from "../../../test/distribution-fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { queryRows, sql } from "../../shared/db.ts";
import {
  cancelSubscription,
  changeQuantity,
  downgradeSubscription,
  recordProvisioningResult,
} from "../subscriptions/index.ts";

/** Review (issue 6): money on the copy after legitimate tenant flows. */
describe("tenant copies: money and consistency around renewals (found by review)", () => {
  let t: TestContext;
  let w: TenantWorld;
  before(async () => {
    t = await createTestContext({ start: "2026-03-10T09:00:00Z" });
    w = await tenantWorld(t.deps);
  });
  after(() => t.close());

  const charges = (subId: string) =>
    queryRows<{
      kind: string;
      amount: string;
      period_start: string;
      from_date: string;
      to_date: string;
      quantity: number;
    }>(
      t.deps.db,
      sql`select kind, amount::text, period_start::text, from_date::text, to_date::text, quantity
          from billing_charges where subscription_id = ${subId} order by created_at, id`,
    );
  /** Net amount billed per period start. */
  const net = async (subId: string) => {
    const out: Record<string, bigint> = {};
    for (const c of await charges(subId))
      out[c.period_start] = (out[c.period_start] ?? 0n) + BigInt(c.amount);
    return out;
  };

  it("R-TEN-04 a licence decrease at renewal: the copy bills the new term at the new quantity (no double credit/charge)", async () => {
    const src = await tenantSubscription(t.deps, w, { sku: "DBX-BUS-MCMB", quantity: 5 });
    await drain(t.deps);
    const r = await changeQuantity(t.deps, w.tenantCtx, { subscriptionId: src.id, quantity: 3 });
    console.log("decrease effect", (r as { effect?: string }).effect);
    await drain(t.deps);
    await advance(t.deps, { days: 70 });
    const copy = (await copyOf(t.deps, w, src.id))!;
    const tn = await net(src.id);
    const cn = await net(copy.id);
    assert.deepEqual(await differences(t.deps, w), []);
    // Same list price in both BSSs: the copy's net per term equals the tenant's…
    assert.deepEqual(cn, tn);
    // …and so do its lines: no renewal billed at the old quantity and credited back.
    const lines = async (id: string) =>
      (await charges(id)).map((c) => `${c.period_start} ${c.kind} ${c.amount}`);
    assert.deepEqual(await lines(copy.id), await lines(src.id));
  });

  it("R-TEN-04 End of Billing Period cancellation: the copy ends with the tenant's term, nothing billed after it", async () => {
    const src = await tenantSubscription(t.deps, w, { sku: "DBX-BUS-MCMB", quantity: 4 });
    await drain(t.deps);
    await cancelSubscription(t.deps, w.tenantCtx, { subscriptionId: src.id, mode: "end_of_billing_period" });
    await drain(t.deps);
    console.log("after request", (await copyOf(t.deps, w, src.id))?.status, await differences(t.deps, w));
    await advance(t.deps, { days: 70 });
    await recordProvisioningResult(t.deps, {
      tenantId: w.tenant.id,
      subscriptionId: src.id,
      outcome: "synchronized",
    }).catch((e) => console.log("prov", e.message));
    await drain(t.deps);
    const copy = (await copyOf(t.deps, w, src.id))!;
    console.log("status", copy.status, "tenant charges", await charges(src.id));
    console.log("copy charges", await charges(copy.id));
    assert.deepEqual(await differences(t.deps, w), []);
    // Nothing billed (nor credited back) after the tenant's last term.
    assert.deepEqual(await net(copy.id), await net(src.id));
  });

  it("R-TEN-04 a downgrade scheduled for the renewal: the copy switches at the renewal with the right money", async () => {
    const src = await tenantSubscription(t.deps, w, { sku: "DBX-BUS-MCMB", quantity: 4 });
    await drain(t.deps);
    await advance(t.deps, { days: 20 }); // outside the 14-day window: scheduled for the renewal
    const target = await w.product(w.tenant.id, "DBX-STD-MCMB");
    const r = await downgradeSubscription(t.deps, w.tenantCtx, {
      subscriptionId: src.id,
      targetProductId: target.id,
    });
    console.log(
      "downgrade",
      JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? v.toString() : v)).slice(0, 400),
    );
    await drain(t.deps);
    console.log("after request", await differences(t.deps, w));
    await advance(t.deps, { days: 70 });
    const copy = (await copyOf(t.deps, w, src.id))!;
    console.log("tenant charges", await charges(src.id));
    console.log("copy charges", await charges(copy.id));
    assert.deepEqual(await differences(t.deps, w), []);
    assert.deepEqual(await net(copy.id), await net(src.id));
    const lines = async (id: string) =>
      (await charges(id)).map((c) => `${c.period_start} ${c.kind} ${c.amount}`);
    assert.deepEqual(
      await lines(copy.id),
      await lines(src.id),
      "the renewal is billed once, on the new plan",
    );
  });
});
