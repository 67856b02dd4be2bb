import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { line, type OrderWorld, orderWorld, rowsOf } from "../../../test/order-fixtures.ts";
import { createTestSubscription, setupSubscriptionWorld } from "../../../test/subscription-fixtures.ts";
import { sql } from "../../shared/db.ts";
import { addBasketLine, approveOrder, checkoutBasket, rejectOrder } from "../orders/index.ts";
import { recordProvisioningResult } from "../subscriptions/index.ts";
import { sendMessage } from "./index.ts";
import { renderTemplate } from "./templates/index.ts";
import { registerCatalogue } from "./templates/strings.ts";

/** Issue 15's notices: rendered from one string catalogue per language, each once per event. */
describe("issue 15 notices: templates, languages, order and provisioning emails", () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  const request = {
    recipientName: "Ann <Admin>",
    link: "/store/shop/billing/subscriptions/sub_1",
    requestId: "crq_1",
    subscriptionName: "Dropbox Standard",
    customerName: "Beta & Co",
    addonName: null,
    quantity: 2,
    totalQuantity: 5,
    mode: "immediate" as const,
    instructions: "Two people left",
    submittedBy: "buyer@example.test",
    submittedAt: "2026-01-15T09:00:00.000Z",
  };

  it("every notice renders text and HTML with an absolute link; values are escaped in HTML", () => {
    const ctxR = { publicUrl: "https://bss.example.test" };
    for (const template of [
      "cancellation_request_submitted",
      "cancellation_request_completed",
      "cancellation_request_rejected",
    ] as const) {
      const { email } = renderTemplate(
        template,
        { ...request, reason: "No", effectiveDate: "2026-01-16" },
        ctxR,
      );
      assert.ok(
        email.text.includes("https://bss.example.test/store/shop/billing/subscriptions/sub_1"),
        template,
      );
      assert.ok(email.html.includes("Beta &amp; Co") && !email.html.includes("Beta & Co"), template);
      assert.ok(email.text.includes("Hello Ann <Admin>,"), template);
      assert.ok(email.subject.includes("Dropbox Standard"), template);
    }
    const failed = renderTemplate(
      "provisioning_failed",
      {
        recipientName: "Ops",
        link: "/bss/subscriptions/sub_1",
        subscriptionId: "sub_1",
        subscriptionName: "Dropbox Standard",
        customerName: "Beta",
        reason: "Team limit reached",
      },
      ctxR,
    ).email;
    assert.match(failed.text, /The vendor's reason: Team limit reached/);
    assert.match(failed.text, /https:\/\/bss\.example\.test\/bss\/subscriptions\/sub_1/);
    for (const template of ["order_waiting_for_approval", "order_approved", "order_rejected"] as const) {
      const { email } = renderTemplate(
        template,
        {
          recipientName: "R",
          link: "/store/shop/billing/orders/ord_1",
          orderId: "ord_1",
          orderNumber: 42,
          customerName: "Beta",
          reason: "Budget",
        },
        ctxR,
      );
      assert.match(email.subject, /42/);
      assert.ok(email.html.includes("https://bss.example.test/store/shop/billing/orders/ord_1"));
    }
  });

  it("a second language is a catalogue, not code: registered strings are used, missing keys fall back to English", () => {
    registerCatalogue("de", {
      "common.greeting": "Hallo {name},",
      "crqRejected.subject": "Ihre Kündigungsanfrage für {subscription} wurde abgelehnt",
    });
    const { email } = renderTemplate(
      "cancellation_request_rejected",
      { ...request, language: "de", reason: "Vertrag läuft bis Juni" },
      { publicUrl: "https://bss.example.test" },
    );
    assert.equal(email.subject, "Ihre Kündigungsanfrage für Dropbox Standard wurde abgelehnt");
    assert.ok(email.text.startsWith("Hallo Ann <Admin>,"));
    assert.match(email.text, /Reason: Vertrag läuft bis Juni/, "a missing key falls back to English");
    // An unknown language renders in English; a catalogue with unknown keys is refused.
    const en = renderTemplate(
      "cancellation_request_rejected",
      { ...request, language: "fr" },
      { publicUrl: "" },
    );
    assert.match(en.email.subject, /was rejected/);
    assert.throws(() => registerCatalogue("it", { "no.such.key": "x" } as never), /Unknown string keys/);
  });

  it("language fallback: a regional or differently cased setting (de-AT, DE) uses its language's catalogue before English", () => {
    registerCatalogue("de", {
      "crqRejected.subject": "Ihre Kündigungsanfrage für {subscription} wurde abgelehnt",
    });
    for (const language of ["de-AT", "DE", "de-at"]) {
      const { email } = renderTemplate(
        "cancellation_request_rejected",
        { ...request, language },
        { publicUrl: "https://bss.example.test" },
      );
      assert.equal(email.subject, "Ihre Kündigungsanfrage für Dropbox Standard wurde abgelehnt", language);
    }
  });

  describe("order notices (R-ORD-09) and provisioning failures (R-PRV-01)", () => {
    let w: OrderWorld;
    before(async () => {
      w = await orderWorld(ctx.deps);
      await ctx.deps.db.execute(
        sql`update accounts set email = 'reseller@example.test' where id = ${w.resellerA.id}`,
      );
    });
    const mails = (key: string) =>
      rowsOf<{ id: string; to_address: string; subject: string; text_body: string }>(
        ctx.deps,
        "messages",
        sql`key = ${key}`,
      );

    it("waiting for approval → the reseller; approved / rejected → the customer who ordered; each once", async () => {
      await addBasketLine(ctx.deps, w.actors.sfA1, line(w, "DBX-STD-MCMB", 3));
      const { order } = await checkoutBasket(ctx.deps, w.actors.sfA1, {});
      const [waiting] = await mails(`order-waiting-for-approval:${order.id}`);
      assert.equal(waiting?.to_address, "reseller@example.test");
      assert.match(waiting!.text_body, new RegExp(`/billing/orders/${order.id}`));
      await approveOrder(ctx.deps, w.actors.sfA, order.id);
      const [approved] = await mails(`order-approved:${order.id}`);
      assert.equal(approved?.to_address, w.sfA1.email);
      assert.match(approved!.subject, /approved/);
      const sent = await sendMessage(ctx.deps, { tenantId: w.tenant.id, messageId: approved!.id });
      const retried = await sendMessage(ctx.deps, { tenantId: w.tenant.id, messageId: approved!.id });
      assert.equal(sent?.status, "sent");
      assert.equal(retried?.status, "already_sent");

      await addBasketLine(ctx.deps, w.actors.sfA1, line(w, "DBX-STD-MCMB", 3));
      const second = await checkoutBasket(ctx.deps, w.actors.sfA1, {});
      await rejectOrder(ctx.deps, w.actors.sfA, second.order.id, { reason: "Budget not approved" });
      const [rejected] = await mails(`order-rejected:${second.order.id}`);
      assert.equal(rejected?.to_address, w.sfA1.email);
      assert.match(rejected!.text_body, /Budget not approved/);
    });

    it("a refused provisioning → the responsible user, with the vendor's reason, once per failure", async () => {
      const sw = await setupSubscriptionWorld(ctx.deps);
      const { subscription } = await createTestSubscription(ctx.deps, sw, {
        sku: "DBX-STD-MCMB",
        quantity: 3,
        synchronized: false,
      });
      await ctx.deps.db.execute(
        sql`update subscriptions set responsible_user_id = ${sw.clerk.id} where id = ${subscription.id}`,
      );
      await recordProvisioningResult(ctx.deps, {
        tenantId: sw.tenant.id,
        subscriptionId: subscription.id,
        outcome: "failed",
        error: "The team admin email is already used",
      });
      const rows = await rowsOf<{ to_address: string; text_body: string; template: string }>(
        ctx.deps,
        "messages",
        sql`template = 'provisioning_failed' and tenant_id = ${sw.tenant.id}`,
      );
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.to_address, sw.clerk.email);
      assert.match(rows[0]!.text_body, /The team admin email is already used/);
      assert.match(rows[0]!.text_body, new RegExp(`/bss/subscriptions/${subscription.id}`));
    });
  });
});
