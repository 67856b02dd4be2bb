import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { advanceTo } from "../../../test/billing-fixtures.ts";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  bssCtx,
  createTestSubscription,
  previewThenCommit,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  signInWorld,
  subscriptionState,
} from "../../../test/subscription-fixtures.ts";
import { send } from "../../../test/tenancy-fixtures.ts";
import { queryRows, sql } from "../../shared/db.ts";
import type { BillingEffect } from "../billing/index.ts";
import { cancelSubscription } from "./cancel-subscription.ts";
import { recordProvisioningResult } from "./record-provisioning-result.ts";

/**
 * Issue 13.10: a full cancellation waiting for the vendor (R-CAN-05) previews the credit note its
 * confirmation issues (R-CAN-03), computed by the code the confirmation runs — the preview used to
 * say "no charges or credits now" and the credit note came as a surprise.
 */
describe("cancel preview: the credit issued on the vendor's confirmation (R-CAN-03, R-CAN-05)", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  let as: Awaited<ReturnType<typeof signInWorld>>;
  before(async () => {
    t = await createTestApp();
    w = await setupSubscriptionWorld(t.deps);
    as = await signInWorld(t.app, w);
  });
  after(() => t.close());

  const tenant = () => w.tenant.id;
  const confirm = (subscriptionId: string) =>
    recordProvisioningResult(t.deps, { tenantId: tenant(), subscriptionId, outcome: "synchronized" });

  /** The credit lines written for a subscription since `after` (a charge id), as the preview shows them. */
  async function creditNote(subscriptionId: string) {
    const lines = await queryRows<Record<string, string | number | null>>(
      t.deps.db,
      sql`select c.kind, c.addon_id, c.product_id, c.description, c.period_start::text, c.period_end::text,
            c.from_date::text, c.to_date::text, c.days, c.period_days, c.quantity, c.unit_price::text,
            c.amount::text, c.tax::text, c.currency, c.explanation, d.kind as document_kind, d.number,
            d.issue_date::text, d.net::text, d.tax::text as document_tax, d.gross::text
          from billing_charges c join billing_documents d on d.id = c.document_id
          where c.tenant_id = ${tenant()} and c.subscription_id = ${subscriptionId} and c.kind = 'credit'
          order by c.addon_id nulls first, c.period_start`,
    );
    return lines;
  }

  function asRows(effect: BillingEffect) {
    const doc = (id: string | null) => effect.documents.find((d) => d.id === id);
    return [...effect.charges]
      .sort(
        (a, b) =>
          (a.addonId ?? "").localeCompare(b.addonId ?? "") || a.periodStart.localeCompare(b.periodStart),
      )
      .map((c) => ({
        kind: c.kind,
        addon_id: c.addonId,
        product_id: c.productId,
        description: c.description,
        period_start: c.periodStart,
        period_end: c.periodEnd,
        from_date: c.fromDate,
        to_date: c.toDate,
        days: c.days,
        period_days: c.periodDays,
        quantity: c.quantity,
        unit_price: String(c.unitPrice),
        amount: String(c.amount),
        tax: String(c.tax),
        currency: c.currency,
        explanation: c.explanation,
        document_kind: doc(c.documentId)?.kind ?? null,
        number: doc(c.documentId)?.number ?? null,
        issue_date: doc(c.documentId)?.issueDate ?? null,
        net: String(doc(c.documentId)?.net),
        document_tax: String(doc(c.documentId)?.tax),
        gross: String(doc(c.documentId)?.gross),
      }));
  }

  it("R-CAN-03 R-CAN-05 a full Immediate cancellation previews the credit note the vendor's confirmation issues, line for line to the cent", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1Y",
      quantity: 40,
      addons: [{ sku: "DBX-1TB-AC1Y", quantity: 1 }],
    });
    await advanceTo(t.deps, "2026-01-20"); // day 5 of the change window
    const { preview, commit } = await previewThenCommit(t.deps, tenant(), sub.id, (o) =>
      cancelSubscription(t.deps, bssCtx(w), { subscriptionId: sub.id, mode: "immediate" }, o),
    );
    assert.equal(preview.effect, "awaiting_vendor");
    assert.deepEqual(preview.billing.charges, [], "nothing is credited before the vendor confirms");
    const pending = preview.billing.onVendorConfirmation;
    assert.ok(pending, "the preview lists what the vendor's confirmation issues");
    assert.deepEqual(
      pending.charges.map((c) => [c.kind, c.addonId === null ? "base" : "add-on", c.amount]),
      [
        // 40 × 162.00 = 6,480.00 for 15 Jan 2026 – 14 Jan 2027: 360 of 365 days left → 6,391.23
        ["credit", "base", -639123n],
        ["credit", "add-on", pending.charges[1]!.amount],
      ],
    );
    assert.match(
      pending.charges[0]!.explanation,
      /^Credit of 6480\.00 × 360\/365 days \(20 Jan 2026 – 14 Jan 2027\)$/,
    );
    assert.equal(pending.documents.length, 1);
    assert.equal(pending.documents[0]!.kind, "credit_note");
    assert.equal(commit.billing.onVendorConfirmation?.charges.length, 2, "the commit answers the same");

    const before = await subscriptionState(t.deps, tenant(), sub.id);
    assert.deepEqual(await creditNote(sub.id), [], "the preview of the confirmation left nothing behind");
    assert.equal(await subscriptionState(t.deps, tenant(), sub.id), before);

    await confirm(sub.id);
    assert.deepEqual(
      await creditNote(sub.id),
      asRows(pending),
      "the credit note is the one the preview listed",
    );
  });

  it("R-CAN-03 R-CAN-05 over HTTP: the preview's billing part carries onVendorConfirmation (BSS and Storefront)", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1Y",
      quantity: 40,
      startDate: "2026-01-20",
    });
    const bss = await send(
      t.app,
      {
        method: "POST",
        url: `/api/bss/subscriptions/${sub.id}/cancel?dryRun=true`,
        body: { mode: "immediate" },
      },
      as.clerk,
    );
    assert.equal(bss.statusCode, 200, bss.body);
    const body = bss.json();
    assert.equal(body.effect, "awaiting_vendor");
    assert.deepEqual(body.billing.lines, []);
    assert.equal(body.billing.total, null);
    const pending = body.billing.onVendorConfirmation;
    assert.deepEqual(
      pending.lines.map((l: { amount: { decimal: string } }) => l.amount.decimal),
      ["-6480.00"],
      "cancelled on its first day: the whole year is credited",
    );
    assert.deepEqual(pending.total, { currency: "EUR", minor: "-648000", decimal: "-6480.00" });
    assert.equal(pending.documents[0].kind, "credit_note");

    const sf = await send(
      t.app,
      {
        method: "POST",
        url: `/api/storefront/subscriptions/${sub.id}/cancel?dryRun=true`,
        body: { mode: "immediate" },
      },
      as.sfA1,
    );
    assert.equal(sf.statusCode, 200, sf.body);
    assert.deepEqual(sf.json().billing.onVendorConfirmation.total, pending.total);

    const commit = await send(
      t.app,
      { method: "POST", url: `/api/bss/subscriptions/${sub.id}/cancel`, body: { mode: "immediate" } },
      as.clerk,
    );
    assert.equal(commit.statusCode, 202, commit.body);
    assert.deepEqual(commit.json().billing.onVendorConfirmation.total, pending.total);
    await confirm(sub.id);
    const issued = await creditNote(sub.id);
    assert.deepEqual(
      issued.map((l) => [l.amount, l.gross]),
      [["-648000", pending.documents[0].gross.minor]],
    );
  });

  it("security: another tenant's user and a Storefront user outside the subtree cannot preview it (404)", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1Y",
      quantity: 4,
    });
    for (const [url, cred] of [
      [`/api/bss/subscriptions/${sub.id}/cancel?dryRun=true`, as.otherAdmin],
      [`/api/storefront/subscriptions/${sub.id}/cancel?dryRun=true`, as.sfA2],
      [`/api/storefront/subscriptions/${sub.id}/cancel?dryRun=true`, as.sfB],
    ] as const) {
      const res = await send(t.app, { method: "POST", url, body: { mode: "immediate" } }, cred);
      assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
    }
  });

  it("R-CAN-05 a refused cancellation issues nothing: the announced credit was conditional", async () => {
    const { subscription: sub } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-AC1Y",
      quantity: 4,
    });
    const requested = await cancelSubscription(t.deps, bssCtx(w), {
      subscriptionId: sub.id,
      mode: "immediate",
    });
    assert.ok(requested.billing.onVendorConfirmation?.charges.length);
    await recordProvisioningResult(t.deps, {
      tenantId: tenant(),
      subscriptionId: sub.id,
      outcome: "failed",
      error: "Reseller Cannot Access This Team",
    });
    assert.deepEqual(await creditNote(sub.id), []);
  });
});
