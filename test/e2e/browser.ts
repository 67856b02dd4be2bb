import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, type ConsoleMessage, chromium, type Page } from "playwright-core";
import type { App } from "../../src/http/app.ts";
import { buildServer } from "../../src/http/server.ts";
import { TEST_PASSWORD } from "../factories.ts";
import { createTestContext, type TestContext } from "../harness.ts";

/**
 * The browser harness of the e2e tests: the real server (built web app + API on a test
 * database, `buildServer` on `createTestContext()`) driven by Debian's Chromium through
 * playwright-core. One server and one browser per test file. Console errors fail the test
 * unless the file declares them expected; screenshots go to artifacts/e2e/.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const ARTIFACTS = join(ROOT, "artifacts", "e2e");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// stack-traps #11: as root Chromium needs --no-sandbox; the rest keeps it off the network.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A response the page is expected to get (the browser logs each failed fetch as a console error). */
export interface ExpectedHttpError {
  status: number;
  /** The request path without the query; a RegExp matches ids. */
  path: string | RegExp;
}

export interface BrowserHarness {
  ctx: TestContext;
  app: App;
  base: string;
  browser: BrowserContext;
  page: Page;
  /** Unexpected console errors and uncaught page errors so far. */
  consoleErrors: string[];
  /** Declares one more HTTP answer the page may get on purpose. */
  expectHttpError(status: number, path: string | RegExp): void;
  screenshot(name: string, options?: { fullPage?: boolean }): Promise<void>;
  /** Signs in to the back office through the sign-in form and waits for the dashboard. */
  signInBss(email: string, password?: string): Promise<void>;
  /**
   * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is now and fails with every
   * violation: rule id, impact, target selectors and summary. `label` names the page in the message.
   */
  checkA11y(label: string): Promise<void>;
  /**
   * Checks the page at desktop width (1280) and at phone width (390), each after `ready` has
   * seen the page settle, and leaves the page at desktop width. The tour calls it after each
   * navigation; `ready` waits for what proves the page loaded (a heading, a row).
   */
  checkA11yAtBothWidths(label: string, ready?: () => Promise<void>): Promise<void>;
  /**
   * The tour's step: goes to `path`, waits for its h1 named `heading` (and `ready`), checks it at
   * both widths and that it has exactly one h1. A new page gets one such line in the tour.
   */
  visitAndCheckA11y(
    label: string,
    path: string,
    heading: string | RegExp,
    ready?: () => Promise<void>,
  ): Promise<void>;
  close(): Promise<void>;
}

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;
const AXE = join(ROOT, "node_modules", "axe-core", "axe.min.js");
let axeSource: string | undefined;
/** WCAG 2.1 AA: the tags of axe-core's rules for levels A and AA of WCAG 2.0 and 2.1. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** One line per failing element: what a developer needs to find and fix it. */
export function formatViolations(label: string, violations: AxeViolation[]): string {
  const lines = [`${label}: ${violations.length} accessibility violation(s) (axe-core, WCAG 2.1 AA)`];
  for (const v of violations) {
    lines.push(`- ${v.id} [${v.impact ?? "n/a"}] ${v.help} (${v.helpUrl})`);
    for (const node of v.nodes.slice(0, 10)) {
      const summary = (node.failureSummary ?? "").replace(/\s+/g, " ").trim();
      lines.push(`    ${node.target.map(String).join(" ")} — ${summary}`);
    }
    if (v.nodes.length > 10) lines.push(`    … and ${v.nodes.length - 10} more`);
  }
  return lines.join("\n");
}

/** Runs axe-core in the page (injected once per document) and answers its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated rather than added as a script tag: the app's Content-Security-Policy (script-src
  // 'self') blocks inline scripts, and the check must not weaken it.
  if (!(await page.evaluate(() => "axe" in window))) {
    axeSource ??= readFileSync(AXE, "utf8");
    await page.evaluate(axeSource);
  }
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<unknown> } }).axe;
    const result = (await axe.run(document, { runOnly: { type: "tag", values: tags } })) as {
      violations: AxeViolation[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  }, WCAG_TAGS);
}

function matches(expected: ExpectedHttpError[], message: ConsoleMessage): boolean {
  const status = /status of (\d{3})/.exec(message.text())?.[1];
  if (!status) return false;
  const url = message.location().url;
  const path = url ? new URL(url).pathname : "";
  return expected.some(
    (e) => String(e.status) === status && (typeof e.path === "string" ? e.path === path : e.path.test(path)),
  );
}

export async function startBrowserHarness(
  options: { expectedHttpErrors?: ExpectedHttpError[]; start?: string } = {},
): Promise<BrowserHarness> {
  if (!existsSync(join(ROOT, "web", "dist", "index.html"))) {
    execFileSync("npm", ["run", "build:web"], { cwd: ROOT, stdio: "inherit" });
  }
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const expected = [...(options.expectedHttpErrors ?? [])];

  const ctx = await createTestContext(options.start ? { start: options.start } : {});
  const app = await buildServer(ctx.deps);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const profile = mkdtempSync(join(tmpdir(), "openbss-e2e-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: DESKTOP,
    locale: "en-GB",
    timezoneId: "UTC",
    acceptDownloads: true, // the Storefront's Excel export
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(15_000);
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !matches(expected, message)) {
      consoleErrors.push(`${message.text()} (${message.location().url})`);
    }
  });
  page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));

  async function checkA11y(label: string): Promise<void> {
    // Let transitions (modals, menus fading in) finish: axe measures the colours it sees.
    await page.waitForTimeout(250);
    const violations = await axeViolations(page);
    assert.equal(violations.length, 0, formatViolations(label, violations));
  }

  async function checkA11yAtBothWidths(label: string, ready?: () => Promise<void>): Promise<void> {
    await ready?.();
    await page.waitForLoadState("networkidle");
    await checkA11y(`${label} (desktop ${DESKTOP.width}px)`);
    await page.setViewportSize(PHONE);
    try {
      await ready?.();
      await checkA11y(`${label} (phone ${PHONE.width}px)`);
    } finally {
      await page.setViewportSize(DESKTOP);
    }
    // Back at desktop width the page lays out again (lists swap cards for tables): let it settle
    // before the test clicks on (a loaded machine otherwise clicks an element being replaced).
    await ready?.();
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(250);
  }

  return {
    ctx,
    app,
    base,
    browser,
    page,
    consoleErrors,
    expectHttpError(status, path) {
      expected.push({ status, path });
    },
    async screenshot(name, shotOptions = {}) {
      await page.screenshot({
        path: join(ARTIFACTS, `${name}.png`),
        fullPage: shotOptions.fullPage ?? false,
      });
    },
    async signInBss(email, password = TEST_PASSWORD) {
      await page.goto(`${base}/bss/login`);
      await page.getByRole("textbox", { name: "Email" }).fill(email);
      await page.getByRole("textbox", { name: "Password", exact: true }).fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    },
    checkA11y,
    checkA11yAtBothWidths,
    async visitAndCheckA11y(label, path, heading, ready) {
      await page.goto(`${base}${path}`);
      await checkA11yAtBothWidths(label, async () => {
        await page.getByRole("heading", { level: 1, name: heading }).waitFor();
        await ready?.();
      });
      assert.equal(await page.getByRole("heading", { level: 1 }).count(), 1, `${label}: one h1 per page`);
    },
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
      await app.close();
      await ctx.close();
    },
  };
}
