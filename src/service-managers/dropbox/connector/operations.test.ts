import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { DEFAULT_SANDBOX_CLIENT } from "../../../vendor-sandboxes/dropbox/index.ts";
import {
  email,
  OTHER_RESELLER,
  RESELLER,
  startTestSandbox,
  type TestSandbox,
} from "../../../vendor-sandboxes/dropbox/sandbox.fixtures.ts";
import { DropboxClient } from "./client.ts";
import { DropboxRejectedError, DropboxUnknownOutcomeError } from "./errors.ts";
import {
  cancelTeam,
  changePlan,
  ensureTeam,
  getTeam,
  listTeams,
  precheck,
  setLicenses,
  suspendTeam,
  type TeamSpec,
  unsuspendTeam,
} from "./operations.ts";

/** Target-state operations, reconciliation after lost answers, and validate-only pre-checks. */
let t: TestSandbox;
let c: DropboxClient;
before(async () => {
  t = await startTestSandbox();
  c = new DropboxClient({
    baseUrl: t.url,
    ...DEFAULT_SANDBOX_CLIENT,
    baseDelayMs: 1,
    maxDelayMs: 2,
    timeoutMs: 300,
  });
});
after(() => t.close());
beforeEach(async () => {
  await t.control("PUT", "faults", {});
});

const spec = (overrides: Partial<TeamSpec> = {}): TeamSpec => ({
  resellerId: RESELLER,
  product: "dropbox",
  sku: "DBX-STD-MCMB",
  licenses: 3,
  addOns: [],
  adminEmail: email("ops"),
  teamName: "Ops Ltd",
  country: "BE",
  ...overrides,
});
const vendorTeams = async (admin: string) =>
  (await t.control("GET", `teams?admin_email=${encodeURIComponent(admin)}`)).json.teams as {
    team_id: string;
  }[];
const outbox = async (to: string) =>
  (await t.control("GET", `outbox?to=${encodeURIComponent(to)}`)).json.messages;

describe("ensureTeam: creating a team survives lost answers without a second team", () => {
  it("creates a team", async () => {
    const s = spec();
    const { team, outcome } = await ensureTeam(c, s);
    assert.equal(outcome, "created");
    assert.equal(team.adminEmail, s.adminEmail);
    assert.equal(team.status, "active");
  });

  it("commit-then-fail: looks the team up by admin email and adopts it (one team, one welcome email)", async () => {
    const s = spec();
    await t.control("PUT", "faults", { script: [{ kind: "commit_then_fail", route: "teams/create" }] });
    const { team, outcome } = await ensureTeam(c, s);
    assert.equal(outcome, "adopted");
    const teams = await vendorTeams(s.adminEmail);
    assert.deepEqual(
      teams.map((x) => x.team_id),
      [team.teamId],
    );
    assert.equal((await outbox(s.adminEmail)).length, 1);
  });

  it("a timeout on create (applied, answer held): adopted too", async () => {
    const s = spec();
    await t.control("PUT", "faults", {
      timeoutMs: 60_000,
      script: [{ kind: "timeout", route: "teams/create" }],
    });
    const { outcome } = await ensureTeam(c, s);
    assert.equal(outcome, "adopted");
    assert.equal((await vendorTeams(s.adminEmail)).length, 1);
  });

  it("a lost create that did not happen (dropped timeout) is sent again after the look-up", async () => {
    const s = spec();
    await t.control("PUT", "faults", {
      timeoutMs: 60_000,
      timeoutApplies: false,
      script: [{ kind: "timeout", route: "teams/create" }],
    });
    const { outcome } = await ensureTeam(c, s);
    assert.equal(outcome, "created");
    assert.equal((await vendorTeams(s.adminEmail)).length, 1);
  });

  it("a second run after a crash (the team exists) adopts instead of failing", async () => {
    const s = spec();
    await ensureTeam(c, s);
    const again = await ensureTeam(c, s);
    assert.equal(again.outcome, "adopted");
    assert.equal((await vendorTeams(s.adminEmail)).length, 1);
  });

  it("adopting an earlier attempt's team brings it to the spec (licences, add-ons)", async () => {
    const s = spec({ sku: "DBX-BUS-MCMB", licenses: 3 });
    await t.control("PUT", "faults", { script: [{ kind: "commit_then_fail", route: "teams/create" }] });
    // An earlier attempt (say, a worker that died) whose answer was lost:
    await assert.rejects(
      c.call("reseller/teams/create", requestBody(s), "unsafe"),
      DropboxUnknownOutcomeError,
    );
    const { team, outcome } = await ensureTeam(c, {
      ...s,
      licenses: 7,
      addOns: [{ sku: "DBX-1TB-MCMB", quantity: 1 }],
    });
    assert.equal(outcome, "adopted");
    assert.equal(team.licensedUsers, 7);
    assert.deepEqual(team.addOns, [{ sku: "DBX-1TB-MCMB", quantity: 1 }]);
    assert.equal((await vendorTeams(s.adminEmail)).length, 1);
  });

  it("an email on someone else's team stays a rejection with the vendor's text (R-EXT-03)", async () => {
    const s = spec();
    await ensureTeam(c, { ...s, resellerId: OTHER_RESELLER });
    await assert.rejects(ensureTeam(c, s), (e) => {
      assert.ok(e instanceof DropboxRejectedError);
      assert.equal(e.tag, "user_on_another_team");
      assert.equal(e.userMessage, "User is Already on Another Team");
      return true;
    });
    // Same reseller, other plan: not ours to adopt either.
    const mine = spec();
    await ensureTeam(c, mine);
    await assert.rejects(ensureTeam(c, { ...mine, sku: "DBX-ADV-MCMB" }), DropboxRejectedError);
  });

  it("gives up with the unknown outcome when every create's answer is lost and nothing was applied", async () => {
    const s = spec();
    await t.control("PUT", "faults", {
      timeoutMs: 60_000,
      timeoutApplies: false,
      script: [{ kind: "timeout", route: "teams/create", times: 5 }],
    });
    await assert.rejects(ensureTeam(c, s, { maxCreates: 2 }), DropboxUnknownOutcomeError);
    assert.deepEqual(await vendorTeams(s.adminEmail), []);
  });

  it("restores a retained team by id (R-EXT-02), repeatable after a lost answer", async () => {
    const s = spec();
    const { team } = await ensureTeam(c, s);
    await cancelTeam(c, { resellerId: RESELLER, teamId: team.teamId }, "immediate");
    await t.control("PUT", "faults", { script: [{ kind: "commit_then_fail", route: "teams/create" }] });
    const restored = await ensureTeam(c, { ...s, teamId: team.teamId, sku: "DBX-BUS-MCMB" });
    assert.equal(restored.outcome, "restored");
    assert.equal(restored.team.teamId, team.teamId);
    assert.equal(restored.team.sku, "DBX-BUS-MCMB");
    assert.equal((await outbox(s.adminEmail)).length, 1);
  });
});

describe("target-state operations", () => {
  it("licences, plan, suspend, resume and cancel, each safe to repeat", async () => {
    const { team } = await ensureTeam(c, spec({ licenses: 5 }));
    const ref = { resellerId: RESELLER, teamId: team.teamId };
    assert.equal((await setLicenses(c, ref, 9)).licensedUsers, 9);
    assert.equal((await setLicenses(c, ref, 9)).licensedUsers, 9);
    const lower = await setLicenses(c, ref, 6);
    assert.equal(lower.licensedUsers, 9);
    assert.equal(lower.pendingChange?.licenses, 6);
    const up = await changePlan(c, ref, "DBX-BPL-MCMB", [{ sku: "DBX-1TB-MCMB", quantity: 1 }]);
    assert.equal(up.sku, "DBX-BPL-MCMB");
    assert.deepEqual(
      (await changePlan(c, ref, "DBX-BPL-MCMB", [{ sku: "DBX-1TB-MCMB", quantity: 1 }])).addOns,
      up.addOns,
    );
    assert.equal((await suspendTeam(c, ref)).status, "suspended");
    assert.equal((await suspendTeam(c, ref)).status, "suspended");
    assert.equal((await unsuspendTeam(c, ref)).status, "active");
    await t.control("PUT", "faults", { script: [{ kind: "commit_then_fail", route: "teams/cancel" }] });
    assert.equal((await cancelTeam(c, ref, "immediate")).status, "cancelled");
    assert.equal((await getTeam(c, ref)).status, "cancelled");
  });

  it("listTeams follows the cursor", async () => {
    const admin = email("pages");
    await ensureTeam(c, spec({ adminEmail: admin }));
    await ensureTeam(
      c,
      spec({ adminEmail: admin, product: "dropbox_sign", sku: "DBXS-STD-MCMB", licenses: 2 }),
    );
    const all = await listTeams(c, RESELLER, { pageSize: 1 });
    assert.ok(all.length >= 2);
    assert.equal(new Set(all.map((x) => x.teamId)).size, all.length);
    assert.equal((await listTeams(c, RESELLER, { adminEmail: admin, pageSize: 1 })).length, 2);
  });
});

describe("precheck (R-PRV-02): validate only, change nothing", () => {
  it("answers ok with the would-be team, or the vendor's refusal, for every action", async () => {
    const s = spec();
    const ok = await precheck(c, { type: "create", spec: s });
    assert.equal(ok.ok, true);
    assert.deepEqual(await vendorTeams(s.adminEmail), []);
    const { team } = await ensureTeam(c, s);
    const ref = { resellerId: RESELLER, teamId: team.teamId };
    const checks = await Promise.all([
      precheck(c, { type: "set_licenses", ref, licenses: 2 }),
      precheck(c, { type: "set_licenses", ref, licenses: 4 }),
      precheck(c, { type: "change_plan", ref, sku: "DBX-STD-AC1Y", addOns: [] }),
      precheck(c, { type: "suspend", ref }),
      precheck(c, { type: "unsuspend", ref }),
      precheck(c, { type: "cancel", ref, mode: "end_of_term" }),
      precheck(c, { type: "create", spec: { ...spec(), teamName: "x".repeat(21) } }),
    ]);
    assert.deepEqual(
      checks.map((r) => (r.ok ? "ok" : (r.error.tag ?? r.error.kind))),
      ["below_minimum_licenses", "ok", "invalid_upgrade_path", "ok", "ok", "ok", "validation"],
    );
    const after = await getTeam(c, ref);
    assert.equal(after.licensedUsers, 3);
    assert.equal(after.status, "active");
    assert.equal(after.pendingChange, null);
  });

  it("a create whose earlier answer was lost pre-checks as already done", async () => {
    const s = spec();
    await t.control("PUT", "faults", { script: [{ kind: "commit_then_fail", route: "teams/create" }] });
    await assert.rejects(
      c.call("reseller/teams/create", requestBody(s), "unsafe"),
      DropboxUnknownOutcomeError,
    );
    const check = await precheck(c, { type: "create", spec: s });
    assert.ok(check.ok && check.alreadyDone);
  });
});

function requestBody(s: TeamSpec) {
  return {
    reseller_id: s.resellerId,
    product: s.product,
    sku: s.sku,
    licenses: s.licenses,
    add_ons: s.addOns,
    admin_email: s.adminEmail,
    team_name: s.teamName,
    country: s.country,
  };
}
