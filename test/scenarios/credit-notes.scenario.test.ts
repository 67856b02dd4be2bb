import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  createCreditNote,
  issueCreditNote,
  listDocuments,
  updateBillingOptions,
} from "../../src/modules/billing/index.ts";
import { queryOne, queryRows, sql } from "../../src/shared/db.ts";
import { advanceTo, documents } from "../billing-fixtures.ts";
import { createTestContext, type TestContext } from "../harness.ts";
import { createCustomer, createTestSubscription, setupSubscriptionWorld } from "../subscription-fixtures.ts";

/**
 * R-DOC-01 over 13 months on the manual clock: a clerk credits part of the invoice of month 3
 * (10.00 of the base line and the whole add-on line), another draft is left lying around, and the
 * ledger still balances — every document sums its lines, every invoice line's credited part is
 * exactly what issued credit notes credit, the numbers stay gapless, and the draft counts nowhere.
 * Dropbox Standard 15.00 per licence per month (4 → 60.00), 1 TB pack 10.00 (2 → 20.00), 21 % tax.
 */
describe("billing scenario: a hand-made credit note in a year of monthly billing (R-DOC-01)", () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof setupSubscriptionWorld>>;
  before(async () => {
    t = await createTestContext({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
  });
  after(() => t.close());

  it("R-DOC-01 part of month 3's invoice credited; 13 months later the ledger balances and the draft counts nowhere", async () => {
    const customer = await createCustomer(t.deps, w);
    await updateBillingOptions(t.deps, w.actors.clerk, customer.id, { taxRateBasisPoints: 2100 });
    await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 4,
      addons: [{ sku: "DBX-1TB-MCMB", quantity: 2 }],
      accountId: customer.id,
    });

    await advanceTo(t.deps, "2026-03-20");
    const invoices = await listDocuments(t.deps, w.actors.clerk, {
      kind: "invoice",
      accountId: customer.id,
      sort: "issueDate",
    });
    const march = invoices.items.find((d) => d.issueDate === "2026-03-15");
    assert.ok(march, "the invoice of month 3");
    const lines = await queryRows<{ id: string; addon_id: string | null }>(
      t.deps.db,
      sql`select id, addon_id from billing_charges where document_id = ${march.id} order by addon_id nulls first`,
    );
    const [base, addon] = lines;
    const { details: draft } = await createCreditNote(t.deps, w.actors.clerk, {
      invoiceId: march.id,
      reason: "Two users never got access in March",
      lines: [{ chargeId: base!.id, amount: "10.00" }, { chargeId: addon!.id }],
    });
    assert.deepEqual(
      [draft.document.status, draft.document.net, draft.document.tax, draft.document.gross],
      ["draft", -3000n, -630n, -3630n],
    );
    await advanceTo(t.deps, "2026-03-23");
    const { details: cn } = await issueCreditNote(t.deps, w.actors.clerk, {
      creditNoteId: draft.document.id,
    });
    assert.deepEqual([cn.document.number, cn.document.issueDate], ["CN-000001", "2026-03-23"]);

    // A draft left lying around in month 5: never issued, it must count nowhere.
    await advanceTo(t.deps, "2026-05-16");
    const may = (
      await listDocuments(t.deps, w.actors.clerk, {
        kind: "invoice",
        accountId: customer.id,
        from: "2026-05-15",
      })
    ).items[0]!;
    const { details: idle } = await createCreditNote(t.deps, w.actors.clerk, {
      invoiceId: may.id,
      reason: "Under discussion",
      whole: true,
    });

    await advanceTo(t.deps, "2027-02-14");

    // 13 monthly invoices of 80.00 + 16.80 tax, one credit note of −30.00 − 6.30; the draft apart.
    const docs = (await documents(t.deps, w.tenant.id)).filter((d) => d.number !== null);
    const invs = docs.filter((d) => d.number.startsWith("INV"));
    assert.equal(invs.length, 13);
    assert.ok(invs.every((d) => d.net === "80.00" && d.tax === "16.80" && d.gross === "96.80"));
    assert.deepEqual(
      docs
        .filter((d) => d.number.startsWith("CN"))
        .map((d) => [d.number, d.issueDate, d.net, d.tax, d.gross]),
      [["CN-000001", "2026-03-23", "-30.00", "-6.30", "-36.30"]],
    );

    const totals = await queryOne<{ net: string; gross: string }>(
      t.deps.db,
      sql`select sum(net)::text as net, sum(gross)::text as gross from billing_documents
          where tenant_id = ${w.tenant.id} and account_id = ${customer.id} and status = 'issued'`,
    );
    assert.deepEqual(totals, { net: "101000", gross: "122210" }, "1040.00 − 30.00; 1258.40 − 36.30");

    // Every issued document is the sum of its lines.
    const unbalanced = await queryRows(
      t.deps.db,
      sql`select d.number from billing_documents d
          left join billing_charges c on c.document_id = d.id
          where d.tenant_id = ${w.tenant.id}
          group by d.id
          having d.net <> coalesce(sum(c.amount), 0) or d.tax <> coalesce(sum(c.tax), 0)
              or d.line_count <> count(c.id)`,
    );
    assert.deepEqual(unbalanced, []);

    // Every invoice line's credited part is exactly what ISSUED credit notes credit (the draft: nothing).
    const mismatched = await queryRows(
      t.deps.db,
      sql`select c.id, c.credited_amount::text, coalesce(-sum(cr.amount) filter (where d.status = 'issued'), 0)::text as issued
          from billing_charges c
          left join billing_charges cr on cr.credits_charge_id = c.id
          left join billing_documents d on d.id = cr.document_id
          where c.tenant_id = ${w.tenant.id} and c.kind <> 'credit'
          group by c.id
          having c.credited_amount <> coalesce(-sum(cr.amount) filter (where d.status = 'issued'), 0)`,
    );
    assert.deepEqual(mismatched, []);
    const credited = await queryRows<{ id: string; credited: string }>(
      t.deps.db,
      sql`select id, credited_amount::text as credited from billing_charges where document_id = ${march.id}
          order by addon_id nulls first`,
    );
    assert.deepEqual(
      credited.map((c) => c.credited),
      ["1000", "2000"],
    );

    // The draft is still a draft, numberless, and its invoice's lines are uncredited.
    const stillDraft = await queryOne<{ status: string; number: string | null }>(
      t.deps.db,
      sql`select status, number from billing_documents where id = ${idle.document.id}`,
    );
    assert.deepEqual(stillDraft, { status: "draft", number: null });
    const mayCredited = await queryOne<{ n: string }>(
      t.deps.db,
      sql`select sum(credited_amount)::text as n from billing_charges where document_id = ${may.id}`,
    );
    assert.equal(mayCredited!.n, "0");

    // Numbers are gapless per kind.
    const gaps = await queryRows(
      t.deps.db,
      sql`select kind, count(*)::int as n, max(seq) as last from billing_documents
          where tenant_id = ${w.tenant.id} and status = 'issued' group by kind having count(*) <> max(seq)`,
    );
    assert.deepEqual(gaps, []);
  });
});
