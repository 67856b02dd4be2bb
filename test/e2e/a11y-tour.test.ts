import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEMO_USERS, seedDemo } from "../../src/demo/seed-demo.ts";
import { queryRows, sql } from "../../src/shared/db.ts";
import { type BrowserHarness, DESKTOP, PHONE, startBrowserHarness } from "./browser.ts";

/**
 * Issue 16 (4), WCAG 2.1 AA: axe-core runs on every page the README's five-minute tour visits,
 * at desktop and phone widths, with the dialogs open where the tour opens them; any violation
 * fails the test with its rule, impact, element and summary (browser.ts `checkA11y`). Every page
 * has one h1, a skip link as its first focusable element, and a dialog opened from a menu gives
 * the focus back to the menu's button when it closes.
 */
const ALIAS = DEMO_USERS.storefrontAlias;

/** Responses the pages get on purpose (the browser logs each as a console error). */
const EXPECTED_HTTP_ERRORS = [{ status: 401, path: "/api/bss/auth/me" }];

describe("accessibility of the README tour (axe-core, Chromium)", () => {
  let h: BrowserHarness;
  let tenantId: string;
  let password: string;

  /** Goes to `path`, waits for its h1 (and `ready`), checks it at both widths; one h1 per page. */
  const visit = (label: string, path: string, heading: string | RegExp, ready?: () => Promise<void>) =>
    h.visitAndCheckA11y(label, path, heading, ready);

  async function firstId(query: ReturnType<typeof sql>): Promise<string> {
    const [row] = await queryRows<{ id: string }>(h.ctx.deps.db, query);
    assert.ok(row, "the demo data has the row the tour opens");
    return row.id;
  }

  /** The skip link is the first thing Tab reaches, and it moves the focus to the main content. */
  async function assertSkipLink() {
    await h.page.locator("body").focus();
    await h.page.keyboard.press("Tab");
    const focused = await h.page.evaluate(() => document.activeElement?.textContent?.trim());
    assert.equal(focused, "Skip to content");
    await h.page.keyboard.press("Enter");
    assert.equal(await h.page.evaluate(() => document.activeElement?.tagName), "MAIN");
  }

  /** A dialog opened from a menu has the focus (the menu does not take it back). */
  async function assertFocusInDialog(dialogName: string) {
    const dialog = h.page.getByRole("dialog", { name: dialogName });
    await dialog.waitFor();
    await h.page.waitForTimeout(100); // past the menu's own focus return (10 ms)
    assert.ok(
      await dialog.evaluate((d) => d.contains(document.activeElement)),
      `the focus is inside the dialog "${dialogName}"`,
    );
  }

  /** Escape closes the dialog and the focus is back on the menu's button. */
  async function assertFocusBack(dialogName: string, triggerName: string) {
    const dialog = h.page.getByRole("dialog", { name: dialogName });
    await h.page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    const focused = () =>
      h.page.evaluate(() => {
        const e = document.activeElement;
        return e ? `${e.tagName} ${e.textContent?.trim()}` : "nothing";
      });
    await h.page
      .waitForFunction((name) => document.activeElement?.textContent?.trim() === name, triggerName, {
        timeout: 3_000,
      })
      .catch(() => undefined);
    assert.equal(await focused(), `BUTTON ${triggerName}`, "the focus is back on the menu's button");
  }

  before(async () => {
    h = await startBrowserHarness({ expectedHttpErrors: EXPECTED_HTTP_ERRORS });
    ({ tenantId } = await seedDemo(h.ctx.deps));
    password = h.ctx.deps.config.OPENBSS_DEMO_PASSWORD;
  });
  after(async () => h?.close());

  it("the back office sign-in page", async () => {
    await visit("BSS sign-in", "/bss/login", "Sign in to the back office");
  });

  it("dashboard: one h1, a skip link first, the navigation at phone width", async () => {
    await h.signInBss("admin@distributor.demo", password);
    await visit("BSS dashboard", "/bss", "Dashboard");
    await assertSkipLink();
    await h.page.setViewportSize(PHONE);
    await h.page.getByRole("button", { name: "Toggle navigation" }).click();
    await h.page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Accounts" })
      .waitFor();
    await h.checkA11y("BSS navigation opened (phone)");
    await h.page.setViewportSize(DESKTOP);
  });

  it("accounts and an account's page", async () => {
    await visit("BSS accounts", "/bss/accounts", "Accounts", () =>
      h.page.getByText("Skyline IT").first().waitFor(),
    );
    const skyline = await firstId(
      sql`select id from accounts where tenant_id = ${tenantId} and name = 'Skyline IT'`,
    );
    await visit("BSS account", `/bss/accounts/${skyline}`, "Skyline IT");
  });

  it("catalogue: products, product types, upgrade paths, publishing, a product", async () => {
    await visit("BSS catalogue", "/bss/catalogue", "Catalogue");
    await visit("BSS product types", "/bss/catalogue/product-types", "Catalogue");
    await h.page.getByRole("button", { name: "Cancellation options" }).first().click();
    await h.page.getByRole("dialog", { name: /^Cancellation requests — / }).waitFor();
    await h.checkA11y("BSS cancellation options dialog");
    await h.page.keyboard.press("Escape");
    await h.page.getByRole("dialog").waitFor({ state: "detached" });
    await visit("BSS upgrade paths", "/bss/catalogue/upgrade-paths", "Catalogue");
    await visit("BSS publishing", "/bss/catalogue/publishing", "Catalogue");
    const product = await firstId(
      sql`select id from products where tenant_id = ${tenantId} and sku = 'DBX-BUS-MCMB'`,
    );
    await visit("BSS product", `/bss/catalogue/products/${product}`, /Dropbox Business/);
  });

  it("price lists and a price list", async () => {
    await visit("BSS price lists", "/bss/price-lists", "Price lists");
    const list = await firstId(sql`select id from price_lists where tenant_id = ${tenantId} limit 1`);
    await visit("BSS price list", `/bss/price-lists/${list}`, /\S/);
  });

  it("orders, an order, a new order", async () => {
    await visit("BSS orders", "/bss/orders", "Orders");
    const order = await firstId(
      sql`select id from orders where tenant_id = ${tenantId} order by created_at limit 1`,
    );
    await visit("BSS order", `/bss/orders/${order}`, /Order/);
    await visit("BSS new order", "/bss/orders/new", "New order");
  });

  it("subscriptions, a subscription, an action's dialog opened from the Actions menu", async () => {
    await visit("BSS subscriptions", "/bss/subscriptions", "Subscriptions");
    const [sub] = await queryRows<{ id: string; name: string }>(
      h.ctx.deps.db,
      sql`select s.id, s.name from subscriptions s join accounts a on a.id = s.account_id
          where s.tenant_id = ${tenantId} and a.name = 'Delta Logistics' order by s.created_at limit 1`,
    );
    assert.ok(sub);
    await visit("BSS subscription", `/bss/subscriptions/${sub.id}`, sub.name);
    const { page } = h;
    const item = page.getByRole("menuitem", { name: "Cancel subscription" });
    // A loaded machine may close the menu as the page settles: open it until its item shows.
    for (let attempt = 0; attempt < 3 && !(await item.isVisible()); attempt += 1) {
      await page.getByRole("button", { name: "Actions" }).click();
      await item.waitFor({ state: "visible", timeout: 3000 }).catch(() => undefined);
    }
    await item.click();
    const dialog = page.getByRole("dialog", { name: "Cancel subscription" });
    await assertFocusInDialog("Cancel subscription");
    await dialog.getByRole("button", { name: "Preview" }).click();
    await dialog.getByTestId("command-preview").or(dialog.getByTestId("violations")).first().waitFor();
    await assertFocusInDialog("Cancel subscription"); // not dropped with the Preview button
    await h.checkA11y("BSS cancel dialog with its preview");
    await assertFocusBack("Cancel subscription", "Actions");
  });

  it("cancellation requests", async () => {
    await visit("BSS cancellation requests", "/bss/cancellation-requests", "Cancellation requests");
  });

  it("invoices and an invoice", async () => {
    await visit("BSS documents", "/bss/billing/documents", "Invoices and credit notes");
    const doc = await firstId(
      sql`select id from billing_documents where tenant_id = ${tenantId} and kind = 'invoice' and status <> 'draft' order by created_at limit 1`,
    );
    await visit("BSS document", `/bss/billing/documents/${doc}`, /\S/);
    await h.page.getByRole("button", { name: "Create credit note" }).click();
    await h.page.getByRole("dialog").waitFor();
    await h.checkA11y("BSS create credit note dialog");
    await h.page.keyboard.press("Escape");
    await h.page.getByRole("dialog").waitFor({ state: "detached" });
  });

  it("billing runs, the sandbox clock, the mailbox with a message open", async () => {
    await visit("BSS billing runs", "/bss/billing/runs", "Billing runs");
    await visit("BSS sandbox clock", "/bss/sandbox/clock", "Sandbox clock");
    await visit("BSS mailbox", "/bss/mailbox", "Mailbox");
    await h.page
      .getByRole("button", { name: / received$/ })
      .first()
      .click();
    const message = h.page.getByRole("dialog", { name: / received$/ });
    await message.getByRole("tab").first().waitFor();
    await h.checkA11y("BSS mailbox message (HTML)");
    await message.getByRole("tab", { name: "Text" }).click();
    await h.checkA11y("BSS mailbox message (text)");
    await h.page.keyboard.press("Escape");
    await message.waitFor({ state: "detached" });
  });

  it("tenant resellers and Nimbus Partners", async () => {
    await visit("BSS tenant resellers", "/bss/tenant-resellers", "Tenant resellers");
    const nimbus = await firstId(sql`select id from tenants where name like 'Nimbus%'`);
    await visit("BSS tenant reseller", `/bss/tenant-resellers/${nimbus}`, /Nimbus/);
    await h.page.getByRole("button", { name: "Check now" }).click();
    await h.page.waitForLoadState("networkidle");
    await h.checkA11y("BSS tenant reseller consistency");
  });

  it("service managers and the Dropbox service manager", async () => {
    await visit("BSS service managers", "/bss/service-managers", "Service managers");
    const sm = await firstId(
      sql`select id from service_manager_instances where tenant_id = ${tenantId} limit 1`,
    );
    await visit("BSS service manager", `/bss/service-managers/${sm}`, /\S/);
  });

  it("webhooks, promotions, company details", async () => {
    await visit("BSS webhooks", "/bss/webhooks", "Webhooks");
    await visit("BSS promotions", "/bss/promotions", "Promotions");
    await visit("BSS company details", "/bss/settings/company", "Company details");
    await visit("BSS page not found", "/bss/no-such-page", "Page not found");
  });

  it("the Storefront's front page and sign-in, signed out", async () => {
    await visit("Store front page", `/store/${ALIAS}`, "Skyline IT");
    await assertSkipLink();
    await visit("Store sign-in", `/store/${ALIAS}/login`, /\S/, () =>
      h.page.getByRole("button", { name: "Sign in" }).waitFor(),
    );
  });

  it("the reseller orders: add to basket, basket, checkout", async () => {
    const { page } = h;
    await page.getByRole("textbox", { name: "Email" }).fill("owner@skyline.demo");
    await page.getByRole("textbox", { name: "Password", exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.endsWith("/login"));
    await visit("Store front page (reseller)", `/store/${ALIAS}`, "Skyline IT");
    await page
      .getByRole("button", { name: /^Add to basket: Dropbox Business/ })
      .first()
      .click();
    const modal = page.getByRole("dialog");
    await modal.getByRole("textbox", { name: "Licences" }).waitFor();
    await h.checkA11y("Store add-to-basket dialog");
    await modal.getByRole("textbox", { name: "Email" }).fill("admin@newco.test");
    await modal.getByRole("button", { name: "Add to basket" }).click();
    await modal.waitFor({ state: "hidden" });
    await visit("Store basket", `/store/${ALIAS}/basket`, "Your basket", () =>
      page.getByRole("article").first().waitFor(),
    );
    await visit("Store checkout", `/store/${ALIAS}/checkout`, "Checkout");
    await page.getByRole("radio", { name: "For a new customer" }).check();
    await page.getByRole("textbox", { name: "Customer name" }).fill("Tour Newco");
    await page.getByRole("textbox", { name: "Customer email" }).fill("owner@tour-newco.test");
    await page.waitForLoadState("networkidle"); // the pre-check of the lines
    await h.checkA11y("Store checkout for a new customer");
    const resellerId = page.getByRole("textbox", { name: "Reseller ID" });
    if ((await resellerId.count()) > 0) {
      await resellerId.first().fill("RS-TOUR");
      await resellerId.first().press("Tab");
    }
    await page.locator("button:not([disabled])", { hasText: "Place order" }).click();
    await h.checkA11yAtBothWidths("Store order confirmation", () =>
      page.getByRole("heading", { level: 1, name: /Order #\d+ placed/ }).waitFor(),
    );
    // The reseller's orders: Acme's order waits for its approval.
    await visit("Store orders (reseller)", `/store/${ALIAS}/billing/orders`, "Orders");
    const [pending] = await queryRows<{ id: string }>(
      h.ctx.deps.db,
      sql`select id from orders where status = 'pending_reseller_approval' order by created_at limit 1`,
    );
    assert.ok(pending, "the demo has an order waiting for approval");
    await visit(
      "Store order waiting for approval",
      `/store/${ALIAS}/billing/orders/${pending.id}`,
      /Order #/,
      () => page.getByRole("button", { name: "Approve" }).waitFor(),
    );
    // The navigation drawer at phone width.
    await page.setViewportSize(PHONE);
    await page.getByRole("button", { name: "Toggle navigation" }).click();
    await page.getByRole("dialog").getByRole("link", { name: "Billing" }).waitFor();
    await h.checkA11y("Store navigation drawer (phone)");
    await page.keyboard.press("Escape");
    await page.setViewportSize(DESKTOP);
  });

  it("the end customer's billing: overview, orders, subscriptions, a subscription's menu, documents, account", async () => {
    const { page } = h;
    await page.context().clearCookies();
    await page.evaluate(() => window.localStorage.clear());
    await page.goto(`${h.base}/store/${ALIAS}/login`);
    await page.getByRole("textbox", { name: "Email" }).fill("it@acme.demo");
    await page.getByRole("textbox", { name: "Password", exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.endsWith("/login"));
    await visit("Store billing overview", `/store/${ALIAS}/billing`, "Billing");
    await visit("Store orders", `/store/${ALIAS}/billing/orders`, "Orders");
    const [order] = await queryRows<{ id: string }>(
      h.ctx.deps.db,
      sql`select o.id from orders o join accounts a on a.id = o.account_id
          where a.name = 'Acme Manufacturing' order by o.created_at limit 1`,
    );
    assert.ok(order);
    await visit("Store order", `/store/${ALIAS}/billing/orders/${order.id}`, /Order #/);
    await visit("Store subscriptions", `/store/${ALIAS}/billing/subscriptions`, "Subscriptions");
    const [sub] = await queryRows<{ id: string; name: string }>(
      h.ctx.deps.db,
      sql`select s.id, s.name from subscriptions s join accounts a on a.id = s.account_id
          where a.name = 'Acme Manufacturing' order by s.created_at limit 1`,
    );
    assert.ok(sub);
    await visit("Store subscription", `/store/${ALIAS}/billing/subscriptions/${sub.id}`, sub.name);
    await page.getByRole("button", { name: "I want to…" }).click();
    await page.getByRole("menuitem", { name: "Cancel the subscription" }).click();
    await assertFocusInDialog("Cancel the subscription");
    await h.checkA11y("Store cancel dialog");
    await assertFocusBack("Cancel the subscription", "I want to…");
    await visit("Store documents", `/store/${ALIAS}/billing/documents`, "Invoices and credit notes");
    await visit("Store account", `/store/${ALIAS}/account`, /\S/);
  });

  it("in the dark colour scheme too (desktop): back office and Storefront pages", async () => {
    const { page } = h;
    await page.emulateMedia({ colorScheme: "dark" });
    try {
      for (const [label, path, heading] of [
        ["Store billing overview (dark)", `/store/${ALIAS}/billing`, "Billing"],
        ["Store subscriptions (dark)", `/store/${ALIAS}/billing/subscriptions`, "Subscriptions"],
        ["Store front page (dark)", `/store/${ALIAS}`, "Skyline IT"],
      ] as const) {
        await page.goto(`${h.base}${path}`);
        await page.getByRole("heading", { level: 1, name: heading }).waitFor();
        await page.waitForLoadState("networkidle");
        await h.checkA11y(label);
      }
      await h.signInBss("admin@distributor.demo", password);
      for (const [label, path, heading] of [
        ["BSS dashboard (dark)", "/bss", "Dashboard"],
        ["BSS subscriptions (dark)", "/bss/subscriptions", "Subscriptions"],
        ["BSS catalogue (dark)", "/bss/catalogue", "Catalogue"],
        ["BSS documents (dark)", "/bss/billing/documents", "Invoices and credit notes"],
        ["BSS orders (dark)", "/bss/orders", "Orders"],
      ] as const) {
        await page.goto(`${h.base}${path}`);
        await page.getByRole("heading", { level: 1, name: heading }).waitFor();
        await page.waitForLoadState("networkidle");
        await h.checkA11y(label);
      }
    } finally {
      await page.emulateMedia({ colorScheme: "light" });
    }
  });

  it("the check fails on a violation and says which rule, where and why", async () => {
    await h.page.evaluate(() => {
      const button = document.createElement("button"); // no text, no label: button-name
      button.id = "nameless";
      document.querySelector("main")?.append(button);
    });
    await assert.rejects(h.checkA11y("a page with a nameless button"), (error: Error) => {
      assert.match(error.message, /a page with a nameless button: 1 accessibility violation/);
      assert.match(error.message, /- button-name \[critical\] Buttons must have discernible text/);
      assert.match(error.message, /#nameless — Fix any of the following/);
      return true;
    });
  });

  it("logged no console errors", () => {
    assert.deepEqual(h.consoleErrors, []);
  });
});
