import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type BrowserContext, type ConsoleMessage, chromium, type Page } from "playwright-core";
import type { App } from "../../src/http/app.ts";
import { buildServer } from "../../src/http/server.ts";
import { createTenant, createUser, TEST_PASSWORD } from "../factories.ts";
import { createTestContext, type TestContext } from "../harness.ts";

/**
 * Browser smoke test: the real server (built web app + API on a test database) driven by
 * Debian's Chromium through playwright-core. Screenshots go to artifacts/e2e/.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ARTIFACTS = join(ROOT, "artifacts", "e2e");
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

/** Responses the pages are expected to get: the browser logs each as a console error. */
const EXPECTED_HTTP_ERRORS = [
  { status: 401, path: "/api/bss/auth/me" }, // opening /bss before signing in
  { status: 401, path: "/api/bss/auth/login" }, // the wrong password on purpose
  { status: 404, path: "/api/storefront/stores/does-not-exist" },
];

function isExpected(message: ConsoleMessage): boolean {
  const status = /status of (\d{3})/.exec(message.text())?.[1];
  if (!status) return false;
  const url = message.location().url;
  const path = url ? new URL(url).pathname : "";
  return EXPECTED_HTTP_ERRORS.some((e) => String(e.status) === status && e.path === path);
}

describe("web app smoke (Chromium)", () => {
  let ctx: TestContext;
  let app: App;
  let base: string;
  let profile: string;
  let browser: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];

  before(async () => {
    if (!existsSync(join(ROOT, "web", "dist", "index.html"))) {
      execFileSync("npm", ["run", "build:web"], { cwd: ROOT, stdio: "inherit" });
    }
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
    mkdirSync(ARTIFACTS, { recursive: true });

    ctx = await createTestContext();
    app = await buildServer(ctx.deps);
    await app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    profile = mkdtempSync(join(tmpdir(), "openbss-e2e-"));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
      locale: "en-GB",
      timezoneId: "UTC",
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(15_000);
    page.on("console", (message) => {
      if (message.type() === "error" && !isExpected(message)) {
        consoleErrors.push(`${message.text()} (${message.location().url})`);
      }
    });
    page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));
  });

  after(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await app?.close();
    await ctx?.close();
  });

  it("signs in to the back office and shows the tenant on the dashboard", async () => {
    const tenant = await createTenant(ctx.deps, { name: "Smoke Distribution GmbH" });
    const user = await createUser(ctx.deps, { tenantId: tenant.id, role: "admin" });

    await page.goto(`${base}/bss`);
    await page.waitForURL(`${base}/bss/login`);
    await page.getByText("Demo users are listed in the README").waitFor();

    await page.getByRole("textbox", { name: "Email" }).fill(user.email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? "", /\S/, "the server's error message is shown");
    await page.screenshot({ path: join(ARTIFACTS, "bss-login-error.png") });

    await page.getByRole("textbox", { name: "Password", exact: true }).fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${base}/bss`);

    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    const header = page.getByTestId("tenant-name");
    await header.filter({ hasText: tenant.name }).waitFor();
    assert.equal((await header.textContent())?.trim(), tenant.name);
    await page.getByText("Healthy").waitFor();
    // Every count card loaded from its list endpoint (a missing endpoint shows "unavailable").
    await page.waitForLoadState("networkidle");
    assert.equal(await page.getByText("unavailable").count(), 0, "a dashboard count failed to load");
    await page.getByRole("link", { name: "Accounts" }).first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "bss-dashboard.png"), fullPage: true });

    // The same page at phone width: the navbar folds behind the burger.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole("button", { name: "Toggle navigation" }).waitFor();
    await page.getByTestId("tenant-name").filter({ hasText: tenant.name }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "bss-dashboard-phone.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("shows a friendly page for a store that does not exist", async () => {
    await page.goto(`${base}/store/does-not-exist`);
    await page.getByRole("heading", { name: "This store does not exist" }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "store-not-found.png") });
  });

  it("logged no console errors", () => {
    assert.deepEqual(consoleErrors, []);
  });
});
