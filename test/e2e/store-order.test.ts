import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { publishToStorefront } from "../../src/modules/catalog/index.ts";
import { addBasketLine, checkoutBasket } from "../../src/modules/orders/index.ts";
import { attachSandbox, drainAll, subRow } from "../../src/modules/provisioning/provisioning.fixtures.ts";
import { queryRows, sql } from "../../src/shared/db.ts";
import type { DropboxSandbox } from "../../src/vendor-sandboxes/dropbox/index.ts";
import { TEST_PASSWORD, unique } from "../factories.ts";
import { line, type OrderWorld, orderWorld } from "../order-fixtures.ts";
import { type StoreE2E, startStoreE2E } from "./store-harness.ts";

/**
 * Storefront ordering in the browser: a Standard Edition reseller orders Dropbox Business for a
 * NEW end customer. The pre-check is shown next to the field it concerns (R-ORD-01 on the
 * licences, R-ORD-06 on the Reseller ID of a new customer's first order); the order is provisioned
 * through the outbox against the Dropbox sandbox, and the confirmation page shows it Synchronized.
 */
const BUSINESS = "Dropbox Business, Monthly Commitment - Monthly Billed";
const SIGN = "Dropbox Sign Standard, Monthly Commitment - Monthly Billed";
const STANDARD_AC1M = "Dropbox Standard, Annual Commitment - Monthly Billed";

describe("Storefront: a reseller orders for a new customer (Chromium)", () => {
  let e: StoreE2E;
  let w: OrderWorld;
  let sandbox: DropboxSandbox;
  let alias: string;

  before(async () => {
    e = await startStoreE2E();
    w = await orderWorld(e.ctx.deps);
    alias = w.resellerA.storefrontAlias!;
    await publishToStorefront(e.ctx.deps, { tenantId: w.tenant.id }, w.resellerA.id, {
      productId: w.id("DBX-BUS-MCMB"),
    });
    sandbox = await attachSandbox(e.ctx.deps, { clock: e.ctx.clock });
  });

  after(async () => {
    await e?.close();
    await sandbox?.close();
  });

  it("R-ORD-11 orders Dropbox Business for a new customer and sees it Synchronized", async () => {
    const { page, base } = e;
    const customerName = `Newco ${unique("e2e")}`;
    const adminEmail = `${unique("admin")}@newco.test`;

    // Signed out, "Add to basket" asks to sign in first, then opens the product's order form.
    await page.goto(`${base}/store/${alias}`);
    await page.getByRole("button", { name: `Add to basket: ${BUSINESS}` }).click();
    await page.waitForURL(/\/login\?next=/);
    await page.getByRole("textbox", { name: "Email" }).fill(w.sfA.email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    const modal = page.getByRole("dialog", { name: BUSINESS });
    await modal.getByRole("textbox", { name: "Licences" }).waitFor();
    assert.equal(await modal.getByRole("textbox", { name: "Licences" }).inputValue(), "3");
    // The form checks the email before sending anything.
    await modal.getByRole("textbox", { name: "Email" }).fill("not-an-email");
    await modal.getByRole("button", { name: "Add to basket" }).click();
    await modal.getByText("Email must be a valid email address.").waitFor();
    await modal.getByRole("textbox", { name: "Email" }).fill(adminEmail);
    await modal.getByRole("button", { name: "Add to basket" }).click();
    await modal.waitFor({ state: "hidden" });
    await page
      .getByRole("link", { name: /Basket/ })
      .first()
      .click();

    // R-ORD-01 inline: below the minimum, the error sits on the line's Licences field.
    const line = page.getByRole("article", { name: `Basket line ${BUSINESS}` });
    const licences = line.getByRole("textbox", { name: "Licences" });
    await licences.fill("2");
    await licences.press("Tab");
    await line.getByText(/\(R-ORD-01\)/).waitFor();
    assert.equal(await licences.getAttribute("aria-invalid"), "true");
    await e.screenshot("store-basket-precheck");
    await licences.fill("3");
    await licences.press("Tab");
    await line.getByText(/\(R-ORD-01\)/).waitFor({ state: "detached" });

    // Checkout for a new customer: R-ORD-06 asks for the Reseller ID on the line, next to its field.
    await page.getByRole("link", { name: "Proceed to checkout" }).click();
    await page.getByRole("radio", { name: "For a new customer" }).check();
    await page.getByRole("textbox", { name: "Customer name" }).fill(customerName);
    await page.getByRole("textbox", { name: "Customer email" }).fill(`owner@${unique("newco")}.test`);
    const checkoutLine = page.getByRole("article", { name: `Basket line ${BUSINESS}` });
    const resellerId = checkoutLine.getByRole("textbox", { name: "Reseller ID" });
    await checkoutLine.getByText(/Reseller ID is required.*\(R-ORD-06\)/).waitFor();
    assert.equal(await resellerId.getAttribute("aria-invalid"), "true");
    assert.ok(await page.getByRole("button", { name: "Place order" }).isDisabled());
    await e.screenshot("store-checkout-precheck");

    await resellerId.fill("RS-1");
    await resellerId.press("Tab");
    await checkoutLine.getByText(/\(R-ORD-06\)/).waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Place order" }).click();

    await page.getByRole("heading", { name: /Order #\d+ placed/ }).waitFor();
    const sync = page.getByTestId("sync-status").filter({ visible: true });
    await sync.waitFor();
    assert.equal((await sync.textContent())?.trim(), "Pending");

    // The outbox provisions the plan at the vendor sandbox; the page polls until it is answered.
    await drainAll(e.ctx.deps);
    await sync.filter({ hasText: "Synchronized" }).waitFor();
    await e.screenshot("store-order-confirmation");

    const [created] = await queryRows<{ id: string; parent_account_id: string }>(
      e.ctx.deps.db,
      sql`select id, parent_account_id from accounts where tenant_id = ${w.tenant.id} and name = ${customerName}`,
    );
    assert.equal(created!.parent_account_id, w.resellerA.id, "the new customer is the reseller's");
    const [sub] = await queryRows<{ id: string }>(
      e.ctx.deps.db,
      sql`select id from subscriptions where account_id = ${created!.id}`,
    );
    const row = await subRow(e.ctx.deps, sub!.id);
    assert.equal(row.sync_status, "synchronized");
    assert.equal(row.quantity, 3);
    assert.ok(row.external_id, "the vendor's team id is recorded");

    // Phone width: the navigation folds behind the burger.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: "Toggle navigation" }).waitFor();
    await e.screenshot("store-order-confirmation-phone");
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("R-ORD-09 the reseller approves its customer's waiting order in the Storefront", async () => {
    const { page, base } = e;
    await addBasketLine(e.ctx.deps, w.actors.sfA1, line(w, "DBX-STD-MCMB", 3));
    const { order } = await checkoutBasket(e.ctx.deps, w.actors.sfA1, {}, { dryRun: false });
    assert.equal(order.status, "pending_reseller_approval");

    await page.goto(`${base}/store/${alias}/billing/orders/${order.id}`);
    await page.getByRole("heading", { name: `Order #${order.number}` }).waitFor();
    await page.getByText("Waiting for your approval").waitFor();
    await page.getByRole("button", { name: "Approve" }).click();
    await page.getByText("Executed", { exact: true }).waitFor();
    await page.getByText("Waiting for your approval").waitFor({ state: "detached" });
    const [row] = await queryRows<{ status: string }>(
      e.ctx.deps.db,
      sql`select status from orders where id = ${order.id}`,
    );
    assert.equal(row!.status, "executed");
  });

  it("R-SGN-04 and R-ORD-05 are shown next to the add-ons and the billing plan they concern", async () => {
    const { page, base } = e;
    await page.goto(`${base}/store/${alias}`);
    await page.getByRole("button", { name: `Add to basket: ${SIGN}` }).click();
    const modal = page.getByRole("dialog", { name: SIGN });
    await modal.getByRole("textbox", { name: "Licences" }).fill("5");
    await modal.getByRole("checkbox", { name: /^Dropbox Sign Salesforce, Monthly/ }).check();
    await modal.getByRole("button", { name: "Add to basket" }).click();
    await modal.waitFor({ state: "hidden" });
    await page.goto(`${base}/store/${alias}/basket`);

    const sign = page.getByRole("article", { name: `Basket line ${SIGN}` });
    const licences = sign.getByRole("textbox", { name: "Licences" });
    await licences.fill("6");
    await licences.press("Tab");
    const parity = sign.getByTestId("addons-error");
    await parity.filter({ hasText: "(R-SGN-04)" }).waitFor();
    await sign.getByRole("button", { name: "Match add-ons to 6 licences" }).click();
    await parity.waitFor({ state: "detached" });
    await sign.getByRole("cell", { name: "× 6" }).waitFor();

    // AC1M with a one-time payment: R-ORD-05's exact text under the billing plan.
    await page.goto(`${base}/store/${alias}`);
    await page.getByRole("button", { name: `Add to basket: ${STANDARD_AC1M}` }).click();
    const ac1m = page.getByRole("dialog", { name: STANDARD_AC1M });
    await ac1m.getByRole("textbox", { name: "Email" }).fill(`${unique("admin")}@team.test`);
    await ac1m.getByRole("button", { name: "Add to basket" }).click();
    await ac1m.waitFor({ state: "hidden" });
    await page.goto(`${base}/store/${alias}/basket`);
    const annual = page.getByRole("article", { name: `Basket line ${STANDARD_AC1M}` });
    await annual.getByTestId("installments").filter({ hasText: "12 monthly installments" }).waitFor();
    await annual.getByText("One-time payment").click();
    const planError = annual.getByTestId("billing-plan-error");
    await planError.waitFor();
    assert.equal(
      (await planError.textContent())?.trim(),
      "This product supports only the AC1M billing option. For AC1Y, please choose the corresponding “Annual Commitment, Billed Annually” product. (R-ORD-05)",
    );
    await e.screenshot("store-basket-sign-ac1m");
  });

  it("logged no console errors", () => {
    assert.deepEqual(e.consoleErrors, []);
  });
});
