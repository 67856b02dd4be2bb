import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildDropboxServicesDefinition } from "../../service-managers/dropbox/index.ts";
import { parseDate } from "../../shared/dates.ts";
import type { Violation } from "../../shared/errors.ts";
import { planAddonAdd, planAddonCancel } from "./addon-changes.rules.ts";
import {
  type HeldAddon,
  type PlanProductDetails,
  planDowngrade,
  planUpgrade,
  type SubscriptionState,
} from "./plan-changes.rules.ts";

// The policies exactly as Get Services Definition installs them.
const definition = buildDropboxServicesDefinition();
const dbx = definition.productTypes.find((t) => t.code === "dropbox")!.policies;
const sign = definition.productTypes.find((t) => t.code === "dropbox_sign")!.policies;
const today = parseDate("2026-01-10");

const sub = (over: Partial<SubscriptionState> = {}): SubscriptionState => ({
  status: "active",
  syncStatus: "synchronized",
  syncError: null,
  isTrial: false,
  trialEndDate: null,
  term: "MCMB",
  quantity: 5,
  windowStartDate: "2026-01-01",
  termEndDate: "2026-01-31",
  ...over,
});
const product = (id: string, over: Partial<PlanProductDetails> = {}): PlanProductDetails => ({
  id,
  sku: id,
  name: id,
  term: "MCMB",
  isTrial: false,
  minQuantity: 3,
  upgrades: [],
  downgrades: [],
  addons: [],
  effectivePolicies: dbx,
  ...over,
});
const held = (sku: string, quantity = 1, windowStartDate = "2026-01-01"): HeldAddon => ({
  id: `add_${sku}`,
  productId: sku,
  sku,
  quantity,
  windowStartDate,
});
const ref = (...ids: string[]) => ids.map((id) => ({ id }));

// Dropbox (MCMB): Standard → Business → Advanced; the 1 TB pack is Standard's add-on.
const PACK = "DBX-1TB-MCMB";
const STD = product("DBX-STD-MCMB", { upgrades: ref("DBX-BUS-MCMB", "DBX-ADV-MCMB"), addons: ref(PACK) });
const BUS = product("DBX-BUS-MCMB", { downgrades: ref("DBX-STD-MCMB"), addons: ref(PACK) });
const BUS_Y = product("DBX-BUS-AC1Y", { term: "AC1Y" });
const STD_TRIAL = product("DBX-STD-MCMB-TRIAL", {
  isTrial: true,
  upgrades: ref("DBX-STD-MCMB", "DBX-BUS-MCMB"),
});
// Sign (MCMB): Standard (2 seats) → Premium (5 seats), four add-ons each.
const SIGN_ADDONS = ["SFDC", "CPQ", "SP", "TP15"].map((a) => `DBXS-${a}-MCMB`);
const SSTD = product("DBXS-STD-MCMB", {
  minQuantity: 2,
  upgrades: ref("DBXS-PRE-MCMB"),
  addons: ref(...SIGN_ADDONS),
  effectivePolicies: sign,
});
const SPRE = product("DBXS-PRE-MCMB", {
  minQuantity: 5,
  downgrades: ref("DBXS-STD-MCMB"),
  addons: ref(...SIGN_ADDONS),
  effectivePolicies: sign,
});
const SSTD_Y = { ...SSTD, id: "DBXS-STD-AC1Y", term: "AC1Y" as const, upgrades: ref("DBXS-PRE-AC1Y") };
const SPRE_Y = { ...SPRE, id: "DBXS-PRE-AC1Y", term: "AC1Y" as const };

const codes = (vs: Violation[]) => vs.map((v) => v.code);
type UpgradeCase = [string, Parameters<typeof planUpgrade>[0], string[]];
const up = (over: Partial<Parameters<typeof planUpgrade>[0]>): Parameters<typeof planUpgrade>[0] => ({
  channel: "bss",
  today,
  sub: sub(),
  source: STD,
  target: BUS,
  held: [],
  ...over,
});

describe("plan-change rules (pure)", () => {
  const upgrades: UpgradeCase[] = [
    ["R-UPG-01 a later edition on the path is allowed", up({}), []],
    ["R-UPG-01 a product off the path is refused", up({ source: BUS, target: STD }), ["R-UPG-01"]],
    ["R-UPG-02 another billing term is refused", up({ target: BUS_Y }), ["R-UPG-02", "R-UPG-01"]],
    ["R-UPG-03 the 1 TB pack blocks the upgrade", up({ held: [held(PACK)] }), ["R-UPG-03"]],
    ["R-UPG-05 partial: 4 of 10 move, 6 stay", up({ sub: sub({ quantity: 10 }), quantity: 4 }), []],
    [
      "R-UPG-05 partial: the origin keeps its minimum",
      up({ sub: sub({ quantity: 5 }), quantity: 3 }),
      ["R-UPG-05"],
    ],
    [
      "R-UPG-05 partial: the moved licences meet the target's minimum",
      up({ sub: sub({ quantity: 8 }), quantity: 2 }),
      ["R-UPG-02"],
    ],
    [
      "R-SGN-06 Standard → Premium needs 5 seats",
      up({ sub: sub({ quantity: 3 }), source: SSTD, target: SPRE }),
      ["R-SGN-06"],
    ],
    ["R-SGN-06 Standard → Premium with 5 seats", up({ source: SSTD, target: SPRE }), []],
    [
      "R-SGN-07 Storefront: monthly Sign is not upgraded",
      up({ channel: "storefront", source: SSTD, target: SPRE }),
      ["R-SGN-07"],
    ],
    [
      "D2 BSS: monthly Sign is upgraded along its path",
      up({ channel: "bss", source: SSTD, target: SPRE }),
      [],
    ],
    [
      "R-SGN-07 Storefront: annual Sign is upgraded",
      up({ channel: "storefront", sub: sub({ term: "AC1Y" }), source: SSTD_Y, target: SPRE_Y }),
      [],
    ],
    [
      "R-TRL-01 a trial upgrades to paid on its last day",
      up({
        sub: sub({ isTrial: true, trialEndDate: "2026-01-10", quantity: 3 }),
        source: STD_TRIAL,
        target: STD,
      }),
      [],
    ],
    [
      "R-TRL-01 an ended trial is not upgraded",
      up({
        sub: sub({ isTrial: true, trialEndDate: "2026-01-09", quantity: 3 }),
        source: STD_TRIAL,
        target: STD,
      }),
      ["R-TRL-01"],
    ],
    ["R-TRL-01 never into a trial", up({ target: STD_TRIAL }), ["R-TRL-01", "R-UPG-01"]],
    [
      "R-TRL-01 a trial is upgraded whole",
      up({
        sub: sub({ isTrial: true, trialEndDate: "2026-01-20", quantity: 6 }),
        source: STD_TRIAL,
        target: STD,
        quantity: 3,
      }),
      ["R-TRL-01"],
    ],
    [
      "R-CAT-07 Storefront: only to a published product",
      up({ channel: "storefront", published: new Set(["DBX-ADV-MCMB"]) }),
      ["R-CAT-07"],
    ],
    [
      "R-CAT-07 Storefront: a published target",
      up({ channel: "storefront", published: new Set([BUS.id]) }),
      [],
    ],
    [
      "R-QTY-03 needs an Active subscription",
      up({ sub: sub({ status: "pending_for_cancel" }) }),
      ["R-QTY-03"],
    ],
    ["R-QTY-03 needs the vendor's confirmation", up({ sub: sub({ syncStatus: "pending" }) }), ["R-QTY-03"]],
    [
      "R-PRV-01 a failed sync blocks it",
      up({ sub: sub({ syncStatus: "failed", syncError: "x" }) }),
      ["R-PRV-01"],
    ],
  ];
  for (const [name, input, expected] of upgrades)
    it(`upgrade: ${name}`, () => assert.deepEqual(codes(planUpgrade(input).violations), expected));

  it("R-SGN-06 the refusal names the target's minimum", () => {
    const plan = planUpgrade(up({ sub: sub({ quantity: 3 }), source: SSTD, target: SPRE }));
    assert.match(plan.violations[0]!.message, /at least 5 licences/);
    assert.equal(plan.violations[0]!.details?.minimum, 5);
  });

  it("R-UPG-05 partial: tied Sign add-ons go with the moved seats, and each side keeps its seat minimum (R-SGN-02)", () => {
    const sfdc = held("DBXS-SFDC-MCMB", 10);
    const ok = planUpgrade(
      up({ sub: sub({ quantity: 10 }), source: SSTD, target: SPRE, held: [sfdc], quantity: 5 }),
    );
    assert.deepEqual(codes(ok.violations), []);
    assert.deepEqual([ok.mode, ok.moved, ok.remaining], ["partial", 5, 5]);
    assert.deepEqual(
      ok.kept.map((a) => a.sku),
      ["DBXS-SFDC-MCMB"],
    );
    const short = planUpgrade(
      up({ sub: sub({ quantity: 10 }), source: SSTD, target: SPRE, held: [sfdc], quantity: 6 }),
    );
    assert.deepEqual(codes(short.violations), ["R-SGN-02"]);
  });

  it("R-UPG-05 full: add-ons the target does not offer end with the upgrade; a trial becomes paid", () => {
    const plan = planUpgrade(
      up({ source: BUS, target: { ...STD, id: "X", addons: [] }, held: [held(PACK)] }),
    );
    assert.deepEqual(
      plan.dropped.map((a) => a.sku),
      [PACK],
    );
    const trial = planUpgrade(
      up({
        sub: sub({ isTrial: true, trialEndDate: "2026-01-20", quantity: 3 }),
        source: STD_TRIAL,
        target: STD,
      }),
    );
    assert.equal(trial.trialToPaid, true);
  });

  const down = (over: Partial<Parameters<typeof planDowngrade>[0]>): Parameters<typeof planDowngrade>[0] => ({
    channel: "bss",
    today,
    sub: sub(),
    source: BUS,
    target: STD,
    held: [],
    ...over,
  });
  it("R-DWN-01 / D1: the Storefront never downgrades", () => {
    assert.deepEqual(codes(planDowngrade(down({ channel: "storefront" })).violations), ["R-DWN-01"]);
  });
  it("R-DWN-01 / D1: the BSS downgrades now within the window (day 14 inside, D6)", () => {
    const plan = planDowngrade(down({ today: parseDate("2026-01-15") }));
    assert.deepEqual(
      [plan.violations, plan.outcome, plan.effectiveDate.toString()],
      [[], "IMMEDIATE", "2026-01-15"],
    );
  });
  it("R-DWN-01: outside the window the downgrade waits for the next term", () => {
    const plan = planDowngrade(down({ today: parseDate("2026-01-16") }));
    assert.deepEqual(
      [plan.violations, plan.outcome, plan.effectiveDate.toString()],
      [[], "END_OF_TERM", "2026-02-01"],
    );
  });
  it("R-DWN-01: only to a product on a downgrade path; no trials; the target's minimum applies", () => {
    assert.deepEqual(codes(planDowngrade(down({ source: STD, target: BUS })).violations), ["R-DWN-01"]);
    assert.deepEqual(
      codes(planDowngrade(down({ sub: sub({ isTrial: true, trialEndDate: "2026-01-20" }) })).violations),
      ["R-TRL-01"],
    );
    const premium = down({ sub: sub({ quantity: 1 }), source: SPRE, target: SSTD });
    assert.deepEqual(codes(planDowngrade(premium).violations), ["R-SGN-01"]);
  });

  const add = (over: Partial<Parameters<typeof planAddonAdd>[0]>): Parameters<typeof planAddonAdd>[0] => ({
    channel: "bss",
    today,
    sub: sub(),
    policies: dbx,
    addon: product(PACK, { minQuantity: 1 }),
    held: [],
    ...over,
  });
  const signAdd = (sku: string, over: Partial<Parameters<typeof planAddonAdd>[0]> = {}) =>
    add({ policies: sign, addon: product(sku, { minQuantity: 1 }), sub: sub({ quantity: 7 }), ...over });
  const addTable: Array<[string, Parameters<typeof planAddonAdd>[0], string[]]> = [
    [
      "R-TRL-01 no add-ons on a trial",
      add({ sub: sub({ isTrial: true, trialEndDate: "2026-01-20" }) }),
      ["R-TRL-01"],
    ],
    [
      "R-ORD-03 one storage add-on on Advanced Server",
      add({ addon: product("DBX-ASV-50TB-MCMB", { minQuantity: 1 }), held: [held("DBX-ASV-10TB-MCMB")] }),
      ["R-ORD-03"],
    ],
    [
      "R-ORD-04 a held Dropbox add-on cannot be re-added with another quantity",
      add({ held: [held(PACK)] }),
      ["R-ORD-04"],
    ],
    [
      "R-SGN-02 Salesforce needs 5 seats",
      signAdd("DBXS-SFDC-MCMB", { sub: sub({ quantity: 3 }) }),
      ["R-SGN-02"],
    ],
    ["R-SGN-02 SharePoint has no seat minimum", signAdd("DBXS-SP-MCMB", { sub: sub({ quantity: 3 }) }), []],
    [
      "R-SGN-03 never SFDC with CPQ",
      signAdd("DBXS-CPQ-MCMB", { held: [held("DBXS-SFDC-MCMB", 7)] }),
      ["R-SGN-03"],
    ],
    [
      "R-SGN-04 Storefront: a mismatched quantity is refused",
      signAdd("DBXS-SP-MCMB", { channel: "storefront", requestedQuantity: 3 }),
      ["R-SGN-04"],
    ],
    [
      "R-SGN-04 Storefront: the base quantity is accepted",
      signAdd("DBXS-SP-MCMB", { channel: "storefront", requestedQuantity: 7 }),
      [],
    ],
    [
      "R-CAT-07 Storefront: only a published add-on",
      signAdd("DBXS-SP-MCMB", { channel: "storefront", published: new Set() }),
      ["R-CAT-07"],
    ],
  ];
  for (const [name, input, expected] of addTable)
    it(`add-on: ${name}`, () => assert.deepEqual(codes(planAddonAdd(input).violations), expected));

  it("R-SGN-04 BSS: a tied add-on takes the base quantity whatever was asked", () => {
    assert.equal(planAddonAdd(signAdd("DBXS-SP-MCMB", { requestedQuantity: 3 })).quantity, 7);
    assert.equal(planAddonAdd(signAdd("DBXS-SP-MCMB", { channel: "storefront" })).quantity, 7);
    assert.equal(planAddonAdd(add({ requestedQuantity: 2 })).quantity, 2, "Dropbox add-ons are not tied");
  });

  const cancel = (
    over: Partial<Parameters<typeof planAddonCancel>[0]>,
  ): Parameters<typeof planAddonCancel>[0] => ({
    channel: "bss",
    today,
    sub: sub(),
    policies: sign,
    addon: held("DBXS-SP-MCMB", 5),
    ...over,
  });
  const late = parseDate("2026-01-16");
  const cancelTable: Array<[string, Parameters<typeof planAddonCancel>[0], string[]]> = [
    ["R-SGN-08 fully within the window", cancel({}), []],
    ["R-SGN-08 not after the window", cancel({ today: late }), ["R-SGN-08"]],
    ["R-SGN-08 never partly", cancel({ requestedQuantity: 2 }), ["R-SGN-08", "R-SGN-04"]],
    [
      "R-CAN-01 Dropbox add-ons only within the window",
      cancel({ policies: dbx, addon: held(PACK), today: late }),
      ["R-CAN-01"],
    ],
    [
      "R-ORD-04 Dropbox add-ons are never reduced",
      cancel({ policies: dbx, addon: held(PACK, 3), requestedQuantity: 1 }),
      ["R-ORD-04"],
    ],
    [
      "R-CAN-01 an add-on added later has its own window",
      cancel({ today: late, addon: held("DBXS-SP-MCMB", 5, "2026-01-12") }),
      [],
    ],
  ];
  for (const [name, input, expected] of cancelTable)
    it(`add-on cancel: ${name}`, () => assert.deepEqual(codes(planAddonCancel(input).violations), expected));

  it("a partial add-on cancellation no rule explains is flagged as unsupported input", () => {
    const bare = { ...sign, addonRules: [], changeRules: [] };
    const plan = planAddonCancel(cancel({ policies: bare, requestedQuantity: 2 }));
    assert.deepEqual([plan.violations, plan.partialUnsupported], [[], true]);
    assert.equal(planAddonCancel(cancel({ policies: bare })).partialUnsupported, false);
  });
});
