import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  signInWorld,
} from "../../../test/subscription-fixtures.ts";
import { findPgError, queryOne, queryRows, sql } from "../../shared/db.ts";
import { recordProvisioningResult } from "../subscriptions/index.ts";

/**
 * R-DOC-01 over HTTP: hand-made credit notes — a draft of chosen lines (whole or an amount) or of
 * the whole invoice, with a reason; removing lines (never the last), discarding, issuing (the next
 * gapless number, today, immutable); never more than is left (also after an automatic credit and
 * with two drafts issued at once); automatic credit notes are not editable; previews write
 * nothing; and the security cases (401, 403, other tenant 404, the Storefront never sees a draft).
 */
describe("hand-made credit notes over HTTP (R-DOC-01)", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  let as: Awaited<ReturnType<typeof signInWorld>>;

  type Cred = { cookie: string } | null;
  const call = (
    cred: Cred,
    method: "GET" | "POST" | "DELETE" | "PUT",
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: { ...(cred ? { cookie: cred.cookie } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });

  interface Line {
    id: string;
    kind: string;
    amount: { minor: string; decimal: string };
    tax: { minor: string };
    credited: { minor: string };
    creditsChargeId: string | null;
    documentId: string | null;
  }
  // biome-ignore lint/suspicious/noExplicitAny: JSON of the API.
  type Doc = any;

  const invoiceOf = async (subscriptionId: string): Promise<Doc> => {
    const lines = (await call(as.viewer, "GET", `/api/bss/subscriptions/${subscriptionId}/charges`)).json()
      .items as Line[];
    const res = await call(as.viewer, "GET", `/api/bss/documents/${lines[0]!.documentId}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  /** A new subscription (base 5 × DBX-STD-MCMB + 3 × 1 TB add-on): its invoice has two lines. */
  const newInvoice = async (): Promise<Doc> => {
    const { subscription } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 5,
      addons: [{ sku: "DBX-1TB-MCMB", quantity: 3 }],
    });
    const invoice = await invoiceOf(subscription.id);
    invoice.subscriptionId = subscription.id;
    return invoice;
  };
  const create = (body: unknown, cred: Cred = as.clerk, query = "") =>
    call(cred, "POST", `/api/bss/credit-notes${query}`, body);
  const issue = (id: string, cred: Cred = as.clerk, query = "") =>
    call(cred, "POST", `/api/bss/credit-notes/${id}/issue${query}`);
  const lineOf = async (chargeId: string): Promise<Line> => {
    const row = await queryOne<{ amount: string; credited_amount: string }>(
      t.deps.db,
      sql`select amount::text, credited_amount::text from billing_charges where id = ${chargeId}`,
    );
    return { credited: { minor: row!.credited_amount }, amount: { minor: row!.amount } } as Line;
  };
  const counter = async () =>
    Number(
      (
        await queryOne<{ last: number }>(
          t.deps.db,
          sql`select last from billing_counters where tenant_id = ${w.tenant.id} and kind = 'credit_note'`,
        )
      )?.last ?? 0,
    );

  before(async () => {
    t = await createTestApp({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
    as = await signInWorld(t.app, w);
    const put = await call(as.clerk, "PUT", `/api/bss/accounts/${w.customer.id}/billing-options`, {
      taxRateBasisPoints: 2100,
    });
    assert.equal(put.statusCode, 200, put.body);
  });
  after(() => t.close());

  it("R-DOC-01 a clerk credits one line wholly: a draft naming the invoice, without number or date, crediting nothing yet", async () => {
    const invoice = await newInvoice();
    assert.equal(invoice.lines.length, 2);
    const base = invoice.lines[0] as Line;
    const res = await create({ invoiceId: invoice.id, reason: "Goodwill", lines: [{ chargeId: base.id }] });
    assert.equal(res.statusCode, 201, res.body);
    const draft = res.json();
    assert.deepEqual(
      [draft.kind, draft.status, draft.number, draft.issueDate, draft.preview, draft.automatic],
      ["credit_note", "draft", null, null, false, false],
    );
    assert.deepEqual([draft.creditsDocumentId, draft.creditsDocument.number], [invoice.id, invoice.number]);
    assert.deepEqual([draft.reason, draft.createdBy], ["Goodwill", w.clerk.id]);
    assert.equal(draft.lines.length, 1);
    const line = draft.lines[0] as Line;
    assert.deepEqual(
      [line.kind, line.creditsChargeId, line.amount.minor, line.tax.minor],
      ["credit", base.id, `-${base.amount.minor}`, `-${base.tax.minor}`],
    );
    assert.equal(draft.gross.minor, String(-(BigInt(base.amount.minor) + BigInt(base.tax.minor))));
    // A draft reserves nothing: the invoice line's credited part is unchanged.
    assert.equal((await lineOf(base.id)).credited.minor, "0");
    // Listed with its status; the status filter; never in a subscription's lines nor the Storefront.
    const drafts = (await call(as.viewer, "GET", "/api/bss/documents?status=draft")).json();
    assert.ok(drafts.items.some((d: Doc) => d.id === draft.id && d.status === "draft"));
    const issued = (await call(as.viewer, "GET", "/api/bss/documents?status=issued")).json();
    assert.ok(!issued.items.some((d: Doc) => d.id === draft.id));
    const subLines = (
      await call(as.viewer, "GET", `/api/bss/subscriptions/${invoice.subscriptionId}/charges`)
    ).json().items as Line[];
    assert.ok(!subLines.some((l) => l.kind === "credit"), "a draft's lines are not the subscription's");
    const sfList = (await call(as.sfA1, "GET", "/api/storefront/documents")).json();
    assert.ok(!sfList.items.some((d: Doc) => d.id === draft.id));
    assert.equal((await call(as.sfA1, "GET", `/api/storefront/documents/${draft.id}`)).statusCode, 404);
    // The invoice lists its credit notes (drafts too, in the back office).
    const inv = (await call(as.viewer, "GET", `/api/bss/documents/${invoice.id}`)).json();
    assert.deepEqual(
      inv.creditNotes.map((c: Doc) => [c.id, c.status]),
      [[draft.id, "draft"]],
    );
  });

  it("R-DOC-01 issuing gives the next gapless number and today's date, applies the credit and makes it immutable (API 422 and the trigger)", async () => {
    const invoice = await newInvoice();
    const base = invoice.lines[0] as Line;
    const draft = (
      await create({ invoiceId: invoice.id, reason: "Wrong seats", lines: [{ chargeId: base.id }] })
    ).json();
    const before = await counter();
    // A preview takes nothing: the counter and the draft stay as they were.
    const preview = await issue(draft.id, as.clerk, "?dryRun=true");
    assert.equal(preview.statusCode, 200, preview.body);
    assert.deepEqual([preview.json().preview, preview.json().status], [true, "issued"]);
    assert.equal(preview.json().number, `CN-${String(before + 1).padStart(6, "0")}`);
    assert.equal(await counter(), before);
    assert.equal((await lineOf(base.id)).credited.minor, "0");
    assert.equal((await call(as.viewer, "GET", `/api/bss/credit-notes/${draft.id}`)).json().status, "draft");

    const res = await issue(draft.id);
    assert.equal(res.statusCode, 200, res.body);
    const cn = res.json();
    assert.deepEqual(
      [cn.status, cn.number, cn.issueDate, cn.preview],
      ["issued", `CN-${String(before + 1).padStart(6, "0")}`, "2026-01-15", false],
    );
    assert.equal(await counter(), before + 1);
    assert.equal((await lineOf(base.id)).credited.minor, base.amount.minor);
    // The credit line now belongs to the subscription's lines.
    const subLines = (
      await call(as.viewer, "GET", `/api/bss/subscriptions/${invoice.subscriptionId}/charges`)
    ).json().items as Line[];
    assert.ok(subLines.some((l) => l.kind === "credit" && l.documentId === cn.id));
    const html = await call(as.viewer, "GET", `/api/bss/documents/${cn.id}/html`);
    assert.match(html.body, new RegExp(`Credit note ${cn.number}`));
    // R-DOC-02: the printed credit note names the invoice it credits and the reason.
    assert.ok(html.body.includes(`<dt>Credits invoice</dt><dd>${invoice.number}</dd>`), html.body);
    assert.ok(html.body.includes("<dt>Reason</dt><dd>Wrong seats</dd>"), html.body);
    // The Storefront sees the issued one, naming the invoice.
    const sf = await call(as.sfA1, "GET", `/api/storefront/documents/${cn.id}`);
    assert.equal(sf.statusCode, 200, sf.body);
    assert.equal(sf.json().creditsDocument.number, invoice.number);

    // Immutable: every command answers 422 R-DOC-01 …
    for (const res of [
      await issue(cn.id),
      await call(as.clerk, "DELETE", `/api/bss/credit-notes/${cn.id}`),
      await call(as.clerk, "DELETE", `/api/bss/credit-notes/${cn.id}/lines/${cn.lines[0].id}`),
    ]) {
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().error.code, "R-DOC-01");
      assert.match(res.json().error.message, /issued and immutable/);
    }
    // … and the database refuses it too.
    const immutable = (e: unknown) => {
      assert.match(String(findPgError(e)?.message), /immutable/);
      return true;
    };
    await assert.rejects(
      t.deps.db.execute(sql`update billing_documents set reason = 'changed' where id = ${cn.id}`),
      immutable,
    );
    await assert.rejects(
      t.deps.db.execute(sql`delete from billing_documents where id = ${cn.id}`),
      immutable,
    );
    await assert.rejects(
      t.deps.db.execute(sql`update billing_charges set amount = -1 where id = ${cn.lines[0].id}`),
      immutable,
    );
    await assert.rejects(
      t.deps.db.execute(sql`delete from billing_charges where id = ${cn.lines[0].id}`),
      immutable,
    );
    await assert.rejects(
      t.deps.db.execute(sql`update billing_documents set status = 'draft' where id = ${cn.id}`),
      immutable,
    );
  });

  it("R-DOC-01 a line credited partly, then what is left; never more than is left", async () => {
    const invoice = await newInvoice();
    const addon = invoice.lines[1] as Line;
    const amount = BigInt(addon.amount.minor);
    const part = await create({
      invoiceId: invoice.id,
      reason: "Price agreed lower",
      lines: [{ chargeId: addon.id, amount: "1.00" }],
    });
    assert.equal(part.statusCode, 201, part.body);
    const p = part.json();
    // Tax of the credited amount at the line's rate, rounded half-up: 1.00 × 21 % = 0.21.
    assert.deepEqual([p.lines[0].amount.minor, p.lines[0].tax.minor, p.gross.minor], ["-100", "-21", "-121"]);
    assert.match(p.lines[0].explanation, /Credit of 1\.00 of /);
    // More than the line: refused at once.
    const tooMuch = await create({
      invoiceId: invoice.id,
      reason: "Too much",
      lines: [{ chargeId: addon.id, amount: `${(Number(amount) / 100 + 1).toFixed(2)}` }],
    });
    assert.equal(tooMuch.statusCode, 422, tooMuch.body);
    assert.equal(tooMuch.json().error.code, "R-DOC-01");
    assert.match(tooMuch.json().error.message, /Never more than is left/);
    assert.equal((await issue(p.id)).statusCode, 200);
    // What is left: the line minus 1.00.
    const rest = await create({ invoiceId: invoice.id, reason: "The rest", lines: [{ chargeId: addon.id }] });
    assert.equal(rest.statusCode, 201, rest.body);
    assert.equal(rest.json().lines[0].amount.minor, String(-(amount - 100n)));
    assert.equal((await issue(rest.json().id)).statusCode, 200);
    assert.equal((await lineOf(addon.id)).credited.minor, addon.amount.minor);
    // Nothing left: a new draft of that line is refused.
    const none = await create({ invoiceId: invoice.id, reason: "Again", lines: [{ chargeId: addon.id }] });
    assert.equal(none.statusCode, 422, none.body);
    assert.equal(none.json().error.code, "R-DOC-01");
    // Partial tax of the two credits sums to the line's tax here (1.00 + rest, each rounded half-up).
    const docs = await queryRows<{ tax: string }>(
      t.deps.db,
      sql`select tax::text from billing_charges where credits_charge_id = ${addon.id}`,
    );
    assert.equal(docs.length, 2);
    assert.equal(
      docs.reduce((a, d) => a + BigInt(d.tax), 0n),
      -BigInt(addon.tax.minor),
    );
  });

  it("R-DOC-01 a line credited in two parts gives back exactly its tax: the part that takes the rest takes the rest of the tax", async () => {
    const invoice = await newInvoice();
    const line = invoice.lines[0] as Line;
    const amount = BigInt(line.amount.minor);
    const tax = BigInt(line.tax.minor);
    // A first part whose tax, rounded half-up, plus the rest's, is not the line's tax.
    const t21 = (m: bigint) => (m * 2100n + 5000n) / 10000n;
    let first = 0n;
    for (let x = 1n; x < amount && first === 0n; x++) if (t21(x) + t21(amount - x) !== tax) first = x;
    assert.ok(first > 0n, "a split with a rounding difference exists");
    const part = await create({
      invoiceId: invoice.id,
      reason: "Part",
      lines: [{ chargeId: line.id, amount: (Number(first) / 100).toFixed(2) }],
    });
    assert.equal(part.statusCode, 201, part.body);
    assert.equal((await issue(part.json().id)).statusCode, 200);
    const rest = await create({ invoiceId: invoice.id, reason: "The rest", lines: [{ chargeId: line.id }] });
    assert.equal(rest.statusCode, 201, rest.body);
    // The draft already shows the rest of the tax, and issuing keeps it.
    assert.equal(BigInt(rest.json().lines[0].tax.minor), -(tax - t21(first)));
    assert.equal((await issue(rest.json().id)).statusCode, 200);
    const credits = await queryRows<{ amount: string; tax: string }>(
      t.deps.db,
      sql`select amount::text, tax::text from billing_charges where credits_charge_id = ${line.id}`,
    );
    assert.equal(
      credits.reduce((a, c) => a + BigInt(c.amount), 0n),
      -amount,
    );
    assert.equal(
      credits.reduce((a, c) => a + BigInt(c.tax), 0n),
      -tax,
    );
  });

  it("R-DOC-01 R-CAN-03 a cancellation crediting the rest of a line a clerk credited in part gives back the rest of its tax", async () => {
    const invoice = await newInvoice();
    const line = invoice.lines[0] as Line;
    const amount = BigInt(line.amount.minor);
    const tax = BigInt(line.tax.minor);
    const t21 = (m: bigint) => (m * 2100n + 5000n) / 10000n;
    let first = 0n;
    for (let x = 1n; x < amount && first === 0n; x++) if (t21(x) + t21(amount - x) !== tax) first = x;
    assert.ok(first > 0n);
    const part = await create({
      invoiceId: invoice.id,
      reason: "Part",
      lines: [{ chargeId: line.id, amount: (Number(first) / 100).toFixed(2) }],
    });
    assert.equal((await issue(part.json().id)).statusCode, 200);
    // Cancelled on its first day: the whole period is credited, capped at what is left.
    const cancel = await call(as.clerk, "POST", `/api/bss/subscriptions/${invoice.subscriptionId}/cancel`, {
      mode: "immediate",
    });
    assert.equal(cancel.statusCode, 202, cancel.body);
    await recordProvisioningResult(t.deps, {
      tenantId: w.tenant.id,
      subscriptionId: invoice.subscriptionId,
      outcome: "synchronized",
    });
    const credits = await queryRows<{ amount: string; tax: string }>(
      t.deps.db,
      sql`select amount::text, tax::text from billing_charges where credits_charge_id = ${line.id}`,
    );
    assert.equal(credits.length, 2);
    assert.equal(
      credits.reduce((a, c) => a + BigInt(c.amount), 0n),
      -amount,
    );
    assert.equal(
      credits.reduce((a, c) => a + BigInt(c.tax), 0n),
      -tax,
    );
  });

  it("R-DOC-01 the whole invoice: every line for what is left, totals the invoice's to the cent", async () => {
    const invoice = await newInvoice();
    const res = await create({ invoiceId: invoice.id, reason: "Ordered by mistake", whole: true });
    assert.equal(res.statusCode, 201, res.body);
    const draft = res.json();
    assert.equal(draft.lines.length, 2);
    assert.deepEqual(
      [draft.net.minor, draft.tax.minor, draft.gross.minor],
      [`-${invoice.net.minor}`, `-${invoice.tax.minor}`, `-${invoice.gross.minor}`],
    );
    const issued = await issue(draft.id);
    assert.equal(issued.statusCode, 200, issued.body);
    for (const l of invoice.lines as Line[])
      assert.equal((await lineOf(l.id)).credited.minor, l.amount.minor);
    const again = await create({ invoiceId: invoice.id, reason: "Twice", whole: true });
    assert.equal(again.statusCode, 422, again.body);
    assert.equal(again.json().error.code, "R-DOC-01");
    assert.match(again.json().error.message, /Nothing is left/);
  });

  it("R-DOC-01 a draft's lines can be removed but never the last; the draft can be discarded; numbers stay gapless", async () => {
    const invoice = await newInvoice();
    const draft = (await create({ invoiceId: invoice.id, reason: "Two lines", whole: true })).json();
    const [first, second] = draft.lines as Line[];
    const url = (l: Line) => `/api/bss/credit-notes/${draft.id}/lines/${l.id}`;
    const preview = await call(as.clerk, "DELETE", `${url(first!)}?dryRun=true`);
    assert.equal(preview.statusCode, 200, preview.body);
    assert.deepEqual([preview.json().preview, preview.json().lines.length], [true, 1]);
    assert.equal((await call(as.viewer, "GET", `/api/bss/credit-notes/${draft.id}`)).json().lines.length, 2);
    const removed = await call(as.clerk, "DELETE", url(first!));
    assert.equal(removed.statusCode, 200, removed.body);
    const r = removed.json();
    assert.deepEqual([r.lineCount, r.lines.length, r.lines[0].id], [1, 1, second!.id]);
    assert.equal(r.net.minor, second!.amount.minor);
    const last = await call(as.clerk, "DELETE", url(second!));
    assert.equal(last.statusCode, 422, last.body);
    assert.equal(last.json().error.code, "R-DOC-01");
    assert.match(last.json().error.message, /at least one line/);
    assert.equal((await call(as.clerk, "DELETE", url(first!))).statusCode, 404, "already removed");

    const before = await counter();
    const delPreview = await call(as.clerk, "DELETE", `/api/bss/credit-notes/${draft.id}?dryRun=true`);
    assert.equal(delPreview.statusCode, 200, delPreview.body);
    assert.equal((await call(as.viewer, "GET", `/api/bss/credit-notes/${draft.id}`)).statusCode, 200);
    const del = await call(as.clerk, "DELETE", `/api/bss/credit-notes/${draft.id}`);
    assert.equal(del.statusCode, 204, del.body);
    assert.equal((await call(as.viewer, "GET", `/api/bss/credit-notes/${draft.id}`)).statusCode, 404);
    const rows = await queryRows(
      t.deps.db,
      sql`select id from billing_charges where document_id = ${draft.id}`,
    );
    assert.equal(rows.length, 0);
    // The next issued credit note takes the next number: a discarded draft took none.
    const next = (await create({ invoiceId: invoice.id, reason: "Finally", whole: true })).json();
    const issued = (await issue(next.id)).json();
    assert.equal(issued.number, `CN-${String(before + 1).padStart(6, "0")}`);
  });

  it("R-DOC-01 never more than is left after an automatic cancellation credit; automatic credit notes cannot be edited", async () => {
    const invoice = await newInvoice();
    const base = invoice.lines[0] as Line;
    t.clock.advance({ days: 5 }); // 2026-01-20: 26 of the period's 31 days are credited
    const cancel = await call(as.clerk, "POST", `/api/bss/subscriptions/${invoice.subscriptionId}/cancel`, {
      mode: "immediate",
    });
    assert.equal(cancel.statusCode, 202, cancel.body);
    // The vendor confirms (R-CAN-05): the automatic credit note is issued (R-CAN-03).
    await recordProvisioningResult(t.deps, {
      tenantId: w.tenant.id,
      subscriptionId: invoice.subscriptionId,
      outcome: "synchronized",
    });
    const autoCredited = BigInt((await lineOf(base.id)).credited.minor);
    assert.ok(autoCredited > 0n, "the partial cancellation credited part of the base line (R-CAN-03)");
    const left = BigInt(base.amount.minor) - autoCredited;
    const tooMuch = await create({
      invoiceId: invoice.id,
      reason: "Too much",
      lines: [{ chargeId: base.id, amount: (Number(left + 1n) / 100).toFixed(2) }],
    });
    assert.equal(tooMuch.statusCode, 422, tooMuch.body);
    assert.equal(tooMuch.json().error.code, "R-DOC-01");
    const rest = await create({ invoiceId: invoice.id, reason: "The rest", lines: [{ chargeId: base.id }] });
    assert.equal(rest.statusCode, 201, rest.body);
    assert.equal(rest.json().lines[0].amount.minor, String(-left));

    // The automatic credit note: issued at once, not editable.
    const auto = (await call(as.viewer, "GET", "/api/bss/documents?kind=credit_note&sort=-number"))
      .json()
      .items.find((d: Doc) => d.automatic && d.status === "issued");
    assert.ok(auto, "the cancellation's credit note");
    assert.equal(auto.creditsDocumentId, null);
    const detail = (await call(as.viewer, "GET", `/api/bss/credit-notes/${auto.id}`)).json();
    for (const res of [
      await issue(auto.id),
      await call(as.clerk, "DELETE", `/api/bss/credit-notes/${auto.id}`),
      await call(as.clerk, "DELETE", `/api/bss/credit-notes/${auto.id}/lines/${detail.lines[0].id}`),
    ]) {
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().error.code, "R-DOC-01");
      assert.match(res.json().error.message, /automatic credit note/);
    }
    // A credit note is not an invoice to credit.
    const ofCn = await create({ invoiceId: auto.id, reason: "No", whole: true });
    assert.equal(ofCn.statusCode, 422, ofCn.body);
    assert.equal(ofCn.json().error.code, "R-DOC-01");
    // An invoice is not a credit note to edit.
    assert.equal((await issue(invoice.id)).statusCode, 422);
    assert.equal((await call(as.viewer, "GET", `/api/bss/credit-notes/${invoice.id}`)).statusCode, 404);
  });

  it("R-DOC-01 two drafts over the same line issued at once: exactly one succeeds, the other is 422", async () => {
    const invoice = await newInvoice();
    const base = invoice.lines[0] as Line;
    const a = (await create({ invoiceId: invoice.id, reason: "A", lines: [{ chargeId: base.id }] })).json();
    const b = (await create({ invoiceId: invoice.id, reason: "B", lines: [{ chargeId: base.id }] })).json();
    const before = await counter();
    const results = await Promise.all([issue(a.id), issue(b.id)]);
    const codes = results.map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [200, 422], results.map((r) => r.body).join("\n"));
    const refused = results.find((r) => r.statusCode === 422)!;
    assert.equal(refused.json().error.code, "R-DOC-01");
    assert.equal((await lineOf(base.id)).credited.minor, base.amount.minor);
    assert.equal(await counter(), before + 1, "one number taken, no gap");
    const refusedId = results[0]!.statusCode === 422 ? a.id : b.id;
    const still = (await call(as.viewer, "GET", `/api/bss/credit-notes/${refusedId}`)).json();
    assert.deepEqual([still.status, still.number], ["draft", null], "the refused draft stays a draft");
    // The same draft issued twice at once: one issue, one 422.
    const c = (
      await create({ invoiceId: invoice.id, reason: "C", lines: [{ chargeId: invoice.lines[1].id }] })
    ).json();
    const twice = await Promise.all([issue(c.id), issue(c.id)]);
    assert.deepEqual(twice.map((r) => r.statusCode).sort(), [200, 422]);
    assert.equal(await counter(), before + 2);
  });

  it("R-DOC-01 a reason is required; bad lines are 400s naming the field; previews write nothing", async () => {
    const invoice = await newInvoice();
    const base = invoice.lines[0] as Line;
    const count = async () =>
      Number(
        (await queryOne<{ n: number }>(t.deps.db, sql`select count(*)::int as n from billing_documents`))!.n,
      );
    const before = await count();
    const cases: Array<[unknown, RegExp]> = [
      [{ invoiceId: invoice.id, lines: [{ chargeId: base.id }] }, /reason/],
      [{ invoiceId: invoice.id, reason: "   ", lines: [{ chargeId: base.id }] }, /reason/],
      [{ invoiceId: invoice.id, reason: "x" }, /lines/],
      [{ invoiceId: invoice.id, reason: "x", whole: true, lines: [{ chargeId: base.id }] }, /lines/],
      [{ invoiceId: invoice.id, reason: "x", lines: [] }, /lines/],
      [
        { invoiceId: invoice.id, reason: "x", lines: [{ chargeId: base.id }, { chargeId: base.id }] },
        /twice/,
      ],
      [{ invoiceId: invoice.id, reason: "x", lines: [{ chargeId: base.id, amount: "0" }] }, /amount/],
      [{ invoiceId: invoice.id, reason: "x", lines: [{ chargeId: base.id, amount: "1.234" }] }, /amount/],
      [{ invoiceId: invoice.id, reason: "x", lines: [{ chargeId: base.id, amount: "-1" }] }, /amount/],
      [{ invoiceId: invoice.id, reason: "x", lines: [{ chargeId: base.id, amount: 1 }] }, /amount/],
      [{ invoiceId: invoice.id, reason: "x", whole: false }, /whole/],
    ];
    for (const [body, field] of cases) {
      const res = await create(body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
      assert.equal(res.json().error.code, "validation_failed");
      assert.match(res.json().error.message, field);
    }
    // A line of another invoice, a made-up invoice: 404 like a missing id.
    const other = await newInvoice();
    const before2 = await count();
    const wrongLine = await create({
      invoiceId: invoice.id,
      reason: "x",
      lines: [{ chargeId: other.lines[0].id }],
    });
    assert.equal(wrongLine.statusCode, 404, wrongLine.body);
    assert.equal((await create({ invoiceId: "inv_missing", reason: "x", whole: true })).statusCode, 404);
    const preview = await create(
      { invoiceId: invoice.id, reason: "Preview", whole: true },
      as.clerk,
      "?dryRun=true",
    );
    assert.equal(preview.statusCode, 200, preview.body);
    assert.deepEqual(
      [preview.json().preview, preview.json().status, preview.json().lines.length],
      [true, "draft", 2],
    );
    assert.equal(await count(), before2);
    assert.equal(before2, before + 1, "only the other invoice was added");
  });

  it("R-DOC-01 an Idempotency-Key replays the creation instead of a second draft", async () => {
    const invoice = await newInvoice();
    const body = { invoiceId: invoice.id, reason: "Once", whole: true };
    const headers = { "idempotency-key": `cn-${invoice.id}` };
    const first = await call(as.clerk, "POST", "/api/bss/credit-notes", body, headers);
    const second = await call(as.clerk, "POST", "/api/bss/credit-notes", body, headers);
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(second.statusCode, 201, second.body);
    assert.equal(second.headers["idempotent-replayed"], "true");
    assert.equal(second.json().id, first.json().id);
    const drafts = await queryRows(
      t.deps.db,
      sql`select id from billing_documents where credits_document_id = ${invoice.id}`,
    );
    assert.equal(drafts.length, 1);
  });

  it("security: 401 without a session, 403 for viewers' writes and the Storefront, 404 for another tenant's ids", async () => {
    const invoice = await newInvoice();
    const draft = (await create({ invoiceId: invoice.id, reason: "Sec", whole: true })).json();
    const lineId = draft.lines[0].id;
    const writes: Array<["POST" | "DELETE", string, unknown?]> = [
      ["POST", "/api/bss/credit-notes", { invoiceId: invoice.id, reason: "x", whole: true }],
      ["DELETE", `/api/bss/credit-notes/${draft.id}/lines/${lineId}`],
      ["DELETE", `/api/bss/credit-notes/${draft.id}`],
      ["POST", `/api/bss/credit-notes/${draft.id}/issue`],
    ];
    for (const [method, url, body] of writes) {
      assert.equal((await call(null, method, url, body)).statusCode, 401, url);
      assert.equal((await call(as.viewer, method, url, body)).statusCode, 403, url);
      assert.equal((await call(as.sfA1, method, url, body)).statusCode, 403, url);
      // Another tenant's admin: the ids do not exist there.
      const other = await call(as.otherAdmin, method, url, body);
      assert.equal(other.statusCode, 404, `${url}: ${other.body}`);
      assert.doesNotMatch(other.body, new RegExp(invoice.number));
    }
    assert.equal((await call(null, "GET", `/api/bss/credit-notes/${draft.id}`)).statusCode, 401);
    assert.equal((await call(as.sfA1, "GET", `/api/bss/credit-notes/${draft.id}`)).statusCode, 403);
    assert.equal((await call(as.otherAdmin, "GET", `/api/bss/credit-notes/${draft.id}`)).statusCode, 404);
    assert.equal((await call(as.otherAdmin, "GET", `/api/bss/documents/${draft.id}`)).statusCode, 404);
    assert.equal((await call(as.viewer, "GET", `/api/bss/credit-notes/${draft.id}`)).statusCode, 200);
    // An admin (above clerk) may; the draft is still there after all the refusals.
    const ok = await call(as.admin, "POST", `/api/bss/credit-notes/${draft.id}/issue`);
    assert.equal(ok.statusCode, 200, ok.body);
  });
});
