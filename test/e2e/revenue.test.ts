import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { addBasketLine, checkoutBasket } from "../../src/modules/orders/index.ts";
import { getRevenue, getSpend } from "../../src/modules/revenue/index.ts";
import type { StorefrontActor } from "../../src/modules/tenancy/index.ts";
import { formatMoney } from "../../src/shared/format.ts";
import { toMoneyJson } from "../../src/shared/money.ts";
import { line, type OrderWorld, orderWorld } from "../order-fixtures.ts";
import { type StoreE2E, startStoreE2E } from "./store-harness.ts";

/**
 * Issue 16 in the browser: the back office dashboard's revenue charts (rendered SVG) and the
 * tables beside them with the figures the API computes; the reseller's Storefront revenue page;
 * the end customer's spend on its billing overview. Customer A3 (reseller A's) bought 4 × Dropbox
 * Standard monthly and 3 × Standard annual through the Storefront.
 */
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core (WCAG 2.1 A/AA) on one part of the page: the ids of the rules it violates there. */
async function axeViolations(page: Page, selector: string): Promise<string[]> {
  // Through the DevTools protocol: the app's CSP (script-src 'self') refuses an inline script tag.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE);
  return page.evaluate(async (sel) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            c: unknown,
            o: unknown,
          ) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }>;
        };
      }
    ).axe;
    const result = await axe.run(
      { include: [[sel]] },
      { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } },
    );
    return result.violations.map(
      (v: { id: string; nodes: Array<{ target: string[] }> }) =>
        `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
  }, selector);
}

describe("revenue at a glance (Chromium)", () => {
  let e: StoreE2E;
  let w: OrderWorld;
  let alias: string;
  const eur = (minor: bigint) => formatMoney(toMoneyJson(minor, "EUR"), "en-GB");

  async function order(actor: StorefrontActor, input: object): Promise<void> {
    await addBasketLine(e.ctx.deps, actor, input);
    const { order } = await checkoutBasket(e.ctx.deps, actor, {}, { dryRun: false });
    assert.equal(order.status, "executed");
  }

  before(async () => {
    e = await startStoreE2E();
    w = await orderWorld(e.ctx.deps);
    alias = w.resellerA.storefrontAlias!;
    await order(w.actors.sfA3, line(w, "DBX-STD-MCMB", 4));
    await order(w.actors.sfA3, line(w, "DBX-STD-AC1Y", 3, { billingPlan: "one_off" }));
  });
  after(async () => {
    await e?.close();
  });

  it("the back office dashboard shows MRR, the charts and their tables with the figures", async () => {
    const figures = await getRevenue(e.ctx.deps, w.actors.viewer, { months: 12, top: 10 });
    const total = figures.totals[0]!;
    assert.ok(total.mrr > 0n);
    await e.signInBss(w.viewer.email);
    const { page } = e;
    await page
      .getByTestId("revenue-mrr")
      .filter({ hasText: eur(total.mrr) })
      .waitFor();
    await page
      .getByTestId("revenue-arr")
      .filter({ hasText: eur(total.arr) })
      .waitFor();
    for (const id of ["revenue-documents", "revenue-movements", "top-resellers", "top-products"]) {
      await page.locator(`[data-testid="${id}-chart"] svg.recharts-surface`).first().waitFor();
      assert.ok(
        (await page.locator(`[data-testid="${id}-chart"] .recharts-rectangle`).count()) > 0,
        `${id} bars`,
      );
    }
    // The tables: captioned, one row per month, this month's figures as the API computes them.
    const month = figures.documents.at(-1)!;
    const documents = page.getByRole("table", { name: "Invoiced and credited per month, EUR" });
    assert.equal(await documents.locator("tbody tr").count(), 12);
    const thisMonth = documents.locator("tbody tr").last();
    assert.equal(await thisMonth.locator("td").first().innerText(), eur(month.invoiced));
    const moves = page.getByRole("table", { name: /New, expansion, contraction and churned MRR/ });
    assert.equal(await moves.locator("tbody tr").last().locator("td").first().innerText(), eur(total.mrr));
    const resellers = page.getByRole("table", { name: "Top resellers by MRR, EUR" });
    await resellers.getByRole("rowheader", { name: w.resellerA.name }).waitFor();
    assert.match(
      await resellers.locator("tbody tr").first().innerText(),
      new RegExp(eur(total.mrr).replace(/[.$]/g, "\\$&")),
    );
    await page.getByRole("heading", { name: "Top tenant resellers" }).waitFor();
    assert.deepEqual(
      await axeViolations(page, '[data-testid="revenue"]'),
      [],
      "the revenue section is WCAG 2.1 AA",
    );
    await e.screenshot("revenue-bss-dashboard");
    assert.deepEqual(e.consoleErrors, []);
  });

  it("a reseller sees its customers' revenue on the Storefront's Revenue tab", async () => {
    const figures = await getRevenue(e.ctx.deps, w.actors.sfA, { months: 12, top: 10 });
    await e.signIn(alias, w.sfA.email);
    const { page } = e;
    await page.goto(`${e.base}/store/${alias}/billing`);
    await page.getByRole("tab", { name: "Revenue" }).click();
    await page.waitForURL(/\/billing\/revenue$/);
    await page.getByRole("heading", { name: "Revenue", exact: true }).waitFor();
    await page
      .getByTestId("revenue-mrr")
      .filter({ hasText: eur(figures.totals[0]!.mrr) })
      .waitFor();
    await page.locator('[data-testid="top-customers-chart"] svg.recharts-surface').first().waitFor();
    const customers = page.getByRole("table", { name: "Top customers by MRR, EUR" });
    await customers.getByRole("rowheader", { name: w.customerA3.name }).waitFor();
    assert.equal(
      await page.getByTestId("top-resellers").count(),
      0,
      "no reseller list in a reseller's own view",
    );
    await e.screenshot("revenue-store-reseller");
    assert.deepEqual(e.consoleErrors, []);
  });

  it("an end customer sees its spend over time on its billing overview, and no Revenue tab", async () => {
    const spend = await getSpend(e.ctx.deps, w.actors.sfA3, { months: 12 });
    const month = spend.spend.at(-1)!;
    await e.signIn(alias, w.sfA3.email);
    const { page } = e;
    await page.goto(`${e.base}/store/${alias}/billing`);
    const table = page.getByRole("table", { name: "Spend per month, EUR" });
    await table.waitFor();
    await page.locator('[data-testid="spend-chart"] svg.recharts-surface').first().waitFor();
    const cells = table.locator("tbody tr").last().locator("td");
    assert.equal(await cells.first().innerText(), eur(month.invoiced));
    assert.equal(await cells.last().innerText(), eur(month.invoiced - month.credited));
    assert.equal(await page.getByRole("tab", { name: "Revenue" }).count(), 0);
    assert.deepEqual(await axeViolations(page, '[data-testid="spend"]'), []);
    assert.deepEqual(e.consoleErrors, []);
  });
});
