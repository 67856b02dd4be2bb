import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getInstallmentPlan } from "../../src/modules/billing/index.ts";
import {
  cancelSubscription,
  changeQuantity,
  recordProvisioningResult,
  upgradeSubscription,
} from "../../src/modules/subscriptions/index.ts";
import { parseDate } from "../../src/shared/dates.ts";
import { advanceTo, documentLines, subscriptionRow } from "../billing-fixtures.ts";
import { createTestContext, type TestContext } from "../harness.ts";
import { bssCtx, createTestSubscription, setupSubscriptionWorld } from "../subscription-fixtures.ts";

/**
 * AC1M and AC1Y over 13 months with the manual clock (issue 4 scenarios), every line to the cent.
 * Dropbox Standard costs 162.00 per licence per year (AC1M: 12 installments of 13.50), Business
 * 194.40 (16.20). Each test starts its subscription on the day the clock shows.
 */
describe("billing scenario: AC1M and AC1Y", () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof setupSubscriptionWorld>>;
  before(async () => {
    t = await createTestContext({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
  });
  after(() => t.close());

  const line = (l: { issueDate: string; kind: string; amount: string; explanation: string }) => [
    l.issueDate,
    l.kind,
    l.amount,
    l.explanation,
  ];

  it("AC1M: an upgrade credits the installment's rest and charges the new plan; the cycle is kept (R-UPG-04)", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1M",
      quantity: 3,
    });
    await advanceTo(t.deps, "2026-02-01");
    const business = await w.product("DBX-BUS-AC1M");
    const preview = await upgradeSubscription(
      t.deps,
      bssCtx(w),
      { subscriptionId: sub.id, targetProductId: business.id },
      { dryRun: true },
    );
    const commit = await upgradeSubscription(t.deps, bssCtx(w), {
      subscriptionId: sub.id,
      targetProductId: business.id,
    });
    const show = (o: typeof commit) => o.billing.charges.map((c) => [c.kind, c.amount, c.explanation]);
    assert.deepEqual(show(preview), show(commit), "the preview shows exactly the lines the commit writes");
    assert.deepEqual(show(commit), [
      // 40.50 × 14/31 = 18.290… → credit 18.29
      ["credit", -1829n, "Credit of 40.50 × 14/31 days (1–14 Feb 2026)"],
      // 3 × 16.20 × 14/31 = 21.948… → 21.95
      ["upgrade", 2195n, "3 × 194.40 ÷ 12 × 14/31 days (1–14 Feb 2026)"],
    ]);
    assert.deepEqual(
      commit.billing.documents.map((d) => [d.number, d.gross]),
      [
        ["CN-000001", -1829n],
        ["INV-000002", 2195n],
      ],
    );
    await advanceTo(t.deps, "2026-02-16");
    assert.deepEqual((await documentLines(t.deps, w.tenant.id, sub.id)).map(line), [
      ["2026-01-15", "recurring", "40.50", "Installment 1 of 12: 3 × 162.00 ÷ 12 (15 Jan – 14 Feb 2026)"],
      ["2026-02-01", "upgrade", "21.95", "3 × 194.40 ÷ 12 × 14/31 days (1–14 Feb 2026)"],
      ["2026-02-15", "recurring", "48.60", "Installment 2 of 12: 3 × 194.40 ÷ 12 (15 Feb – 14 Mar 2026)"],
      ["2026-02-01", "credit", "-18.29", "Credit of 40.50 × 14/31 days (1–14 Feb 2026)"],
    ]);
  });

  it("AC1M over 13 months: 12 installments, an increase mid-installment, the next term's installments", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1M",
      quantity: 3,
    });
    const start = sub.startDate; // 2026-02-16
    await advanceTo(t.deps, "2026-05-20");
    const more = await changeQuantity(t.deps, bssCtx(w), { subscriptionId: sub.id, quantity: 5 });
    // 2 × 13.50 × 27/31 = 23.516… → 23.52 (the installment 16 May – 15 Jun, from the 20th)
    assert.deepEqual(
      more.billing.charges.map((c) => [c.kind, c.amount, c.explanation]),
      [["increase", 2352n, "2 × 162.00 ÷ 12 × 27/31 days (20 May – 15 Jun 2026)"]],
    );
    await advanceTo(t.deps, "2026-07-01");
    assert.deepEqual(await getInstallmentPlan(t.deps.db, w.tenant.id, sub.id, parseDate("2026-07-01")), {
      planStart: start,
      planEnd: "2027-02-15",
      installments: 12,
      invoiced: 5,
      excluded: 0,
      remaining: 7,
      nextInvoiceDate: "2026-07-16",
      nextInvoiceAmount: 6750n,
      currency: "EUR",
    });
    await advanceTo(t.deps, "2027-03-17");
    const lines = (await documentLines(t.deps, w.tenant.id, sub.id)).map((l) => [
      l.issueDate,
      l.kind,
      l.amount,
    ]);
    assert.deepEqual(lines, [
      ["2026-02-16", "recurring", "40.50"],
      ["2026-03-16", "recurring", "40.50"],
      ["2026-04-16", "recurring", "40.50"],
      ["2026-05-16", "recurring", "40.50"],
      ["2026-05-20", "increase", "23.52"],
      ["2026-06-16", "recurring", "67.50"],
      ["2026-07-16", "recurring", "67.50"],
      ["2026-08-16", "recurring", "67.50"],
      ["2026-09-16", "recurring", "67.50"],
      ["2026-10-16", "recurring", "67.50"],
      ["2026-11-16", "recurring", "67.50"],
      ["2026-12-16", "recurring", "67.50"],
      ["2027-01-16", "recurring", "67.50"],
      // The renewed term (16 Feb 2027): installments 1 and 2 of the new plan.
      ["2027-02-16", "recurring", "67.50"],
      ["2027-03-16", "recurring", "67.50"],
    ]);
    assert.deepEqual(await subscriptionRow(t.deps, sub.id), {
      status: "active",
      quantity: 5,
      termStart: "2027-02-16",
      termEnd: "2028-02-15",
    });
    const renewed = await documentLines(t.deps, w.tenant.id, sub.id);
    assert.match(
      renewed.at(-2)!.explanation,
      /^Installment 1 of 12: 5 × 162.00 ÷ 12 \(16 Feb – 15 Mar 2027\)$/,
    );
  });

  it("R-CAN-03 AC1Y: an Immediate cancellation inside the window issues a prorated credit note once the vendor confirms", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1Y",
      quantity: 4,
    });
    const start = sub.startDate; // 2027-03-17
    assert.equal(start, "2027-03-17");
    await advanceTo(t.deps, "2027-03-27"); // day 10 of the window
    const requested = await cancelSubscription(t.deps, bssCtx(w), {
      subscriptionId: sub.id,
      mode: "immediate",
    });
    assert.equal(requested.effect, "awaiting_vendor");
    assert.deepEqual(
      requested.billing.charges,
      [],
      "R-CAN-05: nothing is credited before the vendor confirms",
    );
    await recordProvisioningResult(t.deps, {
      tenantId: w.tenant.id,
      subscriptionId: sub.id,
      outcome: "synchronized",
    });
    await advanceTo(t.deps, "2028-04-01");
    assert.deepEqual((await documentLines(t.deps, w.tenant.id, sub.id)).map(line), [
      ["2027-03-17", "recurring", "648.00", "4 × 162.00 (17 Mar 2027 – 16 Mar 2028)"],
      // 648.00 × 356/366 (2028 is a leap year: the period has 366 days) = 630.2950… → 630.30
      ["2027-03-27", "credit", "-630.30", "Credit of 648.00 × 356/366 days (27 Mar 2027 – 16 Mar 2028)"],
    ]);
    assert.equal((await subscriptionRow(t.deps, sub.id)).status, "canceled");
  });
});
