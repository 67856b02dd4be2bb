import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { PDFParse } from "pdf-parse";
import { SMTPServer } from "smtp-server";
import { advanceTo } from "../../../test/billing-fixtures.ts";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  signInWorld,
} from "../../../test/subscription-fixtures.ts";
import type { Deps } from "../../deps.ts";
import { drainJobs } from "../../jobs/index.ts";
import { jobHandlers } from "../../jobs/registry.ts";
import { parseDate } from "../../shared/dates.ts";
import { queryOne, queryRows, sql, transaction } from "../../shared/db.ts";
import { createMailer } from "../notifications/index.ts";
import { findDocument } from "./billing.repo.ts";
import { creditBilling, deliverDocuments, loadDocumentDetails, renderDocumentPdf } from "./index.ts";

/**
 * R-DOC-02 / R-DOC-03: what a document shows (HTML, PDF text read back with pdf-parse), the PDF
 * download in both areas with its scope, and the delivery by email: once per document, the PDF
 * attached as stored bytes (a retry sends the same file), from the order path and the billing run,
 * and "not delivered: no billing contact".
 */
const pdfText = async (data: Uint8Array) => (await new PDFParse({ data }).getText()).text;
/** pdf-parse may break a long cell over lines: compare with whitespace folded. */
const fold = (s: string) => s.replace(/\s+/g, " ");

describe("documents: content, PDF, delivery", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  let as: Awaited<ReturnType<typeof signInWorld>>;
  let smtp: SMTPServer;
  let smtpDeps: Deps;
  const received: Array<{ to: string[]; raw: string }> = [];
  let refuseNext = 0;
  let invoiceId: string;

  const call = (
    cred: { cookie: string } | null,
    method: "GET" | "PUT" | "POST" | "PATCH",
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
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(_address, _session, callback) {
        if (refuseNext > 0) {
          refuseNext--;
          return callback(Object.assign(new Error("try later"), { responseCode: 451 }));
        }
        return callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
    const port = (smtp.server.address() as AddressInfo).port;
    smtpDeps = {
      ...t.deps,
      mailer: createMailer({ SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_URL: t.deps.config.PUBLIC_URL }),
    };
  });
  after(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await t.close();
  });

  it("R-DOC-02 the tenant's admin sets its company details; clerks set an account's VAT ID (API)", async () => {
    const details = {
      address: { line1: "1 Seller Street", city: "Athens", postalCode: "10558", country: "GR" },
      vatId: "EL123456789",
    };
    assert.equal((await call(null, "PUT", "/api/bss/tenant/company-details", details)).statusCode, 401);
    assert.equal((await call(as.clerk, "PUT", "/api/bss/tenant/company-details", details)).statusCode, 403);
    assert.equal((await call(as.sfA, "PUT", "/api/bss/tenant/company-details", details)).statusCode, 403);
    const bad = await call(as.admin, "PUT", "/api/bss/tenant/company-details", { vatId: "<script>" });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /vatId/);
    const ok = await call(as.admin, "PUT", "/api/bss/tenant/company-details", details);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().vatId, "EL123456789");
    assert.equal(ok.json().address.city, "Athens");
    // Another tenant's admin changes only its own tenant.
    const other = await call(as.otherAdmin, "GET", "/api/bss/tenant");
    assert.equal(other.json().vatId, null);

    const acc = await call(as.clerk, "PATCH", `/api/bss/accounts/${w.customer.id}`, {
      vatId: "DE987654321",
      email: "billing@customer-a1.example.test",
      address: { line1: "9 Buyer Road", city: "Berlin", postalCode: "10115", country: "DE" },
    });
    assert.equal(acc.statusCode, 200, acc.body);
    assert.equal(acc.json().vatId, "DE987654321");
  });

  it("R-DOC-02 R-DOC-03 an order's invoice: PDF with every field, emailed once with that PDF attached, the same bytes after a retry", async () => {
    refuseNext = 1; // the first SMTP attempt fails with 451: the outbox retries
    await createTestSubscription(t.deps, w, { sku: "DBX-STD-AC1M", quantity: 3 });
    const list = (await call(as.viewer, "GET", "/api/bss/documents?kind=invoice")).json();
    assert.equal(list.total, 1);
    invoiceId = list.items[0].id;

    const res = await call(as.viewer, "GET", `/api/bss/documents/${invoiceId}/pdf`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers["content-type"], "application/pdf");
    assert.equal(res.headers["content-disposition"], 'attachment; filename="INV-000001.pdf"');
    const pdf = res.rawPayload;
    assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
    const text = fold(await pdfText(pdf));
    for (const expected of [
      "Invoice INV-000001",
      w.tenant.name, // seller
      "1 Seller Street",
      "10558 Athens",
      "Greece",
      "VAT ID EL123456789",
      w.customer.name, // buyer
      "9 Buyer Road",
      "10115 Berlin",
      "VAT ID DE987654321",
      "Issue date",
      "15 Jan 2026",
      "Currency EUR",
      "15 Jan 2026 – 14 Feb 2026", // period
      "Unit price",
      "€162.00", // unit price (per unit per year, AC1M)
      "Discount",
      "Tax rate",
      "0 %",
      "Net €40.50",
      "Tax €0.00",
      "Total €40.50",
    ])
      assert.ok(text.includes(expected), `the PDF shows "${expected}":\n${text}`);
    assert.match(text, /Page 1 of 1/);
    // Deterministic: the same document renders to the same bytes.
    const again = await call(as.viewer, "GET", `/api/bss/documents/${invoiceId}/pdf`);
    assert.ok(Buffer.compare(again.rawPayload, pdf) === 0, "same bytes on every rendering");

    // Delivery: the job renders and queues the email; the first send fails, the retry sends it.
    await drainJobs(smtpDeps, jobHandlers, { includeDelayed: true });
    await drainJobs(smtpDeps, jobHandlers, { includeDelayed: true });
    assert.equal(received.length, 1, "one email");
    const mail = received[0]!;
    assert.deepEqual(mail.to, ["billing@customer-a1.example.test"]);
    assert.match(mail.raw, /Subject: Invoice INV-000001 from/);
    const m =
      /Content-Type: application\/pdf; name=INV-000001\.pdf\r\n(?:[^\r\n]+\r\n)*\r\n([A-Za-z0-9+/=\r\n]+)/.exec(
        mail.raw,
      );
    assert.ok(m, "the PDF is attached");
    const attached = Buffer.from(m[1]!.replace(/\r\n/g, ""), "base64");
    assert.ok(Buffer.compare(attached, pdf) === 0, "the attachment is the document's PDF, byte for byte");

    // A retried or duplicated delivery job sends nothing more.
    const retry = await deliverDocuments(smtpDeps, w.tenant.id, [invoiceId]);
    assert.deepEqual(retry, { queued: 0, notDelivered: 0, skipped: 1 });
    await drainJobs(smtpDeps, jobHandlers, { includeDelayed: true });
    assert.equal(received.length, 1, "still one email");
    const n = await queryOne<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from messages where tenant_id = ${w.tenant.id} and key = ${`document:${invoiceId}`}`,
    );
    assert.equal(n?.n, 1);

    // The document says where it went; the mailbox lists the attachment and serves its bytes.
    const detail = (await call(as.viewer, "GET", `/api/bss/documents/${invoiceId}`)).json();
    assert.equal(detail.delivery.status, "queued");
    assert.equal(detail.delivery.to, "billing@customer-a1.example.test");
    assert.equal(detail.seller.vatId, "EL123456789");
    assert.equal(detail.account.vatId, "DE987654321");
    const msg = (await call(as.clerk, "GET", `/api/bss/messages/${detail.delivery.messageId}`)).json();
    assert.equal(msg.status, "sent");
    assert.deepEqual(
      msg.attachments.map((a: { filename: string; size: number }) => [a.filename, a.size]),
      [["INV-000001.pdf", pdf.length]],
    );
    const url = `/api/bss/messages/${msg.id}/attachments/${msg.attachments[0].id}`;
    const file = await call(as.clerk, "GET", url);
    assert.equal(file.statusCode, 200);
    assert.ok(Buffer.compare(file.rawPayload, pdf) === 0);
    assert.equal((await call(null, "GET", url)).statusCode, 401);
    assert.equal((await call(as.viewer, "GET", url)).statusCode, 403);
    assert.equal((await call(as.otherAdmin, "GET", url)).statusCode, 404);
    assert.equal(
      (await call(as.sfA2, "GET", `/api/storefront/messages/${msg.id}/attachments/${msg.attachments[0].id}`))
        .statusCode,
      404,
    );
  });

  it("R-DOC-03 the Storefront downloads its own PDFs only (end customer, its reseller); others get 404", async () => {
    const url = `/api/storefront/documents/${invoiceId}/pdf`;
    for (const cred of [as.sfA1, as.sfA]) {
      const res = await call(cred, "GET", url);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers["content-type"], "application/pdf");
    }
    for (const cred of [as.sfA2, as.sfB, as.otherSf]) {
      const res = await call(cred, "GET", url);
      assert.equal(res.statusCode, 404);
      assert.doesNotMatch(res.body, /%PDF/);
    }
    assert.equal((await call(null, "GET", url)).statusCode, 401);
    assert.equal((await call(null, "GET", `/api/bss/documents/${invoiceId}/pdf`)).statusCode, 401);
    assert.equal((await call(as.sfA1, "GET", `/api/bss/documents/${invoiceId}/pdf`)).statusCode, 403);
    assert.equal((await call(as.otherAdmin, "GET", `/api/bss/documents/${invoiceId}/pdf`)).statusCode, 404);
    assert.equal((await call(as.viewer, "GET", "/api/bss/documents/inv_missing/pdf")).statusCode, 404);
  });

  it("R-DOC-02 a credit note names the invoice it credits (PDF and API)", async () => {
    const sub = (await queryOne<{ subscription_id: string }>(
      t.deps.db,
      sql`select subscription_id from billing_charges where document_id = ${invoiceId} limit 1`,
    ))!.subscription_id;
    await transaction(t.deps.db, (tx) =>
      creditBilling(
        t.deps,
        tx,
        { tenantId: w.tenant.id, subscriptionId: sub, addonId: "all", quantity: 1, end: false },
        {
          today: parseDate("2026-01-15"),
          from: parseDate("2026-01-15"),
          source: "test",
          key: "test-credit-1",
        },
      ),
    );
    const credits = (await call(as.viewer, "GET", "/api/bss/documents?kind=credit_note")).json();
    assert.equal(credits.total, 1);
    const credit = credits.items[0];
    const detail = (await call(as.viewer, "GET", `/api/bss/documents/${credit.id}`)).json();
    assert.deepEqual(detail.credits, [{ id: invoiceId, number: "INV-000001" }]);
    const res = await call(as.viewer, "GET", `/api/bss/documents/${credit.id}/pdf`);
    assert.equal(res.headers["content-disposition"], `attachment; filename="${credit.number}.pdf"`);
    const text = fold(await pdfText(res.rawPayload));
    assert.ok(text.includes(`Credit note ${credit.number}`), text);
    assert.ok(text.includes("Credits invoice INV-000001"), text);
    assert.ok(text.includes("Total credited -€13.50"), text);
    const html = (await call(as.viewer, "GET", `/api/bss/documents/${credit.id}/html`)).body;
    assert.match(html, /Credits invoice<\/dt><dd>INV-000001/);
  });

  it("R-DOC-02 a long document breaks over pages: the table header repeats, long descriptions wrap, every line printed", async () => {
    const doc = (await findDocument(t.deps.db, w.tenant.id, invoiceId))!;
    const details = await loadDocumentDetails(t.deps, t.deps.db, doc);
    const base = details.lines[0]!;
    details.lines = Array.from({ length: 45 }, (_, i) => ({
      ...base,
      id: `chg_${i}`,
      description: `Line ${i + 1}: Dropbox Business Plus with Extended Version History, Data Governance, Replay and Premium Support for the whole team`,
    }));
    const pdf = await renderDocumentPdf(details);
    const text = await pdfText(pdf);
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    assert.ok(pages >= 3, `several pages, got ${pages}`);
    assert.equal(text.match(/Unit price/g)?.length, pages, "the header row on every page");
    for (let i = 1; i <= 45; i++) assert.ok(fold(text).includes(`Line ${i}: Dropbox`), `line ${i} printed`);
    assert.ok(fold(text).includes("Total €40.50"));
  });

  it("R-DOC-03 the billing run's documents are delivered; without a billing contact the document says so", async () => {
    // A2 has no email and no contact: its invoice cannot be sent.
    await createTestSubscription(t.deps, w, { sku: "DBX-STD-AC1M", quantity: 1, accountId: w.customerA2.id });
    await drainJobs(t.deps, jobHandlers, { includeDelayed: true });
    await advanceTo(t.deps, "2026-02-15"); // the next installment of both subscriptions is invoiced by the run
    await drainJobs(t.deps, jobHandlers, { includeDelayed: true });
    const rows = await queryRows<{
      number: string;
      run_id: string | null;
      account_id: string;
      status: string;
      reason: string | null;
    }>(
      t.deps.db,
      sql`select d.number, d.run_id, d.account_id, x.status, x.reason
            from billing_documents d left join document_deliveries x on x.tenant_id = d.tenant_id and x.document_id = d.id
           where d.tenant_id = ${w.tenant.id} and d.issue_date = '2026-02-15' order by d.number`,
    );
    assert.equal(rows.length, 2, JSON.stringify(rows));
    for (const r of rows) assert.ok(r.run_id, "issued by the billing run");
    const byAccount = new Map(rows.map((r) => [r.account_id, r]));
    assert.equal(byAccount.get(w.customer.id)?.status, "queued");
    assert.deepEqual(
      [byAccount.get(w.customerA2.id)?.status, byAccount.get(w.customerA2.id)?.reason],
      ["not_delivered", "no billing contact"],
    );
    const a2Doc = await queryOne<{ id: string }>(
      t.deps.db,
      sql`select id from billing_documents where tenant_id = ${w.tenant.id} and account_id = ${w.customerA2.id} and issue_date = '2026-02-15'`,
    );
    const detail = (await call(as.viewer, "GET", `/api/bss/documents/${a2Doc!.id}`)).json();
    assert.deepEqual(
      [detail.delivery.status, detail.delivery.reason],
      ["not_delivered", "no billing contact"],
    );
  });
});
