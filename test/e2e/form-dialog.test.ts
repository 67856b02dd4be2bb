import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setupSubscriptionWorld } from "../subscription-fixtures.ts";
import { type BrowserHarness, startBrowserHarness } from "./browser.ts";

/**
 * The shared form dialog (FormDialog + useDialogForm, issue 16) at phone width: it fills the
 * screen, shows the API's field issue next to its input (a check only the server makes), and
 * Escape closes it and gives the focus back to the button that opened it.
 */
describe("A form dialog at phone width (Chromium)", () => {
  let h: BrowserHarness;

  before(async () => {
    // The too-long name is refused by the server's schema: the browser logs the 400.
    h = await startBrowserHarness({ expectedHttpErrors: [{ status: 400, path: "/api/bss/accounts" }] });
  });
  after(async () => h?.close());

  it("opens full screen, shows the API's field error at its input, and Escape returns focus to the opener", async () => {
    const { page, base } = h;
    const w = await setupSubscriptionWorld(h.ctx.deps);
    await h.signInBss(w.admin.email);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/bss/accounts`);
    await page.getByRole("heading", { name: "Accounts", exact: true }).waitFor();

    const opener = page.getByRole("button", { name: "New account" });
    await opener.click();
    const dialog = page.getByRole("dialog", { name: "New account" });
    await dialog.waitFor();
    const box = await dialog.boundingBox();
    assert.ok(box, "the dialog is on screen");
    assert.ok(box.width >= 389 && box.height >= 843, `full screen, got ${box.width}×${box.height}`);

    // The form checks only that a name is given; its 200-character limit is the server's.
    await dialog.getByRole("textbox", { name: "Kind" }).click();
    await page.getByRole("option", { name: "Direct customer" }).click();
    const name = dialog.getByRole("textbox", { name: "Name" });
    await name.fill("N".repeat(201));
    await dialog.getByRole("button", { name: "Create account" }).click();
    await dialog.getByRole("alert").waitFor(); // the API's message for the whole form
    await page.waitForFunction(
      () => document.querySelector('[role="dialog"] input[aria-invalid="true"]') !== null,
    );
    assert.equal(await name.getAttribute("aria-invalid"), "true", "the Name input is marked");
    const describedBy = (await name.getAttribute("aria-describedby")) ?? "";
    const errorId = describedBy.split(" ").find((id) => id.endsWith("-error"));
    assert.ok(errorId, `the input points at its error (aria-describedby="${describedBy}")`);
    const fieldError = (await page.locator(`[id="${errorId}"]`).textContent()) ?? "";
    assert.match(fieldError, /200/, "the server's issue for the name, next to the input");
    await h.screenshot("form-dialog-phone-field-error");

    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === "New account");
    assert.equal(
      await opener.evaluate((el) => el === document.activeElement),
      true,
      "focus is back on the opener",
    );
    assert.deepEqual(h.consoleErrors, []);
  });
});
