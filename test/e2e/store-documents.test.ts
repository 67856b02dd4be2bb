import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { PDFParse } from "pdf-parse";
import { addBasketLine, checkoutBasket } from "../../src/modules/orders/index.ts";
import type { StorefrontActor } from "../../src/modules/tenancy/index.ts";
import { queryRows, sql } from "../../src/shared/db.ts";
import { line, type OrderWorld, orderWorld } from "../order-fixtures.ts";
import { type StoreE2E, startStoreE2E } from "./store-harness.ts";

/**
 * R-DOC-03 in the browser: an end customer lists its invoices in the Storefront's billing area
 * (Documents) — only its own — and downloads one as a PDF, which names the document.
 */
describe("Storefront documents (Chromium)", () => {
  let e: StoreE2E;
  let w: OrderWorld;
  let alias: string;

  async function order(actor: StorefrontActor, input: object): Promise<void> {
    await addBasketLine(e.ctx.deps, actor, input);
    const { order } = await checkoutBasket(e.ctx.deps, actor, {}, { dryRun: false });
    assert.equal(order.status, "executed");
  }

  before(async () => {
    e = await startStoreE2E();
    w = await orderWorld(e.ctx.deps);
    alias = w.resellerA.storefrontAlias!;
    await order(w.actors.sfA3, line(w, "DBX-STD-MCMB", 4)); // A3's invoice
    await order(w.actors.sfA, line(w, "DBX-STD-MCMB", 3)); // the reseller's own: not A3's
    await e.signIn(alias, w.sfA3.email);
  });
  after(async () => {
    await e?.close();
  });

  it("R-DOC-03 an end customer lists its own invoices and downloads the PDF", async () => {
    const [mine] = await queryRows<{ id: string; number: string }>(
      e.ctx.deps.db,
      sql`select id, number from billing_documents where tenant_id = ${w.tenant.id} and account_id = ${w.customerA3.id}`,
    );
    assert.ok(mine, "the order's invoice exists");
    const { page } = e;
    await page.goto(`${e.base}/store/${alias}/billing`);
    await page.getByRole("tab", { name: "Documents" }).click();
    await page.getByRole("heading", { name: "Invoices and credit notes" }).waitFor();
    const rows = page.getByTestId("store-document");
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1, "only the customer's own document");
    assert.match((await rows.first().textContent()) ?? "", new RegExp(mine.number));
    await e.screenshot("store-documents");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: `Download ${mine.number} as PDF` }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `${mine.number}.pdf`);
    const bytes = await readFile(await download.path());
    const text = (await new PDFParse({ data: new Uint8Array(bytes) }).getText()).text;
    assert.match(text, new RegExp(`Invoice ${mine.number}`));
    assert.match(text, new RegExp(w.customerA3.name));
  });
});
