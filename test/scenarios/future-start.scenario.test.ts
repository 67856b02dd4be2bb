import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { updateBillingOptions } from "../../src/modules/billing/index.ts";
import { advanceClock } from "../../src/modules/billing-run/index.ts";
import { placeBssOrder } from "../../src/modules/orders/index.ts";
import {
  attachSandbox,
  control,
  drainAll,
  subRow,
} from "../../src/modules/provisioning/provisioning.fixtures.ts";
import {
  cancelSubscription,
  getSubscription,
  listSubscriptionHistory,
} from "../../src/modules/subscriptions/index.ts";
import type { DropboxSandbox } from "../../src/vendor-sandboxes/dropbox/index.ts";
import { documentLines } from "../billing-fixtures.ts";
import { createTestContext, type TestContext } from "../harness.ts";
import { adminEmail, line, type OrderWorld, orderWorld } from "../order-fixtures.ts";

/**
 * R-TEN-02 / issue 13 item 11 on the manual clock: on 3 March 2026 a clerk orders 3 × Dropbox
 * Standard MCMB (15.00 per licence and month) for customer A1 to start on the 10th. A1 is billed
 * on the 1st of the month, prorated, partial charges invoiced at once (Order Day). Nothing happens
 * at the vendor or in the books until the 10th; that day's billing run activates it, the
 * provisioning job it queues creates the team, and the run invoices 10–31 March prorated — to the
 * cent what an order executed on the 10th (for A2, same options) is invoiced. The change window
 * (R-CAN-01) counts from the start date.
 */
describe("scenario: an order that starts later (R-TEN-02, issue 13)", () => {
  let t: TestContext;
  let w: OrderWorld;
  let sandbox: DropboxSandbox;
  const advance = (days: number) => advanceClock(t.deps, { days }, { drain: () => drainAll(t.deps) });
  const teamsOf = async (email: string) =>
    ((await control(sandbox, "GET", `teams?admin_email=${encodeURIComponent(email)}`)).teams ?? []) as Array<
      Record<string, unknown>
    >;
  const bss = () => ({ actor: w.actors.clerk, channel: "bss" as const });

  before(async () => {
    t = await createTestContext({ start: "2026-03-03T09:00:00Z" });
    w = await orderWorld(t.deps);
    sandbox = await attachSandbox(t.deps, { clock: t.clock });
    for (const account of [w.customerA1, w.customerA2])
      await updateBillingOptions(t.deps, w.actors.clerk, account.id, { billingDay: "first" });
  });
  after(async () => {
    await sandbox.close();
    await t.close();
  });

  it("R-TEN-02 ordered on the 3rd for the 10th: activated, provisioned and invoiced on the 10th, to the cent", async () => {
    const email = adminEmail();
    const { order } = await placeBssOrder(t.deps, w.actors.clerk, {
      accountId: w.customerA1.id,
      lines: [
        line(w, "DBX-STD-MCMB", 3, {
          serviceDetails: { resellerId: "RS-1", adminEmail: email },
          startDate: "2026-03-10",
        }),
      ],
    });
    const id = order.lines[0]!.subscriptionId!;
    await drainAll(t.deps);

    await advance(6); // 9 March: still waiting
    assert.equal(t.deps.clock.today("UTC").toString(), "2026-03-09");
    const waiting = await subRow(t.deps, id);
    assert.deepEqual(
      [waiting.status, waiting.sync_status, waiting.external_id],
      ["inactive", "pending", null],
    );
    assert.deepEqual(await teamsOf(email), [], "no vendor call before the start date");
    assert.deepEqual(await documentLines(t.deps, w.tenant.id, id), [], "nothing invoiced before the start");

    await advance(1); // 10 March: the run starts it
    const started = await subRow(t.deps, id);
    assert.deepEqual([started.status, started.sync_status], ["active", "synchronized"]);
    const teams = await teamsOf(email);
    assert.equal(teams.length, 1, "provisioned on activation");
    assert.equal(teams[0]!.licensed_users, 3);
    assert.equal(started.external_id, teams[0]!.team_id);
    const details = await getSubscription(t.deps, w.actors.viewer, { subscriptionId: id });
    assert.deepEqual(
      [details.subscription.activationDate, details.subscription.awaitingStart],
      ["2026-03-10", false],
    );
    const history = await listSubscriptionHistory(t.deps, w.actors.viewer, {
      subscriptionId: id,
      limit: 50,
      offset: 0,
    });
    const start = history.items.find((h) => h.action === "started");
    assert.ok(start, "a history record of the start");
    assert.equal(start.effectiveDate, "2026-03-10");

    // The control: an order executed on the 10th for A2, with the same billing options.
    const { order: control10 } = await placeBssOrder(t.deps, w.actors.clerk, {
      accountId: w.customerA2.id,
      lines: [line(w, "DBX-STD-MCMB", 3)],
    });
    const controlId = control10.lines[0]!.subscriptionId!;

    await advance(23); // 2 April: the first full month billed on the 1st
    const lines = (await documentLines(t.deps, w.tenant.id, id)).map((l) => [
      l.issueDate,
      l.kind,
      l.amount,
      l.explanation,
    ]);
    assert.deepEqual(lines, [
      // 3 × 15.00 × 22/31 = 31.935… → 31.94
      ["2026-03-10", "recurring", "31.94", "3 × 15.00 × 22/31 days (10–31 Mar 2026)"],
      ["2026-04-01", "recurring", "45.00", "3 × 15.00 (1–30 Apr 2026)"],
    ]);
    const controlLines = (await documentLines(t.deps, w.tenant.id, controlId)).map((l) => [
      l.issueDate,
      l.kind,
      l.amount,
      l.explanation,
    ]);
    assert.deepEqual(lines, controlLines, "billed exactly like an order executed on the start date");
  });

  it("R-CAN-01 the 14-day window counts from the start date", async () => {
    const today = t.deps.clock.today("UTC").toString();
    const { order } = await placeBssOrder(t.deps, w.actors.clerk, {
      accountId: w.customerA1.id,
      lines: [line(w, "DBX-STD-MCMB", 3, { startDate: "2026-04-12" })],
    });
    assert.equal(today, "2026-04-02");
    const id = order.lines[0]!.subscriptionId!;
    const before = await getSubscription(t.deps, w.actors.viewer, { subscriptionId: id });
    assert.deepEqual([before.windowEndDate, before.withinWindow], ["2026-04-26", false]);
    await advance(20); // 22 April: 20 days after the order, 10 after the start
    const inside = await getSubscription(t.deps, w.actors.viewer, { subscriptionId: id });
    assert.equal(inside.subscription.windowStartDate, "2026-04-12");
    assert.equal(inside.withinWindow, true);
    const out = await cancelSubscription(
      t.deps,
      bss(),
      { subscriptionId: id, mode: "immediate" },
      { dryRun: true },
    );
    assert.deepEqual(
      out.violations.map((v) => v.code),
      [],
      "an Immediate cancellation is inside the window counted from the start",
    );
  });

  it("R-TEN-02 billing follows the account's options of the start day, like an order executed then", async () => {
    assert.equal(t.deps.clock.today("UTC").toString(), "2026-04-22");
    const { order } = await placeBssOrder(t.deps, w.actors.clerk, {
      accountId: w.customerA3.id, // anniversary billing, Order Day when ordered
      lines: [line(w, "DBX-STD-MCMB", 3, { startDate: "2026-04-27" })],
    });
    const id = order.lines[0]!.subscriptionId!;
    // Changed before the start: billed on the 1st, partial charges collected for the billing day.
    await updateBillingOptions(t.deps, w.actors.clerk, w.customerA3.id, {
      billingDay: "first",
      partialCharges: "billing_day",
    });
    await advance(10); // 2 May
    assert.deepEqual(
      (await documentLines(t.deps, w.tenant.id, id)).map((l) => [l.issueDate, l.amount, l.explanation]),
      [
        // 3 × 15.00 × 4/30 = 6.00 for 27–30 Apr, waiting for the billing day; then May in advance.
        ["2026-05-01", "6.00", "3 × 15.00 × 4/30 days (27–30 Apr 2026)"],
        ["2026-05-01", "45.00", "3 × 15.00 (1–31 May 2026)"],
      ],
    );
  });
});
