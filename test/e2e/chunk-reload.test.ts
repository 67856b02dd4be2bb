import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setupSubscriptionWorld } from "../subscription-fixtures.ts";
import { type BrowserHarness, startBrowserHarness } from "./browser.ts";

/**
 * web/src/lazy-route.tsx: a page whose chunk fails to load reloads the tab once (an old tab after
 * a release), never in a loop — a chunk that keeps failing (here: one that throws as it loads)
 * shows the error after one reload, even though the layout's chunk loads fine each time.
 */
describe("A page chunk that keeps failing (Chromium)", () => {
  let h: BrowserHarness;
  before(async () => {
    h = await startBrowserHarness();
  });
  after(async () => h?.close());

  it("reloads once, then shows the error instead of reloading for ever", async () => {
    const { page, base } = h;
    const w = await setupSubscriptionWorld(h.ctx.deps);
    await h.signInBss(w.admin.email);
    await page.route(/\/assets\/MailboxPage-[^/]+\.js$/, (route) =>
      route.fulfill({
        status: 200,
        contentType: "text/javascript",
        body: 'throw new Error("broken chunk");',
      }),
    );
    let loads = 0;
    page.on("load", () => {
      loads += 1;
    });
    await page.goto(`${base}/bss/mailbox`);
    await page.waitForTimeout(4000);
    assert.ok(loads <= 2, `the tab loaded ${loads} times in 4 s (one reload at most)`);
    assert.equal(await page.getByRole("heading", { name: "Mailbox" }).count(), 0);
    // The router's error screen names the failure; the errors it logged are the point of this test.
    assert.ok(
      h.consoleErrors.some((e) => /broken chunk/.test(e)),
      h.consoleErrors.join("\n"),
    );
    h.consoleErrors.splice(0);
    await page.unroute(/\/assets\/MailboxPage-[^/]+\.js$/);
  });

  it("logged no other console errors", () => {
    assert.deepEqual(h.consoleErrors, []);
  });
});
