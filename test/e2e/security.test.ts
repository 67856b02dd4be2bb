import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { addBasketLine, checkoutBasket } from "../../src/modules/orders/index.ts";
import { queryRows, sql } from "../../src/shared/db.ts";
import { line, type OrderWorld, orderWorld } from "../order-fixtures.ts";
import { type StoreE2E, startStoreE2E } from "./store-harness.ts";

/**
 * The browser-facing defences of issue 12 in Chromium (src/http/security.ts): the CSP lets the
 * web app and Swagger UI run (any CSP violation is a console error, which fails the file), and a
 * page of another origin cannot make the signed-in browser change anything.
 *
 * The forging page is served from another port of the same host: a different origin but the same
 * site, so the SameSite=Lax session cookie *is* sent with its POSTs — the case only the
 * origin check stops.
 */
describe("browser defences (Chromium)", () => {
  let e: StoreE2E;
  let w: OrderWorld;
  let evil: Server;
  let evilBase: string;
  /** The forging pages, by path: each gets the target URL in ?target=. */
  const EVIL_PAGES: Record<string, (target: string) => string> = {
    "/form": (target) => `<!doctype html><form id="f" method="post" enctype="text/plain" action="${target}">
      <input name='{"a":"' value='b"}'></form><script>document.getElementById("f").submit()</script>`,
    "/fetch": (target) => `<!doctype html><p id="done"></p><script>
      fetch(${JSON.stringify(target)}, { method: "POST", mode: "no-cors", credentials: "include" })
        .catch(() => "blocked") // the answer is a refusal, and CORP: same-origin hides it anyway
        .finally(() => { document.getElementById("done").textContent = "sent" })</script>`,
  };

  async function pendingOrder(): Promise<{ id: string; url: string }> {
    await addBasketLine(e.ctx.deps, w.actors.sfA1, line(w, "DBX-STD-MCMB", 3));
    const { order } = await checkoutBasket(e.ctx.deps, w.actors.sfA1, {}, { dryRun: false });
    assert.equal(order.status, "pending_reseller_approval");
    return { id: order.id, url: `${e.base}/api/storefront/orders/${order.id}/approve` };
  }
  const statusOf = async (orderId: string) =>
    (
      await queryRows<{ status: string }>(e.ctx.deps.db, sql`select status from orders where id = ${orderId}`)
    )[0]!.status;

  before(async () => {
    e = await startStoreE2E();
    w = await orderWorld(e.ctx.deps);
    evil = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      const page = EVIL_PAGES[url.pathname];
      res.writeHead(page ? 200 : 404, { "content-type": "text/html" });
      res.end(page ? page(url.searchParams.get("target") ?? "") : "");
    });
    await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
    evilBase = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
  });
  after(async () => {
    evil?.close();
    await e?.close();
  });

  it("the web app runs under the CSP: the Storefront signs in and shows its pages", async () => {
    const response = await e.page.goto(`${e.base}/store/${w.resellerA.storefrontAlias}/login`);
    const csp = response?.headers()["content-security-policy"] ?? "";
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.equal(response?.headers()["x-frame-options"], "DENY");
    await e.signIn(w.resellerA.storefrontAlias!, w.sfA.email);
    await e.page.waitForLoadState("networkidle");
    await e.screenshot("security-store-signed-in");
  });

  it("a form (text/plain) and a no-cors fetch from another origin of the same site approve nothing", async () => {
    const order = await pendingOrder();
    const target = encodeURIComponent(order.url);

    // Another tab of the same browser (same cookies); its console is the attacker's, not the app's.
    const attacker = await e.browser.newPage();
    await attacker.goto(`${evilBase}/form?target=${target}`);
    await attacker.waitForURL(order.url);
    const refused = JSON.parse((await attacker.locator("body").textContent()) ?? "{}");
    assert.equal(refused.error?.code, "forbidden");
    // Chromium reported the request as same-site (another port), so the Lax cookie went along.
    assert.equal(refused.error?.details?.seen, "Sec-Fetch-Site: same-site");

    await attacker.goto(`${evilBase}/fetch?target=${target}`);
    await attacker.locator("#done").filter({ hasText: "sent" }).waitFor();
    await attacker.close();

    assert.equal(await statusOf(order.id), "pending_reseller_approval", "the forged approvals did nothing");
  });

  it("the same request from the app's own origin goes through (Chromium sends Sec-Fetch-Site: same-origin)", async () => {
    const order = await pendingOrder();
    await e.page.goto(`${e.base}/store/${w.resellerA.storefrontAlias}`);
    const status = await e.page.evaluate(async (url) => {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      return res.status;
    }, order.url);
    assert.equal(status, 200);
    assert.equal(await statusOf(order.id), "executed");
  });

  it("Swagger UI at /api/docs renders the API under its CSP", async () => {
    await e.page.goto(`${e.base}/api/docs`);
    await e.page.getByText("openbss API").first().waitFor();
    await e.page.getByText("/api/bss/auth/login").first().waitFor();
    await e.page.waitForLoadState("networkidle");
    await e.screenshot("security-swagger-ui");
  });

  it("logged no console errors (a CSP violation is one)", () => {
    assert.deepEqual(e.consoleErrors, []);
  });
});
