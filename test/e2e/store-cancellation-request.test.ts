import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { addBasketLine, checkoutBasket } from "../../src/modules/orders/index.ts";
import { attachSandbox, drainAll } from "../../src/modules/provisioning/provisioning.fixtures.ts";
import { queryRows, sql } from "../../src/shared/db.ts";
import { line, type OrderWorld, orderWorld } from "../order-fixtures.ts";
import { type StoreE2E, startStoreE2E } from "./store-harness.ts";

/**
 * Issue 15 (R-CRQ-01..03) in the browser: an end customer asks to cancel part of a subscription
 * whose product type does not execute cancellations automatically; the clerk approves it in the
 * back office with a confirmation email; the customer sees the new quantity and the email is in
 * the mailbox. A second request is rejected with a reason.
 */
describe("Storefront cancellation request, approved and rejected in the back office (Chromium)", () => {
  let e: StoreE2E;
  let w: OrderWorld;
  let alias: string;
  let sub: string;
  let sandbox: Awaited<ReturnType<typeof attachSandbox>> | undefined;

  before(async () => {
    e = await startStoreE2E();
    w = await orderWorld(e.ctx.deps);
    alias = w.resellerA.storefrontAlias!;
    sandbox = await attachSandbox(e.ctx.deps, { clock: e.ctx.clock });
    await addBasketLine(e.ctx.deps, w.actors.sfA3, line(w, "DBX-STD-MCMB", 5));
    const { order } = await checkoutBasket(e.ctx.deps, w.actors.sfA3, {}, { dryRun: false });
    sub = order.lines[0]!.subscriptionId!;
    await drainAll(e.ctx.deps);
    // R-CRQ-01 off for this product type; and fewer licences take effect at once (not Dropbox's
    // at-renewal rule, D3), so the approved partial cancellation shows a new quantity today.
    await e.ctx.deps.db.execute(sql`
      update product_types set auto_cancel_subscriptions = false,
        policies = jsonb_set(jsonb_set(policies, '{decreaseEffect}', '"immediate"'), '{changeRules}',
          (select coalesce(jsonb_agg(r), '[]'::jsonb) from jsonb_array_elements(policies->'changeRules') r
           where r->>'action' <> 'decrease'))
      where id = (select p.product_type_id from products p join subscriptions s on s.product_id = p.id where s.id = ${sub})`);
  });
  after(async () => {
    await sandbox?.close(); // the vendor sandbox's server, or the test process never exits
    await e?.close();
  });

  async function requestCancellation(quantity: string, instructions: string) {
    const { page, base } = e;
    await page.goto(`${base}/store/${alias}/billing/subscriptions/${sub}`);
    await page.getByRole("button", { name: "I want to…" }).click();
    await page.getByRole("menuitem", { name: "Cancel the subscription" }).click();
    const cancel = page.getByRole("dialog", { name: "Cancel the subscription" });
    await cancel.getByRole("textbox", { name: "Licences to cancel" }).fill(quantity);
    await cancel.getByRole("radio", { name: "Immediately" }).check();
    await cancel.getByRole("textbox", { name: /Instructions/ }).fill(instructions);
    await cancel.getByRole("button", { name: "Review price" }).click();
    await cancel.getByTestId("request-note").waitFor();
    await cancel.getByRole("button", { name: "Cancel licences" }).click();
    await cancel.waitFor({ state: "hidden" });
    await page.getByTestId("cancellation-requested").waitFor();
  }

  it("R-CRQ-02 R-CRQ-03 a partial Immediate request, approved with an email; a second one rejected with a reason", async () => {
    const { page, base } = e;
    await e.signIn(alias, w.sfA3.email);
    await requestCancellation("2", "Two colleagues left");
    assert.equal(
      (await page.getByTestId("subscription-quantity").textContent())?.trim(),
      "5",
      "unchanged while it waits",
    );
    await e.screenshot("crq-store-requested");

    // The clerk approves it in the back office, with the confirmation email.
    await e.signInBss(w.clerk.email);
    await page.goto(`${base}/bss/cancellation-requests`);
    await page.getByRole("heading", { name: "Cancellation requests" }).waitFor();
    await page.getByRole("button", { name: "View request" }).first().click();
    const modal = page.getByRole("dialog", { name: "Cancellation request" });
    await modal.getByText("Two colleagues left").waitFor();
    await modal.getByText("2 of 5 licences").waitFor();
    await modal.getByText(w.sfA3.email).waitFor();
    await e.screenshot("crq-bss-view");
    await modal.getByRole("button", { name: "Approve and cancel" }).click();
    await modal.waitFor({ state: "hidden" });
    await drainAll(e.ctx.deps); // the vendor gets the new quantity; the email is sent

    // The email is in the mailbox.
    await page.goto(`${base}/bss/mailbox`);
    await page
      .getByText(/Your cancellation of .* was approved/)
      .first()
      .waitFor();
    const [mail] = await queryRows<{ to_address: string; status: string }>(
      e.ctx.deps.db,
      sql`select to_address, status from messages where template = 'cancellation_request_completed'`,
    );
    assert.equal(mail?.to_address, w.sfA3.email);
    assert.equal(mail?.status, "sent");

    // The customer sees the new quantity.
    await e.signIn(alias, w.sfA3.email);
    await page.goto(`${base}/store/${alias}/billing/subscriptions/${sub}`);
    await page.getByTestId("subscription-quantity").filter({ hasText: "3" }).waitFor();
    assert.equal(await page.getByTestId("cancellation-requested").count(), 0);
    await e.screenshot("crq-store-approved");

    // A second request is rejected with a reason.
    await requestCancellation("3", "One more"); // all of them (fewer would go below the minimum of 3)
    await e.signInBss(w.clerk.email);
    await page.goto(`${base}/bss/cancellation-requests`);
    await page.getByRole("button", { name: "View request" }).first().click();
    const second = page.getByRole("dialog", { name: "Cancellation request" });
    await second.getByText("One more").waitFor();
    await second.getByRole("button", { name: "Reject…" }).click();
    await second.getByRole("textbox", { name: "Reason" }).fill("Your contract runs until June");
    await second.getByRole("button", { name: "Reject request" }).click();
    await second.waitFor({ state: "hidden" });
    const [rejected] = await queryRows<{ status: string; decision_reason: string }>(
      e.ctx.deps.db,
      sql`select status, decision_reason from cancellation_requests where instructions = 'One more'`,
    );
    assert.deepEqual(rejected, { status: "rejected", decision_reason: "Your contract runs until June" });
    await e.signIn(alias, w.sfA3.email);
    await page.goto(`${base}/store/${alias}/billing/subscriptions/${sub}`);
    await page.getByTestId("subscription-quantity").filter({ hasText: "3" }).waitFor();
    assert.equal(await page.getByTestId("cancellation-requested").count(), 0);
  });
});
