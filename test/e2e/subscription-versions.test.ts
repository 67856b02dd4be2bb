import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { publishToStorefront } from "../../src/modules/catalog/index.ts";
import { changeQuantity } from "../../src/modules/subscriptions/index.ts";
import { queryRows, sql } from "../../src/shared/db.ts";
import { TEST_PASSWORD } from "../factories.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
} from "../subscription-fixtures.ts";
import { type BrowserHarness, startBrowserHarness } from "./browser.ts";

/**
 * Issue 12, "no lost updates", in the browser: a dialog sends the version its page displayed
 * (If-Match); when someone changed the subscription meanwhile the server answers 412, the dialog
 * says so, the page reloads the subscription, and the user decides again — nothing is retried
 * silently and the other change is kept.
 */
describe("subscription changed meanwhile: 412 in the dialogs (Chromium)", () => {
  let h: BrowserHarness;
  let w: SubscriptionWorld;

  before(async () => {
    h = await startBrowserHarness(); // clock: 2026-01-15
    w = await setupSubscriptionWorld(h.ctx.deps);
  });
  after(async () => h?.close());

  const quantityOf = async (id: string) =>
    (
      await queryRows<{ quantity: number }>(
        h.ctx.deps.db,
        sql`select quantity from subscriptions where id = ${id}`,
      )
    )[0]!.quantity;
  const historyOf = async (id: string) =>
    (
      await queryRows<{ summary: string }>(
        h.ctx.deps.db,
        sql`select summary from subscription_history where subscription_id = ${id} and action like 'quantity%' order by seq`,
      )
    ).map((r) => r.summary.replace(/, effective .*$/, ""));
  /** Someone else changes the licences meanwhile (another clerk, another tab, an integration). */
  const meanwhile = (subscriptionId: string, quantity: number) =>
    changeQuantity(h.ctx.deps, { actor: w.actors.clerk, channel: "bss" }, { subscriptionId, quantity });

  it("back office: a confirm made from a stale preview is refused, the page reloads, the clerk previews again", async () => {
    const { page } = h;
    const { subscription: sub } = await createTestSubscription(h.ctx.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 5,
    });
    h.expectHttpError(412, `/api/bss/subscriptions/${sub.id}/quantity`);
    await h.signInBss(w.clerk.email);
    await page.goto(`${h.base}/bss/subscriptions/${sub.id}`);
    await page.getByRole("heading", { name: sub.name }).waitFor();

    await page.getByRole("button", { name: "Actions" }).click();
    await page.getByRole("menuitem", { name: "Change quantity" }).click();
    const dialog = page.getByRole("dialog", { name: "Change quantity" });
    await dialog.getByRole("textbox", { name: "Licences" }).fill("7");
    await dialog.getByRole("button", { name: "Preview" }).click();
    await dialog.getByTestId("command-preview").waitFor();

    await meanwhile(sub.id, 6);
    await dialog.getByRole("button", { name: "Change quantity" }).click();
    await dialog.getByTestId("stale-subscription").waitFor();
    await dialog.getByText("was changed by someone else").waitFor();
    assert.equal(await quantityOf(sub.id), 6, "the refused confirm wrote nothing; the other change stays");
    await dialog.getByText("Now 6").waitFor(); // the page reloaded the subscription under the dialog
    await h.screenshot("bss-subscription-changed-meanwhile");

    await dialog.getByRole("button", { name: "Preview" }).click();
    await dialog.getByTestId("command-preview").waitFor();
    assert.equal(await dialog.getByTestId("stale-subscription").count(), 0, "read and acted on");
    await dialog.getByRole("button", { name: "Change quantity" }).click();
    await dialog.waitFor({ state: "detached" });
    assert.equal(await quantityOf(sub.id), 7);
    assert.deepEqual(await historyOf(sub.id), [
      "Increased the licences from 5 to 6",
      "Increased the licences from 6 to 7",
    ]);
    assert.deepEqual(h.consoleErrors, []);
  });

  it("Storefront: Buy Licenses from a stale page is refused at the review, reloaded, and bought on the new quantity", async () => {
    const { page } = h;
    const product = await w.product("DBX-STD-MCMB");
    await publishToStorefront(h.ctx.deps, { tenantId: w.tenant.id }, w.resellerA.id, {
      productId: product.id,
    });
    const { subscription: sub } = await createTestSubscription(h.ctx.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 5,
    });
    h.expectHttpError(412, `/api/storefront/subscriptions/${sub.id}/quantity`);
    const alias = w.resellerA.storefrontAlias!;
    await page.goto(`${h.base}/store/${alias}/login`);
    await page.getByRole("textbox", { name: "Email" }).fill(w.sfA1.email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.endsWith("/login"));
    await page.goto(`${h.base}/store/${alias}/billing/subscriptions/${sub.id}`);
    const quantity = page.getByTestId("subscription-quantity");
    await quantity.filter({ hasText: "5" }).waitFor();

    await page.getByRole("button", { name: "I want to…" }).click();
    await page.getByRole("menuitem", { name: "Buy Licenses" }).click();
    const dialog = page.getByRole("dialog", { name: "Buy Licenses" });
    await dialog.getByRole("textbox", { name: "Licences to add" }).fill("2");

    await meanwhile(sub.id, 6); // e.g. the reseller added one in the back office
    await dialog.getByRole("button", { name: "Review price" }).click();
    await dialog.getByText("This subscription was changed while you were working on it").waitFor();
    await quantity.filter({ hasText: "6" }).waitFor(); // reloaded
    await dialog.getByText("You have 6 licences").waitFor();
    assert.equal(await quantityOf(sub.id), 6);
    await h.screenshot("store-subscription-changed-meanwhile");

    await dialog.getByRole("button", { name: "Review price" }).click();
    await dialog.getByTestId("preview-total").waitFor();
    await dialog.getByRole("button", { name: "Buy licenses" }).click();
    await dialog.waitFor({ state: "hidden" });
    await quantity.filter({ hasText: "8" }).waitFor();
    assert.equal(await quantityOf(sub.id), 8, "6 + 2: the licence added meanwhile is not lost");
    assert.deepEqual(await historyOf(sub.id), [
      "Increased the licences from 5 to 6",
      "Increased the licences from 6 to 8",
    ]);
    assert.deepEqual(h.consoleErrors, []);
  });
});
