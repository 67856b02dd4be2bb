import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatBasisPoints, percentToBasisPoints } from "../../web/src/bss/billing/billing.api.ts";
import {
  availableActions,
  type SubscriptionDetails,
  toSubscriptionDetails,
} from "../../web/src/bss/subscriptions/subscriptions.api.ts";

/**
 * The back office's own small rules, without a browser: which actions a subscription offers
 * (the server decides again on every call) and the percentage ↔ basis-point conversions that
 * must never go through floats.
 */
function sub(patch: Record<string, unknown> = {}): SubscriptionDetails {
  return toSubscriptionDetails({
    id: "sub_1",
    name: "Orion - Dropbox Standard",
    status: "active",
    isTrial: false,
    addons: [],
    scheduledChanges: [],
    pendingOperation: null,
    ...patch,
  });
}

describe("BSS web rules", () => {
  it("R-TEN-05 a distributor copy offers only Edit Subscription and Edit Pricing Info", () => {
    const copy = sub({ managedBy: { tenantId: "ten_1", name: "Nimbus" } });
    assert.deepEqual(availableActions(copy), ["edit", "pricing"]);
    assert.equal(copy.managedBy?.ribbon, "This subscription is managed by Nimbus Tenant Reseller");
    for (const status of ["suspended", "pending_for_cancel", "inactive"])
      assert.deepEqual(availableActions(sub({ status, managedBy: { tenantId: "t", name: "N" } })), [
        "edit",
        "pricing",
      ]);
  });

  it("a subscription without managedBy (an older server) is our own", () => {
    const own = sub();
    assert.equal(own.managedBy, null);
    assert.ok(availableActions(own).includes("cancel"));
  });

  it("offers the actions each status allows", () => {
    const table: Array<[Record<string, unknown>, string[]]> = [
      [
        {},
        [
          "edit",
          "quantity",
          "upgrade",
          "downgrade",
          "addAddon",
          "renewalRequest",
          "autoRenew",
          "suspend",
          "cancel",
          "pricing",
        ],
      ],
      [
        { isTrial: true },
        [
          "edit",
          "quantity",
          "upgrade",
          "downgrade",
          "addAddon",
          "renewalRequest",
          "suspend",
          "cancel",
          "pricing",
        ],
      ],
      [{ status: "suspended" }, ["edit", "resume", "cancel", "pricing"]],
      [{ status: "pending_for_cancel" }, ["edit", "revokeCancellation", "pricing"]],
      [{ status: "inactive" }, ["edit", "reactivate"]],
      [{ status: "canceled" }, []],
      // R-CAN-05: a full cancellation waiting for the vendor blocks every change.
      [{ pendingOperation: { kind: "cancel" } }, []],
      [
        { scheduledChanges: [{ kind: "renewal_request" }, { kind: "downgrade" }] },
        [
          "edit",
          "quantity",
          "upgrade",
          "downgrade",
          "addAddon",
          "revokeRenewalRequest",
          "autoRenew",
          "suspend",
          "cancel",
          "pricing",
          "revokeDowngrade",
        ],
      ],
    ];
    for (const [patch, expected] of table)
      assert.deepEqual(availableActions(sub(patch)), expected, JSON.stringify(patch));
    const withAddon = sub({ addons: [{ id: "sad_1", status: "active" }] });
    assert.ok(availableActions(withAddon).includes("cancelAddon"));
  });

  it("converts percentages to basis points exactly, and back", () => {
    const cases: Array<[string, number | null]> = [
      ["0", 0],
      ["12.5", 1250],
      ["21.55", 2155],
      ["100", 10_000],
      ["0.01", 1],
      ["100.01", null],
      ["12.555", null],
      ["-1", null],
      ["abc", null],
      ["", null],
    ];
    for (const [text, bp] of cases) assert.equal(percentToBasisPoints(text), bp, text);
    assert.equal(formatBasisPoints(1250), "12.5 %");
    assert.equal(formatBasisPoints(2105), "21.05 %");
    assert.equal(formatBasisPoints(10_000), "100 %");
    assert.equal(formatBasisPoints(0), "0 %");
    for (let bp = 0; bp <= 10_000; bp += 7)
      assert.equal(percentToBasisPoints(formatBasisPoints(bp).replace(" %", "")), bp);
  });
});
