import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { eq, sql } from "drizzle-orm";
import { createTestContext, type TestContext } from "../../test/harness.ts";
import { transaction } from "../shared/db.ts";
import { drainJobs, enqueueJob, type JobHandler, startWorker } from "./index.ts";
import { claimJobs } from "./jobs.repo.ts";
import { jobs } from "./jobs.schema.ts";
import { runWorkerProcess } from "./worker-process.ts";

/** Deferred: a promise the test resolves, to hold a handler at a known point without timers. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe("worker loop", () => {
  let t: TestContext;
  before(async () => {
    t = await createTestContext();
  });
  after(() => t.close());
  beforeEach(async () => {
    await t.deps.db.delete(jobs);
  });

  const enqueue = (job: Parameters<typeof enqueueJob>[2]) =>
    transaction(t.deps.db, (tx) => enqueueJob(tx, t.deps.ids, job));
  const row = async (id: string) => (await t.deps.db.select().from(jobs).where(eq(jobs.id, id)))[0]!;

  it("startWorker runs jobs in the background and stop() waits for the job in flight", async () => {
    const gate = deferred();
    const running = deferred();
    const handler: JobHandler = {
      kind: "gated",
      handle: async () => {
        running.resolve();
        await gate.promise;
        return "finished";
      },
    };
    const { id } = await enqueue({ kind: "gated", key: "g1" });
    const worker = startWorker(t.deps, [handler], { workerId: "bg-1", pollMs: 10 });
    assert.equal(worker.workerId, "bg-1");
    await running.promise;
    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    await ticks(5);
    assert.equal(stopped, false, "stop() waits while the handler is blocked");
    assert.equal((await row(id)).status, "running");
    gate.resolve();
    await stopping;
    const r = await row(id);
    assert.equal(r.status, "done");
    assert.equal(r.result, "finished");
  });

  it("runWorkerProcess runs jobs until SIGTERM, then finishes the job in flight", async () => {
    const gate = deferred();
    const running = deferred();
    const handler: JobHandler = {
      kind: "proc",
      handle: async () => {
        running.resolve();
        await gate.promise;
        return "ok";
      },
    };
    const { id } = await enqueue({ kind: "proc", key: "p1" });
    const listeners = process.listenerCount("SIGTERM");
    const done = runWorkerProcess(t.deps, [handler]);
    await running.promise;
    process.emit("SIGTERM", "SIGTERM");
    await ticks(5);
    assert.equal((await row(id)).status, "running", "still finishing the job in flight");
    gate.resolve();
    await done;
    assert.equal((await row(id)).status, "done");
    assert.equal(process.listenerCount("SIGTERM"), listeners, "its signal handlers are removed");
  });

  it("dead-letters a job whose workers kept dying instead of reclaiming it forever", async () => {
    let calls = 0;
    const handler: JobHandler = {
      kind: "crashes",
      handle: async () => {
        calls += 1;
      },
    };
    const { id } = await enqueue({ kind: "crashes", key: "c1", maxAttempts: 2 });
    for (const workerId of ["dies-1", "dies-2"]) {
      assert.equal((await claimJobs(t.deps.db, { workerId, limit: 1, leaseSeconds: 60 })).length, 1);
      await t.deps.db.execute(
        sql`update jobs set locked_until = now() - interval '1 second' where id = ${id}`,
      );
    }
    assert.equal(await drainJobs(t.deps, [handler]), 1);
    assert.equal(calls, 0, "the third claim does not run the handler");
    const r = await row(id);
    assert.equal(r.status, "dead");
    assert.match(r.lastError ?? "", /Attempt 3 exceeds the budget of 2/);
  });

  it("records a job whose result cannot be stored as JSON as done, with a note", async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const { id } = await enqueue({ kind: "odd-result", key: "o1" });
    assert.equal(await drainJobs(t.deps, [{ kind: "odd-result", handle: async () => circular }]), 1);
    const r = await row(id);
    assert.equal(r.status, "done");
    assert.match(JSON.stringify(r.result), /unserializableResult/);
  });

  it("records a thrown non-Error value as the error message", async () => {
    const { id } = await enqueue({ kind: "throws-string", key: "s1", maxAttempts: 1 });
    const handler: JobHandler = {
      kind: "throws-string",
      handle: async () => {
        throw "plain string";
      },
    };
    assert.equal(await drainJobs(t.deps, [handler]), 1);
    assert.equal((await row(id)).lastError, "plain string");
  });
});
