import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { createTenant, createUser, TEST_PASSWORD } from "../factories.ts";
import { type BrowserHarness, startBrowserHarness } from "./browser.ts";

/**
 * Browser smoke test: the real server (built web app + API on a test database) driven by
 * Debian's Chromium through playwright-core (test/e2e/browser.ts). Screenshots go to artifacts/e2e/.
 */

/** Responses the pages are expected to get: the browser logs each as a console error. */
const EXPECTED_HTTP_ERRORS = [
  { status: 401, path: "/api/bss/auth/me" }, // opening /bss before signing in
  { status: 401, path: "/api/bss/auth/login" }, // the wrong password on purpose
  { status: 404, path: "/api/storefront/stores/does-not-exist" },
];

describe("web app smoke (Chromium)", () => {
  let h: BrowserHarness;
  let base: string;
  let page: Page;

  before(async () => {
    h = await startBrowserHarness({ expectedHttpErrors: EXPECTED_HTTP_ERRORS });
    ({ base, page } = h);
  });

  after(async () => h?.close());

  it("signs in to the back office and shows the tenant on the dashboard", async () => {
    const tenant = await createTenant(h.ctx.deps, { name: "Smoke Distribution GmbH" });
    const user = await createUser(h.ctx.deps, { tenantId: tenant.id, role: "admin" });

    await page.goto(`${base}/bss`);
    await page.waitForURL(`${base}/bss/login`);
    await page.getByText("Demo users are listed in the README").waitFor();

    await page.getByRole("textbox", { name: "Email" }).fill(user.email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? "", /\S/, "the server's error message is shown");
    await h.screenshot("bss-login-error");

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
    await h.screenshot("bss-dashboard", { fullPage: true });

    // The same page at phone width: the navbar folds behind the burger.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole("button", { name: "Toggle navigation" }).waitFor();
    await page.getByTestId("tenant-name").filter({ hasText: tenant.name }).waitFor();
    await h.screenshot("bss-dashboard-phone", { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("shows a friendly page for a store that does not exist", async () => {
    await page.goto(`${base}/store/does-not-exist`);
    await page.getByRole("heading", { name: "This store does not exist" }).waitFor();
    await h.screenshot("store-not-found");
  });

  it("logged no console errors", () => {
    assert.deepEqual(h.consoleErrors, []);
  });
});
