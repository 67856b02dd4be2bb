import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { reachableFrom } from "../../modules/catalog/catalog.rules.ts";
import { type ChangeRule, type ProductTypeDefinition, ServicesDefinition } from "../services-definition.ts";
import { AC1M_BILLING_MESSAGE } from "./dropbox.policies.ts";
import { buildDropboxServicesDefinition, createDropboxServiceManager } from "./index.ts";

const def = buildDropboxServicesDefinition();
const dropbox = def.productTypes.find((t) => t.code === "dropbox")!;
const sign = def.productTypes.find((t) => t.code === "dropbox_sign")!;
const bySku = new Map(def.productTypes.flatMap((t) => t.products.map((p) => [p.sku, p])));
const paidBase = (t: ProductTypeDefinition) => t.products.filter((p) => p.kind === "base" && !p.trial);
const edition = (sku: string) => bySku.get(sku)!.characteristics["Base Subscription"];

/** First matching change rule (the evaluation other modules do), to prove the rules' order. */
function firstMatch(
  rules: ChangeRule[],
  q: { action: string; channel: string; withinWindow: boolean; trial: boolean; term: string },
) {
  return rules.find(
    (r) =>
      r.action === q.action &&
      (r.channel === undefined || r.channel === q.channel) &&
      (r.withinWindow === undefined || r.withinWindow === q.withinWindow) &&
      (r.trial === undefined || r.trial === q.trial) &&
      (r.terms === undefined || r.terms.includes(q.term as never)),
  );
}
const paid = { channel: "bss", withinWindow: true, trial: false, term: "AC1Y" };

describe("Dropbox services definition", () => {
  it("is valid by the ServicesDefinition schema and served by the service manager", async () => {
    assert.equal(ServicesDefinition.safeParse(def).success, true);
    assert.deepEqual(await createDropboxServiceManager().getServicesDefinition(), def);
    assert.deepEqual(
      def.productTypes.map((t) => [t.code, t.name]),
      [
        ["dropbox", "Dropbox Subscription"],
        ["dropbox_sign", "Dropbox Sign Subscription"], // D8
      ],
    );
  });

  it("R-CAT-02, R-CAT-03, R-CAT-04, D5, D9: 5 editions × 16 feature variants + Advanced Server, in all three terms", () => {
    for (const term of ["MCMB", "AC1M", "AC1Y"]) {
      const base = paidBase(dropbox).filter((p) => p.term === term);
      assert.equal(base.length, 5 * 16 + 1, term);
      for (const ed of [
        "Standard Edition",
        "Business Edition",
        "Advanced Edition",
        "Business Plus Edition",
        "Education",
      ]) {
        const variants = base.filter((p) => p.characteristics["Base Subscription"] === ed);
        const keys = variants.map((p) =>
          ["Extended Version History", "Data Governance", "Replay", "Premium Support"]
            .map((f) => p.characteristics[f])
            .join(),
        );
        assert.equal(new Set(keys).size, 16, `${ed} ${term}: every subset of the 4 features once`);
      }
    }
    assert.equal(dropbox.products.length, 243 + 162 + 9);
  });

  it("R-CAT-02: characteristics — features true/false except on Advanced Server, which has Additional Storage", () => {
    for (const p of paidBase(dropbox)) {
      const c = p.characteristics;
      assert.ok(c["Base Subscription"] && c["License code for additional users"], p.sku);
      assert.equal(c["Number of licensed users"], p.includedLicences);
      if (c["Base Subscription"] === "Advanced Server") {
        assert.equal(c["Additional Storage"], "None");
        assert.equal(c.Replay, undefined);
      } else {
        for (const f of ["Extended Version History", "Data Governance", "Replay", "Premium Support"])
          assert.equal(typeof c[f], "boolean", `${p.sku} ${f}`);
        assert.equal(c["Additional Storage"], undefined);
      }
    }
  });

  it("R-ORD-01: included licences = minimum = 3, Education 300", () => {
    for (const p of dropbox.products.filter((x) => x.kind === "base")) {
      const expected = edition(p.sku) === "Education" ? 300 : 3;
      assert.equal(p.includedLicences, expected, p.sku);
      assert.equal(p.minQuantity, expected, p.sku);
    }
  });

  it("R-TRL-01, D9: a free 30-day trial twin for every paid MCMB and AC1Y base product, never AC1M", () => {
    for (const t of [dropbox, sign]) {
      const trials = t.products.filter((p) => p.trial);
      assert.ok(trials.every((p) => p.term !== "AC1M"));
      for (const p of paidBase(t)) {
        const twin = trials.find((x) => x.trial!.paidSku === p.sku);
        if (p.term === "AC1M") assert.equal(twin, undefined);
        else {
          assert.ok(twin, `trial of ${p.sku}`);
          assert.equal(twin.trial!.days, 30);
          assert.equal(twin.listPrice, "0.00");
          assert.equal(twin.term, p.term);
          assert.equal(twin.maxQuantity, p.minQuantity); // minimum licences only
          assert.deepEqual(twin.addons, []); // no add-ons on trials
        }
      }
    }
  });

  it("D5, R-ORD-03: 10 TB and 50 TB add-ons per term, only on Advanced Server, at most one of them", () => {
    const storage = dropbox.products.filter((p) =>
      p.characteristics["Additional Storage"]?.toString().includes("TB"),
    );
    assert.equal(storage.length, 6);
    for (const p of dropbox.products.filter((x) => x.kind === "base")) {
      const has = p.addons.filter((a) => storage.some((s) => s.sku === a));
      if (edition(p.sku) === "Advanced Server" && !p.trial) assert.equal(has.length, 2, p.sku);
      else assert.equal(has.length, 0, p.sku);
      for (const a of p.addons) assert.equal(bySku.get(a)!.term, p.term);
    }
    const atMostOne = dropbox.policies.addonRules.filter((r) => r.kind === "at_most_one_of");
    assert.equal(atMostOne.length, 3);
    assert.ok(atMostOne.every((r) => r.code === "R-ORD-03"));
  });

  it("D5, R-UPG-03: the 1 TB pack belongs to every paid non-Education, non-Advanced-Server plan and blocks upgrades", () => {
    const packs = dropbox.products
      .filter((p) => p.characteristics["Storage Pack"] === "1 TB")
      .map((p) => p.sku);
    assert.equal(packs.length, 3);
    for (const p of dropbox.products.filter((x) => x.kind === "base")) {
      const hasPack = p.addons.some((a) => packs.includes(a));
      const expected = !p.trial && !["Education", "Advanced Server"].includes(String(edition(p.sku)));
      assert.equal(hasPack, expected, p.sku);
    }
    const block = dropbox.policies.addonRules.find((r) => r.kind === "blocks_upgrade");
    assert.deepEqual(block && "skus" in block ? [...block.skus].sort() : [], [...packs].sort());
    assert.ok(dropbox.policies.addonRules.some((r) => r.kind === "quantity_fixed" && r.code === "R-ORD-04"));
  });

  it("R-UPG-01, R-UPG-02: edition steps with the same features and one more feature, same term only", () => {
    for (const e of [...dropbox.upgradePaths, ...sign.upgradePaths])
      assert.equal(bySku.get(e.from)!.term, bySku.get(e.to)!.term, `${e.from} → ${e.to}`);
    const has = (from: string, to: string) =>
      dropbox.upgradePaths.some((e) => e.from === from && e.to === to);
    assert.ok(has("DBX-STD-MCMB", "DBX-BUS-MCMB"));
    assert.ok(has("DBX-ADV-EVH-AC1Y", "DBX-BPL-EVH-AC1Y"));
    assert.ok(has("DBX-BUS-AC1M", "DBX-BUS-RPL-AC1M"));
    assert.ok(has("DBX-EDU-EVH-MCMB", "DBX-EDU-EVH-DG-MCMB"));
    assert.ok(has("DBX-STD-MCMB-TRIAL", "DBX-STD-MCMB")); // trial → its paid twin
    assert.ok(!has("DBX-STD-MCMB", "DBX-ADV-MCMB"), "only declared steps; the catalog chains them");
    const closure = reachableFrom(dropbox.upgradePaths, "DBX-STD-MCMB");
    assert.ok(closure.includes("DBX-BPL-EVH-DG-RPL-PS-MCMB"));
    assert.ok(closure.every((sku) => bySku.get(sku)!.term === "MCMB" && !bySku.get(sku)!.trial));
    assert.ok(!closure.some((sku) => edition(sku) === "Education" || edition(sku) === "Advanced Server"));
    assert.ok(!dropbox.upgradePaths.some((e) => bySku.get(e.to)!.trial), "never into a trial");
  });

  it("R-CAT-06: one exclusive set of all Dropbox base plans by admin email; Sign is in none", () => {
    assert.equal(dropbox.exclusiveSets.length, 1);
    const set = dropbox.exclusiveSets[0]!;
    assert.equal(set.scope, "admin_email");
    assert.deepEqual(
      [...set.skus].sort(),
      dropbox.products
        .filter((p) => p.kind === "base")
        .map((p) => p.sku)
        .sort(),
    );
    assert.equal(sign.exclusiveSets.length, 0);
    assert.ok(!set.skus.some((s) => s.startsWith("DBXS-")));
  });

  it("R-CAT-05, R-SGN-01, D8: Sign Standard (2 seats) and Premium (5) in each term with four add-ons of that term", () => {
    const plans = paidBase(sign);
    assert.equal(plans.length, 6);
    for (const p of plans) {
      assert.equal(p.minQuantity, p.sku.includes("-PRE-") ? 5 : 2);
      assert.equal(p.addons.length, 4);
      for (const a of p.addons) assert.equal(bySku.get(a)!.term, p.term);
    }
    assert.equal(sign.products.filter((p) => p.kind === "addon").length, 12);
    assert.deepEqual(
      sign.upgradePaths.filter((e) => !bySku.get(e.from)!.trial),
      ["MCMB", "AC1M", "AC1Y"].map((t) => ({ from: `DBXS-STD-${t}`, to: `DBXS-PRE-${t}` })), // R-SGN-06
    );
    assert.ok(!sign.upgradePaths.some((e) => bySku.get(e.from)!.trial && bySku.get(e.to)!.trial));
  });

  it("R-SGN-02, R-SGN-03, R-SGN-04, R-SGN-08: Sign add-on rules", () => {
    const rules = sign.policies.addonRules;
    const seat = rules.find((r) => r.kind === "seat_minimum");
    assert.ok(seat && seat.kind === "seat_minimum" && seat.min === 5 && seat.skus.length === 9);
    assert.ok(seat.skus.every((s) => /SFDC|CPQ|TP15/.test(s)));
    assert.equal(rules.filter((r) => r.kind === "never_together" && r.code === "R-SGN-03").length, 3);
    const tied = rules.find((r) => r.kind === "quantity_tied_to_parent");
    assert.equal(tied?.code, "R-SGN-04");
    assert.deepEqual(tied && "onMismatch" in tied ? tied.onMismatch : undefined, {
      bss: "raise_with_parent",
      storefront: "refuse",
    });
    const follow = rules.find((r) => r.kind === "follow_parent_cancellation");
    assert.ok(
      follow && follow.kind === "follow_parent_cancellation" && follow.partialCancelAllowed === false,
    );
  });

  it("R-ORD-05, R-ORD-02, R-ORD-06, R-ORD-07, D3, R-CAN-01: policies", () => {
    assert.equal(
      AC1M_BILLING_MESSAGE,
      "This product supports only the AC1M billing option. For AC1Y, please choose the corresponding “Annual Commitment, Billed Annually” product.",
    );
    for (const t of [dropbox, sign]) {
      const p = t.policies;
      assert.deepEqual(p.billingPlans.AC1M, {
        allowed: ["monthly"],
        code: "R-ORD-05",
        message: AC1M_BILLING_MESSAGE,
      });
      assert.deepEqual(p.billingPlans.AC1Y?.allowed, ["one_off"]);
      assert.deepEqual(p.billingPlans.MCMB?.allowed, ["monthly"]);
      assert.deepEqual(
        p.serviceDetails.map((d) => [d.label, d.required, d.firstOrderOnly]),
        [
          ["Reseller ID", true, true],
          // R-ORD-02: the Dropbox team admin email is the team's key, asked on every plan.
          ["Email", true, t === sign],
        ],
      );
      assert.deepEqual(p.teamName, { source: "account_name", maxLength: 20, code: "R-ORD-07" });
      assert.equal(p.changeWindowDays, 14);
      assert.equal(p.decreaseEffect, "at_renewal");
    }
    assert.equal(dropbox.policies.oneActivePlanPerAdminEmail.enabled, true);
    assert.equal(sign.policies.oneActivePlanPerAdminEmail.enabled, false);
    assert.equal(dropbox.policies.suspension.allowed, true);
    assert.equal(sign.policies.suspension.allowed, false); // R-SGN-07
    assert.equal(dropbox.policies.externalIdRestoration?.enabled, true); // R-EXT-02
  });

  it("change rules, first match wins: R-DWN-01/D1, R-SGN-07/D2, R-CAN-01, R-QTY-02, R-SUS-01, R-TRL-01, R-ORD-04", () => {
    const d = dropbox.policies.changeRules;
    const s = sign.policies.changeRules;
    const outcome = (rules: ChangeRule[], q: Partial<typeof paid> & { action: string }) => {
      const r = firstMatch(rules, { ...paid, ...q });
      return r ? `${r.outcome} ${r.code}` : "none";
    };
    assert.equal(outcome(d, { action: "downgrade", channel: "storefront" }), "ILLEGAL R-DWN-01");
    assert.equal(outcome(d, { action: "downgrade" }), "IMMEDIATE R-DWN-01");
    assert.equal(outcome(d, { action: "downgrade", withinWindow: false }), "END_OF_TERM R-DWN-01");
    assert.equal(outcome(s, { action: "upgrade", channel: "storefront", term: "MCMB" }), "ILLEGAL R-SGN-07");
    assert.equal(outcome(s, { action: "upgrade", channel: "storefront", term: "AC1Y" }), "none"); // allowed
    assert.equal(outcome(s, { action: "upgrade", term: "MCMB" }), "none"); // D2: the BSS may
    // R-TRL-01 wins over R-SGN-07: a monthly Sign trial becomes paid in the Storefront too.
    assert.equal(
      outcome(s, { action: "upgrade", channel: "storefront", term: "MCMB", trial: true }),
      "IMMEDIATE R-TRL-01",
    );
    assert.equal(outcome(d, { action: "cancel", withinWindow: false }), "ILLEGAL R-CAN-01");
    assert.equal(outcome(d, { action: "cancel_end_of_period", withinWindow: false }), "END_OF_TERM R-CAN-02");
    assert.equal(outcome(d, { action: "decrease" }), "END_OF_TERM R-QTY-02");
    assert.equal(outcome(s, { action: "decrease" }), "END_OF_TERM R-SGN-05");
    assert.equal(outcome(d, { action: "suspend", withinWindow: false }), "ILLEGAL R-SUS-01");
    assert.equal(outcome(d, { action: "suspend" }), "IMMEDIATE R-SUS-01");
    assert.equal(outcome(s, { action: "suspend" }), "ILLEGAL R-SGN-07");
    assert.equal(outcome(d, { action: "increase", trial: true }), "ILLEGAL R-TRL-01");
    assert.equal(outcome(d, { action: "addon_add", trial: true }), "ILLEGAL R-TRL-01");
    assert.equal(outcome(d, { action: "cancel", trial: true, withinWindow: false }), "IMMEDIATE R-TRL-01");
    assert.equal(outcome(d, { action: "addon_quantity" }), "ILLEGAL R-ORD-04");
    for (const r of [...d, ...s])
      if (r.outcome === "ILLEGAL") assert.match(r.message ?? "", /^[A-Z].{20,}\.$/, r.code);
  });

  it("prices: annual ≈ 12 × monthly × 0.9, cost 80 % of list, features add to the price, trials free", () => {
    const eur = (sku: string) => Number(bySku.get(sku)!.listPrice);
    assert.equal(eur("DBX-STD-MCMB"), 15);
    assert.equal(eur("DBX-STD-AC1Y"), 162);
    assert.equal(eur("DBX-STD-AC1M"), eur("DBX-STD-AC1Y"));
    assert.ok(eur("DBX-STD-EVH-MCMB") > eur("DBX-STD-MCMB"));
    assert.equal(Number(bySku.get("DBX-STD-MCMB")!.cost), 12);
    for (const p of def.productTypes.flatMap((t) => t.products))
      assert.equal(Number(p.cost), Math.round(Number(p.listPrice) * 80) / 100, p.sku);
  });

  it("the schema refuses a definition that points at unknown SKUs or offers an AC1M trial", () => {
    const broken = structuredClone(def);
    broken.productTypes[0]!.upgradePaths.push({ from: "DBX-STD-MCMB", to: "NOPE" });
    const ac1mTrial = structuredClone(def);
    const p = ac1mTrial.productTypes[1]!.products.find((x) => x.trial)!;
    p.term = "AC1M";
    for (const bad of [broken, ac1mTrial]) assert.equal(ServicesDefinition.safeParse(bad).success, false);
  });
});
