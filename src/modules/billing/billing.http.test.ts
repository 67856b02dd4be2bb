import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { advanceClockAndWait, operatorSession } from "../../../test/clock-fixtures.ts";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  signInWorld,
} from "../../../test/subscription-fixtures.ts";
import { drainJobs } from "../../jobs/index.ts";
import { jobHandlers } from "../../jobs/registry.ts";

/**
 * The billing API: documents (list, detail with every line's arithmetic, printable HTML) in both
 * areas, billing options, a subscription's lines and installment plan, the billing run (202 and
 * poll) and the sandbox clock — with the security cases (tenant, role, Storefront subtree).
 */
describe("billing over HTTP", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  let as: Awaited<ReturnType<typeof signInWorld>>;
  let subId: string;
  let invoiceId: string;

  const call = (
    cred: { cookie: string } | null,
    method: "GET" | "POST" | "PUT",
    url: string,
    body?: unknown,
  ) =>
    t.app.inject({
      method,
      url,
      headers: cred ? { cookie: cred.cookie } : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });

  before(async () => {
    t = await createTestApp({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
    as = await signInWorld(t.app, w);
    const { subscription } = await createTestSubscription(t.deps, w, { sku: "DBX-STD-AC1M", quantity: 3 });
    subId = subscription.id;
  });
  after(() => t.close());

  it("lists the invoice of the first charge at execution, and shows it with its arithmetic", async () => {
    const list = await call(as.viewer, "GET", "/api/bss/documents?kind=invoice");
    assert.equal(list.statusCode, 200, list.body);
    const page = list.json();
    assert.equal(page.total, 1);
    const doc = page.items[0];
    invoiceId = doc.id;
    assert.deepEqual(
      [doc.number, doc.issueDate, doc.gross.decimal, doc.accountId],
      ["INV-000001", "2026-01-15", "40.50", w.customer.id],
    );
    const detail = await call(as.viewer, "GET", `/api/bss/documents/${doc.id}`);
    assert.equal(detail.statusCode, 200, detail.body);
    const d = detail.json();
    assert.equal(d.account.name, w.customer.name);
    assert.deepEqual(
      d.lines.map((l: { explanation: string; amount: { decimal: string }; installmentNo: number }) => [
        l.installmentNo,
        l.amount.decimal,
        l.explanation,
      ]),
      [[1, "40.50", "Installment 1 of 12: 3 × 162.00 ÷ 12 (15 Jan – 14 Feb 2026)"]],
    );
  });

  it("renders a printable HTML invoice with the lines' arithmetic, escaped", async () => {
    const res = await call(as.viewer, "GET", `/api/bss/documents/${invoiceId}/html`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers["content-type"]), /text\/html/);
    assert.match(res.body, /Invoice INV-000001/);
    assert.match(res.body, /Installment 1 of 12: 3 × 162.00 ÷ 12/);
    assert.match(res.body, /€40\.50/);
    assert.doesNotMatch(res.body, /<script/);
  });

  it("the Storefront sees its own documents only; others' answer 404 like a missing id", async () => {
    const mine = await call(as.sfA1, "GET", "/api/storefront/documents");
    assert.equal(mine.json().total, 1, "the end customer's own invoice");
    const reseller = await call(as.sfA, "GET", "/api/storefront/documents");
    assert.equal(reseller.json().total, 1, "a reseller sees its customers' invoices");
    for (const cred of [as.sfA2, as.sfB, as.otherSf]) {
      assert.equal((await call(cred, "GET", "/api/storefront/documents")).json().total, 0);
      const one = await call(cred, "GET", `/api/storefront/documents/${invoiceId}`);
      assert.equal(one.statusCode, 404);
      assert.doesNotMatch(one.body, new RegExp(w.customer.id));
    }
    assert.equal((await call(as.otherAdmin, "GET", `/api/bss/documents/${invoiceId}`)).statusCode, 404);
    assert.equal((await call(null, "GET", "/api/bss/documents")).statusCode, 401);
    assert.equal((await call(as.sfA1, "GET", "/api/bss/documents")).statusCode, 403);
  });

  it("a subscription's lines and its AC1M installment plan (both areas)", async () => {
    const charges = await call(as.viewer, "GET", `/api/bss/subscriptions/${subId}/charges`);
    assert.equal(charges.statusCode, 200, charges.body);
    assert.deepEqual(
      charges.json().items.map((c: { kind: string; documentId: string }) => [c.kind, c.documentId]),
      [["recurring", invoiceId]],
    );
    const plan = await call(as.sfA1, "GET", `/api/storefront/subscriptions/${subId}/installment-plan`);
    assert.equal(plan.statusCode, 200, plan.body);
    assert.deepEqual(plan.json().plan, {
      planStart: "2026-01-15",
      planEnd: "2027-01-14",
      installments: 12,
      invoiced: 1,
      remaining: 11,
      nextInvoiceDate: "2026-02-15",
      nextInvoiceAmount: { currency: "EUR", minor: "4050", decimal: "40.50" },
    });
    assert.equal(
      (await call(as.sfB, "GET", `/api/storefront/subscriptions/${subId}/installment-plan`)).statusCode,
      404,
    );
  });

  it("billing options: defaults, a clerk changes them, a viewer may not, bad input is a 400 naming the field", async () => {
    const url = `/api/bss/accounts/${w.customer.id}/billing-options`;
    const get = await call(as.viewer, "GET", url);
    assert.deepEqual(get.json(), {
      accountId: w.customer.id,
      billingDay: "anniversary",
      prorate: true,
      noProrationProductIds: [],
      partialCharges: "order_day",
      currency: null,
      taxRateBasisPoints: 0,
      paymentTermsDays: 30,
      isDefault: true,
    });
    assert.equal((await call(as.viewer, "PUT", url, { taxRateBasisPoints: 2100 })).statusCode, 403);
    const bad = await call(as.clerk, "PUT", url, { taxRateBasisPoints: 20_001, billingDay: "monday" });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /taxRateBasisPoints/);
    assert.match(bad.body, /billingDay/);
    const put = await call(as.clerk, "PUT", url, { taxRateBasisPoints: 2100, billingDay: "first" });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual(
      [put.json().taxRateBasisPoints, put.json().billingDay, put.json().isDefault],
      [2100, "first", false],
    );
    assert.equal((await call(as.otherAdmin, "GET", url)).statusCode, 404);
  });

  it("a billing run from the API is queued (202), run by the worker and polled; tax applies from then on", async () => {
    t.clock.advance({ days: 31 }); // 2026-02-15: the second installment is due
    const queued = await call(as.clerk, "POST", "/api/bss/billing/runs", {});
    assert.equal(queued.statusCode, 202, queued.body);
    assert.deepEqual([queued.json().status, queued.json().runDate], ["queued", "2026-02-15"]);
    assert.equal((await call(as.viewer, "POST", "/api/bss/billing/runs", {})).statusCode, 403);
    const future = await call(as.clerk, "POST", "/api/bss/billing/runs", { date: "2027-01-01" });
    assert.equal(future.statusCode, 400);
    await drainJobs(t.deps, jobHandlers, { includeDelayed: true });
    const run = (await call(as.viewer, "GET", `/api/bss/billing/runs/${queued.json().id}`)).json();
    assert.deepEqual([run.status, run.chargesCreated, run.documentsCreated], ["completed", 1, 1]);
    const invoices = (await call(as.viewer, "GET", "/api/bss/documents?kind=invoice&sort=number")).json();
    // 40.50 + 21 % tax (8.505 → 8.51) = 49.01
    assert.deepEqual(
      invoices.items.map(
        (d: {
          number: string;
          net: { decimal: string };
          tax: { decimal: string };
          gross: { decimal: string };
        }) => [d.number, d.net.decimal, d.tax.decimal, d.gross.decimal],
      ),
      [
        ["INV-000001", "40.50", "0.00", "40.50"],
        ["INV-000002", "40.50", "8.51", "49.01"],
      ],
    );
    const runs = (await call(as.viewer, "GET", "/api/bss/billing/runs")).json();
    assert.equal(runs.total, 1);
    assert.equal((await call(as.otherAdmin, "GET", `/api/bss/billing/runs/${run.id}`)).statusCode, 404);
  });

  it("the sandbox clock advances by months in the background, billing each day (operator only)", async () => {
    const before = (await call(as.viewer, "GET", "/api/bss/clock")).json();
    assert.deepEqual([before.kind, before.canAdvance], ["manual", false]);
    // The tenant's own admin is not the installation's operator: nothing moves (clock.http.test.ts).
    const refused = await call(as.admin, "POST", "/api/bss/clock/advance", { days: 1 });
    assert.equal(refused.statusCode, 403, refused.body);
    const operator = await operatorSession(t.app, t.deps);
    const run = await advanceClockAndWait(t.app, operator, { months: 1 });
    assert.deepEqual([run.from.slice(0, 10), run.currentDay, run.daysDone], ["2026-02-15", "2026-03-15", 28]);
    assert.ok(run.documentsCreated >= 1, "the third installment was invoiced on 2026-03-15");
    assert.equal((await call(as.viewer, "GET", "/api/bss/clock")).json().today, "2026-03-15");
    const plan = (await call(as.viewer, "GET", `/api/bss/subscriptions/${subId}/installment-plan`)).json()
      .plan;
    assert.deepEqual([plan.invoiced, plan.remaining, plan.nextInvoiceDate], [3, 9, "2026-04-15"]);
  });
});
