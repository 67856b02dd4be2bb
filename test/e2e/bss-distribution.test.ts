import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { copyOf, drain, tenantSubscription, tenantWorld } from "../distribution-fixtures.ts";
import { signIn } from "../http.ts";
import { type BrowserHarness, startBrowserHarness } from "./browser.ts";

/**
 * Issue 6 in the back office: a subscription sold in a tenant reseller's BSS is copied into the
 * distributor's (R-TEN-01/02). A distributor user sees the copy with its ribbon (R-TEN-03) and
 * only Edit Pricing Info among the actions (R-TEN-05); no provisioning retry on a copy.
 */
describe("BSS back office: a distributor's copy of a tenant reseller's subscription (Chromium)", () => {
  let h: BrowserHarness;

  before(async () => {
    h = await startBrowserHarness();
  });
  after(async () => h?.close());

  it("a distributor user sees a copied subscription read-only with its ribbon", async () => {
    const { page, base, app } = h;
    const w = await tenantWorld(h.ctx.deps);
    const source = await tenantSubscription(h.ctx.deps, w, { sku: "DBX-STD-MCMB", quantity: 4 });
    await drain(h.ctx.deps); // the outbox carries the sale to the distributor
    const copy = await copyOf(h.ctx.deps, w, source.id);
    assert.ok(copy, "the copy exists in the distributor's BSS");

    await h.signInBss(w.users.dAdmin.email); // even an admin may not change a copy
    await page.getByRole("link", { name: "Subscriptions" }).first().click();
    const row = page.getByRole("row", { name: new RegExp(copy.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) });
    await row.getByText("Copy", { exact: true }).waitFor();
    await row.getByRole("link", { name: copy.name }).click();
    await page.getByRole("heading", { name: copy.name }).waitFor();

    const ribbon = page.getByTestId("managed-by-ribbon");
    assert.equal(
      (await ribbon.textContent())?.trim(),
      `This subscription is managed by ${w.tenant.name} Tenant Reseller`,
    );
    await page.getByRole("button", { name: "Actions" }).click();
    await page.getByRole("menuitem").first().waitFor();
    const items = await page.getByRole("menuitem").allTextContents();
    assert.deepEqual(items, ["Edit subscription", "Edit pricing info"], "no lifecycle action on a copy");
    await h.screenshot("bss-copy-ribbon", { fullPage: true });
    assert.equal(await page.getByRole("button", { name: "Retry" }).count(), 0);

    // Edit Pricing Info is allowed: its preview answers without violations.
    await page.getByRole("menuitem", { name: "Edit pricing info" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit pricing info" });
    await dialog.getByText(/billing unit \(billing cycle\) stays as the tenant reseller set it/).waitFor();
    await dialog.getByRole("button", { name: "Preview" }).click();
    await dialog.getByTestId("command-preview").waitFor();
    assert.equal(await dialog.getByTestId("violations").count(), 0);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });

    // Edit Subscription: the name is locked, the subscription type is the distributor's.
    await page.getByRole("button", { name: "Actions" }).click();
    await page.getByRole("menuitem", { name: "Edit subscription" }).click();
    const edit = page.getByRole("dialog", { name: "Edit subscription" });
    assert.ok(await edit.getByRole("textbox", { name: "Name" }).isDisabled(), "the copy's name is locked");
    await edit.getByRole("textbox", { name: "Subscription type" }).fill("Reseller copy");
    await edit.getByRole("button", { name: "Preview" }).click();
    await edit.getByTestId("command-preview").waitFor();
    await edit.getByRole("button", { name: "Save" }).click();
    await edit.waitFor({ state: "detached" });
    await page.getByRole("cell", { name: "Reseller copy" }).waitFor();
    await page.getByText("Edited subscriptionType").filter({ visible: true }).waitFor(); // the history records it

    // What the page does not offer, the API refuses too (R-TEN-05).
    const cookie = await signIn(app, w.users.dAdmin.email, "bss");
    const refused = await app.inject({
      method: "POST",
      url: `/api/bss/subscriptions/${copy.id}/quantity`,
      headers: cookie,
      payload: { quantity: 5 },
    });
    assert.deepEqual([refused.statusCode, refused.json().error.code], [422, "R-TEN-05"]);

    // The tenant reseller's page: back ordering on, the books agree, the copied changes listed.
    await page.getByRole("link", { name: "Tenant resellers" }).click();
    await page.getByRole("heading", { name: "Tenant resellers", exact: true }).waitFor();
    await page.getByRole("row").getByRole("link", { name: w.tenant.name }).click();
    await page.getByRole("heading", { name: w.tenant.name }).waitFor();
    await page.getByText("Back ordering on", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Check now" }).click();
    await page.getByTestId("consistency-clean").waitFor();
    assert.match(
      (await page.getByTestId("consistency-clean").textContent()) ?? "",
      /1 subscription and 1 customer compared/,
    );
    await page.getByRole("link", { name: "Open" }).first().waitFor();
    await h.screenshot("bss-tenant-reseller", { fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/bss/subscriptions/${copy.id}`);
    await page.getByRole("button", { name: "Toggle navigation" }).waitFor();
    await ribbon.waitFor();
    await h.screenshot("bss-copy-ribbon-phone");
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("logged no console errors", () => {
    assert.deepEqual(h.consoleErrors, []);
  });
});
