import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { after, before, describe, it } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { createTestContext, isPostgres, type TestContext, testConfig } from "../../test/harness.ts";
import { buildDeps, type Deps } from "../deps.ts";
import { type Database, openDatabase, queryOne, queryRows, sql, transaction } from "../shared/db.ts";
import { createLogger } from "../shared/log.ts";
import { enqueueJob, type JobHandler, startWorker } from "./index.ts";

/**
 * Exactly-once under competition. On PostgreSQL the three workers use three separate connection
 * pools on the same database, so claims really race; on PGlite they share the one instance
 * (it serializes sessions) and the same claim logic runs.
 */
const WORKERS = 3;

describe(`outbox under three concurrent workers (${isPostgres ? "postgres, three pools" : "pglite, shared instance"})`, () => {
  let t: TestContext;
  const extra: Database[] = [];
  const workerDeps: Deps[] = [];

  before(async () => {
    t = await createTestContext();
    await t.deps.db.execute(
      sql`create table job_runs (job_id text not null, worker text not null, queue text, at timestamptz default clock_timestamp())`,
    );
    workerDeps.push(t.deps);
    for (let i = 1; i < WORKERS; i++) {
      if (!isPostgres) {
        workerDeps.push(t.deps);
        continue;
      }
      // The harness made a private database for this file; open two more pools on it.
      const current = await queryOne<{ name: string }>(t.deps.db, sql`select current_database() as name`);
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${current!.name}`;
      const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
      extra.push(database);
      const config = testConfig();
      workerDeps.push(buildDeps({ config, database, log: createLogger(config.LOG_LEVEL), clock: t.clock }));
    }
  });
  after(async () => {
    for (const d of extra) await d.close();
    await t.close();
  });

  const recordRun = (deps: Deps, jobId: string, worker: string, queue: string | null) =>
    deps.db.execute(sql`insert into job_runs (job_id, worker, queue) values (${jobId}, ${worker}, ${queue})`);

  async function runUntilDone(handlers: (i: number) => JobHandler[], expected: number) {
    const workers = workerDeps.map((deps, i) =>
      startWorker(deps, handlers(i), { workerId: `w${i}`, pollMs: 20, batch: 10, concurrency: 5 }),
    );
    const started = performance.now();
    // A liveness bound, not a timing assertion: fail clearly instead of hanging the suite.
    const deadline = Date.now() + 120_000;
    let done = 0;
    try {
      while (done < expected && Date.now() < deadline) {
        await delay(25);
        const r = await queryOne<{ n: number }>(
          t.deps.db,
          sql`select count(*)::int as n from jobs where status = 'done'`,
        );
        done = Number(r!.n);
      }
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    return { done, seconds: (performance.now() - started) / 1000 };
  }

  it("runs each of 1,000 jobs exactly once", async (ctx) => {
    await transaction(t.deps.db, async (tx) => {
      for (let i = 0; i < 1000; i++)
        await enqueueJob(tx, t.deps.ids, { kind: "count", key: `n-${i}`, payload: { i } });
    });
    const handlers = (i: number): JobHandler[] => [
      { kind: "count", handle: (_d, job) => recordRun(workerDeps[i]!, job.id, `w${i}`, null) },
    ];
    const { done, seconds } = await runUntilDone(handlers, 1000);
    assert.equal(done, 1000);
    const runs = await queryOne<{ total: number; distinct: number }>(
      t.deps.db,
      sql`select count(*)::int as total, count(distinct job_id)::int as distinct from job_runs`,
    );
    assert.equal(Number(runs!.total), 1000, "one execution per job");
    assert.equal(Number(runs!.distinct), 1000, "every job executed");
    const states = await queryRows<{ status: string; n: number; attempts: number }>(
      t.deps.db,
      sql`select status, count(*)::int as n, max(attempts)::int as attempts from jobs group by status`,
    );
    assert.deepEqual(
      states.map((s) => ({ status: s.status, n: Number(s.n), attempts: Number(s.attempts) })),
      [{ status: "done", n: 1000, attempts: 1 }],
    );
    const perWorker = await queryRows<{ worker: string; n: number }>(
      t.deps.db,
      sql`select worker, count(*)::int as n from job_runs group by worker order by worker`,
    );
    ctx.diagnostic(
      `1000 jobs in ${seconds.toFixed(2)} s (${Math.round(1000 / seconds)} jobs/s); per worker: ${perWorker
        .map((w) => `${w.worker}=${w.n}`)
        .join(" ")}`,
    );
  });

  it("keeps each queue's jobs one at a time and in creation order while three workers compete", async () => {
    await t.deps.db.execute(sql`delete from job_runs`);
    const QUEUES = 20;
    const PER_QUEUE = 10;
    // Enqueued in ten transactions, each adding the next job of every queue (interleaved).
    for (let n = 0; n < PER_QUEUE; n++) {
      await transaction(t.deps.db, async (tx) => {
        for (let q = 0; q < QUEUES; q++)
          await enqueueJob(tx, t.deps.ids, {
            kind: "ordered",
            key: `q${q}-${n}`,
            queue: `q${q}`,
            payload: { n },
          });
      });
    }
    const active = new Map<string, number>();
    const order = new Map<string, number[]>();
    const overlaps: string[] = [];
    const handlers = (i: number): JobHandler[] => [
      {
        kind: "ordered",
        async handle(_d, job) {
          const queue = job.queue!;
          const now = (active.get(queue) ?? 0) + 1;
          active.set(queue, now);
          if (now > 1) overlaps.push(`${queue} had ${now} jobs running at once`);
          order.set(queue, [...(order.get(queue) ?? []), (job.payload as { n: number }).n]);
          // Hold the slot across a database round trip and a timer tick, so an overlap would show.
          await recordRun(workerDeps[i]!, job.id, `w${i}`, queue);
          await delay(1);
          active.set(queue, (active.get(queue) ?? 1) - 1);
        },
      },
    ];
    const { done } = await runUntilDone(handlers, 1000 + QUEUES * PER_QUEUE);
    assert.equal(done, 1000 + QUEUES * PER_QUEUE);
    assert.deepEqual(overlaps, []);
    const expected = Array.from({ length: PER_QUEUE }, (_, n) => n);
    for (let q = 0; q < QUEUES; q++) assert.deepEqual(order.get(`q${q}`), expected, `queue q${q}`);
    const runs = await queryOne<{ total: number; distinct: number }>(
      t.deps.db,
      sql`select count(*)::int as total, count(distinct job_id)::int as distinct from job_runs`,
    );
    assert.equal(Number(runs!.total), QUEUES * PER_QUEUE);
    assert.equal(Number(runs!.distinct), QUEUES * PER_QUEUE);
  });
});
