import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RouteError } from "./errors.ts";
import { createFaults, mulberry32 } from "./faults.ts";
import { checkPlan, comparePlans, getPlan, parseSku } from "./sku.ts";

const plan = (sku: string) => getPlan(sku, sku.startsWith("DBXS-") ? "dropbox_sign" : "dropbox");
const tagOf = (fn: () => unknown) => {
  try {
    fn();
    return "ok";
  } catch (e) {
    return e instanceof RouteError ? e.tag : `400: ${(e as Error).message}`;
  }
};

describe("sandbox SKU grammar", () => {
  it("parses every kind of SKU and refuses malformed ones", () => {
    assert.deepEqual(parseSku("DBX-ADV-EVH-PS-AC1Y"), {
      kind: "plan",
      sku: "DBX-ADV-EVH-PS-AC1Y",
      family: "dropbox",
      edition: "ADV",
      features: ["EVH", "PS"],
      term: "AC1Y",
      trial: false,
      minLicenses: 3,
    });
    assert.equal(plan("DBX-EDU-MCMB").minLicenses, 300);
    assert.equal(plan("DBXS-PRE-MCMB-TRIAL").trial, true);
    assert.equal(parseSku("DBX-ASV-10TB-AC1M")?.kind, "addon");
    assert.equal(parseSku("DBXS-CPQ-MCMB")?.kind, "addon");
    for (const bad of [
      "DBX-STD-PS-EVH-MCMB",
      "DBX-STD-EVH-EVH-MCMB",
      "DBX-ASV-EVH-MCMB",
      "DBX-STD-AC1M-TRIAL",
      "DBX-XXL-MCMB",
      "STD",
    ])
      assert.equal(parseSku(bad), undefined, bad);
  });

  it("R-UPG-01/02, R-SGN-06, R-TRL-01: upgrade paths", () => {
    const cases: [string, string, string][] = [
      ["DBX-STD-MCMB", "DBX-BPL-MCMB", "upgrade"],
      ["DBX-STD-MCMB", "DBX-STD-DG-MCMB", "upgrade"],
      ["DBX-BUS-DG-MCMB", "DBX-ADV-DG-RPL-MCMB", "upgrade"],
      ["DBX-ADV-MCMB", "DBX-STD-MCMB", "downgrade"],
      ["DBX-ADV-DG-MCMB", "DBX-BUS-EVH-MCMB", "invalid"],
      ["DBX-STD-MCMB", "DBX-BUS-AC1Y", "invalid"],
      ["DBX-STD-MCMB", "DBX-EDU-MCMB", "invalid"],
      ["DBX-EDU-MCMB", "DBX-EDU-PS-MCMB", "upgrade"],
      ["DBX-ASV-MCMB", "DBX-ASV-MCMB", "same"],
      ["DBX-STD-MCMB-TRIAL", "DBX-STD-MCMB", "upgrade"],
      ["DBX-STD-MCMB-TRIAL", "DBX-ADV-MCMB", "upgrade"],
      ["DBX-BUS-MCMB-TRIAL", "DBX-STD-MCMB", "invalid"],
      ["DBX-STD-MCMB", "DBX-STD-MCMB-TRIAL", "invalid"],
      ["DBXS-STD-AC1Y", "DBXS-PRE-AC1Y", "upgrade"],
      ["DBXS-PRE-AC1Y", "DBXS-STD-AC1Y", "downgrade"],
      ["DBXS-STD-MCMB-TRIAL", "DBXS-PRE-MCMB-TRIAL", "invalid"],
    ];
    for (const [from, to, expected] of cases)
      assert.equal(comparePlans(plan(from), plan(to)), expected, `${from} → ${to}`);
  });

  it("seat minimums, add-on parity, conflicts and trials", () => {
    const table: [string, number, { sku: string; quantity: number }[], string][] = [
      ["DBX-STD-MCMB", 2, [], "below_minimum_licenses"],
      ["DBX-EDU-MCMB", 299, [], "below_minimum_licenses"],
      ["DBX-EDU-MCMB", 300, [], "ok"],
      ["DBXS-STD-MCMB", 1, [], "below_minimum_licenses"],
      ["DBXS-STD-MCMB", 2, [], "ok"],
      ["DBXS-PRE-MCMB", 4, [], "below_minimum_licenses"],
      ["DBXS-STD-MCMB", 4, [{ sku: "DBXS-SFDC-MCMB", quantity: 4 }], "below_minimum_licenses"],
      ["DBXS-STD-MCMB", 4, [{ sku: "DBXS-TP15-MCMB", quantity: 4 }], "below_minimum_licenses"],
      ["DBXS-STD-MCMB", 2, [{ sku: "DBXS-SP-MCMB", quantity: 2 }], "ok"],
      ["DBXS-STD-MCMB", 5, [{ sku: "DBXS-SFDC-MCMB", quantity: 4 }], "add_on_quantity_mismatch"],
      [
        "DBXS-PRE-MCMB",
        5,
        [
          { sku: "DBXS-SFDC-MCMB", quantity: 5 },
          { sku: "DBXS-CPQ-MCMB", quantity: 5 },
        ],
        "add_on_conflict",
      ],
      [
        "DBX-ASV-MCMB",
        3,
        [
          { sku: "DBX-ASV-10TB-MCMB", quantity: 1 },
          { sku: "DBX-ASV-50TB-MCMB", quantity: 1 },
        ],
        "add_on_conflict",
      ],
      ["DBX-ASV-MCMB", 3, [{ sku: "DBX-ASV-10TB-MCMB", quantity: 2 }], "add_on_conflict"],
      ["DBX-ASV-MCMB", 3, [{ sku: "DBX-ASV-50TB-MCMB", quantity: 1 }], "ok"],
      ["DBX-STD-MCMB", 3, [{ sku: "DBX-ASV-10TB-MCMB", quantity: 1 }], "invalid_sku"],
      ["DBX-STD-MCMB", 3, [{ sku: "DBX-1TB-AC1Y", quantity: 1 }], "invalid_sku"],
      ["DBX-STD-MCMB", 3, [{ sku: "DBX-1TB-MCMB", quantity: 4 }], "ok"],
      ["DBX-STD-MCMB-TRIAL", 3, [], "ok"],
      ["DBX-STD-MCMB-TRIAL", 4, [], "trial_change_not_allowed"],
      ["DBX-STD-MCMB-TRIAL", 3, [{ sku: "DBX-1TB-MCMB", quantity: 1 }], "trial_change_not_allowed"],
    ];
    for (const [sku, licenses, addOns, expected] of table)
      assert.equal(
        tagOf(() => checkPlan(plan(sku), licenses, addOns)),
        expected,
        `${sku} × ${licenses} ${JSON.stringify(addOns)}`,
      );
    assert.equal(
      tagOf(() => getPlan("DBXS-STD-MCMB", "dropbox")),
      "invalid_sku",
    );
  });
});

describe("sandbox faults", () => {
  it("the same seed gives the same faults in the same order", () => {
    const config = { seed: 42, transientRate: 0.2, commitThenFailRate: 0.1, timeoutRate: 0.05 };
    const run = () => {
      const f = createFaults(config);
      return Array.from({ length: 200 }, (_, i) => f.decide("teams/set_licenses", i % 2 === 0).kind);
    };
    const a = run();
    assert.deepEqual(a, run());
    assert.ok(
      a.includes("commit_then_fail") && a.includes("timeout") && a.some((k) => k?.startsWith("transient")),
    );
    // commit-then-fail only ever hits mutations (even indexes here)
    assert.ok(a.every((k, i) => k !== "commit_then_fail" || i % 2 === 0));
    assert.notDeepEqual(mulberry32(1)(), mulberry32(2)());
  });

  it("the token bucket answers rate_limit with the seconds until the next token", () => {
    let now = 0;
    const f = createFaults({ rateLimit: { capacity: 2, refillPerSecond: 0.5 } }, () => now);
    assert.equal(f.decide("teams/list", false).kind, null);
    assert.equal(f.decide("teams/list", false).kind, null);
    const limited = f.decide("teams/list", false);
    assert.equal(limited.kind, "rate_limit");
    assert.equal(limited.retryAfterSeconds, 2);
    now += 2000;
    assert.equal(f.decide("teams/list", false).kind, null);
  });

  it("scripted faults hit matching routes first, `times` times", () => {
    const f = createFaults({
      script: [{ kind: "commit_then_fail", route: "teams/create", times: 2 }, { kind: "transient_500" }],
    });
    assert.equal(f.decide("teams/get_info", false).kind, "transient_500"); // commit-then-fail skips reads
    assert.equal(f.decide("teams/create", true).kind, "commit_then_fail");
    assert.equal(f.decide("teams/create", true).kind, "commit_then_fail");
    assert.equal(f.decide("teams/create", true).kind, null);
    assert.deepEqual(f.config.script, []);
  });
});
