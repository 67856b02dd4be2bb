import assert from "node:assert/strict";
import { createServer } from "node:net";
import { after, before, beforeEach, describe, it } from "node:test";
import { DEFAULT_SANDBOX_CLIENT } from "../../../vendor-sandboxes/dropbox/index.ts";
import {
  email,
  RESELLER,
  startTestSandbox,
  type TestSandbox,
} from "../../../vendor-sandboxes/dropbox/sandbox.fixtures.ts";
import { DropboxClient, type DropboxClientOptions, type RetryInfo } from "./client.ts";
import {
  classify,
  DropboxAuthError,
  DropboxRateLimitedError,
  DropboxRejectedError,
  DropboxTransientError,
  DropboxUnknownOutcomeError,
  DropboxValidationError,
} from "./errors.ts";
import { getTeam, listTeams, setLicenses, type TeamSpec } from "./operations.ts";

/** The HTTP client against the real sandbox over HTTP: tokens, the error table, retries, timeouts. */
let t: TestSandbox;
before(async () => {
  t = await startTestSandbox({ tokenTtlSeconds: 3600 });
});
after(() => t.close());
beforeEach(async () => {
  await t.control("PUT", "faults", {});
});

function client(options: Partial<DropboxClientOptions> = {}) {
  const retries: RetryInfo[] = [];
  const c = new DropboxClient({
    baseUrl: t.url,
    ...DEFAULT_SANDBOX_CLIENT,
    baseDelayMs: 8,
    maxDelayMs: 64,
    random: () => 0.5,
    sleep: async () => {},
    onRetry: (info) => retries.push(info),
    ...options,
  });
  return { c, retries };
}

const spec = (overrides: Partial<TeamSpec> = {}) => ({
  reseller_id: RESELLER,
  product: "dropbox",
  sku: "DBX-STD-MCMB",
  licenses: 3,
  add_ons: [],
  admin_email: email("client"),
  team_name: "Client Co",
  country: "NL",
  ...overrides,
});

async function rejection(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e;
  }
  assert.fail("expected a rejection");
}

describe("Dropbox connector client", () => {
  it("fetches a token on first use, and on an expired token refreshes once and repeats the call", async () => {
    const { c } = client();
    const team = await c.call<{ team_id: string }>("reseller/teams/create", spec(), "unsafe");
    assert.equal(c.stats.tokenFetches, 1);
    await t.control("POST", "clock/advance", { hours: 2 }); // past the 1 h token lifetime
    const read = await getTeam(c, { resellerId: RESELLER, teamId: team.team_id });
    assert.equal(read.teamId, team.team_id);
    assert.equal(c.stats.tokenFetches, 2);
    assert.equal(c.stats.retries, 0, "a refresh is not a retry");
    const grants = (await t.control("GET", "events")).json.events
      .filter((e: { route: string }) => e.route === "oauth2/token")
      .map((e: { detail: { grant: string } }) => e.detail.grant);
    assert.deepEqual(grants.slice(-2), ["client_credentials", "refresh_token"]);
  });

  it("wrong credentials are an auth error, not retried", async () => {
    const { c, retries } = client({ clientSecret: "wrong" });
    const e = await rejection(listTeams(c, RESELLER));
    assert.ok(e instanceof DropboxAuthError, String(e));
    assert.equal(e.retryable, false);
    assert.equal(retries.length, 0);
  });

  it("a 409 is a rejection carrying the tag and the user message; never retried", async () => {
    const { c, retries } = client();
    const e = await rejection(
      c.call("reseller/teams/get_info", { reseller_id: RESELLER, team_id: "dbtid:x" }, "read"),
    );
    assert.ok(e instanceof DropboxRejectedError);
    assert.equal(e.tag, "reseller_cannot_access_team");
    assert.equal(e.userMessage, "Reseller Cannot Access This Team");
    assert.match(e.requestId ?? "", /^[0-9a-f]{32}$/);
    assert.equal(retries.length, 0);
  });

  it("a 400 is a validation error: never retried", async () => {
    const { c } = client();
    const before = c.stats.requests;
    const e = await rejection(
      c.call("reseller/teams/create", spec({ team_name: "x".repeat(21) } as never), "unsafe"),
    );
    assert.ok(e instanceof DropboxValidationError);
    assert.match(e.message, /longer than 20 characters/);
    assert.equal(c.stats.requests - before, 2, "the token and one call");
  });

  it("429: waits Retry-After, then succeeds", async () => {
    const waited: number[] = [];
    const { c, retries } = client({
      // The wait is where the bucket refills: the test refills it by lifting the limit.
      sleep: async (ms) => {
        waited.push(ms);
        await t.control("PUT", "faults", {});
      },
    });
    await t.control("PUT", "faults", {
      script: [{ kind: "rate_limit", route: "teams/list", retryAfterSeconds: 3 }],
    });
    await listTeams(c, RESELLER);
    assert.deepEqual(waited, [3000]);
    assert.ok(retries[0]?.error instanceof DropboxRateLimitedError);
  });

  it("a Retry-After beyond maxRetryAfterMs is left to the caller, with its delay", async () => {
    const { c } = client({ maxRetryAfterMs: 1000 });
    await t.control("PUT", "faults", { script: [{ kind: "rate_limit", retryAfterSeconds: 30 }] });
    const e = await rejection(listTeams(c, RESELLER));
    assert.ok(e instanceof DropboxRateLimitedError);
    assert.equal(e.retryAfterMs, 30_000);
  });

  it("transient 5xx are retried with exponential backoff and full jitter", async () => {
    const { c, retries } = client({ maxAttempts: 4 });
    await listTeams(c, RESELLER); // token first, so the script hits the call
    await t.control("PUT", "faults", {
      script: [{ kind: "transient_500", times: 2 }, { kind: "transient_503" }],
    });
    await listTeams(c, RESELLER);
    // random() = 0.5: half of 8, 16, 32 ms
    assert.deepEqual(
      retries.map((r) => [r.error.constructor.name, r.error.status, r.delayMs]),
      [
        ["DropboxTransientError", 500, 4],
        ["DropboxTransientError", 500, 8],
        ["DropboxTransientError", 503, 16],
      ],
    );
  });

  it("gives up after maxAttempts with the last error", async () => {
    const { c } = client({ maxAttempts: 2 });
    await t.control("PUT", "faults", { script: [{ kind: "transient_503", times: 5 }] });
    const e = await rejection(listTeams(c, RESELLER));
    assert.ok(e instanceof DropboxTransientError);
    assert.equal(e.status, 503);
  });

  it("a mutation's lost answer is an unknown outcome: an unsafe call is not re-sent, a target state is", async () => {
    const { c, retries } = client();
    const body = spec();
    await listTeams(c, RESELLER);
    await t.control("PUT", "faults", { script: [{ kind: "commit_then_fail", route: "teams/create" }] });
    const e = await rejection(c.call("reseller/teams/create", body, "unsafe"));
    assert.ok(e instanceof DropboxUnknownOutcomeError);
    assert.equal(retries.length, 0);
    const [team] = await listTeams(c, RESELLER, { adminEmail: body.admin_email });
    assert.ok(team);
    await t.control("PUT", "faults", { script: [{ kind: "commit_then_fail", route: "teams/set_licenses" }] });
    const after = await setLicenses(c, { resellerId: RESELLER, teamId: team.teamId }, 6);
    assert.equal(after.licensedUsers, 6);
    assert.ok(retries[0]?.error instanceof DropboxUnknownOutcomeError);
    const actions = (
      await t.control("GET", `events?team_id=${encodeURIComponent(team.teamId)}`)
    ).json.events.map((x: { route: string; detail: { action: string } }) => `${x.route}:${x.detail.action}`);
    assert.deepEqual(actions, [
      "teams/create:created",
      "teams/set_licenses:changed",
      "teams/set_licenses:unchanged",
    ]);
  });

  it("per-request timeout: a read is retried (transient), a mutation is an unknown outcome", async () => {
    const { c, retries } = client({ timeoutMs: 150, maxAttempts: 2 });
    await listTeams(c, RESELLER);
    await t.control("PUT", "faults", {
      timeoutMs: 60_000,
      script: [{ kind: "timeout", route: "teams/list" }],
    });
    await listTeams(c, RESELLER);
    assert.ok(retries[0]?.error instanceof DropboxTransientError);
    await t.control("PUT", "faults", {
      timeoutMs: 60_000,
      script: [{ kind: "timeout", route: "teams/create" }],
    });
    const e = await rejection(c.call("reseller/teams/create", spec(), "unsafe"));
    assert.ok(e instanceof DropboxUnknownOutcomeError);
    assert.match(e.message, /timeout/);
  });

  it("a refused connection is transient (nothing was sent)", async () => {
    const port = await freePort();
    const c = new DropboxClient({
      baseUrl: `http://127.0.0.1:${port}`,
      ...DEFAULT_SANDBOX_CLIENT,
      maxAttempts: 1,
    });
    const e = await rejection(c.call("reseller/teams/create", spec(), "unsafe"));
    assert.ok(e instanceof DropboxTransientError, String(e));
  });

  it("the error table tolerates unknown tags and names each kind", () => {
    assert.equal(classify({ type: "http", status: 409, tag: "brand_new_tag" }, true).kind, "rejected");
    assert.equal(classify({ type: "http", status: 409, tag: "user_on_another_team" }, true).kind, "rejected");
    assert.equal(
      classify({ type: "http", status: 401, tag: "expired_access_token" }, false).retry,
      "refresh_token_once",
    );
    assert.equal(classify({ type: "http", status: 503 }, true).kind, "unknown_outcome");
    assert.equal(classify({ type: "http", status: 503 }, false).kind, "transient");
    assert.equal(classify({ type: "network", sent: false }, true).kind, "transient");
    assert.equal(classify({ type: "network", sent: true }, true).kind, "unknown_outcome");
    assert.equal(classify({ type: "http", status: 404 }, false).kind, "validation");
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
