import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  createBody,
  DEFAULT_CLIENT_FORM,
  email,
  OTHER_RESELLER,
  RESELLER,
  startTestSandbox,
  type TestSandbox,
} from "./sandbox.fixtures.ts";

/** Every reseller route's happy path and the protocol itself (tokens, 400 text, request ids). */
let t: TestSandbox;
before(async () => {
  t = await startTestSandbox();
});
after(() => t.close());

async function create(overrides: Record<string, unknown> = {}) {
  const r = await t.call("teams/create", createBody(overrides));
  assert.equal(r.status, 200, r.text);
  return r.json;
}

describe("Dropbox sandbox: protocol", () => {
  it("every response carries X-Dropbox-Request-Id, errors and unknown routes too", async () => {
    const ok = await t.call("teams/list", { reseller_id: RESELLER });
    const bad = await t.call("teams/list", { reseller_id: RESELLER, nope: 1 });
    const missing = await t.control("GET", "../nothing-here");
    const unauth = await t.call("teams/list", { reseller_id: RESELLER }, "not-a-token");
    for (const r of [ok, bad, missing, unauth])
      assert.match(r.headers.get("x-dropbox-request-id") ?? "", /^[0-9a-f]{32}$/);
    assert.notEqual(ok.headers.get("x-dropbox-request-id"), bad.headers.get("x-dropbox-request-id"));
  });

  it("400 is plain text naming what was wrong: long team name, unknown field, malformed JSON", async () => {
    const long = await t.call("teams/create", createBody({ team_name: "A team name of 21 chr" }));
    assert.equal(long.status, 400);
    assert.match(long.headers.get("content-type") ?? "", /^text\/plain/);
    assert.match(long.text, /team_name is longer than 20 characters/);
    // 20 characters (graphemes) is fine, R-ORD-07
    assert.equal(
      (await t.call("teams/create", createBody({ team_name: "Ünïcödé Team 20 chrs" }))).status,
      200,
    );
    const unknown = await t.call("teams/set_licenses", {
      reseller_id: RESELLER,
      team_id: "x",
      licenses: 3,
      extra: true,
    });
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /Unrecognized key.*extra/);
    const res = await fetch(`${t.url}/2/reseller/teams/list`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${t.token}` },
      body: "{not json",
    });
    assert.equal(res.status, 400);
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain/);
  });

  it("OAuth: client credentials give a bearer token and a refresh token; refresh gives a new access token", async () => {
    const form = (params: Record<string, string>) =>
      fetch(`${t.url}/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(params).toString(),
      });
    const first = await form({ grant_type: "client_credentials", ...DEFAULT_CLIENT_FORM });
    const granted = await first.json();
    assert.equal(granted.token_type, "bearer");
    assert.ok(granted.expires_in > 0 && granted.refresh_token && granted.access_token);
    const refreshed = await (
      await form({
        grant_type: "refresh_token",
        refresh_token: granted.refresh_token,
        ...DEFAULT_CLIENT_FORM,
      })
    ).json();
    assert.ok(refreshed.access_token && refreshed.access_token !== granted.access_token);
    assert.equal((await t.call("teams/list", { reseller_id: RESELLER }, refreshed.access_token)).status, 200);
    const wrong = await form({ grant_type: "client_credentials", client_id: "x", client_secret: "y" });
    assert.equal(wrong.status, 401);
    assert.equal((await wrong.json()).error, "invalid_client");
    const badGrant = await form({
      grant_type: "refresh_token",
      refresh_token: "nope",
      ...DEFAULT_CLIENT_FORM,
    });
    assert.equal(badGrant.status, 400);
  });

  it("401 invalid_access_token without a valid token", async () => {
    const r = await t.call("teams/list", { reseller_id: RESELLER }, "made-up");
    assert.equal(r.status, 401);
    assert.equal(r.json.error[".tag"], "invalid_access_token");
  });
});

describe("Dropbox sandbox: reseller routes", () => {
  it("teams/create answers the team; get_info reads it; it is the reseller's only", async () => {
    const team = await create({ sku: "DBX-BUS-EVH-AC1Y", licenses: 7, country: "FR", team_name: "Globex" });
    assert.match(team.team_id, /^dbtid:/);
    assert.equal(team.status, "active");
    assert.equal(team.licensed_users, 7);
    assert.equal(team.term_start, "2026-01-15");
    assert.equal(team.term_end, "2027-01-14");
    const info = await t.call("teams/get_info", { reseller_id: RESELLER, team_id: team.team_id });
    assert.deepEqual(info.json, team);
  });

  it("teams/list pages with a cursor and filters by admin email and product", async () => {
    const admin = email("lister");
    const dbx = await create({ admin_email: admin });
    const sign = await create({
      admin_email: admin,
      product: "dropbox_sign",
      sku: "DBXS-STD-MCMB",
      licenses: 2,
    });
    const both = await t.call("teams/list", { reseller_id: RESELLER, admin_email: admin.toUpperCase() });
    assert.deepEqual(
      both.json.teams.map((x: { team_id: string }) => x.team_id),
      [dbx.team_id, sign.team_id],
    );
    const onlySign = await t.call("teams/list", {
      reseller_id: RESELLER,
      admin_email: admin,
      product: "dropbox_sign",
    });
    assert.deepEqual(
      onlySign.json.teams.map((x: { team_id: string }) => x.team_id),
      [sign.team_id],
    );
    const seen: string[] = [];
    let page = (await t.call("teams/list", { reseller_id: RESELLER, limit: 2 })).json;
    for (;;) {
      assert.ok(page.teams.length <= 2);
      seen.push(...page.teams.map((x: { team_id: string }) => x.team_id));
      if (!page.has_more) break;
      page = (await t.call("teams/list/continue", { reseller_id: RESELLER, cursor: page.cursor })).json;
    }
    assert.equal(new Set(seen).size, seen.length);
    assert.ok(seen.includes(dbx.team_id) && seen.includes(sign.team_id));
    const other = await t.call("teams/list", { reseller_id: OTHER_RESELLER });
    assert.ok(!other.json.teams.some((x: { team_id: string }) => x.team_id === dbx.team_id));
  });

  it("teams/set_licenses: an increase is immediate, a decrease waits for the renewal, the same N is a no-op", async () => {
    const team = await create({ licenses: 5 });
    const ref = { reseller_id: RESELLER, team_id: team.team_id };
    const up = await t.call("teams/set_licenses", { ...ref, licenses: 8 });
    assert.equal(up.json.licensed_users, 8);
    assert.equal(up.json.pending_change, null);
    const down = await t.call("teams/set_licenses", { ...ref, licenses: 4 });
    assert.equal(down.json.licensed_users, 8);
    assert.deepEqual(down.json.pending_change, { effective_date: "2026-02-15", licenses: 4 });
    // Target state: asking for the current count again withdraws the pending decrease.
    const back = await t.call("teams/set_licenses", { ...ref, licenses: 8 });
    assert.equal(back.json.pending_change, null);
  });

  it("teams/change_plan: upgrade now, downgrade now inside 14 days, add-ons as a target list", async () => {
    const team = await create({ sku: "DBX-BUS-MCMB" });
    const ref = { reseller_id: RESELLER, team_id: team.team_id };
    const up = await t.call("teams/change_plan", {
      ...ref,
      sku: "DBX-ADV-MCMB",
      add_ons: [{ sku: "DBX-1TB-MCMB", quantity: 2 }],
    });
    assert.equal(up.status, 200, up.text);
    assert.equal(up.json.sku, "DBX-ADV-MCMB");
    assert.deepEqual(up.json.add_ons, [{ sku: "DBX-1TB-MCMB", quantity: 2 }]);
    assert.equal(up.json.term_end, team.term_end); // R-UPG-04 keeps the cycle
    const down = await t.call("teams/change_plan", { ...ref, sku: "DBX-STD-MCMB", add_ons: [] });
    assert.equal(down.json.sku, "DBX-STD-MCMB");
    assert.deepEqual(down.json.add_ons, []);
  });

  it("teams/suspend and teams/unsuspend (repeats are no-ops)", async () => {
    const team = await create();
    const ref = { reseller_id: RESELLER, team_id: team.team_id };
    assert.equal((await t.call("teams/suspend", ref)).json.status, "suspended");
    assert.equal((await t.call("teams/suspend", ref)).json.status, "suspended");
    assert.equal((await t.call("teams/unsuspend", ref)).json.status, "active");
    assert.equal((await t.call("teams/unsuspend", ref)).json.status, "active");
  });

  it("teams/cancel: immediately (retained), or at the end of the term (pending, revocable)", async () => {
    const now = await create();
    const cancelled = await t.call("teams/cancel", {
      reseller_id: RESELLER,
      team_id: now.team_id,
      mode: "immediate",
    });
    assert.equal(cancelled.json.status, "cancelled");
    assert.equal(cancelled.json.retained_until, "2026-01-22T09:00:00.000Z"); // 7 days
    const later = await create();
    const pending = await t.call("teams/cancel", {
      reseller_id: RESELLER,
      team_id: later.team_id,
      mode: "end_of_term",
    });
    assert.equal(pending.json.status, "active");
    assert.deepEqual(pending.json.pending_change, { effective_date: "2026-02-15", cancel: true });
    const revoked = await t.call("teams/cancel", {
      reseller_id: RESELLER,
      team_id: later.team_id,
      mode: "revoke",
    });
    assert.equal(revoked.json.pending_change, null);
    const tooLate = await t.call("teams/cancel", {
      reseller_id: RESELLER,
      team_id: now.team_id,
      mode: "revoke",
    });
    assert.equal(tooLate.json.error[".tag"], "team_not_active");
  });

  it("validate_only answers what the call would do and changes nothing", async () => {
    const team = await create({ licenses: 3 });
    const ref = { reseller_id: RESELLER, team_id: team.team_id };
    const dry = await t.call("teams/set_licenses", { ...ref, licenses: 9, validate_only: true });
    assert.equal(dry.json.licensed_users, 9);
    assert.equal((await t.call("teams/get_info", ref)).json.licensed_users, 3);
    const admin = email("dry");
    const dryCreate = await t.call("teams/create", createBody({ admin_email: admin, validate_only: true }));
    assert.equal(dryCreate.status, 200);
    const listed = await t.call("teams/list", { reseller_id: RESELLER, admin_email: admin });
    assert.deepEqual(listed.json.teams, []);
    assert.deepEqual((await t.control("GET", `outbox?to=${encodeURIComponent(admin)}`)).json.messages, []);
    const refused = await t.call("teams/set_licenses", { ...ref, licenses: 2, validate_only: true });
    assert.equal(refused.status, 409);
  });
});
