import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { eq, sql } from "drizzle-orm";
import { createTestContext, type TestContext } from "../../test/harness.ts";
import { queryOne, transaction } from "../shared/db.ts";
import { drainJobs, enqueueJob, type JobHandler, type JobRecord, PermanentJobError } from "./index.ts";
import { type ClaimedJob, claimJobs, completeJob, extendLease, failJob } from "./jobs.repo.ts";
import { jobs } from "./jobs.schema.ts";
import { indexHandlers, type RunContext, runClaimedJob } from "./worker.ts";

describe("outbox", () => {
  let t: TestContext;
  before(async () => {
    t = await createTestContext();
  });
  after(() => t.close());
  // The file owns its database copy: each test starts with an empty outbox, so a drain only
  // ever sees the jobs of its own test.
  beforeEach(async () => {
    await t.deps.db.delete(jobs);
  });

  const enqueue = (job: Parameters<typeof enqueueJob>[2]) =>
    transaction(t.deps.db, (tx) => enqueueJob(tx, t.deps.ids, job));
  const row = async (id: string) => (await t.deps.db.select().from(jobs).where(eq(jobs.id, id)))[0]!;
  const claim = (workerId: string, limit = 10, leaseSeconds = 60) =>
    claimJobs(t.deps.db, { workerId, limit, leaseSeconds });
  const ctx = (handlers: JobHandler[], random?: () => number): RunContext => ({
    deps: t.deps,
    handlers: indexHandlers(handlers),
    leaseSeconds: 60,
    log: t.deps.log,
    ...(random ? { random } : {}),
  });
  const expireLease = (id: string) =>
    t.deps.db.execute(sql`update jobs set locked_until = now() - interval '1 second' where id = ${id}`);

  it("enqueues one job per (kind, key), inside one transaction or across several", async () => {
    const first = await transaction(t.deps.db, async (tx) => {
      const a = await enqueueJob(tx, t.deps.ids, { kind: "mail.send", key: "inv_1", payload: { n: 1 } });
      const b = await enqueueJob(tx, t.deps.ids, { kind: "mail.send", key: "inv_1", payload: { n: 2 } });
      assert.equal(a.created, true);
      assert.deepEqual(b, { id: a.id, created: false });
      return a;
    });
    const again = await enqueue({ kind: "mail.send", key: "inv_1" });
    assert.deepEqual(again, { id: first.id, created: false });
    const other = await enqueue({ kind: "vendor.call", key: "inv_1" });
    assert.equal(other.created, true);
    const rows = await t.deps.db.select().from(jobs).where(eq(jobs.kind, "mail.send"));
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]!.payload, { n: 1 });
  });

  it("writes nothing when the business transaction rolls back", async () => {
    await assert.rejects(
      transaction(t.deps.db, async (tx) => {
        await enqueueJob(tx, t.deps.ids, { kind: "mail.send", key: "rolled-back" });
        throw new Error("business rule failed");
      }),
      /business rule failed/,
    );
    assert.equal((await t.deps.db.select().from(jobs)).length, 0);
  });

  it("refuses an empty kind or key, a maxAttempts below 1 and a payload that is not JSON", async () => {
    await assert.rejects(enqueue({ kind: " ", key: "k" }), /non-empty kind and key/);
    await assert.rejects(enqueue({ kind: "k", key: "" }), /non-empty kind and key/);
    await assert.rejects(enqueue({ kind: "k", key: "k", maxAttempts: 0 }), /maxAttempts/);
    await assert.rejects(
      enqueue({ kind: "k", key: "k", payload: { amount: 5n } }),
      /not JSON.*amounts as strings/,
    );
  });

  it("runs a job once and records its result (happy path)", async () => {
    const seen: JobRecord[] = [];
    const handler: JobHandler = {
      kind: "echo",
      handle: async (_deps, job) => {
        seen.push(job);
        return { echoed: job.payload, big: 12n };
      },
    };
    const { id } = await enqueue({ kind: "echo", key: "e1", tenantId: "ten_x", payload: { hello: "world" } });
    assert.equal(await drainJobs(t.deps, [handler]), 1);
    assert.equal(await drainJobs(t.deps, [handler]), 0);
    assert.deepEqual(seen, [
      {
        id,
        kind: "echo",
        key: "e1",
        tenantId: "ten_x",
        queue: null,
        payload: { hello: "world" },
        attempts: 1,
        maxAttempts: 8,
      },
    ]);
    const r = await row(id);
    assert.equal(r.status, "done");
    assert.deepEqual(r.result, { echoed: { hello: "world" }, big: "12" });
    assert.equal(r.attempts, 1);
    assert.equal(r.lockedBy, null);
    assert.ok(r.finishedAt);
  });

  it("retries a transient failure after a backoff computed in database time, then succeeds", async () => {
    let calls = 0;
    const flaky: JobHandler = {
      kind: "flaky",
      handle: async () => {
        calls += 1;
        if (calls === 1) throw new Error("vendor timed out");
        return "ok";
      },
    };
    const { id } = await enqueue({ kind: "flaky", key: "f1" });
    const [claimed] = await claim("w1");
    // random 0.5 on attempt 1 (ceiling 1 s): 500 ms of full jitter
    assert.equal(
      await runClaimedJob(
        ctx([flaky], () => 0.5),
        claimed!,
      ),
      "retry",
    );
    const failed = await row(id);
    assert.equal(failed.status, "pending");
    assert.equal(failed.attempts, 1);
    assert.equal(failed.lastError, "vendor timed out");
    assert.equal(failed.runAt.getTime() - failed.updatedAt.getTime(), 500);
    assert.equal(failed.maxAttempts, 8, "the effective budget is written on the first failure");
    assert.equal(await drainJobs(t.deps, [flaky], { includeDelayed: true }), 1);
    const done = await row(id);
    assert.equal(done.status, "done");
    assert.equal(done.attempts, 2);
    assert.equal(done.lastError, null);
    assert.equal(calls, 2);
  });

  it("does not run a job before its run_at unless includeDelayed is set", async () => {
    const ran: string[] = [];
    const handler: JobHandler = { kind: "later", handle: async (_d, j) => ran.push(j.key) };
    await enqueue({ kind: "later", key: "tomorrow", runAt: new Date(Date.now() + 86_400_000) });
    assert.equal(await drainJobs(t.deps, [handler]), 0);
    assert.deepEqual(ran, []);
    assert.equal(await drainJobs(t.deps, [handler], { includeDelayed: true }), 1);
    assert.deepEqual(ran, ["tomorrow"]);
  });

  it("dead-letters after maxAttempts (the job's, else the handler's)", async () => {
    const failing = (kind: string, maxAttempts?: number): JobHandler => ({
      kind,
      ...(maxAttempts ? { maxAttempts } : {}),
      handle: async (_d, job) => {
        throw new Error(`attempt ${job.attempts} of ${job.maxAttempts} failed`);
      },
    });
    const a = await enqueue({ kind: "always-fails", key: "a", maxAttempts: 3 });
    const b = await enqueue({ kind: "fails-handler-budget", key: "b" });
    const ran = await drainJobs(t.deps, [failing("always-fails", 5), failing("fails-handler-budget", 2)], {
      includeDelayed: true,
    });
    assert.equal(ran, 5);
    const ra = await row(a.id);
    assert.equal(ra.status, "dead");
    assert.equal(ra.attempts, 3);
    assert.equal(ra.lastError, "attempt 3 of 3 failed");
    assert.ok(ra.finishedAt);
    const rb = await row(b.id);
    assert.equal(rb.status, "dead");
    assert.equal(rb.attempts, 2);
    assert.equal(rb.maxAttempts, 2);
  });

  it("dead-letters at once on PermanentJobError", async () => {
    let calls = 0;
    const handler: JobHandler = {
      kind: "refused",
      handle: async () => {
        calls += 1;
        throw new PermanentJobError("vendor says the email is invalid");
      },
    };
    const { id } = await enqueue({ kind: "refused", key: "r1" });
    assert.equal(await drainJobs(t.deps, [handler], { includeDelayed: true }), 1);
    assert.equal(calls, 1);
    const r = await row(id);
    assert.equal(r.status, "dead");
    assert.equal(r.attempts, 1);
    assert.equal(r.lastError, "PermanentJobError: vendor says the email is invalid");
  });

  it("dead-letters a job of an unknown kind with a clear error", async () => {
    const { id } = await enqueue({ kind: "no.such.kind", key: "x" });
    assert.equal(await drainJobs(t.deps, [], { includeDelayed: true }), 1);
    const r = await row(id);
    assert.equal(r.status, "dead");
    assert.match(r.lastError ?? "", /No handler is registered for job kind 'no\.such\.kind'/);
  });

  it("reclaims a running job whose lease expired (its worker died)", async () => {
    const { id } = await enqueue({ kind: "slow", key: "s1" });
    const [byDead] = await claim("worker-dead");
    assert.equal(byDead?.id, id);
    assert.deepEqual(await claim("worker-alive"), [], "a live lease is not taken over");
    await expireLease(id);
    const [taken] = await claim("worker-alive");
    assert.equal(taken?.id, id);
    assert.equal(taken?.attempts, 2);
    assert.equal((await row(id)).lockedBy, "worker-alive");
  });

  it("does not let a worker whose lease was taken over record an outcome", async () => {
    const { id } = await enqueue({ kind: "slow", key: "s2" });
    const [stale] = (await claim("w-stale")) as [ClaimedJob];
    await expireLease(id);
    const [owner] = (await claim("w-owner")) as [ClaimedJob];
    assert.equal(await completeJob(t.deps.db, stale, "stale result"), false);
    assert.equal(await failJob(t.deps.db, stale, { error: "stale", retryInMs: null, maxAttempts: 8 }), false);
    assert.equal(await extendLease(t.deps.db, stale, 60), false);
    assert.equal(await extendLease(t.deps.db, owner, 60), true);
    assert.equal((await row(id)).status, "running");
    assert.equal(await completeJob(t.deps.db, owner, "owner result"), true);
    assert.equal(await completeJob(t.deps.db, stale, "stale result"), false);
    const r = await row(id);
    assert.equal(r.status, "done");
    assert.equal(r.result, "owner result");
    // The worker loop reports the lost claim instead of overwriting.
    const handler: JobHandler = { kind: "slow", handle: async () => "late" };
    assert.equal(await runClaimedJob(ctx([handler]), stale), "lost");
    assert.equal((await row(id)).result, "owner result");
  });

  it("a worker that reclaims its own expired job cannot complete it with the older claim", async () => {
    const { id } = await enqueue({ kind: "slow", key: "s3" });
    const [first] = (await claim("same-worker")) as [ClaimedJob];
    await expireLease(id);
    const [second] = (await claim("same-worker")) as [ClaimedJob];
    assert.equal(
      await completeJob(t.deps.db, first, "first"),
      false,
      "the attempt number is part of the claim",
    );
    assert.equal(await completeJob(t.deps.db, second, "second"), true);
  });

  it("runs a queue's jobs one at a time in creation order; a dead job unblocks the queue", async () => {
    const ids = await transaction(t.deps.db, async (tx) => {
      const out: string[] = [];
      for (const key of ["a", "b", "c"])
        out.push((await enqueueJob(tx, t.deps.ids, { kind: "q", key, queue: "sub_1" })).id);
      out.push((await enqueueJob(tx, t.deps.ids, { kind: "q", key: "d", queue: "sub_2" })).id);
      out.push((await enqueueJob(tx, t.deps.ids, { kind: "q", key: "e" })).id);
      return out;
    });
    const [a, b, c] = ids as [string, string, string];
    const first = await claim("w1");
    assert.deepEqual(first.map((j) => j.key).sort(), ["a", "d", "e"], "only each queue's head");
    assert.deepEqual(await claim("w2"), [], "b waits while a runs");
    const claimA = first.find((j) => j.id === a)!;
    assert.equal(
      await failJob(t.deps.db, claimA, { error: "x", retryInMs: 3_600_000, maxAttempts: 8 }),
      true,
    );
    assert.deepEqual(
      await claimJobs(t.deps.db, { workerId: "w2", limit: 10, leaseSeconds: 60 }),
      [],
      "b waits while a is pending a retry",
    );
    const [retriedA] = (await claimJobs(t.deps.db, {
      workerId: "w2",
      limit: 1,
      leaseSeconds: 60,
      includeDelayed: true,
    })) as [ClaimedJob];
    assert.equal(retriedA.id, a);
    assert.equal(
      await failJob(t.deps.db, retriedA, { error: "gone", retryInMs: null, maxAttempts: 2 }),
      true,
    );
    const [claimB] = await claim("w3");
    assert.equal(claimB?.id, b);
    await completeJob(t.deps.db, claimB!, null);
    assert.deepEqual(
      (await claim("w3")).map((j) => j.id),
      [c],
    );
  });

  it("a job that becomes visible earlier in a queue while a later one runs waits for it", async () => {
    // A business transaction that took its sequence number first but committed last produces
    // this state: the earlier job must not start beside the running one.
    const later = await enqueue({ kind: "q", key: "later", queue: "sub_9" });
    const [running] = (await claim("w1")) as [ClaimedJob];
    assert.equal(running.id, later.id);
    const earlier = await enqueue({ kind: "q", key: "earlier", queue: "sub_9" });
    await t.deps.db.execute(
      sql`update jobs set seq = ${(await row(later.id)).seq - 1}::bigint where id = ${earlier.id}`,
    );
    assert.deepEqual(await claim("w2"), []);
    await completeJob(t.deps.db, running, null);
    assert.deepEqual(
      (await claim("w2")).map((j) => j.id),
      [earlier.id],
    );
  });

  it("drainJobs stops at maxJobs and runs queue jobs in order", async () => {
    const order: string[] = [];
    const handler: JobHandler = { kind: "ordered", handle: async (_d, j) => order.push(j.key) };
    for (const key of ["1", "2", "3", "4", "5"]) await enqueue({ kind: "ordered", key, queue: "one" });
    assert.equal(await drainJobs(t.deps, [handler], { maxJobs: 2 }), 2);
    assert.deepEqual(order, ["1", "2"]);
    assert.equal(await drainJobs(t.deps, [handler]), 3);
    assert.deepEqual(order, ["1", "2", "3", "4", "5"]);
  });

  it("refuses two handlers for one kind", async () => {
    const h: JobHandler = { kind: "dup", handle: async () => null };
    await assert.rejects(drainJobs(t.deps, [h, h]), /Two job handlers for kind 'dup'/);
  });

  it("keeps run_at, leases and backoff on the database clock, not the business clock", async () => {
    t.clock.advance({ days: 400 }); // a manual business clock far ahead must not make jobs due
    const { id } = await enqueue({ kind: "later", key: "db-time", runAt: new Date(Date.now() + 3_600_000) });
    assert.equal(await drainJobs(t.deps, [{ kind: "later", handle: async () => null }]), 0);
    const dbNow = await queryOne<{ now: Date }>(t.deps.db, sql`select now() as now`);
    assert.ok((await row(id)).runAt.getTime() > new Date(dbNow!.now).getTime());
  });
});
