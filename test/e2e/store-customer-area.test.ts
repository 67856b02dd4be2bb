import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { createCreditNote, issueCreditNote } from "../../src/modules/billing/index.ts";
import { createProductGroup, publishToStorefront } from "../../src/modules/catalog/index.ts";
import { addBasketLine, checkoutBasket } from "../../src/modules/orders/index.ts";
import { queryRows, sql } from "../../src/shared/db.ts";
import { line, type OrderWorld, orderWorld } from "../order-fixtures.ts";
import { type StoreE2E, startStoreE2E } from "./store-harness.ts";

/**
 * Issue 16.5 in the browser, at laptop and phone widths: an end customer opens its invoices and
 * credit notes, one document's detail (lines with their arithmetic, totals, payment status) and its
 * PDF; a subscription with no published upgrade offers no Upgrade; the product cards and the plan
 * comparison show what tells Dropbox Standard, Business and Advanced apart.
 */
describe("Storefront customer area (Chromium)", () => {
  let e: StoreE2E;
  let w: OrderWorld;
  let alias: string;
  let subscriptionId: string;
  let invoice: { id: string; number: string };
  let creditNote: { id: string; number: string };

  before(async () => {
    e = await startStoreE2E();
    w = await orderWorld(e.ctx.deps);
    alias = w.resellerA.storefrontAlias!;
    await addBasketLine(e.ctx.deps, w.actors.sfA3, line(w, "DBX-STD-MCMB", 4));
    const { order } = await checkoutBasket(e.ctx.deps, w.actors.sfA3, {}, { dryRun: false });
    assert.equal(order.status, "executed");
    subscriptionId = order.lines[0]!.subscriptionId!;
    // The vendor's confirmation, as the sandbox would send it: Buy Licenses needs a synchronized team.
    await e.ctx.deps.db.execute(
      sql`update subscriptions set sync_status = 'synchronized', external_id = 'team-1' where id = ${subscriptionId}`,
    );
    const [found] = await queryRows<{ id: string; number: string }>(
      e.ctx.deps.db,
      sql`select id, number from billing_documents where account_id = ${w.customerA3.id} and kind = 'invoice'`,
    );
    assert.ok(found, "the order's invoice");
    invoice = found;
    const draft = await createCreditNote(
      e.ctx.deps,
      w.actors.clerk,
      { invoiceId: invoice.id, reason: "Goodwill for the outage", whole: true },
      { dryRun: false },
    );
    const issued = await issueCreditNote(
      e.ctx.deps,
      w.actors.clerk,
      { creditNoteId: draft.details.document.id },
      { dryRun: false },
    );
    creditNote = { id: issued.details.document.id, number: issued.details.document.number! };
    await e.signIn(alias, w.sfA3.email);
  });
  after(async () => {
    await e?.close();
  });

  async function downloadPdf(linkName: string): Promise<Buffer> {
    const [download] = await Promise.all([
      e.page.waitForEvent("download"),
      e.page.getByRole("link", { name: linkName }).click(),
    ]);
    return readFile(await download.path());
  }

  it("R-DOC-03 the customer sees its invoice and credit note, filters them, opens one and downloads its PDF", async () => {
    const { page } = e;
    await page.goto(`${e.base}/store/${alias}/billing/documents`);
    await page.getByRole("heading", { name: "Invoices and credit notes" }).waitFor();
    const rows = page.getByTestId("store-document");
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    const text = (await rows.allTextContents()).join(" | ");
    assert.match(text, new RegExp(`${invoice.number}.*Invoice`));
    assert.match(text, new RegExp(`${creditNote.number}.*Credit note`));
    await e.screenshot("store-customer-documents");

    await page.getByRole("textbox", { name: "Kind" }).click();
    await page.getByRole("option", { name: "Credit notes" }).click();
    await page.waitForURL(/kind=credit_note/);
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=store-document]").length === 1);
    assert.match((await rows.first().textContent()) ?? "", new RegExp(creditNote.number));
    await page.goto(`${e.base}/store/${alias}/billing/documents`);
    await rows.nth(1).waitFor();

    await page.getByRole("link", { name: invoice.number, exact: true }).click();
    await page.getByRole("heading", { name: `Invoice ${invoice.number}` }).waitFor();
    const lines = page.getByTestId("document-line");
    await lines.first().waitFor();
    const arithmetic = (await page.getByTestId("line-arithmetic").first().textContent()) ?? "";
    assert.match(arithmetic, /4 ×/, "the line's arithmetic (quantity × unit price …)");
    assert.ok(await page.getByTestId("document-total").isVisible());
    assert.ok(await page.getByTestId("document-due").isVisible(), "the due date");
    assert.ok(await page.getByText("Paid", { exact: true }).first().isVisible(), "credited in full: paid");
    assert.ok(await page.getByRole("link", { name: creditNote.number }).isVisible(), "its credit note");
    await e.screenshot("store-customer-invoice");

    const pdf = await downloadPdf(`Download ${invoice.number} as PDF`);
    assert.equal(pdf.subarray(0, 4).toString("latin1"), "%PDF");

    await page.getByRole("link", { name: creditNote.number }).click();
    await page.getByRole("heading", { name: `Credit note ${creditNote.number}` }).waitFor();
    await page.getByText("Goodwill for the outage").waitFor();
    const creditPdf = await downloadPdf(`Download ${creditNote.number} as PDF`);
    assert.equal(creditPdf.subarray(0, 4).toString("latin1"), "%PDF");
  });

  it("R-DSH-04 / R-DSH-06 the list shows the price; no Upgrade is offered without a published upgrade", async () => {
    const { page } = e;
    await page.goto(`${e.base}/store/${alias}/billing/subscriptions`);
    const row = page.getByRole("row", { name: /Dropbox Standard/ });
    await row.first().waitFor();
    assert.match((await row.first().textContent()) ?? "", /€|EUR/, "a unit price, not '-'");

    await page.goto(`${e.base}/store/${alias}/billing/subscriptions/${subscriptionId}`);
    await page.getByRole("button", { name: "I want to…" }).click();
    await page.getByRole("menuitem", { name: "Buy Licenses" }).waitFor();
    assert.ok(await page.getByRole("menuitem", { name: "Cancel the subscription" }).isEnabled());
    assert.equal(await page.getByRole("menuitem", { name: "Upgrade" }).count(), 0, "no upgrade path here");
    assert.equal(await page.getByRole("menuitem", { name: "Cancel an Add-on" }).count(), 0, "no add-ons");
    await e.screenshot("store-customer-actions");
    await page.keyboard.press("Escape");

    // A failed provisioning blocks new licences: the entry stays, disabled, with the rule and reason.
    const db = e.ctx.deps.db;
    await db.execute(
      sql`update subscriptions set sync_status = 'failed', sync_error = 'Team is locked' where id = ${subscriptionId}`,
    );
    try {
      await page.reload();
      await page.getByRole("button", { name: "I want to…" }).click();
      const buy = page.getByRole("menuitem", { name: /Buy Licenses/ });
      await buy.waitFor();
      assert.equal(await buy.isDisabled(), true);
      const reason = (await page.getByTestId("action-reason").textContent()) ?? "";
      assert.match(reason, /Team is locked.*R-QTY-03/, "the rule and the vendor's reason");
      await page.waitForFunction(() => {
        const menu = document.querySelector("[role=menu]");
        return menu !== null && getComputedStyle(menu).opacity === "1"; // the opening transition is over
      });
      await e.screenshot("store-customer-action-disabled");
      await page.keyboard.press("Escape");
    } finally {
      await db.execute(
        sql`update subscriptions set sync_status = 'synchronized', sync_error = null where id = ${subscriptionId}`,
      );
    }
  });

  it("product cards and the comparison show what tells Standard, Business and Advanced apart", async () => {
    const { page } = e;
    const group = await createProductGroup(
      e.ctx.deps,
      { tenantId: w.tenant.id },
      { name: "Dropbox plans", productIds: [w.id("DBX-STD-MCMB"), w.id("DBX-BUS-MCMB")] },
    );
    await publishToStorefront(e.ctx.deps, { tenantId: w.tenant.id }, w.resellerA.id, {
      productGroupId: group.id,
    });
    await page.goto(`${e.base}/store/${alias}`);
    const section = page.locator("section", { has: page.getByRole("heading", { name: "Dropbox plans" }) });
    const std = section.getByRole("article", { name: /^Dropbox Standard, Monthly/ });
    const bus = section.getByRole("article", { name: /^Dropbox Business, Monthly/ });
    await std.waitFor();
    assert.match((await std.getByTestId("product-features").textContent()) ?? "", /5 TB of storage/);
    assert.match((await bus.getByTestId("product-features").textContent()) ?? "", /9 TB of storage/);
    await section.getByRole("button", { name: "Compare plans" }).click();
    const table = page.getByTestId("compare-plans");
    await table.waitFor();
    const differing = await table.locator("tr[data-differs]").allTextContents();
    assert.ok(
      differing.some((r) => /5 TB/.test(r) && /9 TB/.test(r)),
      "the storage row differs between the plans",
    );
    await e.screenshot("store-compare-plans");
    await page.keyboard.press("Escape");
  });

  it("at phone width: document lines as cards, the PDF, the actions menu and the product features", async () => {
    const { page } = e;
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${e.base}/store/${alias}/billing/documents/${invoice.id}`);
      await page.getByRole("heading", { name: `Invoice ${invoice.number}` }).waitFor();
      const card = page.getByTestId("document-line").first();
      await card.waitFor();
      assert.equal(
        await card.evaluate((el) => el.tagName),
        "LI",
        "lines as cards, not a side-scrolling table",
      );
      assert.equal(await page.getByRole("table", { name: "Lines" }).count(), 0);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no horizontal scroll (page is ${width}px wide)`);
      await e.screenshot("store-customer-invoice-phone");
      const pdf = await downloadPdf(`Download ${invoice.number} as PDF`);
      assert.equal(pdf.subarray(0, 4).toString("latin1"), "%PDF");

      await page.goto(`${e.base}/store/${alias}/billing/subscriptions/${subscriptionId}`);
      await page.getByRole("button", { name: "I want to…" }).click();
      await page.getByRole("menuitem", { name: "Buy Licenses" }).waitFor();
      await e.screenshot("store-customer-actions-phone");
      await page.keyboard.press("Escape");

      await page.goto(`${e.base}/store/${alias}`);
      const std = page.getByRole("article", { name: /^Dropbox Standard, Monthly/ }).first();
      await std.waitFor();
      assert.ok(await std.getByTestId("product-features").isVisible());
      await e.screenshot("store-cards-phone");
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it("a reseller sees its customers' documents, each with the customer named, and filters by customer", async () => {
    const { page } = e;
    await e.signIn(alias, w.sfA.email);
    await page.goto(`${e.base}/store/${alias}/billing/documents`);
    await page.getByRole("heading", { name: "Invoices and credit notes" }).waitFor();
    const mine = page.getByTestId("store-document").filter({ hasText: creditNote.number });
    await mine.waitFor();
    assert.equal(await mine.getByTestId("billed-to").textContent(), w.customerA3.name);
    await page.getByRole("textbox", { name: "Customer" }).click();
    await page.getByRole("option", { name: w.customerA3.name }).click();
    await page.waitForURL(/accountId=/);
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=store-document]").length === 2);
    const billedTo = await page.getByTestId("billed-to").allTextContents();
    assert.deepEqual(billedTo, [w.customerA3.name, w.customerA3.name], "only that customer's");
    await e.screenshot("store-reseller-documents");
  });
});
