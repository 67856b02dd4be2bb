import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { signIn } from "../http.ts";
import { setupSubscriptionWorld } from "../subscription-fixtures.ts";
import { type BrowserHarness, startBrowserHarness } from "./browser.ts";

/**
 * Accounts and catalogue in the back office: a new reseller (validated in the form, then by the
 * server), its Order Approval, billing options and Storefront publishing (R-CAT-07); the
 * catalogue's upgrade paths. Every number the page shows is compared with the API's answer.
 */
describe("BSS back office: accounts, billing options, publishing, upgrade paths (Chromium)", () => {
  let h: BrowserHarness;

  before(async () => {
    // A taken Storefront alias answers 409: the page shows the message, the browser logs the 409.
    h = await startBrowserHarness({ expectedHttpErrors: [{ status: 409, path: "/api/bss/accounts" }] });
  });
  after(async () => h?.close());

  it("creates a reseller, sets its options and publishes a product", async () => {
    const { page, app } = h;
    const w = await setupSubscriptionWorld(h.ctx.deps);
    await h.signInBss(w.admin.email);
    await page.getByRole("link", { name: "Accounts" }).first().click();
    await page.getByRole("heading", { name: "Accounts", exact: true }).waitFor();
    await page.getByRole("button", { name: "New account" }).click();
    const dialog = page.getByRole("dialog", { name: "New account" });
    await dialog.getByRole("button", { name: "Create account" }).click();
    await dialog.getByText("Give the account a name").waitFor(); // nothing sent yet

    await dialog.getByRole("textbox", { name: "Kind" }).click();
    await page.getByRole("option", { name: "Reseller" }).click();
    await dialog.getByRole("textbox", { name: "Name" }).fill("Northwind Resale");
    await dialog.getByRole("textbox", { name: "Email" }).fill("not-an-email");
    await dialog.getByRole("textbox", { name: "Storefront alias" }).fill("Northwind");
    await dialog.getByRole("button", { name: "Create account" }).click();
    await dialog.getByText("Not a valid email address").waitFor();
    await dialog.getByText("2–40 lowercase letters, digits and hyphens").waitFor();

    await dialog.getByRole("textbox", { name: "Email" }).fill("sales@northwind.test");
    await dialog.getByRole("textbox", { name: "Storefront alias" }).fill(w.resellerA.storefrontAlias ?? "");
    await dialog.getByRole("button", { name: "Create account" }).click();
    const serverError = dialog.getByRole("alert");
    await serverError.waitFor();
    assert.match((await serverError.textContent()) ?? "", /\S/, "the server's reason is shown");
    await h.screenshot("bss-account-create-error");

    const alias = `northwind-${Date.now().toString(36)}`;
    await dialog.getByRole("textbox", { name: "Storefront alias" }).fill(alias);
    await dialog.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Northwind Resale", exact: true }).waitFor();
    const id = new URL(page.url()).pathname.split("/").pop() ?? "";
    const cookie = await signIn(app, w.admin.email, "bss");
    const get = async (url: string) => (await app.inject({ method: "GET", url, headers: cookie })).json();
    assert.equal((await get(`/api/bss/accounts/${id}`)).storefrontAlias, alias);

    // Order Approval: on by default, switched off.
    const approval = page.getByRole("switch", { name: /Order Approval/ });
    assert.equal(await approval.isChecked(), true);
    await approval.click({ force: true });
    await page.getByText("Orders now run without approval.").waitFor();
    assert.equal((await get(`/api/bss/accounts/${id}`)).orderApproval, false);

    // Billing options: a tax rate with a decimal, saved as basis points.
    const form = page.getByRole("form", { name: "Billing options" });
    await form.getByRole("textbox", { name: "Tax rate (%)" }).fill("21.555");
    await form.getByRole("button", { name: "Save billing options" }).click();
    await form.getByText("A percentage from 0 to 100, up to two decimals").waitFor();
    await form.getByRole("textbox", { name: "Tax rate (%)" }).fill("21.5");
    await form.getByRole("switch", { name: "Prorate partial periods" }).click({ force: true });
    await form.getByRole("button", { name: "Save billing options" }).click();
    await page.getByText("Billing options saved").waitFor();
    const options = await get(`/api/bss/accounts/${id}/billing-options`);
    assert.deepEqual([options.taxRateBasisPoints, options.prorate, options.isDefault], [2150, false, false]);

    // Publishing in the new reseller's Storefront.
    await page.getByText("Nothing published: the Storefront sells nothing yet.").waitFor();
    await page.getByRole("searchbox", { name: "Find products" }).fill("DBX-STD-MCMB");
    const pick = page.getByRole("textbox", { name: "Product or group to publish" });
    await pick.click();
    await page.getByRole("option", { name: /· DBX-STD-MCMB$/ }).click();
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByRole("button", { name: "Unpublish" }).waitFor();
    const pubs = await get(`/api/bss/catalog/storefronts/${id}/publications`);
    assert.equal(pubs.items.length, 1);
    await h.screenshot("bss-account-detail", { fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole("button", { name: "Toggle navigation" }).waitFor();
    await page.getByRole("heading", { name: "Northwind Resale", exact: true }).waitFor();
    await h.screenshot("bss-account-detail-phone", { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    // The account's subscriptions: the list, filtered to it, with a way back to all.
    await page.getByRole("main").getByRole("link", { name: "Subscriptions" }).click();
    await page.getByTestId("account-filter").getByText("Northwind Resale").waitFor();
    await page.getByText("No subscriptions match these filters").waitFor();
    await page.getByRole("button", { name: "Show all accounts" }).click();
    await page.getByTestId("account-filter").waitFor({ state: "detached" });

    // The catalogue's upgrade paths: the definition's, paged.
    await page.getByRole("link", { name: "Catalogue" }).first().click();
    await page.getByRole("tab", { name: "Upgrade paths" }).click();
    const total = (await get("/api/bss/catalog/upgrade-paths?limit=1")).total as number;
    assert.ok(total > 0);
    await page.getByText(`1–50 of ${total} paths`).waitFor();
    await h.screenshot("bss-upgrade-paths");

    // Publishing: the new reseller's Storefront is listed; a product group is made.
    await page.getByRole("tab", { name: "Publishing" }).click();
    await page.getByRole("cell", { name: `/store/${alias}` }).waitFor();
    const groupForm = page.getByRole("form", { name: "New product group" });
    await groupForm.getByRole("button", { name: "Create group" }).click();
    await groupForm.getByText("Give the group a name").waitFor();
    await groupForm.getByRole("textbox", { name: "New group" }).fill("Northwind bundle");
    await groupForm.getByRole("textbox", { name: "Products" }).fill("DBX-STD-MCMB");
    await page.getByRole("option", { name: /· DBX-STD-MCMB$/ }).click();
    await page.keyboard.press("Escape");
    await groupForm.getByRole("button", { name: "Create group" }).click();
    await page.getByRole("cell", { name: "Northwind bundle" }).waitFor();
    const groups = await get("/api/bss/catalog/product-groups?limit=500");
    const made = groups.items.find((g: { name: string }) => g.name === "Northwind bundle");
    assert.equal(made?.productIds.length, 1);

    // The reseller's own price list: a markup, then one product's price set and removed.
    await page.getByRole("link", { name: "Price lists" }).first().click();
    await page.getByRole("button", { name: "New price list" }).click();
    const create = page.getByRole("dialog", { name: "New price list" });
    await create.getByRole("textbox", { name: "Name" }).fill("Northwind prices");
    await create.getByRole("textbox", { name: "Reseller" }).click();
    await page.getByRole("option", { name: "Northwind Resale" }).click();
    await create.getByRole("textbox", { name: "Markup over cost (%)" }).fill("12.5");
    await create.getByRole("button", { name: "Create price list" }).click();
    await page.getByRole("heading", { name: "Northwind prices", exact: true }).waitFor();
    await page.getByText("markup +12.5 % over cost").waitFor();
    const listId = new URL(page.url()).pathname.split("/").pop() ?? "";
    await page.getByRole("searchbox", { name: "Find products" }).fill("DBX-STD-MCMB");
    await page.getByRole("textbox", { name: "Product", exact: true }).click();
    await page.getByRole("option", { name: /· DBX-STD-MCMB$/ }).click();
    await page.getByRole("textbox", { name: "Unit price" }).fill("13.5x");
    await page.getByRole("button", { name: "Set price" }).click();
    await page.getByText("A decimal amount such as 12.00").waitFor();
    await page.getByRole("textbox", { name: "Unit price" }).fill("13.50");
    await page.getByRole("button", { name: "Set price" }).click();
    await page.getByRole("cell", { name: "€13.50" }).waitFor();
    const entries = await get(`/api/bss/catalog/price-lists/${listId}/entries`);
    assert.deepEqual(
      entries.items.map((e: { unitPrice: { decimal: string } }) => e.unitPrice.decimal),
      ["13.50"],
    );
    await h.screenshot("bss-price-list");
    await page.getByRole("button", { name: "Remove this entry" }).click();
    await page.getByText("This price list has no entries").waitFor();

    // A back-office order: pre-checked by the server (R-ORD-06 service details), then placed.
    await page.getByRole("link", { name: "Orders" }).first().click();
    await page.getByRole("link", { name: "New order" }).click();
    await page.getByRole("heading", { name: "New order", exact: true }).waitFor();
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByText("Choose the customer").waitFor();
    await page.getByRole("searchbox", { name: "Find customers" }).fill(w.customerA1.name);
    await page.getByRole("textbox", { name: "Customer" }).click();
    await page.getByRole("option", { name: new RegExp(`^${w.customerA1.name}`) }).click();
    const line1 = page.getByRole("region", { name: "Line 1" });
    await line1.getByRole("searchbox", { name: "Find products" }).fill("DBX-STD-MCMB");
    await line1.getByRole("textbox", { name: "Product" }).click();
    await page.getByRole("option", { name: /· DBX-STD-MCMB ·/ }).click();
    await line1.getByRole("textbox", { name: "Licences" }).fill("3");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByTestId("order-preview").waitFor();
    // The missing service details, each on its field: Reseller ID (R-ORD-06), team admin (R-ORD-02).
    await line1.getByText(/^R-ORD-06: Reseller ID is required/).waitFor();
    await line1.getByText(/^R-ORD-02: /).waitFor();
    assert.ok(await page.getByRole("button", { name: "Place order" }).isDisabled());
    await line1
      .getByRole("textbox", { name: "Email" })
      .fill(`admin-${Date.now().toString(36)}@northwind.test`);
    await line1.getByRole("textbox", { name: "Reseller ID" }).fill("RS-1");
    await page.getByRole("button", { name: "Preview" }).click();
    const listPrice = (await get(`/api/bss/catalog/products?q=DBX-STD-MCMB&limit=5`)).items.find(
      (p: { sku: string }) => p.sku === "DBX-STD-MCMB",
    ).listPrice.minor as string;
    const orderTotal = 3n * BigInt(listPrice);
    await page
      .getByTestId("order-total")
      .filter({
        visible: true,
        hasText: `€${orderTotal / 100n}.${String(orderTotal % 100n).padStart(2, "0")}`,
      })
      .waitFor();
    await h.screenshot("bss-new-order", { fullPage: true });
    await page.getByRole("button", { name: "Place order" }).click();
    await page.getByRole("heading", { name: /^Order #\d+$/ }).waitFor();
    await page.getByRole("main").getByText("Executed", { exact: true }).first().waitFor();
  });

  it("logged no console errors", () => {
    assert.deepEqual(h.consoleErrors, []);
  });
});
