import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  createTestSubscription,
  publishInStorefront,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  signInWorld,
} from "../../../test/subscription-fixtures.ts";
import type { Credential } from "../../../test/tenancy-fixtures.ts";
import { recordProvisioningResult } from "./record-provisioning-result.ts";

/**
 * Issue 12, "no lost updates": every subscription command accepts the version its caller saw
 * (If-Match: "<version>", the ETag of GET, and/or ?expectedVersion=); a stale one answers 412 with
 * the current version and writes nothing; the check runs under the row lock, so of concurrent
 * requests made from one version exactly one passes. Commands answer the new version and ETag.
 */

type Method = "GET" | "POST" | "DELETE";
interface Call {
  method: Method;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

describe("subscription versions (If-Match, 412)", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  let as: Awaited<ReturnType<typeof signInWorld>>;
  before(async () => {
    t = await createTestApp();
    w = await setupSubscriptionWorld(t.deps);
    await publishInStorefront(t.deps, w, ["DBX-STD-MCMB", "DBXS-STD-MCMB", "DBX-STD-AC1Y", "DBX-STD-AC1M"]); // R-DSH-06: Storefront licence purchases
    as = await signInWorld(t.app, w);
  });
  after(() => t.close());

  const call = (c: Call, cred: Credential): Promise<LightMyRequestResponse> =>
    t.app.inject({
      method: c.method,
      url: c.url,
      headers: { ...cred, ...(c.headers ?? {}) },
      ...(c.body === undefined ? {} : { payload: c.body as object }),
    });
  const make = (
    sku: string,
    quantity: number,
    extra: Parameters<typeof createTestSubscription>[2] | object = {},
  ) => createTestSubscription(t.deps, w, { sku, quantity, ...extra });
  const productId = async (sku: string) => (await w.product(sku)).id;
  const ifMatch = (version: number) => ({ "if-match": `"${version}"` });

  /** What a refused command must leave exactly as it was: the subscription, its history, its charges, its account's subscriptions. */
  async function snapshot(id: string) {
    const sub = await call({ method: "GET", url: `/api/bss/subscriptions/${id}` }, as.viewer);
    assert.equal(sub.statusCode, 200, sub.body);
    const body = sub.json();
    const history = (
      await call({ method: "GET", url: `/api/bss/subscriptions/${id}/history?limit=500` }, as.viewer)
    ).json();
    const charges = (
      await call({ method: "GET", url: `/api/bss/subscriptions/${id}/charges` }, as.viewer)
    ).json();
    const siblings = (
      await call(
        { method: "GET", url: `/api/bss/subscriptions?accountId=${body.accountId}&limit=500` },
        as.viewer,
      )
    ).json();
    return {
      etag: String(sub.headers.etag),
      version: body.version as number,
      body,
      history,
      charges,
      siblings: siblings.total,
    };
  }

  it('GET answers ETag: "<version>" in both areas and on the Storefront dashboard; the JSON carries the same version', async () => {
    const { subscription } = await make("DBX-STD-MCMB", 3);
    for (const [url, cred] of [
      [`/api/bss/subscriptions/${subscription.id}`, as.viewer],
      [`/api/storefront/subscriptions/${subscription.id}`, as.sfA1],
      [`/api/storefront/dashboard/subscriptions/${subscription.id}`, as.sfA1],
    ] as const) {
      const res = await call({ method: "GET", url }, cred);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers.etag, `"${subscription.version}"`, url);
      assert.equal(res.json().version, subscription.version, url);
    }
  });

  it("32 concurrent clients each read and post quantity + 1 with If-Match (re-reading after a 412): the quantity moves by the successes exactly, every other answer is 412, no decrease is scheduled", async (test) => {
    const { subscription } = await make("DBX-STD-MCMB", 10);
    const start = await snapshot(subscription.id);
    const clients = Array.from({ length: 32 }, (_, i) => i);
    /** One client's attempt: read (GET, its ETag and quantity), then post quantity + 1 with If-Match. */
    const attempt = async (storefront: boolean) => {
      const cred = storefront ? as.sfA1 : as.clerk;
      const read = await call(
        {
          method: "GET",
          url: storefront
            ? `/api/storefront/dashboard/subscriptions/${subscription.id}`
            : `/api/bss/subscriptions/${subscription.id}`,
        },
        cred,
      );
      assert.equal(read.statusCode, 200, read.body);
      const seen = read.json() as { quantity: number; version: number };
      assert.equal(read.headers.etag, `"${seen.version}"`);
      const res = await call(
        {
          method: "POST",
          url: `/api/${storefront ? "storefront" : "bss"}/subscriptions/${subscription.id}/quantity`,
          body: { quantity: seen.quantity + 1 },
          headers: { "if-match": String(read.headers.etag) },
        },
        cred,
      );
      return { seen, res };
    };
    // Half of them through the back office, half through the Storefront's billing dashboard; a
    // refused client re-reads and decides again (no blind retry), three attempts at most.
    const results = (
      await Promise.all(
        clients.map(async (i) => {
          const tries = [];
          for (let n = 0; n < 3; n++) {
            const a = await attempt(i % 2 === 1);
            tries.push(a);
            if (a.res.statusCode !== 412) break;
          }
          return tries;
        }),
      )
    ).flat();
    const ok = results.filter((r) => r.res.statusCode === 200);
    const failed = results.filter((r) => r.res.statusCode !== 200);
    assert.ok(ok.length >= 1, "at least one client wins");
    test.diagnostic(
      `${results.length} attempts by 32 clients: ${ok.length} succeeded, ${failed.length} answered 412`,
    );
    for (const { seen, res } of failed) {
      assert.equal(res.statusCode, 412, res.body);
      const error = res.json().error;
      assert.equal(error.code, "precondition_failed");
      assert.ok(
        error.details.currentVersion > seen.version,
        "the current version is newer than the one sent",
      );
      assert.equal(error.details.etag, `"${error.details.currentVersion}"`);
      assert.match(error.requestId, /\S/);
    }
    // Each success moved the quantity by one from what its client saw, and took the next version.
    const won = ok.map(({ seen, res }) => {
      const body = res.json();
      assert.equal(body.effect, "immediate");
      assert.equal(body.subscription.quantity, seen.quantity + 1);
      assert.equal(body.subscription.version, seen.version + 1, "one version per command");
      assert.equal(res.headers.etag, `"${body.subscription.version}"`);
      return body.subscription.version as number;
    });
    assert.deepEqual(
      won.sort((a, b) => a - b),
      ok.map((_, i) => start.version + 1 + i),
      "the successes form one chain of versions",
    );

    const end = await snapshot(subscription.id);
    assert.equal(end.body.quantity, 10 + ok.length, "final quantity = start + successes");
    assert.equal(end.version, start.version + ok.length);
    assert.deepEqual(end.body.scheduledChanges, [], "no decrease scheduled by accident");
    const added = end.history.items.slice(start.history.total);
    assert.deepEqual(
      added.map((h: { action: string; changes: { quantity: { from: number; to: number } } }) => [
        h.action,
        h.changes.quantity.from,
        h.changes.quantity.to,
      ]),
      ok.map((_, i) => ["quantity_increased", 10 + i, 11 + i]),
      "the history shows exactly the successful increases, one licence each",
    );
    const newCharges = end.charges.items.slice(start.charges.items.length) as {
      kind: string;
      quantity: number;
      amount: { minor: string };
    }[];
    assert.equal(newCharges.length, ok.length, "one billing line per successful increase");
    assert.ok(
      newCharges.every((c) => c.quantity === 1 && BigInt(c.amount.minor) > 0n),
      JSON.stringify(newCharges.map((c) => [c.kind, c.quantity, c.amount.minor])),
    );
  });

  it("without a version, commands run one after the other on the row lock: each applies whole to the state it finds (an absolute quantity computed from a stale read is the caller's risk)", async () => {
    const { subscription } = await make("DBX-STD-MCMB", 10);
    const start = await snapshot(subscription.id);
    const res = await Promise.all(
      [11, 12, 13, 14].map((quantity) =>
        call(
          { method: "POST", url: `/api/bss/subscriptions/${subscription.id}/quantity`, body: { quantity } },
          as.clerk,
        ),
      ),
    );
    for (const r of res) assert.equal(r.statusCode, 200, r.body);
    const end = await snapshot(subscription.id);
    assert.equal(end.version, start.version + res.length, "one version per applied command");
    const outcomes = res.map((r) => r.json()).sort((a, b) => a.subscription.version - b.subscription.version);
    assert.deepEqual(
      outcomes.map((o) => o.subscription.version),
      res.map((_, i) => start.version + 1 + i),
      "the commands were applied one at a time, each on its own version",
    );
    // Nothing torn: the last command's answer is exactly the final state.
    const last = outcomes.at(-1).subscription;
    assert.deepEqual(
      [last.quantity, last.scheduledChanges.map((c: { payload: unknown }) => c.payload)],
      [end.body.quantity, end.body.scheduledChanges.map((c: { payload: unknown }) => c.payload)],
    );
    // Each command wrote its own record (increase, or a decrease scheduled at renewal when it came
    // after a larger one: exactly the lost update If-Match prevents).
    const records = end.history.items
      .slice(start.history.total)
      .filter((h: { action: string }) =>
        ["quantity_increased", "quantity_decrease_scheduled"].includes(h.action),
      );
    assert.equal(records.length, res.length);
  });

  it("a client chains commands with the ETag each one returns; the stale one answers 412 and changes nothing", async () => {
    const { subscription } = await make("DBX-STD-MCMB", 5);
    const url = `/api/bss/subscriptions/${subscription.id}/quantity`;
    const read = await snapshot(subscription.id);
    const first = await call(
      { method: "POST", url, body: { quantity: 6 }, headers: { "if-match": read.etag } },
      as.clerk,
    );
    assert.equal(first.statusCode, 200, first.body);
    const second = await call(
      { method: "POST", url, body: { quantity: 7 }, headers: { "if-match": String(first.headers.etag) } },
      as.clerk,
    );
    assert.equal(second.statusCode, 200, second.body);
    const before = await snapshot(subscription.id);
    const stale = await call(
      { method: "POST", url, body: { quantity: 6 }, headers: { "if-match": read.etag } },
      as.clerk,
    );
    assert.equal(stale.statusCode, 412, stale.body);
    assert.deepEqual(stale.json().error.details, {
      id: subscription.id,
      currentVersion: before.version,
      etag: `"${before.version}"`,
      expectedVersions: [read.version],
    });
    assert.deepEqual(
      await snapshot(subscription.id),
      before,
      "nothing written: no decrease scheduled from the stale 6",
    );
    // ?expectedVersion= is the same precondition; a preview checks it too.
    const q = (v: number, dry = false) => `${url}?expectedVersion=${v}${dry ? "&dryRun=true" : ""}`;
    assert.equal(
      (await call({ method: "POST", url: q(read.version, true), body: { quantity: 9 } }, as.clerk))
        .statusCode,
      412,
    );
    assert.equal(
      (await call({ method: "POST", url: q(read.version), body: { quantity: 9 } }, as.clerk)).statusCode,
      412,
    );
    const preview = await call(
      { method: "POST", url: q(before.version, true), body: { quantity: 9 } },
      as.clerk,
    );
    assert.equal(preview.statusCode, 200, preview.body);
    assert.equal(preview.headers.etag, undefined, "a preview changed nothing: no new ETag");
    assert.equal(
      preview.json().subscription.version,
      before.version + 1,
      "the version its commit would reach",
    );
    const commit = await call({ method: "POST", url: q(before.version), body: { quantity: 9 } }, as.clerk);
    assert.equal(commit.statusCode, 200, commit.body);
    assert.equal(commit.headers.etag, `"${before.version + 1}"`);
    // If-Match may list several tags, or * (any current version).
    const now = before.version + 1;
    const listed = await call(
      { method: "POST", url, body: { quantity: 10 }, headers: { "if-match": `"${now - 1}", "${now}"` } },
      as.clerk,
    );
    assert.equal(listed.statusCode, 200, listed.body);
    const star = await call(
      { method: "POST", url, body: { quantity: 11 }, headers: { "if-match": "*" } },
      as.clerk,
    );
    assert.equal(star.statusCode, 200, star.body);
  });

  it("every command kind refuses a stale version with 412 (preview and commit) and writes nothing; with the current one it proceeds and answers the next version", async () => {
    const dbx = (await make("DBX-BUS-MCMB", 5)).subscription;
    const sign = await make("DBXS-STD-MCMB", 5, { addons: [{ sku: "DBXS-SP-MCMB", quantity: 5 }] });
    const signAddonId = sign.addons[0]!.id;
    const ids = { std: await productId("DBX-STD-MCMB"), bus: await productId("DBX-BUS-MCMB") };
    const tp15 = await productId("DBXS-TP15-MCMB");
    const b = (id: string, path: string) => `/api/bss/subscriptions/${id}/${path}`;
    const s = (id: string, path: string) => `/api/storefront/subscriptions/${id}/${path}`;
    // In an order where the current version lets most of them succeed (status expected with it).
    const steps: Array<{ sub: string; call: Call; cred: Credential; expect: number }> = [
      {
        sub: dbx.id,
        cred: as.clerk,
        expect: 200,
        call: { method: "POST", url: b(dbx.id, "edit"), body: { name: "Renamed" } },
      },
      {
        sub: dbx.id,
        cred: as.clerk,
        expect: 200,
        call: { method: "POST", url: b(dbx.id, "pricing"), body: { applyTo: "next", unitPrice: "17.00" } },
      },
      {
        sub: dbx.id,
        cred: as.clerk,
        expect: 200,
        call: { method: "POST", url: b(dbx.id, "auto-renew"), body: { autoRenew: false } },
      },
      {
        sub: dbx.id,
        cred: as.clerk,
        expect: 200,
        call: { method: "POST", url: b(dbx.id, "auto-renew"), body: { autoRenew: true } },
      },
      {
        sub: dbx.id,
        cred: as.clerk,
        expect: 200,
        call: { method: "POST", url: b(dbx.id, "renewal-request"), body: { quantity: 7 } },
      },
      {
        sub: dbx.id,
        cred: as.clerk,
        expect: 200,
        call: { method: "DELETE", url: b(dbx.id, "renewal-request") },
      },
      {
        sub: dbx.id,
        cred: as.clerk,
        expect: 200,
        call: { method: "POST", url: b(dbx.id, "quantity"), body: { quantity: 6 } },
      },
      {
        sub: dbx.id,
        cred: as.clerk,
        expect: 200,
        call: { method: "POST", url: b(dbx.id, "suspend"), body: {} },
      },
      { sub: dbx.id, cred: as.clerk, expect: 200, call: { method: "POST", url: b(dbx.id, "resume") } },
      {
        sub: dbx.id,
        cred: as.clerk,
        expect: 200,
        call: { method: "POST", url: b(dbx.id, "downgrade"), body: { targetProductId: ids.std } },
      },
      // Nothing scheduled to revoke: past the precondition it is the command's own 404.
      { sub: dbx.id, cred: as.clerk, expect: 404, call: { method: "DELETE", url: b(dbx.id, "downgrade") } },
      {
        sub: dbx.id,
        cred: as.clerk,
        expect: 200,
        call: { method: "POST", url: b(dbx.id, "upgrade"), body: { targetProductId: ids.bus } },
      },
      {
        sub: dbx.id,
        cred: as.clerk,
        expect: 200,
        call: { method: "POST", url: b(dbx.id, "cancel"), body: { mode: "end_of_billing_period" } },
      },
      {
        sub: dbx.id,
        cred: as.clerk,
        expect: 200,
        call: { method: "POST", url: b(dbx.id, "cancellation/revoke") },
      },
      // Active, not Inactive: past the precondition it is the rule's 422.
      { sub: dbx.id, cred: as.clerk, expect: 422, call: { method: "POST", url: b(dbx.id, "reactivate") } },
      {
        sub: sign.subscription.id,
        cred: as.sfA1,
        expect: 200,
        call: { method: "POST", url: s(sign.subscription.id, `addons/${signAddonId}/cancel`), body: {} },
      },
      {
        sub: sign.subscription.id,
        cred: as.sfA1,
        expect: 200,
        call: { method: "POST", url: s(sign.subscription.id, "quantity"), body: { quantity: 6 } },
      },
      {
        sub: sign.subscription.id,
        cred: as.clerk,
        expect: 200,
        call: { method: "POST", url: b(sign.subscription.id, "addons"), body: { productId: tp15 } },
      },
      {
        sub: sign.subscription.id,
        cred: as.sfA1,
        expect: 200,
        call: { method: "POST", url: s(sign.subscription.id, "auto-renew"), body: { autoRenew: false } },
      },
      // Past the precondition the command's own rules refuse these (the add-on is held, R-SGN-07, R-CAT-07): 422.
      {
        sub: sign.subscription.id,
        cred: as.sfA1,
        expect: 422,
        call: { method: "POST", url: s(sign.subscription.id, "addons"), body: { productId: tp15 } },
      },
      {
        sub: sign.subscription.id,
        cred: as.sfA1,
        expect: 422,
        call: {
          method: "POST",
          url: s(sign.subscription.id, "upgrade"),
          body: { targetProductId: await productId("DBXS-PRE-MCMB") },
        },
      },
      {
        sub: sign.subscription.id,
        cred: as.sfA1,
        expect: 200,
        call: {
          method: "POST",
          url: s(sign.subscription.id, "cancel"),
          body: { mode: "end_of_billing_period" },
        },
      },
    ];
    const seen: string[] = [];
    for (const step of steps) {
      const name = `${step.call.method} ${step.call.url}`;
      const before = await snapshot(step.sub);
      for (const dry of [true, false]) {
        const stale = await call(
          {
            ...step.call,
            url: `${step.call.url}${dry ? "?dryRun=true" : ""}`,
            headers: ifMatch(before.version - 1),
          },
          step.cred,
        );
        assert.equal(stale.statusCode, 412, `${name}: ${stale.body}`);
        assert.equal(stale.json().error.code, "precondition_failed");
        assert.equal(stale.json().error.details.currentVersion, before.version);
      }
      assert.deepEqual(await snapshot(step.sub), before, `${name}: a refused request writes nothing`);
      const fresh = await call({ ...step.call, headers: ifMatch(before.version) }, step.cred);
      seen.push(`${name} ${fresh.statusCode}`);
      assert.equal(fresh.statusCode, step.expect, `${name}: ${fresh.body}`);
      if (fresh.statusCode === 200) {
        assert.equal(fresh.json().subscription.version, before.version + 1, name);
        assert.equal(fresh.headers.etag, `"${before.version + 1}"`, name);
        assert.equal((await snapshot(step.sub)).version, before.version + 1, name);
      } else assert.deepEqual(await snapshot(step.sub), before, `${name}: a refusal writes nothing`);
    }
    assert.equal(seen.length, steps.length);
  });

  it("the vendor confirming a change keeps the version (a page read while Pending may still act); a failure advances it", async () => {
    const { subscription } = await make("DBX-STD-MCMB", 3, { synchronized: false });
    const tenantId = w.tenant.id;
    const confirmed = await recordProvisioningResult(t.deps, {
      tenantId,
      subscriptionId: subscription.id,
      outcome: "synchronized",
      externalId: `dbtid:${subscription.id}`,
    });
    assert.equal(confirmed.version, subscription.version);
    const url = `/api/bss/subscriptions/${subscription.id}/quantity`;
    const changed = await call(
      { method: "POST", url, body: { quantity: 4 }, headers: ifMatch(subscription.version) },
      as.clerk,
    );
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().subscription.syncStatus, "pending");
    const v = changed.json().subscription.version as number;
    await recordProvisioningResult(t.deps, {
      tenantId,
      subscriptionId: subscription.id,
      outcome: "synchronized",
    });
    const next = await call({ method: "POST", url, body: { quantity: 5 }, headers: ifMatch(v) }, as.clerk);
    assert.equal(next.statusCode, 200, next.body);
    const failed = await recordProvisioningResult(t.deps, {
      tenantId,
      subscriptionId: subscription.id,
      outcome: "failed",
      error: "The vendor is unavailable",
    });
    assert.equal(failed.version, v + 2, "a failure changes what is allowed (R-QTY-03): a new version");
    const stale = await call(
      { method: "POST", url, body: { quantity: 6 }, headers: ifMatch(v + 1) },
      as.clerk,
    );
    assert.equal(stale.statusCode, 412, stale.body);
  });

  it("setting what is already set changes nothing and keeps the version", async () => {
    const { subscription } = await make("DBX-STD-MCMB", 3);
    const before = await snapshot(subscription.id);
    const res = await call(
      {
        method: "POST",
        url: `/api/bss/subscriptions/${subscription.id}/auto-renew`,
        body: { autoRenew: true },
        headers: ifMatch(before.version),
      },
      as.clerk,
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().effect, "none");
    assert.equal(res.headers.etag, `"${before.version}"`);
    assert.deepEqual(await snapshot(subscription.id), before);
  });

  it("a malformed If-Match or expectedVersion is a 400 naming it, never a 500; other headers pass", async () => {
    const { subscription } = await make("DBX-STD-MCMB", 3);
    const url = `/api/bss/subscriptions/${subscription.id}/quantity`;
    const before = await snapshot(subscription.id);
    for (const value of [
      "garbage",
      "7",
      'W/"7"',
      '"abc"',
      '"007"',
      '"7"x',
      '"7",',
      `"${"9".repeat(11)}"`,
      `"1"${', "1"'.repeat(40)}`,
      "x".repeat(5000),
    ]) {
      const res = await call(
        { method: "POST", url, body: { quantity: 4 }, headers: { "if-match": value } },
        as.clerk,
      );
      assert.equal(res.statusCode, 400, `${value.slice(0, 40)}: ${res.body}`);
      assert.equal(res.json().error.code, "validation_failed");
      assert.deepEqual(
        [...new Set(res.json().error.details.issues.map((i: { path: string }) => i.path))],
        ["headers.if-match"],
      );
    }
    for (const q of ["abc", "-1", "1.5", "", "99999999999"]) {
      const res = await call(
        { method: "POST", url: `${url}?expectedVersion=${q}`, body: { quantity: 4 } },
        as.clerk,
      );
      assert.equal(res.statusCode, 400, `${q}: ${res.body}`);
    }
    const disagree = await call(
      {
        method: "POST",
        url: `${url}?expectedVersion=${before.version}`,
        body: { quantity: 4 },
        headers: ifMatch(before.version + 1),
      },
      as.clerk,
    );
    assert.equal(disagree.statusCode, 400, disagree.body);
    assert.equal(disagree.json().error.code, "bad_request");
    assert.deepEqual(await snapshot(subscription.id), before);
    const other = await call(
      {
        method: "POST",
        url,
        body: { quantity: 4 },
        headers: { ...ifMatch(before.version), "x-anything": "kept", accept: "application/json" },
      },
      as.clerk,
    );
    assert.equal(other.statusCode, 200, other.body);
  });

  it("security: outside the caller's tenant or subtree a command answers 404 like a missing id — never 412, never a version", async () => {
    const { subscription } = await make("DBX-STD-MCMB", 3);
    const before = await snapshot(subscription.id);
    const cases: Array<[string, Credential]> = [
      [`/api/bss/subscriptions/${subscription.id}/quantity`, as.otherAdmin],
      [`/api/storefront/subscriptions/${subscription.id}/quantity`, as.sfB],
      [`/api/storefront/subscriptions/${subscription.id}/quantity`, as.sfA2],
      [`/api/storefront/subscriptions/${subscription.id}/quantity`, as.otherSf],
      [`/api/storefront/subscriptions/${subscription.id}/upgrade`, as.sfB],
      [`/api/storefront/subscriptions/${subscription.id}/addons`, as.sfA2],
    ];
    for (const [url, cred] of cases) {
      for (const version of [before.version - 1, before.version]) {
        const res = await call(
          {
            method: "POST",
            url,
            body: { quantity: 4, productId: "x", targetProductId: "x" },
            headers: ifMatch(version),
          },
          cred,
        );
        // Bodies that do not fit the route are 400 before anything is looked up; those that fit are 404.
        if (res.statusCode === 400) continue;
        assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
        assert.equal(res.json().error.message, `Subscription ${subscription.id} was not found`);
        assert.equal(res.json().error.details.currentVersion, undefined);
        assert.equal(res.headers.etag, undefined);
      }
    }
    for (const [url, cred] of [
      [`/api/bss/subscriptions/${subscription.id}`, as.otherAdmin],
      [`/api/storefront/dashboard/subscriptions/${subscription.id}`, as.sfB],
    ] as const) {
      const res = await call({ method: "GET", url }, cred);
      assert.equal(res.statusCode, 404);
      assert.equal(res.headers.etag, undefined);
    }
    // A viewer may not act: 403 before any precondition.
    const viewer = await call(
      {
        method: "POST",
        url: `/api/bss/subscriptions/${subscription.id}/quantity`,
        body: { quantity: 4 },
        headers: ifMatch(1),
      },
      as.viewer,
    );
    assert.equal(viewer.statusCode, 403);
    assert.deepEqual(await snapshot(subscription.id), before);
  });

  it("OpenAPI: every command documents the optional If-Match header and expectedVersion", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/docs/json" })).json() as {
      paths: Record<
        string,
        Record<string, { parameters?: { in: string; name: string; required?: boolean }[] }>
      >;
    };
    const commands = Object.entries(doc.paths)
      .filter(([path]) => /^\/api\/(bss|storefront)\/subscriptions\/\{id\}\/./.test(path))
      .flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(
            ([method]) => (method === "post" || method === "delete") && !path.includes("/provisioning/"),
          )
          .map(([method, op]) => ({ name: `${method} ${path}`, params: op.parameters ?? [] })),
      );
    assert.ok(commands.length >= 20, String(commands.length));
    for (const c of commands) {
      const header = c.params.find((p) => p.in === "header" && p.name === "if-match");
      assert.ok(header, `${c.name} documents If-Match`);
      assert.notEqual(header.required, true, c.name);
      assert.ok(
        c.params.some((p) => p.in === "query" && p.name === "expectedVersion"),
        c.name,
      );
    }
  });
});
