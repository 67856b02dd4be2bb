import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { updateBillingOptions } from "../../src/modules/billing/index.ts";
import {
  cancelSubscription,
  changeQuantity,
  downgradeSubscription,
  requestRenewalChange,
  upgradeSubscription,
} from "../../src/modules/subscriptions/index.ts";
import { sql } from "../../src/shared/db.ts";
import { advanceTo, documentLines, documents, subscriptionRow } from "../billing-fixtures.ts";
import { createTestContext, type TestContext } from "../harness.ts";
import {
  bssCtx,
  createCustomer,
  createTestSubscription,
  setupSubscriptionWorld,
} from "../subscription-fixtures.ts";

/**
 * Lifecycle events and account options over months (issue 4 scenarios): End of Billing Period
 * cancellation, trial → paid and a trial that expires, AC1Y's yearly renewal, and an account
 * billed on the 1st that collects partial charges for its billing day. Dropbox Standard: 15.00
 * per licence per month (MCMB), 162.00 per year (AC1Y).
 */
describe("billing scenario: lifecycle and billing options", () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof setupSubscriptionWorld>>;
  before(async () => {
    t = await createTestContext({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
  });
  after(() => t.close());

  const brief = (l: { issueDate: string; kind: string; amount: string; explanation: string }) => [
    l.issueDate,
    l.kind,
    l.amount,
    l.explanation,
  ];

  it("R-CAN-02 End of Billing Period: billed as usual to the period end, Canceled after it, no credit", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
    });
    const eop = await cancelSubscription(t.deps, bssCtx(w), {
      subscriptionId: sub.id,
      mode: "end_of_billing_period",
    });
    assert.deepEqual([eop.effect, eop.billing.charges.length], ["scheduled", 0]);
    await advanceTo(t.deps, "2026-03-01");
    assert.deepEqual((await documentLines(t.deps, w.tenant.id, sub.id)).map(brief), [
      ["2026-01-15", "recurring", "45.00", "3 × 15.00 (15 Jan – 14 Feb 2026)"],
    ]);
    assert.equal((await subscriptionRow(t.deps, sub.id)).status, "canceled");
  });

  it("R-TRL-01 a trial costs nothing; upgraded to paid it bills a new term from that day; one not upgraded expires", async () => {
    const { subscription: trial } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB-TRIAL",
      quantity: 3,
    });
    const { subscription: lapsed } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB-TRIAL",
      quantity: 3,
      accountId: (await createCustomer(t.deps, w)).id,
    });
    await advanceTo(t.deps, "2026-03-30");
    const paid = await w.product("DBX-STD-MCMB");
    const up = await upgradeSubscription(t.deps, bssCtx(w), {
      subscriptionId: trial.id,
      targetProductId: paid.id,
    });
    assert.deepEqual(
      up.billing.charges.map((c) => [c.kind, c.amount]),
      [["recurring", 4500n]],
    );
    await advanceTo(t.deps, "2026-05-01");
    // Terms come from the anchor, never chained: 30 Mar → 29 Apr, 30 Apr → 29 May.
    assert.deepEqual((await documentLines(t.deps, w.tenant.id, trial.id)).map(brief), [
      ["2026-03-30", "recurring", "45.00", "3 × 15.00 (30 Mar – 29 Apr 2026)"],
      ["2026-04-30", "recurring", "45.00", "3 × 15.00 (30 Apr – 29 May 2026)"],
    ]);
    assert.deepEqual(await documentLines(t.deps, w.tenant.id, lapsed.id), []);
    assert.equal(
      (await subscriptionRow(t.deps, lapsed.id)).status,
      "inactive",
      "the trial ended unconverted",
    );
  });

  it("AC1Y renews for another year at the same price", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1Y",
      quantity: 2,
    });
    await advanceTo(t.deps, "2027-05-02");
    assert.deepEqual((await documentLines(t.deps, w.tenant.id, sub.id)).map(brief), [
      ["2026-05-01", "recurring", "324.00", "2 × 162.00 (1 May 2026 – 30 Apr 2027)"],
      ["2027-05-01", "recurring", "324.00", "2 × 162.00 (1 May 2027 – 30 Apr 2028)"],
    ]);
    assert.deepEqual(await subscriptionRow(t.deps, sub.id), {
      status: "active",
      quantity: 2,
      termStart: "2027-05-01",
      termEnd: "2028-04-30",
    });
  });

  it("billing day 1st with Billing Day partial charges: the partial first month and an increase wait for the 1st", async () => {
    const customer = await createCustomer(t.deps, w);
    await updateBillingOptions(t.deps, w.actors.clerk, customer.id, {
      billingDay: "first",
      partialCharges: "billing_day",
      taxRateBasisPoints: 1900,
    });
    await advanceTo(t.deps, "2027-05-12");
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
      accountId: customer.id,
    });
    await advanceTo(t.deps, "2027-06-10");
    const more = await changeQuantity(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 4 });
    assert.deepEqual(
      more.billing.documents,
      [],
      "a partial charge is collected, not invoiced, on Billing Day accounts",
    );
    await advanceTo(t.deps, "2027-07-02");
    assert.deepEqual((await documentLines(t.deps, w.tenant.id, sub.id)).map(brief), [
      // 3 × 15.00 × 20/31 = 29.032… → 29.03, invoiced with June on the 1st
      ["2027-06-01", "recurring", "29.03", "3 × 15.00 × 20/31 days (12–31 May 2027)"],
      ["2027-06-01", "recurring", "45.00", "3 × 15.00 (1–30 Jun 2027)"],
      // 1 × 15.00 × 21/30 = 10.50, invoiced with July
      ["2027-07-01", "increase", "10.50", "1 × 15.00 × 21/30 days (10–30 Jun 2027)"],
      ["2027-07-01", "recurring", "60.00", "4 × 15.00 (1–31 Jul 2027)"],
    ]);
    const docs = (await documents(t.deps, w.tenant.id)).filter((d) =>
      ["2027-06-01", "2027-07-01"].includes(d.issueDate),
    );
    // Tax 19 % per line: 5.52 + 8.55 = 14.07; 2.00 (1.995) + 11.40 = 13.40.
    assert.deepEqual(
      docs.filter((d) => d.lines === 2).map((d) => [d.issueDate, d.net, d.tax, d.gross]),
      [
        ["2027-06-01", "74.03", "14.07", "88.10"],
        ["2027-07-01", "70.50", "13.40", "83.90"],
      ],
    );
  });
  it("R-QTY-02 a decrease, a renewal request and a downgrade outside the window take effect at renewal: no credit, the renewal bills less", async () => {
    const a = (
      await createTestSubscription(t.deps, w, {
        sku: "DBX-STD-MCMB",
        quantity: 5,
        accountId: (await createCustomer(t.deps, w)).id,
      })
    ).subscription;
    const b = (
      await createTestSubscription(t.deps, w, {
        sku: "DBX-STD-MCMB",
        quantity: 5,
        accountId: (await createCustomer(t.deps, w)).id,
      })
    ).subscription;
    const c = (
      await createTestSubscription(t.deps, w, {
        sku: "DBX-BUS-MCMB",
        quantity: 3,
        accountId: (await createCustomer(t.deps, w)).id,
      })
    ).subscription;
    const start = a.startDate;
    await advanceTo(t.deps, addDaysText(start, 20)); // outside the 14-day window
    const decrease = await cancelSubscription(t.deps, bssCtx(w), {
      subscriptionId: a.id,
      mode: "end_of_billing_period",
      quantity: 2,
    });
    const request = await requestRenewalChange(t.deps, bssCtx(w), { subscriptionId: b.id, quantity: 4 });
    const standard = await w.product("DBX-STD-MCMB");
    const down = await downgradeSubscription(t.deps, bssCtx(w), {
      subscriptionId: c.id,
      targetProductId: standard.id,
    });
    for (const o of [decrease, request, down]) {
      assert.equal(o.effect, "scheduled");
      assert.deepEqual(o.billing.charges, [], "nothing is credited or charged before the renewal");
    }
    await advanceTo(t.deps, addDaysText(start, 32));
    const second = async (id: string) =>
      (await documentLines(t.deps, w.tenant.id, id)).map((l) => [l.kind, l.amount, l.description]);
    assert.deepEqual(await second(a.id), [
      ["recurring", "75.00", "Dropbox Standard, Monthly Commitment - Monthly Billed"],
      ["recurring", "45.00", "Dropbox Standard, Monthly Commitment - Monthly Billed"],
    ]);
    assert.deepEqual(
      (await second(b.id)).map((l) => l[1]),
      ["75.00", "60.00"],
    );
    assert.deepEqual(await second(c.id), [
      ["recurring", "54.00", "Dropbox Business, Monthly Commitment - Monthly Billed"],
      ["recurring", "45.00", "Dropbox Standard, Monthly Commitment - Monthly Billed"],
    ]);
  });
  it("a product excluded from proration in the catalogue bills added licences for the whole period", async () => {
    await t.deps.db.execute(
      sql`update products set excluded_from_proration = true where tenant_id = ${w.tenant.id} and sku = 'DBX-ADV-MCMB'`,
    );
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-ADV-MCMB",
      quantity: 3,
      accountId: (await createCustomer(t.deps, w)).id,
    });
    await advanceTo(t.deps, addDaysText(sub.startDate, 10));
    const more = await changeQuantity(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 4 });
    assert.deepEqual(
      more.billing.charges.map((c) => [c.kind, c.amount, c.prorated]),
      [["increase", 2400n, false]],
      "1 × 24.00, not a share of the month",
    );
  });
});

function addDaysText(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
