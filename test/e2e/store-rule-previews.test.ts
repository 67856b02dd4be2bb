import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { publishToStorefront } from "../../src/modules/catalog/index.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
} from "../subscription-fixtures.ts";
import { type StoreE2E, startStoreE2E } from "./store-harness.ts";

/**
 * Issue 13 in the Storefront's "I want to…" menu: the preview says what a rule does beyond the
 * request — 3 of 10 licences cancelled Immediately on day 297 end at the renewal (R-QTY-02, D3),
 * an upgrade to Sign Premium raises 2 licences to its minimum of 5 (R-SGN-06).
 */
describe("Storefront: previews say what the rules change (Chromium)", () => {
  let e: StoreE2E;
  let w: SubscriptionWorld;
  let alias: string;

  before(async () => {
    e = await startStoreE2E(); // clock: 2026-01-15
    w = await setupSubscriptionWorld(e.ctx.deps);
    alias = w.reseller.storefrontAlias!;
    await publishToStorefront(e.ctx.deps, { tenantId: w.tenant.id }, w.reseller.id, {
      productId: (await w.product("DBXS-PRE-AC1Y")).id,
    });
    await e.signIn(alias, w.sfA1.email);
  });
  after(async () => e?.close());

  const open = async (id: string) => {
    await e.page.goto(`${e.base}/store/${alias}/billing/subscriptions/${id}`);
    await e.page.getByRole("button", { name: "I want to…" }).click();
  };

  it("R-QTY-02 cancelling 3 of 10 licences Immediately on day 297: accepted, at the renewal, with the renewal quantity", async () => {
    const { page } = e;
    const { subscription: sub } = await createTestSubscription(e.ctx.deps, w, {
      sku: "DBX-BUS-AC1Y",
      quantity: 10,
      startDate: "2025-03-24",
    });
    await open(sub.id);
    await page.getByRole("menuitem", { name: "Cancel the subscription" }).click();
    const dialog = page.getByRole("dialog", { name: "Cancel the subscription" });
    await dialog.getByRole("textbox", { name: "Licences to cancel" }).fill("3");
    await dialog.getByRole("radio", { name: "Immediately" }).check();
    await dialog.getByRole("button", { name: "Review price" }).click();
    const preview = dialog.getByTestId("action-preview");
    // The date in the account's locale (en → en-GB), as its emails and PDFs print it (issue 16).
    await preview.getByText(/Takes effect on 24 Mar 2026/).waitFor();
    assert.match(
      (await preview.getByTestId("preview-note").textContent()) ?? "",
      /renews with 7 licences.*R-QTY-02/,
    );
    await e.screenshot("store-reduction-at-renewal-preview", false);
    await dialog.getByRole("button", { name: "Cancel licences" }).click();
    await dialog.waitFor({ state: "hidden" });
  });

  it("R-SGN-06 upgrading Sign Standard × 2 to Premium with 5 licences: the preview says the quantity is raised", async () => {
    const { page } = e;
    const { subscription: sub } = await createTestSubscription(e.ctx.deps, w, {
      sku: "DBXS-STD-AC1Y",
      quantity: 2,
      startDate: "2025-12-01",
    });
    await open(sub.id);
    await page.getByRole("menuitem", { name: "Upgrade" }).click();
    const dialog = page.getByRole("dialog", { name: "Upgrade" });
    await dialog.getByRole("textbox", { name: "Licences after the upgrade" }).fill("5");
    await dialog.getByRole("textbox", { name: "Upgrade to" }).click();
    await page.getByRole("option", { name: /Dropbox Sign Premium, Annual/ }).click();
    await dialog.getByRole("button", { name: "Review price" }).click();
    const note = dialog.getByTestId("preview-note");
    await note.waitFor();
    assert.match((await note.textContent()) ?? "", /raised from 2 to 5.*R-SGN-06/);
    await e.screenshot("store-upgrade-raised-preview", false);
    await dialog.getByRole("button", { name: "Upgrade", exact: true }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByTestId("subscription-quantity").filter({ hasText: "5" }).waitFor();
  });

  it("logged no console errors", () => {
    assert.deepEqual(e.consoleErrors, []);
  });
});
