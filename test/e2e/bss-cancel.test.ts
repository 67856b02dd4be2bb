import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { recordProvisioningResult } from "../../src/modules/subscriptions/index.ts";
import { createTestSubscription, setupSubscriptionWorld } from "../subscription-fixtures.ts";
import { type BrowserHarness, startBrowserHarness } from "./browser.ts";

/**
 * A BSS clerk cancels a subscription inside the 14-day window (R-CAN-01) and opens the credit
 * note it produced (R-CAN-03). The vendor's confirmation of a full cancellation (R-CAN-05) is
 * recorded the way the provisioning job records it, since no vendor runs in this test.
 */
describe("BSS back office: cancel inside the window, then the credit note (Chromium)", () => {
  let h: BrowserHarness;

  before(async () => {
    h = await startBrowserHarness(); // clock: 2026-01-15
  });
  after(async () => h?.close());

  it("previews, cancels, and shows the credit note with its arithmetic", async () => {
    const { page, base } = h;
    const w = await setupSubscriptionWorld(h.ctx.deps);
    // Started 5 days ago: inside the 14-day window. MCMB, billed 10 Jan – 9 Feb in advance.
    const { subscription: sub } = await createTestSubscription(h.ctx.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 5,
      startDate: "2026-01-10",
    });
    const unitMinor = BigInt(sub.unitPrice); // per licence and month

    await h.signInBss(w.clerk.email);
    await page.getByRole("link", { name: "Subscriptions" }).first().click();
    await page.getByRole("heading", { name: "Subscriptions", exact: true }).waitFor();
    await page.getByRole("link", { name: sub.name }).click();
    await page.getByRole("heading", { name: sub.name }).waitFor();
    assert.equal(
      await page.getByTestId("managed-by-ribbon").count(),
      0,
      "our own subscription has no ribbon",
    );
    await page.getByText("(open)").waitFor(); // the change window

    await page.getByRole("button", { name: "Actions" }).click();
    await page.getByRole("menuitem", { name: "Cancel subscription" }).click();
    const dialog = page.getByRole("dialog", { name: "Cancel subscription" });
    await dialog.getByText("Inside the change window").waitFor();
    await dialog.getByRole("radio", { name: "Immediately" }).check();
    await dialog.getByRole("textbox", { name: "Instructions" }).fill("Customer closes the office");
    await dialog.getByRole("button", { name: "Preview" }).click();
    await dialog.getByTestId("command-preview").waitFor();
    await dialog
      .getByText(/Sent to the vendor first; applied on 15 Jan 2026 once the vendor confirms/)
      .waitFor();
    assert.equal(await dialog.getByTestId("violations").count(), 0);
    // Issue 13.10 (R-CAN-03): the credit note the vendor's confirmation issues is in the preview.
    // 5 licences × unit price × the 26 unused days (15 Jan – 9 Feb) of 31, half-up.
    const credit = (5n * unitMinor * 26n * 2n + 31n) / (31n * 2n);
    const expected = `-€${(credit / 100n).toString()}.${(credit % 100n).toString().padStart(2, "0")}`;
    const onConfirmation = dialog.getByTestId("on-vendor-confirmation");
    await onConfirmation.getByText("When the vendor confirms").waitFor();
    assert.equal(
      (await onConfirmation.getByTestId("lines-total").filter({ visible: true }).textContent())?.trim(),
      expected,
    );
    assert.match(
      (await onConfirmation.getByTestId("line-explanation").filter({ visible: true }).textContent()) ?? "",
      /× 26\/31 days/,
    );
    await dialog.getByText("Nothing before the vendor confirms.").waitFor();
    await h.screenshot("bss-cancel-preview");
    await dialog.getByRole("button", { name: "Cancel subscription" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByText("Waiting for the vendor", { exact: true }).waitFor();

    // The vendor confirms (what the provisioning job records when Dropbox answers). The page
    // follows the pending operation by itself: no Refresh click (issue 13.10).
    await recordProvisioningResult(h.ctx.deps, {
      tenantId: w.tenant.id,
      subscriptionId: sub.id,
      outcome: "synchronized",
    });
    const answer = page.getByTestId("vendor-answer");
    await answer.getByText("The vendor confirmed the cancellation").waitFor({ timeout: 15_000 });
    await page.getByRole("main").getByText("Canceled", { exact: true }).first().waitFor();
    await page.getByText("Customer closes the office").first().waitFor(); // history keeps the instructions
    const note = answer.getByTestId("issued-credit-note");
    await note.waitFor();
    assert.match((await note.textContent()) ?? "", new RegExp(`Credit note CN-000001 · ${expected}`));
    await h.screenshot("bss-cancel-canceled", { fullPage: true });

    // The credit note it announced, opened from the page.
    await note.getByRole("link", { name: /CN-000001/ }).click();
    await page.getByRole("heading", { name: "Credit note CN-000001", exact: true }).waitFor();
    const lines = page.getByTestId("billing-lines");
    await lines.waitFor();
    const explanations = await lines
      .getByTestId("line-explanation")
      .filter({ visible: true })
      .allTextContents();
    const amounts = await lines.getByTestId("line-amount").filter({ visible: true }).allTextContents();
    assert.equal(amounts.length, 1, "one credited line");
    const invoiced = `${(5n * unitMinor) / 100n}.${String((5n * unitMinor) % 100n).padStart(2, "0")}`;
    assert.match(
      explanations[0] ?? "",
      new RegExp(`${invoiced} × 26/31 days`),
      "the line shows its arithmetic",
    );
    assert.equal(amounts[0]?.trim(), expected);
    assert.equal((await page.getByTestId("document-total").textContent())?.trim(), expected);
    await h.screenshot("bss-credit-note", { fullPage: true });

    // The printable HTML of the same document.
    const href = await page.getByRole("link", { name: "Printable version" }).getAttribute("href");
    const html = await page.request.get(`${base}${href}`);
    assert.equal(html.status(), 200);
    assert.match(await html.text(), /CN-000001/);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole("button", { name: "Toggle navigation" }).waitFor();
    await page.getByRole("heading", { name: "Credit note CN-000001", exact: true }).waitFor();
    // Phones get the lines as cards: the amount stays on screen.
    const phoneAmount = page.getByTestId("line-amount").filter({ visible: true });
    assert.equal((await phoneAmount.textContent())?.trim(), expected);
    assert.equal(await page.getByRole("table", { name: "Billing lines" }).isVisible(), false, "no table");
    await h.screenshot("bss-credit-note-phone", { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("previews a licence increase with its price effect; outside the window only End of Billing Period", async () => {
    const { page, base } = h;
    const w = await setupSubscriptionWorld(h.ctx.deps);
    // Ordered 31 Dec: day 16 of its month today, the 14-day window closed on 13 Jan.
    const { subscription: sub } = await createTestSubscription(h.ctx.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 5,
      startDate: "2025-12-31",
    });
    const unitMinor = BigInt(sub.unitPrice);
    await h.signInBss(w.clerk.email);
    await page.goto(`${base}/bss/subscriptions/${sub.id}`);
    await page.getByRole("heading", { name: sub.name }).waitFor();
    await page.getByText("(closed)").waitFor();

    await page.getByRole("button", { name: "Actions" }).click();
    await page.getByRole("menuitem", { name: "Change quantity" }).click();
    const qty = page.getByRole("dialog", { name: "Change quantity" });
    const licences = qty.getByRole("textbox", { name: "Licences" });
    await licences.fill("5");
    await qty.getByRole("button", { name: "Preview" }).click();
    await qty.getByText("The subscription already has 5 licences").waitFor(); // checked before any request
    await licences.fill("7");
    await qty.getByRole("button", { name: "Preview" }).click();
    await qty.getByTestId("command-preview").waitFor();
    // Two more licences for the rest of the period (15–30 Jan: 16 of 31 days), rounded half-up.
    const charge = (2n * unitMinor * 16n * 2n + 31n) / (31n * 2n);
    const expected = `€${charge / 100n}.${String(charge % 100n).padStart(2, "0")}`;
    assert.match(
      (await qty.getByTestId("line-explanation").filter({ visible: true }).textContent()) ?? "",
      /^2 × .*16\/31 days/,
    );
    assert.equal(
      (await qty.getByTestId("lines-total").filter({ visible: true }).textContent())?.trim(),
      expected,
    );
    await h.screenshot("bss-quantity-preview");
    await qty.getByRole("button", { name: "Change quantity" }).click();
    await qty.waitFor({ state: "detached" });
    await page.getByText(`7 × €`).first().waitFor();

    await page.getByRole("button", { name: "Actions" }).click();
    await page.getByRole("menuitem", { name: "Cancel subscription" }).click();
    const cancel = page.getByRole("dialog", { name: "Cancel subscription" });
    await cancel.getByText(/Outside the 14-day window/).waitFor();
    await cancel.getByRole("button", { name: "Preview" }).click(); // Immediately, the default
    const violations = cancel.getByTestId("violations");
    await violations.waitFor();
    assert.match((await violations.textContent()) ?? "", /R-CAN-01/);
    assert.ok(
      await cancel.getByRole("button", { name: "Cancel subscription" }).isDisabled(),
      "nothing to confirm",
    );
    await h.screenshot("bss-cancel-refused");
    await cancel.getByRole("button", { name: "Back" }).click();
    await cancel.getByRole("radio", { name: "At the end of the billing period" }).check();
    await cancel.getByRole("button", { name: "Preview" }).click();
    await cancel.getByText(/Scheduled for 31 Jan 2026/).waitFor();
    await cancel.getByRole("button", { name: "Cancel subscription" }).click();
    await cancel.waitFor({ state: "detached" });
    await page.getByRole("main").getByText("Pending For Cancel", { exact: true }).first().waitFor();
    await page.getByRole("button", { name: "Actions" }).click();
    await page.getByRole("menuitem", { name: "Revoke cancellation" }).waitFor();
    await page.keyboard.press("Escape");
  });

  it("logged no console errors", () => {
    assert.deepEqual(h.consoleErrors, []);
  });
});
