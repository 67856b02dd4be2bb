import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { recordProvisioningResult } from "../../src/modules/subscriptions/index.ts";
import { createTestSubscription, setupSubscriptionWorld } from "../subscription-fixtures.ts";
import { type BrowserHarness, startBrowserHarness } from "./browser.ts";

/**
 * Provisioning and installments in the back office: a subscription the vendor refused shows on
 * the dashboard and in the filtered list, with the vendor's reason and a Retry (R-PRV-01); an
 * AC1M subscription's term carries its installment plan in a tooltip reachable by keyboard.
 */
describe("BSS back office: failed provisioning with Retry, AC1M installment plan (Chromium)", () => {
  let h: BrowserHarness;

  before(async () => {
    h = await startBrowserHarness(); // clock: 2026-01-15
  });
  after(async () => h?.close());

  it("shows a failed sync with the vendor's reason and retries it", async () => {
    const { page } = h;
    const w = await setupSubscriptionWorld(h.ctx.deps);
    const { subscription: sub } = await createTestSubscription(h.ctx.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
      synchronized: false,
    });
    const reason = "The team admin already administers another team";
    await recordProvisioningResult(h.ctx.deps, {
      tenantId: w.tenant.id,
      subscriptionId: sub.id,
      outcome: "failed",
      error: reason,
    });

    await h.signInBss(w.clerk.email);
    await page.getByTestId("failed-provisioning-count").filter({ hasText: "1" }).waitFor();
    await page.getByRole("link", { name: "Review subscriptions whose provisioning failed" }).click();
    await page.getByRole("heading", { name: "Subscriptions", exact: true }).waitFor();
    assert.equal(await page.getByRole("textbox", { name: "Sync status" }).inputValue(), "Failed");
    await page.getByRole("link", { name: sub.name }).click();
    const failed = page.getByTestId("sync-failed");
    await failed.getByText(reason).waitFor();
    await h.screenshot("bss-sync-failed", { fullPage: true });
    await failed.getByRole("button", { name: "Retry" }).click();
    await page.getByText("Retry queued").waitFor();
    await failed.waitFor({ state: "detached" });
    await page.getByRole("main").getByText("Pending", { exact: true }).first().waitFor();
  });

  it("R-PRV-01 D16 shows a refused add-on's own sync status and reason; Retry clears it once the vendor confirms (the page follows by itself)", async () => {
    const { page, base } = h;
    const w = await setupSubscriptionWorld(h.ctx.deps);
    const { subscription: sub, addons } = await createTestSubscription(h.ctx.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
      addons: [{ sku: "DBX-1TB-MCMB", quantity: 1 }],
    });
    const addon = addons[0]!;
    const reason = "This add-on conflicts with the team's add-ons";
    // What the provisioning job records when the vendor refuses the add-on but takes the rest.
    await recordProvisioningResult(h.ctx.deps, {
      tenantId: w.tenant.id,
      subscriptionId: sub.id,
      outcome: "synchronized",
      addons: { synchronized: [], failed: [{ addonId: addon.id, error: reason }] },
    });
    await h.signInBss(w.clerk.email);
    await page.goto(`${base}/bss/subscriptions/${sub.id}`);
    const cell = page.getByTestId("addon-sync").filter({ visible: true }); // the add-on's Sync (one add-on)
    await cell.getByText("Failed", { exact: true }).waitFor();
    await cell.getByText(reason).waitFor();
    const refused = page.getByTestId("addon-sync-failed");
    await refused.getByText(`${addon.name}: ${reason}`).waitFor();
    assert.equal(await page.getByTestId("sync-failed").count(), 0, "the subscription itself is synchronized");
    await h.screenshot("bss-addon-sync-failed", { fullPage: true });
    await refused.getByRole("button", { name: "Retry" }).click();
    await page.getByText("Retry queued").waitFor();
    await refused.waitFor({ state: "detached" });
    await cell.getByText("Pending", { exact: true }).waitFor();

    await recordProvisioningResult(h.ctx.deps, {
      tenantId: w.tenant.id,
      subscriptionId: sub.id,
      outcome: "synchronized",
      addons: { synchronized: [addon.id], failed: [] },
    });
    await cell.getByText("Synchronized", { exact: true }).waitFor({ timeout: 15_000 });
  });

  it("shows an AC1M subscription's installment plan in the term's tooltip", async () => {
    const { page, base } = h;
    const w = await setupSubscriptionWorld(h.ctx.deps);
    const { subscription: sub } = await createTestSubscription(h.ctx.deps, w, {
      sku: "DBX-STD-AC1M",
      quantity: 2,
    });
    await h.signInBss(w.clerk.email);
    await page.goto(`${base}/bss/subscriptions/${sub.id}`);
    const plan = page.getByTestId("installment-plan");
    await plan.waitFor();
    assert.match((await plan.textContent()) ?? "", /1\/12 installments/, "the first installment is billed");
    await plan.focus(); // keyboard users get the tooltip too
    const tooltip = page.getByRole("tooltip");
    await tooltip.waitFor();
    const text = (await tooltip.textContent()) ?? "";
    assert.match(text, /1 of 12 installments invoiced, 11 remaining/);
    // The next installment: the annual price of 2 licences over 12, half-up (the last one absorbs the rest).
    const annual = 2n * BigInt(sub.unitPrice);
    const next = (annual * 2n + 12n) / 24n;
    assert.match(
      text,
      new RegExp(`Next invoice 15 Feb 2026: €${next / 100n}\\.${String(next % 100n).padStart(2, "0")}`),
    );
    await h.screenshot("bss-installment-plan");
  });

  it("a viewer reads the same pages without the actions a viewer may not take", async () => {
    const { page, base } = h;
    const w = await setupSubscriptionWorld(h.ctx.deps);
    const { subscription: sub } = await createTestSubscription(h.ctx.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 2,
      synchronized: false,
    });
    await recordProvisioningResult(h.ctx.deps, {
      tenantId: w.tenant.id,
      subscriptionId: sub.id,
      outcome: "failed",
      error: "Refused by the vendor",
    });
    await h.signInBss(w.viewer.email);
    await page.goto(`${base}/bss/subscriptions/${sub.id}`);
    await page.getByTestId("sync-failed").getByText("Refused by the vendor").waitFor();
    await page.getByRole("heading", { name: "History", exact: true }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Actions" }).count(), 0);
    assert.equal(await page.getByRole("button", { name: "Retry" }).count(), 0);
    await page.goto(`${base}/bss/orders`);
    await page.getByRole("heading", { name: "Orders", exact: true }).waitFor();
    await page.getByText("No orders yet").waitFor();
    assert.equal(await page.getByRole("link", { name: "New order" }).count(), 0);
  });

  it("logged no console errors", () => {
    assert.deepEqual(h.consoleErrors, []);
  });
});
