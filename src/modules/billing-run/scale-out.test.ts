import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import {
  createCustomer,
  createTestSubscription,
  setupSubscriptionWorld,
} from "../../../test/subscription-fixtures.ts";
import { buildDeps, type Deps } from "../../deps.ts";
import { parseDate } from "../../shared/dates.ts";
import { type Database, openDatabase, queryOne, queryRows, sql } from "../../shared/db.ts";
import { createLogger } from "../../shared/log.ts";
import { joinBillingRun, runBillingDay } from "./index.ts";

/**
 * Issue 17: a tenant's billing day shared by two workers — the run (one lane) and a second worker
 * that joins it (on PostgreSQL its own connection pool, as another process would be; on PGlite
 * the one session) — produces the same ledger as the day run by one worker: the same charges,
 * the same documents and totals per paying account, invoice numbers gapless from 1.
 */
describe("billing run: two workers make the same ledger as one (issue 17)", () => {
  let t: TestContext;
  let second: Database | undefined;
  let worker: Deps;
  const worlds: Array<{ tenantId: string; subs: string[]; accounts: string[] }> = [];
  before(async () => {
    t = await createTestContext({ start: "2026-01-15T09:00:00Z" });
    for (let n = 0; n < 2; n++) {
      const w = await setupSubscriptionWorld(t.deps);
      const world = { tenantId: w.tenant.id, subs: [] as string[], accounts: [] as string[] };
      for (let i = 0; i < 9; i++) {
        const customer = await createCustomer(t.deps, w);
        for (let j = 0; j <= i % 2; j++) {
          const { subscription } = await createTestSubscription(t.deps, w, {
            sku: ["DBX-STD-MCMB", "DBX-BUS-AC1M", "DBX-STD-MCMB"][(i + j) % 3]!,
            quantity: 2 + i,
            accountId: customer.id,
          });
          world.subs.push(subscription.id);
        }
        world.accounts.push(customer.id);
      }
      worlds.push(world);
    }
    t.clock.advance({ days: 31 }); // 2026-02-15: every subscription's second period is due
    if (t.database.kind === "postgres") {
      const name = (await queryOne<{ name: string }>(t.deps.db, sql`select current_database() as name`))!
        .name;
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${name}`;
      second = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
      worker = buildDeps({
        config: t.deps.config,
        database: second,
        log: createLogger("silent"),
        clock: t.clock,
      });
    } else worker = t.deps;
  });
  after(async () => {
    await second?.close();
    await t.close();
  });

  /** The day's ledger of a world, with every id replaced by its position in the world. */
  const ledger = async (world: (typeof worlds)[number]) => {
    const sub = (id: string) => world.subs.indexOf(id);
    const acc = (id: string) => world.accounts.indexOf(id);
    const charges = await queryRows<Record<string, string>>(
      t.deps.db,
      sql`select c.subscription_id, c.period_start::text as p, c.amount::text as amount, c.tax::text as tax,
            c.explanation, d.account_id, d.number
          from billing_charges c join billing_documents d on d.id = c.document_id
          where c.tenant_id = ${world.tenantId} and c.period_start = '2026-02-15'`,
    );
    const documents = await queryRows<Record<string, string>>(
      t.deps.db,
      sql`select account_id, kind, seq, net::text as net, tax::text as tax, gross::text as gross, line_count
          from billing_documents where tenant_id = ${world.tenantId} and issue_date = '2026-02-15'`,
    );
    return {
      charges: charges
        .map(
          (c) =>
            `${sub(c.subscription_id!)} ${c.p} ${c.amount} ${c.tax} ${acc(c.account_id!)} ${c.explanation}`,
        )
        .sort(),
      documents: documents
        .map((d) => `${acc(d.account_id!)} ${d.kind} ${d.net} ${d.tax} ${d.gross} ${d.line_count}`)
        .sort(),
      seqs: documents.map((d) => Number(d.seq)).sort((a, b) => a - b),
    };
  };

  it("shares the invoicing chunk by chunk; charges, documents, totals and gapless numbering are the same", async () => {
    const date = parseDate("2026-02-15");
    const one = await runBillingDay(t.deps, {
      tenantId: worlds[0]!.tenantId,
      date,
      trigger: "cli",
      chunkSize: 1,
    });

    const runId = t.deps.ids.next("brn");
    const tenantId = worlds[1]!.tenantId;
    let firstChunk = true;
    const joined = joinBillingRun(worker, { tenantId, runId });
    const two = await runBillingDay(t.deps, {
      tenantId,
      date,
      trigger: "cli",
      runId,
      chunkSize: 1,
      lanes: 1,
      // After its first chunk the run waits until the other worker has done one: both take part.
      onProgress: async ({ phase, run }) => {
        if (phase !== "invoicing" || run.accountsDone === 0 || !firstChunk) return;
        firstChunk = false;
        for (let i = 0; i < 400; i++) {
          const row = await queryOne<{ n: string }>(
            t.deps.db,
            sql`select count(*)::text as n from billing_run_chunks where run_id = ${runId} and done`,
          );
          if (Number(row?.n) >= 2) return;
          await new Promise((r) => setTimeout(r, 25));
        }
        throw new Error("the second worker took no chunk");
      },
    });
    const share = await joined;
    assert.ok(share.chunks >= 1, `the second worker invoiced ${share.chunks} chunk(s)`);
    assert.ok(share.chunks < worlds[1]!.accounts.length, "and the run did its share too");

    assert.deepEqual(
      [two.status, two.chargesCreated, two.documentsCreated, two.renewed],
      [one.status, one.chargesCreated, one.documentsCreated, one.renewed],
    );
    const a = await ledger(worlds[0]!);
    const b = await ledger(worlds[1]!);
    assert.equal(a.charges.length, worlds[0]!.subs.length, "one charge per subscription");
    assert.deepEqual(b.charges, a.charges, "the same charges on the same accounts' invoices");
    assert.deepEqual(b.documents, a.documents, "the same documents and totals");
    const n = worlds[0]!.accounts.length;
    const first = a.seqs[0]!;
    assert.deepEqual(
      a.seqs,
      Array.from({ length: n }, (_, i) => first + i),
      "gapless after the earlier invoices",
    );
    assert.deepEqual(b.seqs, a.seqs, "gapless with two workers too");
    const left = await queryOne<{ n: string }>(
      t.deps.db,
      sql`select count(*)::text as n from billing_run_chunks where run_id = ${runId}`,
    );
    assert.equal(Number(left?.n), 0, "the plan is gone once the run completed");

    const again = await runBillingDay(t.deps, { tenantId, date, trigger: "cli", lanes: 2 });
    assert.deepEqual([again.chargesCreated, again.documentsCreated, again.renewed], [0, 0, 0]);
  });
});
