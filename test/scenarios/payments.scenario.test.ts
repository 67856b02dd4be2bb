import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getAccountStatement } from "../../src/modules/billing/account-statement.ts";
import { listDocuments } from "../../src/modules/billing/billing-reads.ts";
import { recordPayment } from "../../src/modules/billing/record-payment.ts";
import { cancelSubscription, recordProvisioningResult } from "../../src/modules/subscriptions/index.ts";
import { formatAmount } from "../../src/shared/money.ts";
import { advanceTo } from "../billing-fixtures.ts";
import { createTestContext, type TestContext } from "../harness.ts";
import { bssCtx, createTestSubscription, setupSubscriptionWorld } from "../subscription-fixtures.ts";

/**
 * R-PAY-01 over 13 months with the manual clock: an MCMB subscription invoiced monthly (2 × 15.00,
 * due 30 days after issue), paid mostly on time, two months late (Overdue meanwhile), then an
 * Immediate cancellation whose credit note settles the last invoice; the year's statement is
 * asserted to the cent.
 */
describe("payments scenario: 13 months", () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof setupSubscriptionWorld>>;
  before(async () => {
    t = await createTestContext({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
  });
  after(() => t.close());

  const statuses = async () => {
    const page = await listDocuments(t.deps, w.actors.clerk, { kind: "invoice", sort: "number", limit: 100 });
    return page.items.map((d) => [d.number, page.settlements.get(d.id)!.status]);
  };

  it("R-PAY-01 monthly invoices, payments on time and late, a cancellation credit: statement to the cent", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 2,
    });
    const first = (await listDocuments(t.deps, w.actors.clerk, {})).items[0]!;
    const payer = first.accountId;
    const payOn = async (date: string, amount: string, reference: string) => {
      await advanceTo(t.deps, date);
      await recordPayment(t.deps, w.actors.clerk, {
        accountId: payer,
        method: "bank_transfer",
        paidOn: date,
        amount,
        reference,
      });
    };
    // Jan and Feb paid on time (the 10th of the next month).
    await payOn("2026-02-10", "30.00", "P-JAN");
    await payOn("2026-03-10", "30.00", "P-FEB");
    // March and April not paid in time: Overdue once past 14 April / 14 May.
    await advanceTo(t.deps, "2026-05-16");
    assert.deepEqual((await statuses()).slice(2, 5), [
      ["INV-000003", "overdue"],
      ["INV-000004", "overdue"],
      ["INV-000005", "unpaid"],
    ]);
    // A late payment of 75.00 settles March and April (oldest due first) and 15.00 of May.
    await payOn("2026-05-20", "75.00", "P-LATE");
    assert.deepEqual((await statuses()).slice(2, 5), [
      ["INV-000003", "paid"],
      ["INV-000004", "paid"],
      ["INV-000005", "partially_paid"],
    ]);
    // June … December paid on the 10th of the next month (May's remaining 15.00 with June's).
    await payOn("2026-06-10", "15.00", "P-MAY");
    for (const [month, date] of [
      ["JUN", "2026-07-10"],
      ["JUL", "2026-08-10"],
      ["AUG", "2026-09-10"],
      ["SEP", "2026-10-10"],
      ["OCT", "2026-11-10"],
      ["NOV", "2026-12-10"],
      ["DEC", "2027-01-10"],
    ] as const)
      await payOn(date, "30.00", `P-${month}`);
    // 2027-01-15: the 13th invoice; cancelled at once on the 20th, the vendor confirms.
    await advanceTo(t.deps, "2027-01-20");
    await cancelSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id, mode: "immediate" });
    await recordProvisioningResult(t.deps, {
      tenantId: w.tenant.id,
      subscriptionId: sub.id,
      outcome: "synchronized",
    });
    await advanceTo(t.deps, "2027-02-20");
    // 30.00 × 26/31 days (20 Jan – 14 Feb) = 25.16 credited: January's invoice keeps 4.84, overdue.
    const page = await listDocuments(t.deps, w.actors.clerk, { number: "INV-000013" });
    const last = page.settlements.get(page.items[0]!.id)!;
    assert.deepEqual(
      [
        last.status,
        formatAmount(last.paid, "EUR"),
        formatAmount(last.credited, "EUR"),
        formatAmount(last.outstanding, "EUR"),
      ],
      ["overdue", "0.00", "25.16", "4.84"],
    );
    await payOn("2027-02-20", "4.84", "P-REST");
    const statement = await getAccountStatement(t.deps, w.actors.clerk, payer, {
      from: "2026-01-01",
      to: "2027-02-28",
    });
    const m = (v: bigint) => formatAmount(v, statement.currency);
    const lines = statement.entries.map((e) => [e.date, e.type, e.reference, m(e.amount), m(e.balance)]);
    assert.equal(m(statement.opening), "0.00");
    assert.deepEqual(lines, EXPECTED);
    assert.equal(m(statement.closing), EXPECTED.at(-1)![4]);
    assert.deepEqual(await statuses(), EXPECTED_STATUSES);
  });
});

const EXPECTED: string[][] = [
  ["2026-01-15", "invoice", "INV-000001", "30.00", "30.00"],
  ["2026-02-10", "payment", "P-JAN", "-30.00", "0.00"],
  ["2026-02-15", "invoice", "INV-000002", "30.00", "30.00"],
  ["2026-03-10", "payment", "P-FEB", "-30.00", "0.00"],
  ["2026-03-15", "invoice", "INV-000003", "30.00", "30.00"],
  ["2026-04-15", "invoice", "INV-000004", "30.00", "60.00"],
  ["2026-05-15", "invoice", "INV-000005", "30.00", "90.00"],
  ["2026-05-20", "payment", "P-LATE", "-75.00", "15.00"],
  ["2026-06-10", "payment", "P-MAY", "-15.00", "0.00"],
  ["2026-06-15", "invoice", "INV-000006", "30.00", "30.00"],
  ["2026-07-10", "payment", "P-JUN", "-30.00", "0.00"],
  ["2026-07-15", "invoice", "INV-000007", "30.00", "30.00"],
  ["2026-08-10", "payment", "P-JUL", "-30.00", "0.00"],
  ["2026-08-15", "invoice", "INV-000008", "30.00", "30.00"],
  ["2026-09-10", "payment", "P-AUG", "-30.00", "0.00"],
  ["2026-09-15", "invoice", "INV-000009", "30.00", "30.00"],
  ["2026-10-10", "payment", "P-SEP", "-30.00", "0.00"],
  ["2026-10-15", "invoice", "INV-000010", "30.00", "30.00"],
  ["2026-11-10", "payment", "P-OCT", "-30.00", "0.00"],
  ["2026-11-15", "invoice", "INV-000011", "30.00", "30.00"],
  ["2026-12-10", "payment", "P-NOV", "-30.00", "0.00"],
  ["2026-12-15", "invoice", "INV-000012", "30.00", "30.00"],
  ["2027-01-10", "payment", "P-DEC", "-30.00", "0.00"],
  ["2027-01-15", "invoice", "INV-000013", "30.00", "30.00"],
  ["2027-01-20", "credit_note", "CN-000001", "-25.16", "4.84"],
  ["2027-02-20", "payment", "P-REST", "-4.84", "0.00"],
];
const EXPECTED_STATUSES: string[][] = Array.from({ length: 13 }, (_, i) => [
  `INV-${String(i + 1).padStart(6, "0")}`,
  "paid",
]);
