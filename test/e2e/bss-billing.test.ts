import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startWorker, type Worker } from "../../src/jobs/index.ts";
import { jobHandlers } from "../../src/jobs/registry.ts";
import { attachSandbox } from "../../src/modules/provisioning/provisioning.fixtures.ts";
import type { DropboxSandbox } from "../../src/vendor-sandboxes/dropbox/index.ts";
import { makeRootTenant } from "../clock-fixtures.ts";
import { signIn } from "../http.ts";
import { line, type OrderWorld, orderWorld } from "../order-fixtures.ts";
import { type BrowserHarness, startBrowserHarness } from "./browser.ts";

/**
 * The back office's daily work in sandbox mode: an end customer's order waits for approval
 * (R-ORD-09) and a clerk approves it from the dashboard; the installation's operator (the root
 * distributor's admin) moves the sandbox clock a month in the background (billing every day); a billing run for the new day finds nothing left to bill (exactly once);
 * the mailbox shows the order confirmation. The worker and the Dropbox sandbox run as `serve`
 * runs them.
 */
describe("BSS back office: approval, sandbox clock, billing run and mailbox (Chromium)", () => {
  let h: BrowserHarness;
  let w: OrderWorld;
  let sandbox: DropboxSandbox;
  let worker: Worker;

  before(async () => {
    h = await startBrowserHarness(); // clock: 2026-01-15
    w = await orderWorld(h.ctx.deps);
    await makeRootTenant(h.ctx.deps, w.tenant.id); // its admin is the installation's operator
    sandbox = await attachSandbox(h.ctx.deps, { clock: h.ctx.clock });
    worker = startWorker(h.ctx.deps, jobHandlers, { pollMs: 100 });
  });
  after(async () => {
    await worker?.stop();
    await sandbox?.close();
    await h?.close();
  });

  it("approves a waiting order, advances the clock, runs billing and reads the mailbox", async () => {
    const { page, app } = h;
    // End customer A1 (Order Approval on) orders in its Storefront: the order waits.
    const sf = await signIn(app, w.sfA1.email, "storefront");
    const added = await app.inject({
      method: "POST",
      url: "/api/storefront/basket/lines",
      headers: sf,
      payload: line(w, "DBX-STD-MCMB", 3),
    });
    assert.equal(added.statusCode, 201, added.body);
    const checkout = await app.inject({
      method: "POST",
      url: "/api/storefront/basket/checkout",
      headers: sf,
      payload: {},
    });
    assert.ok(checkout.statusCode < 300, checkout.body);
    const order = checkout.json() as { id: string; number: number; status: string };
    assert.equal(order.status, "pending_reseller_approval");

    await h.signInBss(w.clerk.email);
    const waiting = page.getByTestId("orders-waiting-count");
    await waiting.filter({ hasText: "1" }).waitFor();
    await h.screenshot("bss-dashboard-work", { fullPage: true });
    await page.getByRole("link", { name: "Review orders waiting for approval" }).click();
    await page.getByRole("heading", { name: "Orders", exact: true }).waitFor();
    await page.getByRole("link", { name: `Order #${order.number}` }).click();
    await page.getByRole("heading", { name: `Order #${order.number}` }).waitFor();
    await page.getByRole("button", { name: "Approve" }).click();
    await page.getByText("Order approved").waitFor();
    await page.getByRole("main").getByText("Executed", { exact: true }).first().waitFor();
    assert.equal(await page.getByRole("button", { name: "Approve" }).count(), 0, "nothing left to approve");
    await h.screenshot("bss-order-executed", { fullPage: true });

    // The sandbox clock belongs to the installation's operator: a clerk reads it, nothing to press.
    await page.getByRole("link", { name: "Sandbox clock" }).click();
    await page.getByTestId("clock-today").filter({ hasText: "15 Jan 2026" }).waitFor();
    await page.getByText("Only the installation's operator").waitFor();
    assert.equal(await page.getByRole("button", { name: "Advance" }).count(), 0, "no action for a clerk");

    // The root distributor's admin advances one month, every day billed (the second month): the
    // advance runs on the server in the background and the page polls it to its outcome.
    await h.signInBss(w.admin.email);
    await page.getByRole("link", { name: "Sandbox clock" }).click();
    await page.getByTestId("clock-today").filter({ hasText: "15 Jan 2026" }).waitFor();
    await page.getByRole("textbox", { name: "Advance by" }).fill("1");
    await page.locator("label", { hasText: "Months" }).click();
    await page.getByRole("button", { name: "Advance" }).click();
    const result = page.getByTestId("advance-result");
    await result.waitFor({ timeout: 30_000 });
    const text = (await result.textContent()) ?? "";
    assert.match(text, /15 Jan 2026, 09:00 → 15 Feb 2026, 09:00: 31 days/);
    assert.match(text, /, 1 document issued/, "the second month of the one subscription");
    await page.getByTestId("clock-today").filter({ hasText: "15 Feb 2026" }).waitFor();
    await h.screenshot("bss-sandbox-clock");

    // A billing run for the new day: the worker runs it; the clock already billed it.
    await page.getByRole("link", { name: "Billing runs" }).first().click();
    await page.getByRole("heading", { name: "Billing runs", exact: true }).waitFor();
    await page.getByText("Today is 15 Feb 2026").waitFor(); // the clock has loaded
    const dateInput = page.getByRole("textbox", { name: "Billing date" });
    assert.equal(await dateInput.inputValue(), "2026-02-15", "defaults to the business today");
    await page.getByRole("button", { name: "Run billing" }).click();
    const progress = page.getByTestId("run-progress");
    await progress.getByText("Completed", { exact: true }).waitFor({ timeout: 30_000 });
    assert.equal(
      (await progress.getByTestId("run-documents").textContent())?.trim(),
      "0",
      "billed exactly once",
    );
    await h.screenshot("bss-billing-run");

    await page.getByRole("link", { name: "Invoices" }).first().click();
    await page.getByRole("link", { name: "INV-000002" }).waitFor();

    // The mailbox: the order confirmation, opened.
    await page.getByRole("link", { name: "Mailbox" }).click();
    await page.getByRole("heading", { name: "Mailbox", exact: true }).waitFor();
    await page.getByRole("button", { name: `Order ${order.number} received` }).click();
    const dialog = page.getByRole("dialog", { name: `Order ${order.number} received` });
    await dialog.getByText(w.sfA1.email).first().waitFor();
    await dialog.getByRole("tab", { name: "Text" }).click();
    assert.match(
      (await dialog.getByTestId("message-text").textContent()) ?? "",
      new RegExp(String(order.number)),
    );
    await h.screenshot("bss-mailbox");

    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole("button", { name: "Toggle navigation" }).waitFor();
    await page.getByRole("button", { name: `Order ${order.number} received` }).waitFor();
    await h.screenshot("bss-mailbox-phone", { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("logged no console errors", () => {
    assert.deepEqual(h.consoleErrors, []);
  });
});
