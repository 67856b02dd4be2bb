import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildDropboxServicesDefinition } from "../../service-managers/dropbox/index.ts";
import { parseDate } from "../../shared/dates.ts";
import {
  addonsFollowBase,
  checkAddonRules,
  checkBillingPlan,
  checkMinimumQuantity,
  evaluateChange,
  exclusiveKey,
  fillMessage,
  isWithinWindow,
  teamName,
} from "./subscriptions.rules.ts";

// The policies exactly as Get Services Definition installs them.
const definition = buildDropboxServicesDefinition();
const dbx = definition.productTypes.find((t) => t.code === "dropbox")!.policies;
const sign = definition.productTypes.find((t) => t.code === "dropbox_sign")!.policies;
const d = parseDate;

describe("subscription rules (pure)", () => {
  it("D6 / R-CAN-01: the window counts from day 0; day 14 is inside, day 15 is not, before the start is not", () => {
    const start = d("2026-01-31");
    assert.equal(isWithinWindow(start, d("2026-01-31"), 14), true);
    assert.equal(isWithinWindow(start, d("2026-02-14"), 14), true);
    assert.equal(isWithinWindow(start, d("2026-02-15"), 14), false);
    assert.equal(isWithinWindow(start, d("2026-01-30"), 14), false);
  });

  const base = { channel: "bss" as const, term: "AC1Y" as const, trial: false };
  const table: Array<[string, Parameters<typeof evaluateChange>[1], string, string | undefined]> = [
    [
      "R-DWN-01 Storefront never downgrades",
      { ...base, action: "downgrade", channel: "storefront", withinWindow: true },
      "ILLEGAL",
      "R-DWN-01",
    ],
    [
      "R-DWN-01 BSS downgrade inside the window is immediate",
      { ...base, action: "downgrade", withinWindow: true },
      "IMMEDIATE",
      "R-DWN-01",
    ],
    [
      "R-DWN-01 BSS downgrade outside the window waits for the period end",
      { ...base, action: "downgrade", withinWindow: false },
      "END_OF_TERM",
      "R-DWN-01",
    ],
    [
      "R-CAN-01 cancel outside the window is refused",
      { ...base, action: "cancel", withinWindow: false },
      "ILLEGAL",
      "R-CAN-01",
    ],
    [
      "R-CAN-01 cancel inside the window is immediate",
      { ...base, action: "cancel", withinWindow: true },
      "IMMEDIATE",
      "R-CAN-01",
    ],
    [
      "R-CAN-02 end-of-period cancel is always accepted",
      { ...base, action: "cancel_end_of_period", withinWindow: false },
      "END_OF_TERM",
      "R-CAN-02",
    ],
    [
      "R-QTY-02 a Dropbox decrease waits for renewal",
      { ...base, action: "decrease", withinWindow: true },
      "END_OF_TERM",
      undefined,
    ],
    [
      "R-TRL-01 a trial gets no extra licences",
      { ...base, action: "increase", withinWindow: true, trial: true },
      "ILLEGAL",
      "R-TRL-01",
    ],
    [
      "R-TRL-01 a trial gets no add-ons",
      { ...base, action: "addon_add", withinWindow: true, trial: true },
      "ILLEGAL",
      "R-TRL-01",
    ],
    [
      "R-SUS-01 suspension outside the window is refused",
      { ...base, action: "suspend", withinWindow: false },
      "ILLEGAL",
      "R-SUS-01",
    ],
    [
      "R-SUS-01 suspension inside the window is allowed",
      { ...base, action: "suspend", withinWindow: true },
      "IMMEDIATE",
      "R-SUS-01",
    ],
    [
      "R-ORD-04 Dropbox add-on quantities are fixed",
      { ...base, action: "addon_quantity", withinWindow: true },
      "ILLEGAL",
      "R-ORD-04",
    ],
    [
      "R-QTY-01 an increase is immediate (no rule needed)",
      { ...base, action: "increase", withinWindow: false },
      "IMMEDIATE",
      undefined,
    ],
  ];
  for (const [name, ctx, outcome, code] of table) {
    it(name, () => {
      const decision = evaluateChange(dbx.changeRules, ctx);
      assert.equal(decision.outcome, outcome);
      if (code) assert.equal(decision.rule?.code, code);
    });
  }

  it("R-SGN-07 / D2: the Storefront refuses a monthly Sign upgrade, the BSS allows it", () => {
    const ctx = { action: "upgrade" as const, term: "MCMB" as const, withinWindow: false, trial: false };
    assert.equal(evaluateChange(sign.changeRules, { ...ctx, channel: "storefront" }).outcome, "ILLEGAL");
    assert.equal(evaluateChange(sign.changeRules, { ...ctx, channel: "bss" }).outcome, "IMMEDIATE");
    assert.equal(
      evaluateChange(sign.changeRules, { ...ctx, term: "AC1Y", channel: "storefront" }).outcome,
      "IMMEDIATE",
    );
  });

  it("R-ORD-05: a one-time payment of an AC1M product is refused with the exact text; AC1Y is one-off only", () => {
    const v = checkBillingPlan(dbx, "AC1M", "one_off");
    assert.equal(v?.code, "R-ORD-05");
    assert.equal(
      v?.message,
      "This product supports only the AC1M billing option. For AC1Y, please choose the corresponding “Annual Commitment, Billed Annually” product.",
    );
    assert.equal(checkBillingPlan(dbx, "AC1M", "monthly"), undefined);
    assert.equal(checkBillingPlan(dbx, "AC1Y", "monthly")?.code, "R-ORD-05");
    assert.equal(checkBillingPlan(dbx, "AC1Y", "one_off"), undefined);
  });

  it("R-ORD-01 / R-SGN-01: below the minimum is refused with a message naming it", () => {
    const v = checkMinimumQuantity(dbx, { name: "Dropbox Business", minQuantity: 3 }, 2);
    assert.equal(v?.code, "R-ORD-01");
    assert.match(v!.message, /3/);
    assert.doesNotMatch(v!.message, /\{min\}/);
    assert.equal(checkMinimumQuantity(dbx, { name: "Dropbox Education", minQuantity: 300 }, 300), undefined);
    assert.equal(checkMinimumQuantity(sign, { name: "Sign Premium", minQuantity: 5 }, 4)?.code, "R-SGN-01");
  });

  it("R-ORD-03, R-SGN-02, R-SGN-03, R-SGN-04: add-on sets report every violation at once", () => {
    const storage = checkAddonRules(dbx, {
      channel: "bss",
      baseQuantity: 3,
      addons: [
        { sku: "DBX-ASV-10TB-AC1Y", quantity: 1 },
        { sku: "DBX-ASV-50TB-AC1Y", quantity: 1 },
      ],
    });
    assert.deepEqual(
      storage.map((v) => v.code),
      ["R-ORD-03"],
    );
    const signSet = checkAddonRules(sign, {
      channel: "storefront",
      baseQuantity: 4,
      addons: [
        { sku: "DBXS-SFDC-MCMB", quantity: 4 },
        { sku: "DBXS-CPQ-MCMB", quantity: 3 },
      ],
    });
    assert.deepEqual(signSet.map((v) => v.code).sort(), ["R-SGN-02", "R-SGN-03", "R-SGN-04"]);
    // The BSS raises add-ons with the base instead of refusing a mismatch (R-SGN-04).
    const bss = checkAddonRules(sign, {
      channel: "bss",
      baseQuantity: 6,
      addons: [{ sku: "DBXS-SFDC-MCMB", quantity: 5 }],
    });
    assert.deepEqual(bss, []);
    assert.equal(addonsFollowBase(sign, "bss"), true);
    assert.equal(addonsFollowBase(sign, "storefront"), false);
    assert.equal(addonsFollowBase(dbx, "bss"), false);
  });

  it("R-ORD-07: the team name is the account name cut to 20 characters", () => {
    assert.equal(teamName(dbx, "Blue River Dental Clinic Group"), "Blue River Dental Cl");
    assert.equal(teamName(dbx, "Acme"), "Acme");
  });

  it("R-ORD-02: only Dropbox base plans carry an admin-email key, case-insensitive", () => {
    assert.equal(exclusiveKey(dbx, "dropbox", "base", "Admin@Acme.Example"), "dropbox:admin@acme.example");
    assert.equal(exclusiveKey(dbx, "dropbox", "addon", "admin@acme.example"), null);
    assert.equal(exclusiveKey(sign, "dropbox_sign", "base", "admin@acme.example"), null);
    assert.equal(exclusiveKey(dbx, "dropbox", "base", undefined), null);
  });

  it("fills message placeholders and leaves unknown ones", () => {
    assert.equal(fillMessage("at least {min} of {x}", { min: 3 }), "at least 3 of {x}");
  });
});
