import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createProduct } from "../../src/modules/catalog/index.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
} from "../subscription-fixtures.ts";
import { type BrowserHarness, startBrowserHarness } from "./browser.ts";

/**
 * Issue 13: what a rule does beyond the request is said in the back office's preview, with the
 * rule ID — a reduction moved to the renewal (R-QTY-02), a quantity raised by an upgrade (R-SGN-06),
 * an add-on set to the plan's quantity (R-SGN-04) or refused below its minimum (R-SGN-02); and an
 * action the server would refuse whatever is entered is shown unavailable with its reason (R-REN-02).
 */
describe("BSS back office: previews say what the rules change (Chromium)", () => {
  let h: BrowserHarness;
  let w: SubscriptionWorld;

  before(async () => {
    h = await startBrowserHarness(); // clock: 2026-01-15
    w = await setupSubscriptionWorld(h.ctx.deps);
    await h.signInBss(w.clerk.email);
  });
  after(async () => h?.close());

  const open = async (id: string, name: string) => {
    await h.page.goto(`${h.base}/bss/subscriptions/${id}`);
    await h.page.getByRole("heading", { name }).waitFor();
  };
  const action = async (item: string) => {
    await h.page.getByRole("button", { name: "Actions" }).click();
    await h.page.getByRole("menuitem", { name: item }).click();
  };

  it("R-QTY-02 cancelling 3 of 10 licences Immediately on day 297 is scheduled for the renewal, and the preview says so", async () => {
    const { page } = h;
    const { subscription: sub } = await createTestSubscription(h.ctx.deps, w, {
      sku: "DBX-BUS-AC1Y",
      quantity: 10,
      startDate: "2025-03-24",
    });
    await open(sub.id, sub.name);
    await action("Cancel subscription");
    const dialog = page.getByRole("dialog", { name: "Cancel subscription" });
    await dialog.getByText(/fewer licences always end at the renewal/).waitFor();
    await dialog.getByRole("radio", { name: "Immediately" }).check();
    await dialog.getByRole("textbox", { name: "Licences to cancel" }).fill("3");
    await dialog.getByRole("button", { name: "Preview" }).click();
    await dialog.getByText(/Scheduled for 24 Mar 2026/).waitFor();
    assert.equal(await dialog.getByTestId("violations").count(), 0, "not refused with R-CAN-01");
    const notes = (await dialog.getByTestId("preview-notes").textContent()) ?? "";
    assert.match(notes, /R-QTY-02/);
    assert.match(notes, /renews with 7 licences/);
    await h.screenshot("bss-reduction-at-renewal-preview");
    await dialog.getByRole("button", { name: "Cancel subscription" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByText("Scheduled changes").waitFor();
  });

  it("R-SGN-06 upgrading Sign Standard × 2 to Premium with 5 licences: the preview says the quantity is raised and bills both", async () => {
    const { page } = h;
    const { subscription: sub } = await createTestSubscription(h.ctx.deps, w, {
      sku: "DBXS-STD-AC1Y",
      quantity: 2,
      startDate: "2025-12-01",
    });
    await open(sub.id, sub.name);
    await action("Upgrade");
    const dialog = page.getByRole("dialog", { name: "Upgrade" });
    await dialog.getByRole("textbox", { name: "Upgrade to" }).click();
    await page
      .getByRole("option", { name: /Dropbox Sign Premium, Annual Commitment - Annually Billed/ })
      .click();
    await dialog
      .getByTestId("upgrade-option-violations")
      .getByText(/at least 5/)
      .waitFor(); // told at 2
    await dialog.getByRole("textbox", { name: "Licences" }).fill("5");
    await dialog.getByTestId("upgrade-option-violations").waitFor({ state: "detached" }); // allowed at 5
    await dialog.getByRole("button", { name: "Preview" }).click();
    const notes = dialog.getByTestId("preview-notes");
    await notes.waitFor();
    assert.match((await notes.textContent()) ?? "", /R-SGN-06.*raised from 2 to 5/);
    const explanations = await dialog
      .getByTestId("line-explanation")
      .filter({ visible: true })
      .allTextContents();
    assert.equal(explanations.length, 3, "credit, upgrade and increase");
    assert.match(explanations.at(-1) ?? "", /^3 × .*320\/365 days/);
    await h.screenshot("bss-upgrade-raised-preview");
    await dialog.getByRole("button", { name: "Upgrade" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByRole("heading", { name: /Dropbox Sign Premium/ }).waitFor();
  });

  it("R-SGN-04 an add-on asked with 5 on a Premium × 7 is added with 7, and the preview says so; R-SGN-02 refuses 4", async () => {
    const { page } = h;
    const { subscription: sub } = await createTestSubscription(h.ctx.deps, w, {
      sku: "DBXS-PRE-AC1Y",
      quantity: 7,
    });
    await open(sub.id, sub.name);
    await action("Add add-on");
    const dialog = page.getByRole("dialog", { name: "Add add-on" });
    await dialog.getByRole("textbox", { name: "Add-on" }).click();
    await page.getByRole("option", { name: /Template pack 15/ }).click();
    const quantity = dialog.getByRole("textbox", { name: "Quantity" });
    await quantity.fill("4");
    await dialog.getByRole("button", { name: "Preview" }).click();
    await dialog
      .getByTestId("violations")
      .getByText(/R-SGN-02/)
      .waitFor();
    await dialog.getByRole("button", { name: "Back" }).click();
    await quantity.fill("5");
    await dialog.getByRole("button", { name: "Preview" }).click();
    const notes = dialog.getByTestId("preview-notes");
    await notes.waitFor();
    assert.match((await notes.textContent()) ?? "", /R-SGN-04.*5 asked, 7 added/);
    assert.match(
      (await dialog.getByTestId("line-explanation").filter({ visible: true }).textContent()) ?? "",
      /^7 × /,
    );
    await h.screenshot("bss-addon-raised-preview");
    await dialog.getByRole("button", { name: "Add add-on" }).click();
    await dialog.waitFor({ state: "detached" });
  });

  it("R-REN-02 Manage renewal is unavailable, with its reason, for a product sold in a fixed quantity of 1", async () => {
    const { page } = h;
    await createProduct(
      h.ctx.deps,
      { tenantId: w.tenant.id },
      {
        productTypeId: (await w.product("DBX-STD-AC1Y")).productTypeId,
        sku: "SRV-ONE-AC1Y",
        name: "Server appliance",
        kind: "base",
        term: "AC1Y",
        minQuantity: 1,
        maxQuantity: 1,
        listPrice: "100.00",
        cost: "60.00",
        includedLicences: 0,
        characteristics: {},
        policies: {},
        addonProductIds: [],
        excludedFromProration: false,
      },
    );
    const { subscription: sub } = await createTestSubscription(h.ctx.deps, w, {
      sku: "SRV-ONE-AC1Y",
      quantity: 1,
    });
    await open(sub.id, sub.name);
    await page.getByRole("button", { name: "Actions" }).click();
    const item = page.getByRole("menuitem", { name: /Manage renewal/ });
    await item.waitFor({ state: "visible" });
    assert.ok(await item.isDisabled(), "the action is unavailable");
    assert.match(
      (await item.textContent()) ?? "",
      /R-REN-02: Server appliance is sold in a fixed quantity of 1/,
    );
    await page.waitForTimeout(300); // the menu's fade-in, for the screenshot only
    await h.screenshot("bss-manage-renewal-unavailable");
    await page.keyboard.press("Escape");
  });

  it("logged no console errors", () => {
    assert.deepEqual(h.consoleErrors, []);
  });
});
