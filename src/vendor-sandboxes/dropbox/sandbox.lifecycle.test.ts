import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  createBody,
  email,
  OTHER_RESELLER,
  RESELLER,
  startTestSandbox,
  type TestSandbox,
} from "./sandbox.fixtures.ts";

/** Behaviours over time (the sandbox clock): renewals, retention, restoration, deletion; emails; races. */
let t: TestSandbox;
before(async () => {
  t = await startTestSandbox({ retentionDays: 7 });
});
after(() => t.close());

async function create(overrides: Record<string, unknown> = {}) {
  const r = await t.call("teams/create", createBody(overrides));
  assert.equal(r.status, 200, r.text);
  return r.json;
}
const ref = (team: { team_id: string }) => ({ reseller_id: RESELLER, team_id: team.team_id });
const info = async (team: { team_id: string }) => (await t.call("teams/get_info", ref(team))).json;
const advance = (days: number) => t.control("POST", "clock/advance", { days });
const outbox = async (to: string) =>
  (await t.control("GET", `outbox?to=${encodeURIComponent(to)}`)).json.messages;

describe("Dropbox sandbox: retention, restoration, deletion (R-EXT-02)", () => {
  it("a cancelled team is retained for the window, restored by the same reseller, deleted after it", async () => {
    const admin = email("retained");
    const team = await create({ admin_email: admin, sku: "DBX-STD-MCMB", licenses: 4 });
    await t.call("teams/cancel", { ...ref(team), mode: "immediate" });
    await advance(6);
    assert.equal((await info(team)).status, "cancelled");
    // Another reseller cannot take it over.
    const foreign = await t.call(
      "teams/create",
      createBody({ reseller_id: OTHER_RESELLER, team_id: team.team_id, admin_email: admin }),
    );
    assert.equal(foreign.json.error[".tag"], "reseller_cannot_access_team");
    const restored = await t.call(
      "teams/create",
      createBody({ team_id: team.team_id, admin_email: admin, sku: "DBX-BUS-MCMB", licenses: 5 }),
    );
    assert.equal(restored.status, 200, restored.text);
    assert.equal(restored.json.team_id, team.team_id);
    assert.equal(restored.json.status, "active");
    assert.equal(restored.json.sku, "DBX-BUS-MCMB");
    assert.equal(restored.json.retained_until, null);
    assert.equal((await outbox(admin)).length, 1, "no welcome email when a team is reused");
    // Repeating the restore (its answer lost) answers the same team.
    const again = await t.call(
      "teams/create",
      createBody({ team_id: team.team_id, admin_email: admin, sku: "DBX-BUS-MCMB", licenses: 5 }),
    );
    assert.equal(again.json.team_id, team.team_id);
    // …but an active team is not there for the taking with another admin.
    const notRetained = await t.call(
      "teams/create",
      createBody({ team_id: team.team_id, admin_email: email("thief") }),
    );
    assert.equal(notRetained.json.error[".tag"], "team_not_retained");

    await t.call("teams/cancel", { ...ref(team), mode: "immediate" });
    await advance(7);
    const gone = await t.call("teams/get_info", ref(team));
    assert.equal(gone.json.error[".tag"], "reseller_cannot_access_team");
    assert.equal(gone.json.user_message.text, "Reseller Cannot Access This Team");
    const late = await t.call("teams/create", createBody({ team_id: team.team_id, admin_email: admin }));
    assert.equal(late.json.error[".tag"], "reseller_cannot_access_team");
    // The email is free again: a new team (not the first for the email: no second welcome).
    const fresh = await create({ admin_email: admin });
    assert.notEqual(fresh.team_id, team.team_id);
    assert.equal((await outbox(admin)).length, 1);
    const all = (await t.control("GET", `teams?admin_email=${encodeURIComponent(admin)}`)).json.teams;
    assert.deepEqual(
      all.map((x: { status: string; deleted_reason: string | null }) => [x.status, x.deleted_reason]),
      [
        ["deleted", "retention_expired"],
        ["active", null],
      ],
    );
  });

  it("a team deleted outside the channel frees its email and is out of reach", async () => {
    const team = await create();
    const deleted = await t.control("DELETE", `teams/${encodeURIComponent(team.team_id)}`);
    assert.equal(deleted.json.deleted_reason, "outside_channel");
    assert.equal(
      (await t.call("teams/get_info", ref(team))).json.error[".tag"],
      "reseller_cannot_access_team",
    );
    await create({ admin_email: team.admin_email });
    assert.equal((await t.control("DELETE", "teams/dbtid:none")).status, 404);
  });
});

describe("Dropbox sandbox: renewals", () => {
  it("pending decrease, downgrade and add-ons apply at renewal; terms follow the anchor", async () => {
    const team = await create({ sku: "DBX-ADV-MCMB", licenses: 6 });
    await advance(15);
    await t.call("teams/set_licenses", { ...ref(team), licenses: 4 });
    const down = await t.call("teams/change_plan", {
      ...ref(team),
      sku: "DBX-BUS-MCMB",
      add_ons: [{ sku: "DBX-1TB-MCMB", quantity: 1 }],
    });
    assert.equal(down.json.pending_change.sku, "DBX-BUS-MCMB");
    const before = await info(team);
    await advance(20);
    const renewed = await info(team);
    assert.equal(renewed.sku, "DBX-BUS-MCMB");
    assert.equal(renewed.licensed_users, 4);
    assert.deepEqual(renewed.add_ons, [{ sku: "DBX-1TB-MCMB", quantity: 1 }]);
    assert.equal(renewed.pending_change, null);
    assert.equal(renewed.term_start, before.pending_change.effective_date);
  });

  it("end-of-term cancellation ends the team at renewal; an unconverted trial ends after 30 days", async () => {
    const team = await create();
    await t.call("teams/cancel", { ...ref(team), mode: "end_of_term" });
    const trial = await create({ sku: "DBX-BUS-MCMB-TRIAL" });
    assert.equal(trial.term_end, addDaysIso(trial.term_start, 29));
    await advance(31);
    const [a, b] = [await info(team), await info(trial)];
    assert.equal(a.status, "cancelled");
    assert.equal(b.status, "cancelled");
    // Cancelled on the renewal date (the day after the term's last day), retained 7 days from then.
    assert.equal(a.retained_until, `${addDaysIso(a.term_end, 8)}T00:00:00.000Z`);
    assert.equal(b.retained_until, `${addDaysIso(trial.term_end, 8)}T00:00:00.000Z`);
  });

  it("Sign add-ons follow the seats (R-SGN-04): an increase raises them, a decrease lowers them at renewal", async () => {
    const sign = await create({
      product: "dropbox_sign",
      sku: "DBXS-PRE-MCMB",
      licenses: 5,
      add_ons: [{ sku: "DBXS-SFDC-MCMB", quantity: 5 }],
    });
    const up = await t.call("teams/set_licenses", { ...ref(sign), licenses: 8 });
    assert.deepEqual(up.json.add_ons, [{ sku: "DBXS-SFDC-MCMB", quantity: 8 }]);
    await t.call("teams/set_licenses", { ...ref(sign), licenses: 6 });
    await advance(40);
    assert.deepEqual((await info(sign)).add_ons, [{ sku: "DBXS-SFDC-MCMB", quantity: 6 }]);
  });
});

describe("Dropbox sandbox: welcome emails and concurrency", () => {
  it("the admin gets one welcome email on the first team for the email, per product", async () => {
    const admin = email("welcome");
    const team = await create({ admin_email: admin, team_name: "Initech" });
    await create({ admin_email: admin, product: "dropbox_sign", sku: "DBXS-STD-MCMB", licenses: 2 });
    const messages = await outbox(admin);
    assert.deepEqual(
      messages.map((m: { subject: string }) => m.subject),
      ["Welcome to Dropbox", "Welcome to Dropbox Sign"],
    );
    assert.equal(messages[0].teamId, team.team_id);
    assert.match(messages[0].body, /Initech[\s\S]*set-password/);
  });

  it("concurrent creates for one email make exactly one team", async () => {
    const admin = email("race");
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.call(
          "teams/create",
          createBody({ admin_email: admin, reseller_id: i % 2 ? RESELLER : OTHER_RESELLER }),
        ),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409))
      assert.equal(r.json.error[".tag"], "user_on_another_team");
    const teams = (await t.control("GET", `teams?admin_email=${encodeURIComponent(admin)}`)).json.teams;
    assert.equal(teams.length, 1);
    assert.equal((await outbox(admin)).length, 1);
  });
});

function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
