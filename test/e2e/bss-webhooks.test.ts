import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { drainJobs } from "../../src/jobs/index.ts";
import { jobHandlers } from "../../src/jobs/registry.ts";
import { emitWebhookEvent } from "../../src/modules/webhooks/index.ts";
import { transaction } from "../../src/shared/db.ts";
import { signIn } from "../http.ts";
import { buildChannel } from "../tenancy-fixtures.ts";
import { type BrowserHarness, startBrowserHarness } from "./browser.ts";

/**
 * Webhooks in the back office (issue 15.5): an admin adds an endpoint and sees its secret once,
 * a delivery reaches a local receiver and shows in the log with its attempts, a replay sends it
 * again, and the endpoint is disabled.
 */
describe("BSS back office: webhooks (Chromium)", () => {
  let h: BrowserHarness;
  let server: Server;
  const received: Array<{ id: string | undefined; body: string }> = [];
  let receiverUrl = "";

  before(async () => {
    h = await startBrowserHarness();
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({
          id: req.headers["webhook-id"] as string | undefined,
          body: Buffer.concat(chunks).toString(),
        });
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await h?.close();
  });

  it("adds an endpoint (secret shown once), shows a delivery with its attempts, replays it and disables the endpoint", async () => {
    const { page, app } = h;
    const c = await buildChannel(h.ctx.deps);
    await h.signInBss(c.admin.email);
    await page.getByRole("link", { name: "Webhooks" }).first().click();
    await page.getByRole("heading", { name: "Webhooks", exact: true }).waitFor();
    await page.getByText("No webhook endpoints yet").waitFor();
    await page.getByRole("button", { name: "New endpoint" }).click();
    const dialog = page.getByRole("dialog", { name: "New webhook endpoint" });
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    await dialog.getByText("Choose at least one event").waitFor(); // nothing sent yet
    await dialog.getByRole("textbox", { name: "URL" }).fill(receiverUrl);
    await dialog.getByRole("textbox", { name: "Description" }).fill("Our ERP");
    await dialog.getByRole("checkbox", { name: /document\.issued/ }).check();
    await dialog.getByRole("button", { name: "Add endpoint" }).click();

    const reveal = page.getByRole("dialog", { name: "Signing secret" });
    const secret = (await reveal.getByTestId("webhook-secret").textContent()) ?? "";
    assert.match(secret, /^whsec_[A-Za-z0-9+/]+={0,2}$/);
    await reveal.getByRole("button", { name: "Copy secret" }).waitFor();
    await h.screenshot("bss-webhook-secret");
    await reveal.getByRole("button", { name: "Done" }).click();
    await page.getByRole("heading", { name: receiverUrl, exact: true }).waitFor();
    assert.ok(!(await page.content()).includes(secret.slice(6)), "the secret is not shown again");
    const endpointId = new URL(page.url()).pathname.split("/").pop() ?? "";

    // A document is issued: the event reaches the receiver and the log.
    await transaction(h.ctx.deps.db, (tx) =>
      emitWebhookEvent(h.ctx.deps, tx, {
        tenantId: c.tenant.id,
        type: "document.issued",
        data: { documentId: "inv_1" },
      }),
    );
    await drainJobs(h.ctx.deps, jobHandlers, { includeDelayed: true });
    assert.equal(received.length, 1);
    await page.getByRole("button", { name: "Refresh" }).click();
    await page.getByRole("button", { name: "document.issued" }).click();
    const delivery = page.getByRole("dialog", { name: "Delivery" });
    await delivery.getByText("Attempts (1 of at most 8)").waitFor();
    await delivery.getByRole("table", { name: "Attempts" }).getByText("200", { exact: true }).waitFor();
    await h.screenshot("bss-webhook-delivery");
    await delivery.getByRole("button", { name: "Replay" }).click();
    await page.getByText("Replay queued").waitFor();
    await drainJobs(h.ctx.deps, jobHandlers, { includeDelayed: true });
    assert.equal(received.length, 2);
    assert.equal(received[1]!.id, received[0]!.id, "a replay keeps the webhook-id");
    await page.getByRole("button", { name: "Refresh" }).click();
    await page.getByText("replay", { exact: false }).first().waitFor();

    await page.getByRole("button", { name: "Disable" }).click();
    await page.getByRole("button", { name: "Enable" }).waitFor();
    const cookie = await signIn(app, c.admin.email, "bss");
    const endpoint = (
      await app.inject({ method: "GET", url: `/api/bss/webhooks/endpoints/${endpointId}`, headers: cookie })
    ).json();
    assert.deepEqual(
      [endpoint.enabled, endpoint.description, endpoint.eventTypes],
      [false, "Our ERP", ["document.issued"]],
    );
    assert.deepEqual(h.consoleErrors, []);
  });
});
