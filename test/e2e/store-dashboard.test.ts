import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import ExcelJS from "exceljs";
import { publishToStorefront } from "../../src/modules/catalog/index.ts";
import { addBasketLine, checkoutBasket } from "../../src/modules/orders/index.ts";
import { attachSandbox, drainAll, subRow } from "../../src/modules/provisioning/provisioning.fixtures.ts";
import type { StorefrontActor } from "../../src/modules/tenancy/index.ts";
import { queryRows, sql } from "../../src/shared/db.ts";
import type { DropboxSandbox } from "../../src/vendor-sandboxes/dropbox/index.ts";
import { line, type OrderWorld, orderWorld } from "../order-fixtures.ts";
import { type StoreE2E, startStoreE2E } from "./store-harness.ts";

/**
 * The end customer's billing dashboard in the browser (seed 004): the subscriptions list filtered
 * by status and exported to Excel — the downloaded file holds exactly the listed rows — and
 * Buy Licenses from the subscription's "I want to…" menu, previewed before it is confirmed.
 */
const STANDARD = "Dropbox Standard, Monthly Commitment - Monthly Billed";
const SIGN = "Dropbox Sign Standard, Monthly Commitment - Monthly Billed";
const ANNUAL = "Dropbox Standard, Annual Commitment - Annually Billed";

describe("Storefront billing dashboard (Chromium)", () => {
  let e: StoreE2E;
  let w: OrderWorld;
  let sandbox: DropboxSandbox;
  let alias: string;
  let ownStandard: string;
  let signSub: string;

  async function order(actor: StorefrontActor, input: object, checkout: object = {}): Promise<string> {
    await addBasketLine(e.ctx.deps, actor, input);
    const { order } = await checkoutBasket(e.ctx.deps, actor, checkout, { dryRun: false });
    assert.equal(order.status, "executed");
    return order.lines[0]!.subscriptionId!;
  }

  before(async () => {
    e = await startStoreE2E();
    w = await orderWorld(e.ctx.deps);
    alias = w.resellerA.storefrontAlias!;
    sandbox = await attachSandbox(e.ctx.deps, { clock: e.ctx.clock });
    // Customer A3 (no approval needed) bought two plans itself; its reseller ordered one for it
    // (R-DSH-04: no price shown); an annual plan has ended (Inactive), left out by the filter.
    ownStandard = await order(w.actors.sfA3, line(w, "DBX-STD-MCMB", 4));
    signSub = await order(
      w.actors.sfA3,
      line(w, "DBXS-STD-MCMB", 5, { addons: [{ sku: "DBXS-SFDC-MCMB" }] }),
    );
    await publishToStorefront(e.ctx.deps, { tenantId: w.tenant.id }, w.resellerA.id, {
      productId: w.id("DBX-BUS-MCMB"),
    });
    await order(w.actors.sfA, line(w, "DBX-STD-MCMB", 3), {
      customer: { kind: "existing", accountId: w.customerA3.id },
    });
    const annual = await order(w.actors.sfA3, line(w, "DBX-STD-AC1Y", 5, { billingPlan: "one_off" }));
    await drainAll(e.ctx.deps); // provisioned at the sandbox: Synchronized, so licences can be bought
    await e.ctx.deps.db.execute(sql`update subscriptions set status = 'inactive' where id = ${annual}`);
    await e.signIn(alias, w.sfA3.email);
  });

  after(async () => {
    await e?.close();
    await sandbox?.close();
  });

  it("R-DSH-01/03 filters subscriptions by status and exports exactly the listed rows to Excel", async () => {
    const { page } = e;
    await page.getByRole("heading", { name: "Billing" }).waitFor();
    await page.getByTestId("subscription-count").filter({ hasText: "4" }).waitFor();
    await page.getByRole("link", { name: "View All Subscriptions" }).click();
    await page.getByRole("heading", { name: "Subscriptions" }).waitFor();
    const rows = page.getByTestId("subscription-row");
    await rows.nth(3).waitFor();
    await page.getByRole("link", { name: ANNUAL }).waitFor(); // the Inactive one is listed before filtering

    await page.getByRole("textbox", { name: "Status" }).click();
    await page.getByRole("option", { name: "Active", exact: true }).click();
    await page.waitForURL(/status=active/);
    await page.getByRole("link", { name: ANNUAL }).waitFor({ state: "detached" });
    await page.locator("table[aria-busy=false]").waitFor();
    await page.getByText("1–3 of 3 subscriptions").waitFor();
    assert.equal(await rows.count(), 3);
    const listed = await rows.evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.textContent?.trim() ?? "")),
    );
    // Columns: logo, name, add-ons, quantity, status, unit price, discount, total.
    assert.deepEqual(
      listed.map((r) => r[1]),
      [STANDARD, STANDARD, SIGN].sort(),
    );
    assert.ok(
      listed.some((r) => r[5] === "-" && r[7] === "-"),
      "R-DSH-04: the reseller's order for the customer shows no price",
    );
    await e.screenshot("store-subscriptions-filtered");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export to Excel" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), "subscriptions.xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.getWorksheet("Subscriptions")!;
    const fileRows: string[][] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const v = (key: number) => row.getCell(key).value;
      fileRows.push([
        String(v(1)),
        String(v(2) ?? ""),
        String(v(3)),
        String(v(4)),
        String(v(5) === "-" ? "-" : "price"),
      ]);
    });
    assert.deepEqual(
      fileRows,
      listed.map((r) => [r[1], r[2] === "—" ? "" : r[2], r[3], r[4], r[5] === "-" ? "-" : "price"]),
      "the file's rows are the list's rows, in its order",
    );
  });

  it("R-DSH-06 buys licences: the preview shows the price effect, then the new quantity", async () => {
    const { page, base } = e;
    await page.goto(`${base}/store/${alias}/billing/subscriptions/${ownStandard}`);
    const quantity = page.getByTestId("subscription-quantity");
    await quantity.filter({ hasText: "4" }).waitFor();
    await page.getByRole("button", { name: "I want to…" }).click();
    await page.getByRole("menuitem", { name: "Buy Licenses" }).click();
    const dialog = page.getByRole("dialog", { name: "Buy Licenses" });
    const more = dialog.getByRole("textbox", { name: "Licences to add" });
    await more.fill("");
    await dialog.getByRole("button", { name: "Review price" }).click();
    await dialog.getByText("Enter a whole number of at least 1.").waitFor();
    await more.fill("2");
    await dialog.getByRole("button", { name: "Review price" }).click();
    const total = dialog.getByTestId("preview-total");
    await total.waitFor();
    assert.match((await total.textContent()) ?? "", /€\s?\d/);
    assert.ok((await dialog.getByTestId("action-preview").getByRole("row").count()) >= 2, "a billing line");
    assert.equal((await subRow(e.ctx.deps, ownStandard)).quantity, 4, "a preview changes nothing");
    await e.screenshot("store-buy-licences-preview", false);

    await dialog.getByRole("button", { name: "Buy licenses" }).click();
    await dialog.waitFor({ state: "hidden" });
    await quantity.filter({ hasText: "6" }).waitFor();
    assert.equal((await subRow(e.ctx.deps, ownStandard)).quantity, 6);
    await e.screenshot("store-subscription-detail");

    await page.getByRole("link", { name: "View Purchase History" }).click();
    await page.getByRole("heading", { name: "Purchase history" }).waitFor();
    const purchases = page.getByRole("table", { name: "purchases" });
    await purchases.getByText(/^Created from order/).waitFor();
    await purchases.getByText(/^Increased the licences from 4 to 6/).waitFor();
    assert.equal(await page.getByText(/^Synchronized with the vendor/).count(), 0, "purchases only");
  });

  it("R-DSH-06 upgrades part of the licences and cancels an add-on, each previewed first", async () => {
    const { page, base } = e;
    await drainAll(e.ctx.deps); // the licences bought above are confirmed by the vendor
    await page.goto(`${base}/store/${alias}/billing/subscriptions/${ownStandard}`);
    const quantity = page.getByTestId("subscription-quantity");
    await quantity.filter({ hasText: "6" }).waitFor();
    await page.getByRole("button", { name: "I want to…" }).click();
    await page.getByRole("menuitem", { name: "Upgrade" }).click();
    const upgrade = page.getByRole("dialog", { name: "Upgrade" });
    await upgrade.getByRole("radio", { name: /Some of the licences/ }).check();
    await upgrade.getByRole("textbox", { name: "Licences to upgrade" }).fill("3");
    await upgrade.getByRole("textbox", { name: "Upgrade to" }).click();
    await page.getByRole("option", { name: /^Dropbox Business, Monthly Commitment/ }).click();
    await upgrade.getByRole("button", { name: "Review price" }).click();
    await upgrade.getByTestId("preview-total").waitFor();
    assert.equal((await subRow(e.ctx.deps, ownStandard)).quantity, 6, "a preview changes nothing");
    await upgrade.getByRole("button", { name: "Upgrade", exact: true }).click();
    await upgrade.waitFor({ state: "hidden" });
    await quantity.filter({ hasText: "3" }).waitFor();
    const [moved] = await queryRows<{ quantity: number }>(
      e.ctx.deps.db,
      sql`select quantity from subscriptions where parent_subscription_id = ${ownStandard}`,
    );
    assert.equal(moved!.quantity, 3, "R-UPG-05: the upgraded licences are a new subscription");

    await page.goto(`${base}/store/${alias}/billing/subscriptions/${signSub}`);
    await page.getByRole("button", { name: "I want to…" }).click();
    await page.getByRole("menuitem", { name: "Cancel an Add-on" }).click();
    const cancel = page.getByRole("dialog", { name: "Cancel an Add-on" });
    await cancel.getByRole("button", { name: "Review price" }).click();
    await cancel.getByText("Choose the add-on to cancel.").waitFor();
    await cancel.getByRole("textbox", { name: "Add-on" }).click();
    await page.getByRole("option", { name: /Dropbox Sign Salesforce/ }).click();
    await cancel.getByRole("textbox", { name: /Instructions/ }).fill("No longer needed");
    await cancel.getByRole("button", { name: "Review price" }).click();
    assert.match((await cancel.getByTestId("preview-total").textContent()) ?? "", /-€/, "a credit");
    await cancel.getByRole("button", { name: "Cancel the add-on" }).click();
    await cancel.waitFor({ state: "hidden" });
    await page.getByText("(cancelled)").waitFor();
    const [addon] = await queryRows<{ status: string }>(
      e.ctx.deps.db,
      sql`select status from subscription_addons where subscription_id = ${signSub}`,
    );
    assert.equal(addon!.status, "canceled");
  });

  it("R-CAN-03 R-CAN-05 a full cancellation previews the credit issued on the vendor's confirmation; the page follows the vendor by itself", async () => {
    const { page, base } = e;
    const sub = await order(w.actors.sfA3, line(w, "DBX-STD-MCMB", 3));
    await drainAll(e.ctx.deps);
    await page.goto(`${base}/store/${alias}/billing/subscriptions/${sub}`);
    await page.getByTestId("sync-status").filter({ hasText: "Synchronized" }).waitFor();
    await page.getByRole("button", { name: "I want to…" }).click();
    await page.getByRole("menuitem", { name: "Cancel the subscription" }).click();
    const cancel = page.getByRole("dialog", { name: "Cancel the subscription" });
    await cancel.getByRole("radio", { name: "Immediately" }).check();
    await cancel.getByRole("button", { name: "Review price" }).click();
    const later = cancel.getByTestId("on-vendor-confirmation");
    await later.getByText("When the vendor confirms").waitFor();
    await cancel.getByText("No charge or credit before the vendor confirms.").waitFor();
    const announced = ((await later.getByTestId("confirmation-total").textContent()) ?? "").trim();
    assert.match(announced, /^-€\d+\.\d\d$/, "the credit the vendor's confirmation issues");
    await e.screenshot("store-cancel-preview");
    await cancel.getByRole("button", { name: "Cancel licences" }).click();
    await cancel.waitFor({ state: "hidden" });
    await page.getByTestId("vendor-wait").waitFor();

    await drainAll(e.ctx.deps); // the vendor confirms; the page is not reloaded by the test
    const answer = page.getByTestId("vendor-answer");
    await answer.getByText("The vendor confirmed the cancellation").waitFor({ timeout: 15_000 });
    const note = answer.getByTestId("issued-credit-note");
    await note.waitFor();
    assert.match((await note.textContent()) ?? "", new RegExp(`Credit note CN-\\d+ · ${announced}`));
    await page.getByTestId("vendor-wait").waitFor({ state: "detached" });
    await e.screenshot("store-cancel-confirmed");
  });

  it("R-PRV-01 D16 an add-on the vendor refused shows its own sync status and the vendor's reason", async () => {
    const { page, base } = e;
    const sub = await order(w.actors.sfA3, line(w, "DBX-STD-MCMB", 3, { addons: [{ sku: "DBX-1TB-MCMB" }] }));
    // The vendor refuses the new team's add-on once; the job then creates the team without it.
    sandbox.faults.set({
      script: [
        {
          kind: "refuse",
          route: "teams/create",
          tag: "add_on_conflict",
          userMessage: "Storage add-on refused",
        },
      ],
    });
    try {
      await drainAll(e.ctx.deps);
    } finally {
      sandbox.faults.set({});
    }
    assert.equal((await subRow(e.ctx.deps, sub)).sync_status, "synchronized");
    await page.goto(`${base}/store/${alias}/billing/subscriptions/${sub}`);
    const addon = page.getByTestId("addon-sync");
    await addon.getByTestId("addon-sync-status").filter({ hasText: "Failed" }).waitFor();
    await addon.getByText(/The vendor refused this add-on: Storage add-on refused/).waitFor();
    await page.getByTestId("sync-status").filter({ hasText: "Synchronized" }).waitFor();
    await e.screenshot("store-addon-sync-failed");
  });

  it("logged no console errors", () => {
    assert.deepEqual(e.consoleErrors, []);
  });
});
