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
 * Browser tests of the Storefront (pattern of smoke.test.ts): the real server (built web app +
 * API) on a test database, driven by Debian's Chromium through playwright-core. One server and
 * one browser per test file; screenshots go to artifacts/e2e/; console errors fail the file
 * unless the test declared the HTTP answer as expected.
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

export interface StoreE2E {
  ctx: TestContext;
  app: App;
  base: string;
  browser: BrowserContext;
  page: Page;
  consoleErrors: string[];
  /** HTTP answers a page may get on purpose (each logs a console error in Chromium). */
  expectHttpError(status: number, path: string | RegExp): void;
  screenshot(name: string, fullPage?: boolean): Promise<void>;
  /** Signs in on the store's sign-in page and waits for the page it leads to. */
  signIn(alias: string, email: string): Promise<void>;
  close(): Promise<void>;
}

export async function startStoreE2E(): Promise<StoreE2E> {
  if (!existsSync(join(ROOT, "web", "dist", "index.html"))) {
    execFileSync("npm", ["run", "build:web"], { cwd: ROOT, stdio: "inherit" });
  }
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });

  const ctx = await createTestContext();
  const app = await buildServer(ctx.deps);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const profile = mkdtempSync(join(tmpdir(), "openbss-e2e-store-"));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    locale: "en-GB",
    timezoneId: "UTC",
    acceptDownloads: true,
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(15_000);

  const expected: { status: number; path: string | RegExp }[] = [];
  const consoleErrors: string[] = [];
  const isExpected = (message: ConsoleMessage) => {
    const status = /status of (\d{3})/.exec(message.text())?.[1];
    if (!status) return false;
    const url = message.location().url;
    const path = url ? new URL(url).pathname : "";
    return expected.some(
      (e) =>
        String(e.status) === status && (typeof e.path === "string" ? e.path === path : e.path.test(path)),
    );
  };
  page.on("console", (message) => {
    if (message.type() === "error" && !isExpected(message))
      consoleErrors.push(`${message.text()} (${message.location().url})`);
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
    async screenshot(name, fullPage = true) {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
    },
    async signIn(alias, email) {
      await page.goto(`${base}/store/${alias}/login`);
      await page.getByRole("textbox", { name: "Email" }).fill(email);
      await page.getByRole("textbox", { name: "Password", exact: true }).fill(TEST_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => !url.pathname.endsWith("/login"));
    },
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
      await app.close();
      await ctx.close();
    },
  };
}
