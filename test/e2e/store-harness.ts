import type { BrowserContext, Page } from "playwright-core";
import type { App } from "../../src/http/app.ts";
import { TEST_PASSWORD } from "../factories.ts";
import type { TestContext } from "../harness.ts";
import { type BrowserHarness, startBrowserHarness } from "./browser.ts";

export { ARTIFACTS } from "./browser.ts";

/**
 * Browser tests of the Storefront: the shared harness of browser.ts (real server on a test
 * database, Debian's Chromium, screenshots in artifacts/e2e/, undeclared console errors fail),
 * with the Storefront's sign-in and full-page screenshots by default.
 */
export interface StoreE2E
  extends Pick<BrowserHarness, "checkA11y" | "checkA11yAtBothWidths" | "visitAndCheckA11y"> {
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
  /** Signs in to the back office in the same browser (the areas' sessions coexist). */
  signInBss(email: string, password?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startStoreE2E(): Promise<StoreE2E> {
  const h = await startBrowserHarness();
  const { page, base } = h;
  return {
    ...h,
    screenshot: (name, fullPage = true) => h.screenshot(name, { fullPage }),
    async signIn(alias, email) {
      await page.goto(`${base}/store/${alias}/login`);
      await page.getByRole("textbox", { name: "Email" }).fill(email);
      await page.getByRole("textbox", { name: "Password", exact: true }).fill(TEST_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => !url.pathname.endsWith("/login"));
    },
  };
}
