import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  createBody,
  email,
  OTHER_RESELLER,
  type RawResponse,
  RESELLER,
  startTestSandbox,
  type TestSandbox,
} from "./sandbox.fixtures.ts";

/** Every 409 route error of dropbox-vendor.md, with its body shape. */
let t: TestSandbox;
before(async () => {
  t = await startTestSandbox();
});
after(() => t.close());

function assertTag(r: RawResponse, tag: string, userMessage?: string) {
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error[".tag"], tag);
  assert.match(r.json.error_summary, new RegExp(`^${tag}/`));
  if (userMessage) assert.deepEqual(r.json.user_message, { text: userMessage, locale: "en" });
}

async function create(overrides: Record<string, unknown> = {}) {
  const r = await t.call("teams/create", createBody(overrides));
  assert.equal(r.status, 200, r.text);
  return r.json as { team_id: string; admin_email: string };
}
const ref = (team: { team_id: string }, reseller = RESELLER) => ({
  reseller_id: reseller,
  team_id: team.team_id,
});

describe("Dropbox sandbox: teams/create route errors", () => {
  it("invalid_reseller_id", async () => {
    assertTag(
      await t.call("teams/create", createBody({ reseller_id: "rsl_unknown" })),
      "invalid_reseller_id",
    );
    assertTag(await t.call("teams/list", { reseller_id: "rsl_unknown" }), "invalid_reseller_id");
  });

  it("user_on_another_team across resellers, per product family, case-insensitive", async () => {
    const admin = email("taken");
    await create({ admin_email: admin });
    const again = await t.call(
      "teams/create",
      createBody({ admin_email: admin.toUpperCase(), reseller_id: OTHER_RESELLER }),
    );
    assertTag(again, "user_on_another_team", "User is Already on Another Team");
    // Dropbox Sign is another family: the same admin may hold one of each.
    await create({ admin_email: admin, product: "dropbox_sign", sku: "DBXS-STD-AC1Y", licenses: 2 });
  });

  it("user_on_another_team for a suspended and for a retained team", async () => {
    const suspended = await create();
    await t.call("teams/suspend", ref(suspended));
    assertTag(
      await t.call("teams/create", createBody({ admin_email: suspended.admin_email })),
      "user_on_another_team",
    );
    const retained = await create();
    await t.call("teams/cancel", { ...ref(retained), mode: "immediate" });
    assertTag(
      await t.call("teams/create", createBody({ admin_email: retained.admin_email })),
      "user_on_another_team",
    );
  });

  it("reseller_cannot_access_team: another reseller's team, an unknown or deleted one", async () => {
    const team = await create();
    const msg = "Reseller Cannot Access This Team";
    assertTag(await t.call("teams/get_info", ref(team, OTHER_RESELLER)), "reseller_cannot_access_team", msg);
    assertTag(
      await t.call("teams/set_licenses", { ...ref(team, OTHER_RESELLER), licenses: 9 }),
      "reseller_cannot_access_team",
    );
    assertTag(
      await t.call("teams/get_info", { reseller_id: RESELLER, team_id: "dbtid:nope" }),
      "reseller_cannot_access_team",
    );
    assert.equal((await t.control("DELETE", `teams/${encodeURIComponent(team.team_id)}`)).status, 200);
    assertTag(await t.call("teams/get_info", ref(team)), "reseller_cannot_access_team", msg);
    const reuse = await t.call("teams/create", createBody({ team_id: team.team_id }));
    assertTag(reuse, "reseller_cannot_access_team", msg);
  });

  it("invalid_sku: unknown, wrong family, add-on of another edition or term", async () => {
    assertTag(await t.call("teams/create", createBody({ sku: "DBX-GOLD-MCMB" })), "invalid_sku");
    assertTag(await t.call("teams/create", createBody({ product: "dropbox_sign" })), "invalid_sku");
    const addOn = { add_ons: [{ sku: "DBX-ASV-10TB-MCMB", quantity: 1 }] };
    assertTag(await t.call("teams/create", createBody(addOn)), "invalid_sku");
  });

  it("below_minimum_licenses: Dropbox 3, Education 300, Sign Standard 2, Premium 5, SFDC needs 5", async () => {
    const cases: Record<string, unknown>[] = [
      { sku: "DBX-STD-MCMB", licenses: 2 },
      { sku: "DBX-EDU-AC1Y", licenses: 299 },
      { product: "dropbox_sign", sku: "DBXS-STD-MCMB", licenses: 1 },
      { product: "dropbox_sign", sku: "DBXS-PRE-MCMB", licenses: 4 },
      {
        product: "dropbox_sign",
        sku: "DBXS-STD-MCMB",
        licenses: 3,
        add_ons: [{ sku: "DBXS-SFDC-MCMB", quantity: 3 }],
      },
    ];
    for (const c of cases) {
      const r = await t.call("teams/create", createBody(c));
      assertTag(r, "below_minimum_licenses");
    }
    await create({ sku: "DBX-EDU-AC1Y", licenses: 300 });
  });

  it("add_on_conflict: SFDC with SFDC CPQ; two Advanced Server storage add-ons", async () => {
    const sign = {
      product: "dropbox_sign",
      sku: "DBXS-PRE-MCMB",
      licenses: 5,
      add_ons: [
        { sku: "DBXS-SFDC-MCMB", quantity: 5 },
        { sku: "DBXS-CPQ-MCMB", quantity: 5 },
      ],
    };
    assertTag(await t.call("teams/create", createBody(sign)), "add_on_conflict");
    const asv = {
      sku: "DBX-ASV-MCMB",
      add_ons: [
        { sku: "DBX-ASV-10TB-MCMB", quantity: 1 },
        { sku: "DBX-ASV-50TB-MCMB", quantity: 1 },
      ],
    };
    assertTag(await t.call("teams/create", createBody(asv)), "add_on_conflict");
  });

  it("add_on_quantity_mismatch: a Sign add-on's quantity must equal the seats", async () => {
    const r = await t.call(
      "teams/create",
      createBody({
        product: "dropbox_sign",
        sku: "DBXS-PRE-MCMB",
        licenses: 6,
        add_ons: [{ sku: "DBXS-SP-MCMB", quantity: 5 }],
      }),
    );
    assertTag(r, "add_on_quantity_mismatch");
  });
});

describe("Dropbox sandbox: change route errors", () => {
  it("team_not_active: licences or plan of a suspended team, suspending a cancelled one", async () => {
    const team = await create();
    await t.call("teams/suspend", ref(team));
    assertTag(await t.call("teams/set_licenses", { ...ref(team), licenses: 5 }), "team_not_active");
    assertTag(
      await t.call("teams/change_plan", { ...ref(team), sku: "DBX-BUS-MCMB", add_ons: [] }),
      "team_not_active",
    );
    await t.call("teams/cancel", { ...ref(team), mode: "immediate" });
    assertTag(await t.call("teams/suspend", ref(team)), "team_not_active");
    assertTag(await t.call("teams/unsuspend", ref(team)), "team_not_active");
  });

  it("trial_change_not_allowed: more licences on a trial (R-TRL-01)", async () => {
    const trial = await create({ sku: "DBX-STD-AC1Y-TRIAL", trial: true });
    assertTag(await t.call("teams/set_licenses", { ...ref(trial), licenses: 4 }), "trial_change_not_allowed");
    const converted = await t.call("teams/change_plan", { ...ref(trial), sku: "DBX-STD-AC1Y", add_ons: [] });
    assert.equal(converted.json.is_trial, false);
  });

  it("below_minimum_licenses on set_licenses and on an upgrade to Sign Premium (R-SGN-06)", async () => {
    const team = await create({ licenses: 3 });
    assertTag(await t.call("teams/set_licenses", { ...ref(team), licenses: 2 }), "below_minimum_licenses");
    const sign = await create({ product: "dropbox_sign", sku: "DBXS-STD-MCMB", licenses: 3 });
    assertTag(
      await t.call("teams/change_plan", { ...ref(sign), sku: "DBXS-PRE-MCMB", add_ons: [] }),
      "below_minimum_licenses",
    );
  });

  it("invalid_upgrade_path and add_on_conflict on change_plan", async () => {
    const team = await create({ sku: "DBX-BUS-DG-MCMB" });
    assertTag(
      await t.call("teams/change_plan", { ...ref(team), sku: "DBX-ADV-EVH-MCMB", add_ons: [] }),
      "invalid_upgrade_path",
    );
    assertTag(
      await t.call("teams/change_plan", { ...ref(team), sku: "DBX-BPL-DG-AC1Y", add_ons: [] }),
      "invalid_upgrade_path",
    );
    const asv = await create({ sku: "DBX-ASV-MCMB" });
    const two = [
      { sku: "DBX-ASV-10TB-MCMB", quantity: 1 },
      { sku: "DBX-ASV-50TB-MCMB", quantity: 1 },
    ];
    assertTag(
      await t.call("teams/change_plan", { ...ref(asv), sku: "DBX-ASV-MCMB", add_ons: two }),
      "add_on_conflict",
    );
  });

  it("not_supported_for_product: Sign teams cannot be suspended (R-SGN-07)", async () => {
    const sign = await create({ product: "dropbox_sign", sku: "DBXS-STD-MCMB", licenses: 2 });
    assertTag(await t.call("teams/suspend", ref(sign)), "not_supported_for_product");
    assertTag(await t.call("teams/unsuspend", ref(sign)), "not_supported_for_product");
  });

  it("operation_window_expired after day 14; end-of-term cancel and later downgrades still work", async () => {
    const team = await create({ sku: "DBX-ADV-AC1Y", licenses: 6 });
    await t.control("POST", "clock/advance", { days: 14 }); // D6: day 14 is still inside
    assert.equal((await t.call("teams/suspend", { ...ref(team), validate_only: true })).status, 200);
    await t.control("POST", "clock/advance", { days: 1 });
    assertTag(await t.call("teams/suspend", ref(team)), "operation_window_expired");
    assertTag(await t.call("teams/cancel", { ...ref(team), mode: "immediate" }), "operation_window_expired");
    const down = await t.call("teams/change_plan", { ...ref(team), sku: "DBX-STD-AC1Y", add_ons: [] });
    assert.equal(down.json.sku, "DBX-ADV-AC1Y");
    assert.deepEqual(down.json.pending_change, {
      effective_date: "2027-01-15",
      sku: "DBX-STD-AC1Y",
      add_ons: [],
    });
    const eot = await t.call("teams/cancel", { ...ref(team), mode: "end_of_term" });
    assert.equal(eot.json.pending_change.cancel, true);
  });
});
