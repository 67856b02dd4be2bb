import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import { queryOne, sql } from "../src/shared/db.ts";
import { changedTables, type Fingerprinter, fingerprinter } from "./bad-input/fingerprint.ts";
import { advanceTo } from "./billing-fixtures.ts";
import { unique } from "./factories.ts";
import { createTestApp, type TestApp } from "./http.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
  signInWorld,
} from "./subscription-fixtures.ts";

/**
 * Issue 12 ("every bad input is a 4xx, never a 5xx; every numeric bound must match its column"):
 * each money input fits on its own — a unit price of at most 999,999,999,999.99, at most
 * 1,000,000 licences — but their product does not fit the bigint columns of the ledger
 * (99,999,999,999,999 × 1,000,000 minor units > 9.2 × 10^18). A command that would make an item
 * bill more than that is refused with a 400 and writes nothing, instead of a 500 now or a billing
 * run that fails every day later.
 */
describe("money amounts fit the ledger's bigint columns (issue 12)", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  let as: Awaited<ReturnType<typeof signInWorld>>;
  let fp: Fingerprinter;
  const HUGE_PRICE = "999999999999.99";
  const MAX_QUANTITY = 1_000_000;

  before(async () => {
    t = await createTestApp({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
    as = await signInWorld(t.app, w);
    fp = await fingerprinter(t.deps.db);
  });
  after(() => t.close());

  const post = (url: string, body: unknown) =>
    t.app.inject({ method: "POST", url, headers: { cookie: as.clerk.cookie }, payload: body as object });

  function assertRefused(res: LightMyRequestResponse): void {
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode} ${res.body}`);
    const { error } = res.json();
    assert.equal(error.code, "validation_failed", res.body);
    assert.match(error.message, /more than/);
  }

  async function subscription(quantity: number) {
    const s = await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity });
    return s.subscription.id;
  }

  it("a quantity increase at a huge unit price: 400 for the preview and the commit, nothing written", async () => {
    const id = await subscription(3);
    const priced = await post(`/api/bss/subscriptions/${id}/pricing`, {
      unitPrice: HUGE_PRICE,
      applyTo: "next",
    });
    assert.equal(priced.statusCode, 200, priced.body);
    const before = await fp.take();
    assertRefused(
      await post(`/api/bss/subscriptions/${id}/quantity?dryRun=true`, { quantity: MAX_QUANTITY }),
    );
    assertRefused(await post(`/api/bss/subscriptions/${id}/quantity`, { quantity: MAX_QUANTITY }));
    assert.deepEqual(changedTables(before, await fp.take()), []);
  });

  it("a huge unit price for a subscription of 1,000,000 licences: 400 (else every later billing run fails)", async () => {
    const id = await subscription(MAX_QUANTITY);
    const before = await fp.take();
    for (const applyTo of ["next", "current"])
      assertRefused(await post(`/api/bss/subscriptions/${id}/pricing`, { unitPrice: HUGE_PRICE, applyTo }));
    assert.deepEqual(changedTables(before, await fp.take()), []);
    // The next period bills as before: every billing run of the days passed completes.
    await advanceTo(t.deps, "2026-02-16");
    const failed = await queryOne<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from billing_runs where tenant_id = ${w.tenant.id} and status <> 'completed'`,
    );
    assert.equal(failed!.n, 0);
  });

  it("Edit Pricing with a unit price beyond what a bigint holds (20 digits): 400 naming unitPrice, nothing written", async () => {
    const id = await subscription(3);
    const before = await fp.take();
    for (const dryRun of ["?dryRun=true", ""])
      for (const unitPrice of ["99999999999999999999", "92233720368547758.08"]) {
        const res = await post(`/api/bss/subscriptions/${id}/pricing${dryRun}`, {
          unitPrice,
          applyTo: "next",
        });
        assert.equal(res.statusCode, 400, res.body);
        assert.deepEqual(
          res.json().error.details.issues.map((i: { path: string }) => i.path),
          ["unitPrice"],
          res.body,
        );
      }
    assert.deepEqual(changedTables(before, await fp.take()), []);
  });

  it("an order of 1,000,000 licences at a huge price-list price: refused, no subscription, nothing billed", async () => {
    const product = await w.product("DBX-STD-MCMB");
    const list = await t.app.inject({
      method: "POST",
      url: "/api/bss/catalog/price-lists",
      headers: { cookie: as.clerk.cookie },
      payload: { name: unique("huge"), ownerAccountId: w.reseller.id },
    });
    assert.equal(list.statusCode, 201, list.body);
    const entries = await t.app.inject({
      method: "PUT",
      url: `/api/bss/catalog/price-lists/${list.json().id}/entries`,
      headers: { cookie: as.clerk.cookie },
      payload: { entries: [{ productId: product.id, unitPrice: HUGE_PRICE }] },
    });
    assert.equal(entries.statusCode, 200, entries.body);
    const count = async (table: string) =>
      Number(
        (await queryOne<{ n: number }>(
          t.deps.db,
          sql`select count(*)::int as n from ${sql.identifier(table)} where tenant_id = ${w.tenant.id}`,
        ))!.n,
      );
    const [subscriptions, items] = [await count("subscriptions"), await count("billing_items")];
    const before = await fp.take();
    const res = await post("/api/bss/orders", {
      accountId: w.customer.id,
      lines: [
        {
          productId: product.id,
          quantity: MAX_QUANTITY,
          serviceDetails: { resellerId: "RS-1", adminEmail: `${unique("admin")}@team.test` },
        },
      ],
    });
    assertRefused(res);
    assert.deepEqual(changedTables(before, await fp.take()), [], "a refused order writes nothing");
    assert.equal(await count("subscriptions"), subscriptions, res.body);
    assert.equal(await count("billing_items"), items);
  });
});
