import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { queryOne, sql } from "../../src/shared/db.ts";
import { createTestSubscription, setupSubscriptionWorld } from "../subscription-fixtures.ts";
import { type BrowserHarness, startBrowserHarness } from "./browser.ts";

/**
 * R-DOC-01 in the back office: on an invoice a clerk creates a credit note (one line wholly,
 * another for an amount, a reason; the dialog previews the totals), removes a line of the draft
 * (never the last: the button is disabled), sees the draft in the documents list with its badge,
 * and issues it (the confirmation names the number it takes); the issued note says which invoice
 * it credits, and the invoice lists it.
 */
describe("BSS back office: a hand-made credit note (Chromium)", () => {
  let h: BrowserHarness;

  before(async () => {
    h = await startBrowserHarness(); // clock: 2026-01-15
  });
  after(async () => h?.close());

  it("R-DOC-01 creates a draft from an invoice, removes a line, and issues it", async () => {
    const { page } = h;
    const w = await setupSubscriptionWorld(h.ctx.deps);
    // 5 × 15.00 = 75.00 and the 1 TB pack 3 × 10.00 = 30.00 on one invoice (no tax).
    await createTestSubscription(h.ctx.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 5,
      addons: [{ sku: "DBX-1TB-MCMB", quantity: 3 }],
    });

    await h.signInBss(w.clerk.email);
    await page.getByRole("link", { name: "Invoices" }).first().click();
    await page.getByRole("link", { name: "INV-000001" }).click();
    await page.getByRole("heading", { name: "Invoice INV-000001" }).waitFor();
    await page.getByRole("button", { name: "Create credit note" }).click();

    const dialog = page.getByRole("dialog", { name: "Credit note for INV-000001" });
    await dialog.getByText("Choose at least one line to credit.").waitFor();
    await dialog.getByRole("checkbox", { name: /^Credit Dropbox Standard/ }).check();
    await dialog.getByRole("checkbox", { name: /^Credit Dropbox 1 TB/ }).check();
    const packRow = dialog.getByRole("row", { name: /Dropbox 1 TB/ });
    await packRow.getByText("Amount", { exact: true }).click();
    await packRow.getByRole("textbox", { name: /^Amount of/ }).fill("5.00");
    // The server's preview of exactly this request: 75.00 + 5.00.
    await dialog.getByTestId("credit-preview-total").filter({ hasText: "-€80.00" }).waitFor();
    assert.equal(
      await dialog.getByRole("button", { name: "Create draft" }).isDisabled(),
      true,
      "a reason first",
    );
    await dialog.getByRole("textbox", { name: "Reason" }).fill("Storage pack billed by mistake");
    await h.screenshot("bss-credit-note-dialog");
    await dialog.getByRole("button", { name: "Create draft" }).click();

    await page.getByRole("heading", { name: "Draft credit note" }).waitFor();
    await page.getByTestId("document-status").filter({ hasText: "Draft" }).waitFor();
    await page.getByTestId("credits-invoice").getByRole("link", { name: "INV-000001" }).waitFor();
    await page.getByTestId("credit-reason").filter({ hasText: "Storage pack billed by mistake" }).waitFor();
    const lines = page.getByTestId("draft-lines");
    assert.equal(await lines.locator("tbody tr").count(), 2);
    await page.getByTestId("document-total").filter({ hasText: "-€80.00" }).waitFor();
    await lines
      .getByRole("row", { name: /Dropbox Standard/ })
      .getByRole("button", { name: "Remove line" })
      .click();
    await page.getByTestId("document-total").filter({ hasText: "-€5.00" }).waitFor();
    assert.equal(await lines.locator("tbody tr").count(), 1);
    assert.equal(
      await lines.getByRole("button", { name: "Remove line" }).isDisabled(),
      true,
      "the last line stays (R-DOC-01)",
    );
    await h.screenshot("bss-credit-note-draft", { fullPage: true });

    // The documents list shows the draft with its badge (and the status filter finds it).
    await page.getByRole("link", { name: "Invoices and credit notes" }).first().click();
    await page.getByTestId("status-badge").first().waitFor();
    await page.getByRole("link", { name: "Draft", exact: true }).click();

    await page.getByRole("heading", { name: "Draft credit note" }).waitFor();
    await page.getByRole("button", { name: "Issue", exact: true }).click();
    const confirm = page.getByRole("dialog", { name: "Issue this credit note?" });
    await confirm.getByText(/It becomes CN-000001 dated 15 Jan 2026, credits -€5\.00/).waitFor();
    await confirm.getByRole("button", { name: "Issue", exact: true }).click();
    await page.getByRole("heading", { name: "Credit note CN-000001" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Issue", exact: true }).count(), 0, "immutable");
    assert.equal(await page.getByRole("button", { name: "Delete draft" }).count(), 0);
    await h.screenshot("bss-credit-note-issued", { fullPage: true });

    await page.getByTestId("credits-invoice").getByRole("link", { name: "INV-000001" }).click();
    await page.getByRole("heading", { name: "Invoice INV-000001" }).waitFor();
    await page.getByTestId("credit-notes").getByRole("link", { name: "CN-000001" }).waitFor();

    const row = await queryOne<{ status: string; number: string; credited: string }>(
      h.ctx.deps.db,
      sql`select d.status, d.number, (select sum(credited_amount)::text from billing_charges c
            where c.document_id = d.credits_document_id) as credited
          from billing_documents d where d.tenant_id = ${w.tenant.id} and d.credits_document_id is not null`,
    );
    assert.deepEqual(row, { status: "issued", number: "CN-000001", credited: "500" });
    assert.deepEqual(h.consoleErrors, []);
  });
});
