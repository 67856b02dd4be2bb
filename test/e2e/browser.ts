import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
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
  close(): Promise<void>;
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
    viewport: { width: 1280, height: 800 },
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
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
      await app.close();
      await ctx.close();
    },
  };
}
