import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { createRun } from "../../src/modules/billing/index.ts";
import { createAccount } from "../factories.ts";
import { setupSubscriptionWorld } from "../subscription-fixtures.ts";
import { type BrowserHarness, startBrowserHarness } from "./browser.ts";

/**
 * The shared list (issue 16) on a world with more rows than a page: the accounts list sorted by
 * a column both ways (the rows' order and `aria-sort`), paged forward and back (the offset in the
 * URL), reloaded with its search, filter, sort and page kept from the URL, and at phone width as
 * cards without side-scrolling; the billing runs list pages through the API (it showed 20 at most).
 */
describe("BSS back office: lists sort, page, keep their URL and become cards on phones (Chromium)", () => {
  let h: BrowserHarness;
  let w: Awaited<ReturnType<typeof setupSubscriptionWorld>>;
  const names = Array.from({ length: 30 }, (_, i) => `List test ${String(i + 1).padStart(2, "0")}`);

  before(async () => {
    h = await startBrowserHarness({ start: "2026-03-10T09:00:00Z" });
  });
  after(async () => h?.close());

  const table = (page: Page) => page.getByRole("table", { name: "accounts" });
  const firstNames = async (page: Page, n: number) =>
    (await table(page).locator("tbody tr td:first-child").allTextContents()).slice(0, n);
  const nameHeader = (page: Page) => table(page).getByRole("columnheader", { name: "Name" });

  it("sorts the accounts by name both ways, pages, keeps it all on reload and shows cards on a phone", async () => {
    const { page, base } = h;
    w = await setupSubscriptionWorld(h.ctx.deps);
    // Created out of order: the list orders them.
    for (const name of [...names].reverse())
      await createAccount(h.ctx.deps, { tenantId: w.tenant.id, kind: "direct_customer", name });
    await h.signInBss(w.admin.email);

    await page.goto(`${base}/bss/accounts?q=List+test&kind=direct_customer`);
    await page.getByRole("heading", { name: "Accounts", exact: true }).waitFor();
    await page.getByText("1–25 of 30 accounts").waitFor();
    assert.equal(await nameHeader(page).getAttribute("aria-sort"), "ascending", "the default order: by name");
    assert.deepEqual(await firstNames(page, 3), names.slice(0, 3));

    // Descending by a click on the header: the URL says so.
    await nameHeader(page).getByRole("button", { name: "Name" }).click();
    await page.waitForURL(/sort=-name/);
    await table(page).locator("tbody tr td:first-child").first().filter({ hasText: names[29] }).waitFor();
    assert.equal(await nameHeader(page).getAttribute("aria-sort"), "descending");
    assert.deepEqual(await firstNames(page, 3), [names[29], names[28], names[27]]);
    assert.equal(
      await table(page).getByRole("columnheader", { name: "Kind" }).getAttribute("aria-sort"),
      "none",
    );
    await h.screenshot("bss-list-sorted");

    // Forward to page 2 (offset 25 in the URL) and back.
    await page.getByRole("button", { name: "next page" }).click();
    await page.waitForURL(/offset=25/);
    await page.getByText("26–30 of 30 accounts").waitFor();
    assert.deepEqual(await firstNames(page, 5), [names[4], names[3], names[2], names[1], names[0]]);
    await page.getByRole("button", { name: "previous page" }).click();
    await page.getByText("1–25 of 30 accounts").waitFor();
    assert.ok(!page.url().includes("offset="), page.url());
    assert.deepEqual(await firstNames(page, 1), [names[29]]);

    // Page 2 again, then a reload: search, filter, sort and page come back from the URL.
    await page.getByRole("button", { name: "Page 2" }).click();
    await page.waitForURL(/offset=25/);
    await page.reload();
    await page.getByText("26–30 of 30 accounts").waitFor();
    const url = new URL(page.url());
    assert.deepEqual(
      ["q", "kind", "sort", "offset"].map((k) => url.searchParams.get(k)),
      ["List test", "direct_customer", "-name", "25"],
    );
    assert.equal(await page.getByRole("searchbox", { name: "Search" }).inputValue(), "List test");
    assert.equal(await page.getByRole("textbox", { name: "Kind" }).inputValue(), "Direct customer");
    assert.equal(await nameHeader(page).getAttribute("aria-sort"), "descending");
    assert.deepEqual(await firstNames(page, 1), [names[4]]);

    // A phone: the same page as cards, nothing side-scrolls.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    const cards = page.getByRole("list", { name: "accounts" }).getByRole("listitem");
    await cards.first().waitFor();
    assert.equal(await cards.count(), 5);
    assert.equal(await page.getByRole("table").count(), 0, "no table at phone width");
    assert.match((await cards.first().textContent()) ?? "", new RegExp(`^${names[4]}`));
    assert.match((await cards.nth(4).textContent()) ?? "", new RegExp(`^${names[0]}`));
    assert.equal(await page.getByRole("textbox", { name: "Sort by" }).inputValue(), "Name ↓");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page is ${width}px wide`);
    await h.screenshot("bss-list-phone", { fullPage: true });

    // The sort select of the cards: ascending again, first page.
    await page.getByRole("textbox", { name: "Sort by" }).click();
    await page.getByRole("option", { name: "Name ↑" }).click();
    await page.waitForURL((u) => !u.searchParams.has("sort") && !u.searchParams.has("offset"));
    await cards.first().filter({ hasText: names[0] }).waitFor();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("pages through the billing runs (more than the 20 it used to show)", async () => {
    const { page, base } = h;
    for (let day = 1; day <= 23; day++)
      await createRun(h.ctx.deps, h.ctx.deps.db, {
        tenantId: w.tenant.id,
        runDate: `2026-02-${String(day).padStart(2, "0")}`,
        trigger: "cli",
      });
    await page.goto(`${base}/bss/billing/runs`);
    await page.getByText("1–20 of 23 billing runs").waitFor();
    const runs = page.getByRole("table", { name: "billing runs" });
    await runs.getByRole("button", { name: "Date" }).click();
    await page.waitForURL(/sort=runDate/);
    await runs.locator("tbody tr td:first-child").first().filter({ hasText: "1 Feb 2026" }).waitFor();
    await page.getByRole("button", { name: "next page" }).click();
    await page.getByText("21–23 of 23 billing runs").waitFor();
    assert.deepEqual(await runs.locator("tbody tr td:first-child").allTextContents(), [
      "21 Feb 2026",
      "22 Feb 2026",
      "23 Feb 2026",
    ]);
  });

  it("logged no console errors", () => {
    assert.deepEqual(h.consoleErrors, []);
  });
});
