import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { addBasketLine, checkoutBasket } from "../../src/modules/orders/index.ts";
import { queryRows, sql } from "../../src/shared/db.ts";
import { line, type OrderWorld, orderWorld } from "../order-fixtures.ts";
import { type StoreE2E, startStoreE2E } from "./store-harness.ts";

/**
 * Issue 16.3 review: no page of the tour shows a raw enum value (`pending_for_cancel`,
 * `ORDER_CONFIRMATION`) as text. Each page's visible text is scanned
 * (inputs excluded) once its data has loaded.
 */
// The factories name accounts after their kind ("end_customer-3864-7-esgl5"): not an enum value.
// Ids are allowed in an "Id" field (support copies them), so only enum shapes are looked for.
const RAW = [/\b[a-z]+(?:_[a-z]+)+\b(?!-\d)/g, /\b[A-Z]{2,}(?:_[A-Z]+)+\b/g];

/** Opens a page of the tour; a redirect in flight (the catalogue to its first tab) is retried. */
async function visit(page: Page, url: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await page.goto(url);
      await page.waitForLoadState("networkidle", { timeout: 4000 }).catch(() => undefined);
      await page.evaluate(() => document.body.innerText);
      return;
    } catch (error) {
      if (attempt === 3) throw new Error(`${url} (now at ${page.url()}): ${error}`);
      await page.waitForTimeout(500);
    }
  }
}

async function rawTokens(page: Page): Promise<string[]> {
  // Some pages poll (the mailbox, runs): settle for a quiet network or a few seconds.
  await page.waitForLoadState("networkidle", { timeout: 4000 }).catch(() => undefined);
  await page.waitForTimeout(300);
  // A page may redirect (the catalogue to its products tab): read again after it settles.
  const read = () => page.evaluate(() => document.body.innerText);
  let text = "";
  for (let attempt = 0; ; attempt++) {
    try {
      text = await read();
      break;
    } catch (error) {
      if (attempt === 3) throw new Error(`${page.url()}: ${error}`);
      await page.waitForTimeout(1000);
    }
  }
  return [...new Set(RAW.flatMap((re) => [...text.matchAll(re)].map((m) => m[0])))];
}

describe("labels tour: no raw enum values or ids on any page (Chromium)", () => {
  let e: StoreE2E;
  let w: OrderWorld;
  let alias: string;
  let orderId: string;
  let subscriptionId: string;
  let documentId: string;

  before(async () => {
    e = await startStoreE2E();
    w = await orderWorld(e.ctx.deps);
    alias = w.resellerA.storefrontAlias!;
    await addBasketLine(e.ctx.deps, w.actors.sfA3, line(w, "DBX-STD-MCMB", 4));
    const { order } = await checkoutBasket(e.ctx.deps, w.actors.sfA3, {}, { dryRun: false });
    orderId = order.id;
    subscriptionId = order.lines[0]!.subscriptionId!;
    const [doc] = await queryRows<{ id: string }>(
      e.ctx.deps.db,
      sql`select id from billing_documents where account_id = ${w.customerA3.id} and kind = 'invoice'`,
    );
    documentId = doc!.id;
  });
  after(async () => {
    await e?.close();
  });

  it("back office and Storefront pages", async () => {
    const { page, base } = e;
    const found: Record<string, string[]> = {};
    await e.signInBss(w.admin.email);
    for (const path of [
      "/bss",
      "/bss/accounts",
      `/bss/accounts/${w.customerA3.id}`,
      "/bss/orders",
      `/bss/orders/${orderId}`,
      "/bss/subscriptions",
      `/bss/subscriptions/${subscriptionId}`,
      "/bss/billing/documents",
      `/bss/billing/documents/${documentId}`,
      "/bss/billing/runs",
      "/bss/mailbox",
      "/bss/catalogue",
      "/bss/price-lists",
      "/bss/promotions",
      "/bss/cancellation-requests",
      "/bss/webhooks",
      "/bss/service-managers",
      "/bss/tenant-resellers",
    ]) {
      await visit(page, `${base}${path}`);
      // Every page renders (the mailbox's module threw at load and the page reloaded forever).
      await page.locator("main h1, main h2, h1, h2").first().waitFor({ timeout: 10_000 });
      assert.ok(page.url().startsWith(`${base}${path}`), `${path} stays put (now ${page.url()})`);
      const raw = await rawTokens(page);
      if (raw.length) found[path] = raw;
    }
    // The mailbox renders its emails by their human names (its module threw at load before).
    await visit(page, `${base}/bss/mailbox`);
    await page.getByRole("heading", { name: "Mailbox" }).waitFor({ timeout: 10_000 });
    await page.getByRole("table").getByText("Order confirmation").first().waitFor({ timeout: 10_000 });
    for (const email of [w.sfA3.email, w.sfA.email]) {
      await e.signIn(alias, email);
      for (const p of [
        "",
        "/billing/orders",
        `/billing/orders/${orderId}`,
        "/billing/subscriptions",
        `/billing/subscriptions/${subscriptionId}`,
        `/billing/subscriptions/${subscriptionId}/history`,
        "/billing/documents",
        `/billing/documents/${documentId}`,
        "/billing/revenue",
        "/account",
      ]) {
        const path = `/store/${alias}${p}`;
        await visit(page, `${base}${path}`);
        const raw = await rawTokens(page);
        if (raw.length) found[`${email} ${path}`] = raw;
      }
    }
    assert.deepEqual(found, {});
  });

  it("at phone width (390 px) no page of the tour scrolls sideways", async () => {
    const { page, base } = e;
    await page.setViewportSize({ width: 390, height: 844 });
    const wide: Record<string, number> = {};
    const check = async (path: string) => {
      await visit(page, `${base}${path}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) wide[path] = width;
    };
    await e.signInBss(w.admin.email);
    for (const path of [
      "/bss",
      "/bss/accounts",
      "/bss/orders",
      `/bss/orders/${orderId}`,
      "/bss/subscriptions",
      `/bss/subscriptions/${subscriptionId}`,
      "/bss/billing/documents",
      `/bss/billing/documents/${documentId}`,
      "/bss/billing/runs",
      "/bss/mailbox",
      "/bss/price-lists",
      "/bss/promotions",
      "/bss/cancellation-requests",
    ])
      await check(path);
    await e.signIn(alias, w.sfA.email);
    for (const p of [
      "",
      "/billing/orders",
      "/billing/subscriptions",
      `/billing/subscriptions/${subscriptionId}`,
      "/billing/documents",
      `/billing/documents/${documentId}`,
      "/billing/revenue",
      "/account",
    ])
      await check(`/store/${alias}${p}`);
    await page.setViewportSize({ width: 1280, height: 800 });
    assert.deepEqual(wide, {});
  });
});
