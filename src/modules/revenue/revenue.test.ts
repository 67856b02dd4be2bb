import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { advanceTo } from "../../../test/billing-fixtures.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { orderSubscription, promotion } from "../../../test/promotion-fixtures.ts";
import {
  bssCtx,
  createTestSubscription,
  setupSubscriptionWorld,
} from "../../../test/subscription-fixtures.ts";
import { queryOne, queryRows, sql } from "../../shared/db.ts";
import { createCreditNote, issueCreditNote } from "../billing/index.ts";
import {
  cancelSubscription,
  changeQuantity,
  editPricing,
  recordProvisioningResult,
  upgradeSubscription,
} from "../subscriptions/index.ts";
import { getRevenue, getSpend } from "./index.ts";

/**
 * Issue 16: the revenue figures with real rows, to the cent. One tenant of its own, reseller A's
 * customer A1 buys: A = 3 × DBX-STD-MCMB at 10.00 a month (MCMB), B = 2 × DBX-STD-AC1Y at 100.00 a
 * year (AC1Y: MRR = 200.00 / 12), C = 1 × DBX-EDU-MCMB at 50.00 with a recurring 20 % promotion
 * (MRR 40.00). Then a credit note in March, A 3 → 5 in April (expansion), A upgraded to Business
 * in May (expansion), B cancelled in June (churn).
 */
describe("revenue at a glance (issue 16)", () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof setupSubscriptionWorld>>;
  const ids: Record<string, string> = {};
  let businessPrice = 0n;
  let eNet = 0n; // subscription E's MRR after its discount
  before(async () => {
    t = await createTestContext({ start: "2026-03-10T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
    const edu = await w.product("DBX-EDU-MCMB");
    await promotion(t.deps, w.tenant.id, {
      productIds: [edu.id],
      kind: "recurring",
      valueType: "percentage",
      basisPoints: 2000,
      startDate: "2026-03-01",
    });
    ids.a = (await orderSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 3, unitPrice: 1000n })).id;
    ids.b = (await orderSubscription(t.deps, w, { sku: "DBX-STD-AC1Y", quantity: 2, unitPrice: 10000n })).id;
    ids.c = (await orderSubscription(t.deps, w, { sku: "DBX-EDU-MCMB", quantity: 1, unitPrice: 5000n })).id;
    for (const id of Object.values(ids))
      await recordProvisioningResult(t.deps, {
        tenantId: w.tenant.id,
        subscriptionId: id,
        outcome: "synchronized",
      });
    businessPrice = (await w.product("DBX-BUS-MCMB")).listPrice;
  });
  after(() => t.close());

  const revenue = () => getRevenue(t.deps, w.actors.viewer, { months: 12, top: 10 });
  const month = (r: Awaited<ReturnType<typeof revenue>>, m: string) => ({
    docs: r.documents.find((d) => d.month === m && d.currency === "EUR"),
    moves: r.movements.find((d) => d.month === m && d.currency === "EUR"),
  });

  it("MRR of monthly and yearly subscriptions and a recurring promotion, ARR = 12 × MRR exactly", async () => {
    const r = await revenue();
    // 3 × 10.00 + 2 × 100.00 / 12 + 1 × (50.00 − 20 %) = 30.00 + 16.666… + 40.00 = 86.67
    assert.deepEqual(r.totals, [{ currency: "EUR", mrr: 8667n, arr: 104000n, subscriptions: 3 }]);
    assert.equal(r.asOf, "2026-03-10");
    assert.equal(r.months.length, 12);
    assert.equal(r.months[0], "2025-04-01");
    assert.equal(r.months.at(-1), "2026-03-01");
    const march = month(r, "2026-03-01");
    assert.deepEqual(march.moves, {
      month: "2026-03-01",
      currency: "EUR",
      newMrr: 8667n,
      expansion: 0n,
      contraction: 0n,
      churned: 0n,
    });
    // Issued invoices of the day: 30.00 + 200.00 (the year, paid at once) + 40.00.
    assert.deepEqual(march.docs, { month: "2026-03-01", currency: "EUR", invoiced: 27000n, credited: 0n });
    assert.deepEqual(
      r.top.resellers?.map((x) => [x.id, x.name, x.mrr]),
      [[w.reseller.id, w.reseller.name, 8667n]],
    );
    assert.deepEqual(
      r.top.products?.map((x) => x.mrr),
      [4000n, 3000n, 1667n],
    );
    assert.deepEqual(r.top.tenantResellers, []);
  });

  it("a credit note counts in its month; a draft never does", async () => {
    await advanceTo(t.deps, "2026-03-20");
    const invoice = await queryOne<{ id: string; charge: string }>(
      t.deps.db,
      sql`select d.id, c.id as charge from billing_documents d join billing_charges c on c.document_id = d.id
          where d.tenant_id = ${w.tenant.id} and c.subscription_id = ${ids.a!} and d.kind = 'invoice'`,
    );
    const { details: draft } = await createCreditNote(t.deps, w.actors.clerk, {
      invoiceId: invoice!.id,
      reason: "Goodwill",
      lines: [{ chargeId: invoice!.charge, amount: "10.00" }],
    });
    assert.deepEqual(month(await revenue(), "2026-03-01").docs?.credited, 0n, "a draft counts nowhere");
    await issueCreditNote(t.deps, w.actors.clerk, { creditNoteId: draft.document.id });
    const march = month(await revenue(), "2026-03-01").docs;
    assert.deepEqual([march?.invoiced, march?.credited], [27000n, 1000n]);
  });

  const confirm = (subscriptionId: string) =>
    recordProvisioningResult(t.deps, { tenantId: w.tenant.id, subscriptionId, outcome: "synchronized" });

  it("a licence increase is expansion in its month, an upgrade too", async () => {
    await advanceTo(t.deps, "2026-04-05");
    await changeQuantity(t.deps, bssCtx(w), { subscriptionId: ids.a!, quantity: 5 });
    await confirm(ids.a!);
    await advanceTo(t.deps, "2026-05-03");
    const business = await w.product("DBX-BUS-MCMB");
    await upgradeSubscription(t.deps, bssCtx(w), { subscriptionId: ids.a!, targetProductId: business.id });
    await confirm(ids.a!);
    const r = await revenue();
    assert.equal(month(r, "2026-04-01").moves?.expansion, 2000n, "2 × 10.00");
    assert.equal(
      month(r, "2026-05-01").moves?.expansion,
      5n * businessPrice - 5000n,
      "5 × Business − 5 × 10.00",
    );
    assert.equal(r.totals[0]?.mrr, 5n * businessPrice + 1667n + 4000n);
  });

  it("a cancellation is churn in its month; the subscription leaves MRR", async () => {
    await advanceTo(t.deps, "2026-05-25");
    // D: 2 × DBX-STD-AC1Y at 120.00 a year, new in May (MRR 20.00), cancelled in June (its 14 days).
    ids.d = (await orderSubscription(t.deps, w, { sku: "DBX-STD-AC1Y", quantity: 2, unitPrice: 12000n })).id;
    await confirm(ids.d);
    assert.equal(month(await revenue(), "2026-05-01").moves?.newMrr, 2000n);
    await advanceTo(t.deps, "2026-06-02");
    await cancelSubscription(t.deps, bssCtx(w), { subscriptionId: ids.d, mode: "immediate" });
    // Waiting for the vendor (R-CAN-05) it still counts; the confirmation churns it.
    assert.equal((await revenue()).totals[0]?.mrr, 5n * businessPrice + 1667n + 4000n + 2000n);
    await confirm(ids.d);
    const r = await revenue();
    const june = month(r, "2026-06-01");
    assert.deepEqual(
      [june.moves?.newMrr, june.moves?.expansion, june.moves?.contraction, june.moves?.churned],
      [0n, 0n, 0n, 2000n],
    );
    assert.equal(r.totals[0]?.mrr, 5n * businessPrice + 1667n + 4000n);
    assert.equal(r.totals[0]?.subscriptions, 3);
    // The cancellation's credit note is June's credit, exactly what the credit notes of June hold.
    const cn = await queryOne<{ net: string }>(
      t.deps.db,
      sql`select coalesce(-sum(net), 0)::text as net from billing_documents
          where tenant_id = ${w.tenant.id} and kind = 'credit_note' and status = 'issued' and issue_date >= '2026-06-01'`,
    );
    assert.ok(BigInt(cn!.net) > 0n);
    assert.equal(june.docs?.credited, BigInt(cn!.net));
  });

  it("an add-on bought with the subscription is new MRR; a discount is contraction", async () => {
    await advanceTo(t.deps, "2026-06-10");
    const sign = await w.product("DBXS-STD-MCMB");
    const sp = await w.product("DBXS-SP-MCMB");
    const { subscription: e } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-MCMB",
      quantity: 5,
      addons: [{ sku: "DBXS-SP-MCMB", quantity: 5 }],
    });
    const eMrr = 5n * sign.listPrice + 5n * sp.listPrice;
    const june = async () => month(await revenue(), "2026-06-01").moves;
    assert.equal((await june())?.newMrr, eMrr, "base and add-on, both new");
    assert.equal((await june())?.expansion, 0n);
    // 10 % off the subscription: its base and its add-on (as billing applies it).
    await editPricing(t.deps, bssCtx(w), {
      subscriptionId: e.id,
      applyTo: "next",
      discountBasisPoints: 1000,
    });
    const contraction = (eMrr + 5n) / 10n; // 10 % of it, rounded half-up
    assert.equal((await june())?.contraction, contraction);
    eNet = eMrr - contraction;
  });

  it("the ledger agrees with the current state: the sum of every change is today's ARR", async () => {
    const [ledger] = await queryRows<{ arr: string }>(
      t.deps.db,
      sql`select round(sum(arr_after - arr_before) / 100000000)::text as arr
          from subscription_mrr_changes where tenant_id = ${w.tenant.id}`,
    );
    assert.equal(BigInt(ledger!.arr), (await revenue()).totals[0]?.arr);
  });

  it("a reseller sees its customers' figures; the customer its spend (invoiced − credited, tax included)", async () => {
    const asReseller = await getRevenue(t.deps, w.actors.sfA, { months: 12, top: 10 });
    assert.deepEqual(asReseller.totals, (await revenue()).totals);
    assert.deepEqual(
      asReseller.top.customers?.map((c) => [c.id, c.mrr]),
      [[w.customer.id, 5n * businessPrice + 1667n + 4000n + eNet]],
    );
    assert.equal(asReseller.top.resellers, undefined);
    const asOther = await getRevenue(t.deps, w.actors.sfB, { months: 12, top: 10 });
    assert.deepEqual(asOther.totals, [], "reseller B has no customer with a subscription");
    assert.deepEqual(asOther.top.customers, []);
    await assert.rejects(getRevenue(t.deps, w.actors.sfA1, { months: 12, top: 10 }), { code: "forbidden" });
    const spend = await getSpend(t.deps, w.actors.sfA1, { months: 12 });
    const march = spend.spend.find((s) => s.month === "2026-03-01");
    assert.deepEqual([march?.invoiced, march?.credited], [27000n, 1000n]);
    const sibling = await getSpend(t.deps, w.actors.sfA2, { months: 12 });
    assert.deepEqual(sibling.spend, []);
  });
});
