import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  formatBasisPoints,
  formatBytes,
  formatDate,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatTime,
} from "./format.ts";
import { CHANNEL_LABELS, EMAIL_TEMPLATE_LABELS, humanize, LABELS, labelOf } from "./labels.ts";

/** Issue 16 "one way to show things": the formatters the web app, documents and emails share. */
describe("format: dates", () => {
  it("shows a calendar date as that day in every locale and time zone (no UTC shift)", () => {
    assert.equal(formatDate("2026-03-01", "en-GB"), "1 Mar 2026");
    assert.equal(formatDate("2026-03-01", "en-US"), "Mar 1, 2026");
    assert.equal(formatDate("2026-03-01", "de-DE"), "01.03.2026");
    assert.equal(formatDate("2026-12-31", "en-GB", "Pacific/Kiritimati"), "31 Dec 2026");
  });

  it("shows a timestamp's day in the given time zone", () => {
    assert.equal(formatDate("2026-03-01T23:30:00Z", "en-GB", "UTC"), "1 Mar 2026");
    assert.equal(formatDate("2026-03-01T23:30:00Z", "en-GB", "Europe/Berlin"), "2 Mar 2026");
  });

  it("shows a timestamp with day and time; a time of day with seconds", () => {
    assert.equal(formatDateTime("2026-03-01T14:05:00Z", "en-GB", "UTC"), "1 Mar 2026, 14:05");
    assert.equal(
      formatDateTime(new Date("2026-03-01T14:05:00Z"), "en-GB", "Europe/Berlin"),
      "1 Mar 2026, 15:05",
    );
    assert.equal(formatTime("2026-03-01T14:05:07Z", "en-GB", "UTC"), "14:05:07");
  });

  it("shows — for nothing and leaves what is not a date as it is", () => {
    for (const f of [formatDate, formatDateTime, formatTime]) {
      assert.equal(f(null), "—");
      assert.equal(f(undefined), "—");
      assert.equal(f(""), "—");
    }
    assert.equal(formatDate("soon"), "soon");
    assert.equal(formatDateTime("2026-03-01"), "2026-03-01", "a day is not a moment");
  });
});

describe("format: money and numbers", () => {
  it("formats the exact decimal in the locale's style (no float rounding)", () => {
    assert.equal(formatMoney({ currency: "EUR", decimal: "1234.50" }, "en-GB"), "€1,234.50");
    assert.equal(formatMoney({ currency: "EUR", decimal: "1234.50" }, "de-DE"), "1.234,50\u00a0€"); // a no-break space
    assert.equal(formatMoney({ currency: "JPY", decimal: "1500" }, "en-GB"), "JP¥1,500");
    assert.equal(
      formatMoney({ currency: "USD", decimal: "90071992547409.93" }, "en-US"),
      "$90,071,992,547,409.93",
    );
  });

  it("keeps a per-unit price's extra decimals; — for no amount; an unknown currency as text", () => {
    assert.equal(formatMoney({ currency: "EUR", decimal: "0.1234" }, "en-GB"), "€0.1234");
    assert.equal(formatMoney(null), "—");
    assert.equal(formatMoney({ currency: "??", decimal: "1.00" }), "1.00 ??");
  });

  it("groups counts, sizes in B/KB/MB, basis points as percentages (signed for markups)", () => {
    assert.equal(formatNumber(12345, "en-GB"), "12,345");
    assert.equal(formatNumber(12345, "de-DE"), "12.345");
    assert.equal(formatNumber(null), "—");
    assert.equal(formatBytes(812, "en-GB"), "812 B");
    assert.equal(formatBytes(12_595, "en-GB"), "12.3 KB");
    assert.equal(formatBytes(4_300_000, "de-DE"), "4,1 MB");
    assert.equal(formatBasisPoints(2400), "24 %");
    assert.equal(formatBasisPoints(1250), "12.5 %");
    assert.equal(formatBasisPoints(1250, { signed: true }), "+12.5 %");
    assert.equal(formatBasisPoints(-505, { signed: true }), "−5.05 %");
    assert.equal(formatBasisPoints(0, { signed: true }), "0 %");
  });
});

describe("labels: enum values as people read them", () => {
  it("names channels, email templates, sync and order statuses, document and job kinds", () => {
    assert.equal(labelOf("channel", "api"), "API");
    assert.equal(labelOf("channel", "bss"), "Back office");
    assert.equal(labelOf("channel", "storefront"), "Storefront");
    assert.equal(labelOf("emailTemplate", "ORDER_CONFIRMATION"), "Order confirmation");
    assert.equal(labelOf("emailTemplate", "document_issued"), "Invoice or credit note issued");
    assert.equal(labelOf("syncStatus", "synchronized"), "Synchronized");
    assert.equal(labelOf("syncStatus", "unsynchronized"), "Not synchronized");
    assert.equal(labelOf("orderStatus", "pending_reseller_approval"), "Pending Reseller Approval");
    assert.equal(labelOf("documentKind", "credit_note"), "Credit note");
    assert.equal(labelOf("jobKind", "notifications.send"), "Send an email");
    assert.equal(labelOf("status", "pending_for_cancel"), "Pending For Cancel");
    assert.equal(labelOf("status", "dead"), "Gave up");
  });

  it("falls back to the value's words, and — for nothing", () => {
    assert.equal(labelOf("channel", "partner_portal"), "Partner portal");
    assert.equal(labelOf("status", null), "—");
    assert.equal(humanize("priceChange"), "Price change");
    assert.equal(humanize("provisioning.sync"), "Provisioning sync");
  });

  it("covers every value of the server's enums", async () => {
    const { TEMPLATE_NAMES } = await import("../modules/notifications/notifications.types.ts");
    const { ORDER_STATUSES, ORDER_CHANNELS } = await import("../modules/orders/orders.types.ts");
    const { SUBSCRIPTION_STATUSES, SYNC_STATUSES } = await import(
      "../modules/subscriptions/subscriptions.types.ts"
    );
    const { ACCOUNT_KINDS, PAYMENT_METHODS } = await import("../modules/tenancy/tenancy.types.ts");
    const cases: Array<[Record<string, string>, readonly string[]]> = [
      [EMAIL_TEMPLATE_LABELS, TEMPLATE_NAMES],
      [LABELS.orderStatus, ORDER_STATUSES],
      [CHANNEL_LABELS, ORDER_CHANNELS],
      [LABELS.subscriptionStatus, SUBSCRIPTION_STATUSES],
      [LABELS.syncStatus, SYNC_STATUSES],
      [LABELS.accountKind, ACCOUNT_KINDS],
      [LABELS.paymentMethod, PAYMENT_METHODS],
    ];
    for (const [map, values] of cases) for (const v of values) assert.ok(map[v], `a label for ${v}`);
  });
});
