import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { advanceClock } from "../../src/modules/billing-run/index.ts";
import { type OrderWorld, orderWorld } from "../order-fixtures.ts";
import { type BrowserHarness, startBrowserHarness } from "./browser.ts";

/**
 * R-TEN-02 / issue 13 in the back office: the new-order form takes a start date per line (a past
 * day is marked on its field), the preview says when the line starts and that nothing is billed
 * before, and the subscription pages show "Starts on …" until the billing run of that day starts it.
 */
describe("BSS back office: an order that starts later (Chromium)", () => {
  let h: BrowserHarness;
  let w: OrderWorld;

  before(async () => {
    h = await startBrowserHarness({
      start: "2026-03-03T09:00:00Z",
      // The past start date is refused on purpose (400 naming lines.0.startDate).
      expectedHttpErrors: [{ status: 400, path: "/api/bss/orders" }],
    });
    w = await orderWorld(h.ctx.deps);
  });
  after(async () => h?.close());

  it("orders for the 10th: the preview and the subscription pages say when it starts", async () => {
    const { page } = h;
    await h.signInBss(w.clerk.email);
    await page.goto(`${h.base}/bss/orders/new`);
    await page.getByRole("heading", { name: "New order", exact: true }).waitFor();
    await page.getByRole("searchbox", { name: "Find customers" }).fill(w.customerA1.name);
    await page.getByRole("textbox", { name: "Customer" }).click();
    await page.getByRole("option", { name: new RegExp(`^${w.customerA1.name}`) }).click();
    const line1 = page.getByRole("region", { name: "Line 1" });
    await line1.getByRole("searchbox", { name: "Find products" }).fill("DBX-STD-MCMB");
    await line1.getByRole("textbox", { name: "Product" }).click();
    await page.getByRole("option", { name: /· DBX-STD-MCMB ·/ }).click();
    await line1.getByRole("textbox", { name: "Licences" }).fill("3");
    await line1.getByRole("textbox", { name: "Email" }).fill(`admin-${Date.now().toString(36)}@later.test`);
    await line1.getByRole("textbox", { name: "Reseller ID" }).fill("RS-1");

    // A past day is refused and marked on the line's Start date field.
    await line1.getByLabel("Start date").fill("2026-03-01");
    await page.getByRole("button", { name: "Preview" }).click();
    await line1.getByText("must be today (2026-03-03) or later").waitFor();

    await line1.getByLabel("Start date").fill("2026-03-10");
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.getByTestId("order-preview");
    await preview.waitFor();
    await preview.getByRole("cell", { name: "10 Mar 2026" }).waitFor();
    const note = page.getByTestId("start-note");
    await note.getByText(/Starts on 2026-03-10: Inactive until then.*nothing is billed before/).waitFor();
    await h.screenshot("bss-future-start-preview", { fullPage: true });
    await page.getByRole("button", { name: "Place order" }).click();
    await page.getByRole("heading", { name: /^Order #\d+$/ }).waitFor();
    await page
      .getByTestId("line-start")
      .filter({ visible: true })
      .getByText(/Starts on 2026-03-10/)
      .waitFor();

    await page.getByRole("link", { name: "Open" }).click();
    await page.getByTestId("starts-on").getByText("Starts on 10 Mar 2026").waitFor();
    await page
      .getByTestId("awaiting-start")
      .getByText(/nothing is billed before/)
      .waitFor();
    await page.getByTestId("sync-waits").waitFor();
    await page.getByRole("main").getByText("Inactive", { exact: true }).first().waitFor();
    await h.screenshot("bss-future-start-subscription", { fullPage: true });
    // Until then it can only be cancelled (no re-activation: the run starts it).
    await page.getByRole("button", { name: "Actions" }).click();
    await page.getByRole("menuitem", { name: "Cancel subscription" }).waitFor();
    assert.equal(await page.getByRole("menuitem", { name: /Re-?activate/i }).count(), 0);
    await page.keyboard.press("Escape");

    await page.goto(`${h.base}/bss/subscriptions?status=inactive`);
    await page.getByRole("heading", { name: "Subscriptions", exact: true }).waitFor();
    await page
      .getByRole("main")
      .getByTestId("starts-on")
      .first()
      .getByText("Starts on 10 Mar 2026")
      .waitFor();

    // The billing run of the 10th starts it: the pages no longer say it waits.
    await advanceClock(h.ctx.deps, { days: 7 });
    await page.goBack();
    await page.reload();
    await page.getByRole("main").getByText("Active", { exact: true }).first().waitFor();
    assert.equal(await page.getByTestId("awaiting-start").count(), 0);
    assert.equal(await page.getByTestId("starts-on").count(), 0);
  });

  it("logged no console errors", () => {
    assert.deepEqual(h.consoleErrors, []);
  });
});
