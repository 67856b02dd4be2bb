import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { createBody, email, RESELLER, startTestSandbox, type TestSandbox } from "./sandbox.fixtures.ts";

/** The sandbox's faults as a client sees them on the wire (behaviour 5), set through /__sandbox/faults. */
let t: TestSandbox;
before(async () => {
  t = await startTestSandbox();
});
after(() => t.close());
beforeEach(async () => {
  await t.control("PUT", "faults", {});
});

const teamsFor = async (admin: string) =>
  (await t.control("GET", `teams?admin_email=${encodeURIComponent(admin)}`)).json.teams as {
    team_id: string;
  }[];

describe("Dropbox sandbox: faults", () => {
  it("rate limiting: an empty token bucket answers 429 with Retry-After and a JSON reason", async () => {
    await t.control("PUT", "faults", { rateLimit: { capacity: 1, refillPerSecond: 0.001 } });
    assert.equal((await t.call("teams/list", { reseller_id: RESELLER })).status, 200);
    const limited = await t.call("teams/list", { reseller_id: RESELLER });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get("retry-after"), "1000");
    assert.equal(limited.json.error.reason[".tag"], "too_many_requests");
    assert.ok(limited.headers.get("x-dropbox-request-id"));
  });

  it("transient 500 / 503 change nothing", async () => {
    await t.control("PUT", "faults", {
      script: [
        { kind: "transient_500", route: "teams/create" },
        { kind: "transient_503", route: "teams/create" },
      ],
    });
    const admin = email("transient");
    assert.equal((await t.call("teams/create", createBody({ admin_email: admin }))).status, 500);
    assert.equal((await t.call("teams/create", createBody({ admin_email: admin }))).status, 503);
    assert.deepEqual(await teamsFor(admin), []);
    assert.equal((await t.call("teams/create", createBody({ admin_email: admin }))).status, 200);
  });

  it("a scripted refusal answers the vendor's 409 with its tag and user message, applies nothing, and needs a tag", async () => {
    await t.control("PUT", "faults", {
      script: [{ kind: "refuse", route: "teams/create", tag: "add_on_conflict", userMessage: "No such mix" }],
    });
    const admin = email("refuse");
    const check = await t.call("teams/create", createBody({ admin_email: admin, validate_only: true }));
    assert.equal(check.status, 409, "validate-only calls meet it too");
    assert.equal(check.json.error[".tag"], "add_on_conflict");
    assert.equal(check.json.user_message.text, "No such mix");
    assert.deepEqual(await teamsFor(admin), []);
    assert.equal((await t.call("teams/create", createBody({ admin_email: admin }))).status, 200, "used up");
    const bad = await t.control("PUT", "faults", { script: [{ kind: "refuse", route: "teams/create" }] });
    assert.equal(bad.status, 400, "a refusal names its tag");
  });

  it("commit-then-fail applies the change and answers 503", async () => {
    await t.control("PUT", "faults", { script: [{ kind: "commit_then_fail", route: "teams/create" }] });
    const admin = email("ctf");
    const r = await t.call("teams/create", createBody({ admin_email: admin }));
    assert.equal(r.status, 503);
    const [team] = await teamsFor(admin);
    assert.ok(team);
    const events = (await t.control("GET", `events?team_id=${encodeURIComponent(team.team_id)}`)).json.events;
    assert.deepEqual(
      events.map((e: { route: string; detail: { action: string } }) => [e.route, e.detail.action]),
      [["teams/create", "created"]],
    );
  });

  it("timeouts hold the answer longer than the client waits; applied or dropped as configured", async () => {
    const admin = email("timeout");
    await t.control("PUT", "faults", {
      timeoutMs: 60_000,
      script: [{ kind: "timeout", route: "teams/create" }],
    });
    const gaveUp = await fetch(`${t.url}/2/reseller/teams/create`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${t.token}` },
      body: JSON.stringify(createBody({ admin_email: admin })),
      signal: AbortSignal.timeout(200),
    }).then(
      () => "answered",
      (e: Error) => e.name,
    );
    assert.equal(gaveUp, "TimeoutError");
    assert.equal((await teamsFor(admin)).length, 1, "applied before the answer was held");

    const other = email("dropped");
    await t.control("PUT", "faults", {
      timeoutMs: 60_000,
      timeoutApplies: false,
      script: [{ kind: "timeout", route: "teams/create" }],
    });
    const dropped = await fetch(`${t.url}/2/reseller/teams/create`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${t.token}` },
      body: JSON.stringify(createBody({ admin_email: other })),
      signal: AbortSignal.timeout(200),
    }).then(
      () => "answered",
      (e: Error) => e.name,
    );
    assert.equal(dropped, "TimeoutError");
    assert.deepEqual(await teamsFor(other), []);
  });

  it("latency delays answers; the fault config reads back; reset clears teams and faults", async () => {
    const set = await t.control("PUT", "faults", {
      seed: 7,
      latencyMs: { min: 5, max: 5 },
      transientRate: 0,
    });
    assert.equal(set.json.seed, 7);
    assert.deepEqual((await t.control("GET", "faults")).json.latencyMs, { min: 5, max: 5 });
    assert.equal((await t.call("teams/list", { reseller_id: RESELLER })).status, 200);
    const bad = await t.control("PUT", "faults", { transientRate: 2 });
    assert.equal(bad.status, 400);
    await t.control("POST", "reset", { keep_resellers: true });
    assert.deepEqual((await t.control("GET", "teams")).json.teams, []);
    assert.deepEqual((await t.control("GET", "faults")).json.latencyMs, { min: 0, max: 0 });
    // Tokens went with the reset: a client must fetch a new one.
    assert.equal((await t.call("teams/list", { reseller_id: RESELLER })).status, 401);
  });
});
