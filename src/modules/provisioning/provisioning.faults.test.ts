import assert from "node:assert/strict";
import { fork } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { createTestContext, isPostgres, type TestContext } from "../../../test/harness.ts";
import { line, type OrderWorld, orderWorld } from "../../../test/order-fixtures.ts";
import { claimJobs } from "../../jobs/jobs.repo.ts";
import { queryRows, sql, transaction } from "../../shared/db.ts";
import type { DropboxSandbox } from "../../vendor-sandboxes/dropbox/index.ts";
import { placeBssOrder } from "../orders/index.ts";
import {
  addAddon,
  type CommandContext,
  changeQuantity,
  suspendSubscription,
} from "../subscriptions/index.ts";
import { buildTarget, reconcileDrift } from "./index.ts";
import { attachSandbox, drainAll } from "./provisioning.fixtures.ts";

/**
 * Part 5: provisioning survives a hostile vendor. 200 orders and 200 changes run through the
 * outbox while the sandbox answers 20 % of requests with a 5xx, rate-limits, applies some changes
 * and then answers 503 (commit-then-fail), and holds some answers past the client's timeout. A
 * worker also dies mid-job (its lease expires after it changed the vendor). Afterwards every
 * subscription is Synchronized, its team matches it exactly, no admin email has two teams, and
 * no operation was lost or done twice.
 */
const ORDERS = 200;

describe("provisioning under vendor faults (part 5)", () => {
  let t: TestContext;
  let w: OrderWorld;
  let sandbox: DropboxSandbox;
  let bss: CommandContext;
  const subs: Array<{ id: string; email: string }> = [];

  before(async () => {
    t = await createTestContext();
    w = await orderWorld(t.deps);
    bss = { actor: w.actors.clerk, channel: "bss" };
    sandbox = await attachSandbox(t.deps, {
      clock: t.clock,
      // The client gives up after 150 ms; held answers last 400 ms (applied first: a lost answer).
      timeoutMs: 150,
      faults: {
        seed: 42,
        transientRate: 0.2,
        commitThenFailRate: 0.05,
        timeoutRate: 0.02,
        timeoutMs: 400,
        rateLimit: { capacity: 30, refillPerSecond: 400 },
      },
    });
  });
  after(async () => {
    await sandbox.close();
    await t.close();
  });

  it("200 orders and 200 changes end Synchronized, matching the vendor exactly, nothing lost or done twice", async (tc) => {
    for (let i = 0; i < ORDERS; i++) {
      const l = line(w, i % 4 === 0 ? "DBXS-STD-MCMB" : "DBX-STD-MCMB", 3 + (i % 3));
      const { order } = await placeBssOrder(t.deps, w.actors.clerk, {
        accountId: w.customerA3.id,
        lines: [l],
      });
      subs.push({ id: order.lines[0]!.subscriptionId!, email: String(l.serviceDetails!.adminEmail) });
    }

    // A worker dies mid-job: it claims jobs with a 1 s lease, makes the vendor call for one, and
    // never records the outcome. Its lease expires and another worker runs the job again. On
    // PostgreSQL it is a real process that exits; embedded PGlite is one process, so there the
    // same steps run inline and the "death" is the lease left to expire.
    if (isPostgres) {
      const db = await queryRows<{ db: string }>(t.deps.db, sql`select current_database() as db`);
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${db[0]!.db}`;
      const child = fork(fileURLToPath(new URL("./provisioning.dying-worker.ts", import.meta.url)), [], {
        execArgv: ["--import", "tsx"],
        env: { ...process.env, DATABASE_URL: url.toString(), SANDBOX_URL: sandbox.url },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      const messages: unknown[] = [];
      child.on("message", (m) => messages.push(m));
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      assert.equal(code, 137, "the worker died");
      assert.ok(
        messages.some((m) => (m as { applied?: string }).applied),
        "after changing the vendor",
      );
    } else {
      const claimed = await claimJobs(t.deps.db, { workerId: "doomed", limit: 20, leaseSeconds: 1 });
      const dying = claimed.find((j) => j.kind === "provisioning.sync");
      assert.ok(dying, "a provisioning job to kill");
      const payload = dying.payload as { subscriptionId: string };
      const built = await transaction(t.deps.db, (tx) =>
        buildTarget(t.deps, tx, dying.tenantId!, payload.subscriptionId),
      );
      await built!.provisioner.syncReseller(built!.target.resellerId, built!.resellerName);
      for (;;) {
        try {
          await built!.provisioner.provision(built!.target, "create");
          break;
        } catch {
          // a fault: the dying worker keeps trying until the vendor has the team, then "dies"
        }
      }
    }
    await new Promise((r) => setTimeout(r, 1_100));

    await drainAll(t.deps);
    for (const s of subs) {
      const [row] = await queryRows<{ sync_status: string }>(
        t.deps.db,
        sql`select sync_status from subscriptions where id = ${s.id}`,
      );
      assert.equal(row!.sync_status, "synchronized", `order of ${s.email}`);
    }

    // 200 changes: licence increases (Sign add-ons follow), a 1 TB add-on, suspensions.
    for (const [i, s] of subs.entries()) {
      if (i % 10 === 1)
        await addAddon(t.deps, bss, { subscriptionId: s.id, productId: w.id("DBX-1TB-MCMB") });
      else if (i % 10 === 3) await suspendSubscription(t.deps, bss, { subscriptionId: s.id });
      else await changeQuantity(t.deps, bss, { subscriptionId: s.id, quantity: 6 + (i % 3) });
    }
    await drainAll(t.deps);

    const rows = await queryRows<{ id: string; sync_status: string; external_id: string | null }>(
      t.deps.db,
      sql`select id, sync_status, external_id from subscriptions where tenant_id = ${w.tenant.id} and account_id = ${w.customerA3.id}`,
    );
    assert.equal(rows.length, ORDERS);
    assert.deepEqual(
      rows.filter((r) => r.sync_status !== "synchronized"),
      [],
      "every subscription Synchronized",
    );
    // Nothing lost: every provisioning job is done (none dead, none waiting).
    const jobs = await queryRows<{ status: string; n: number }>(
      t.deps.db,
      sql`select status, count(*)::int as n from jobs where kind = 'provisioning.sync' group by status`,
    );
    assert.deepEqual(jobs, [{ status: "done", n: ORDERS * 2 }]);
    // Each team matches its subscription exactly (product, licences, add-ons, status, pending),
    // read from a vendor that behaves again.
    sandbox.faults.set({});
    const drift = await reconcileDrift(t.deps, { tenantId: w.tenant.id });
    assert.equal(drift.checked, ORDERS);
    assert.equal(drift.drifted, 0);
    // No admin email has two teams; every team belongs to one subscription.
    const teams = await queryRows<{ admin_email: string; n: number }>(
      t.deps.db,
      sql`select lower(admin_email) as admin_email, count(*)::int as n from dropbox_sandbox.teams
          where reseller_id = 'RS-1' group by 1 having count(*) > 1`,
    );
    assert.deepEqual(teams, []);
    assert.equal(new Set(rows.map((r) => r.external_id)).size, ORDERS);
    // Nothing done twice: one creation per team, and each change applied once (repeats after a
    // lost answer are "unchanged" at the vendor).
    const events = await queryRows<{ team_id: string; created: number; changed: number }>(
      t.deps.db,
      sql`select team_id,
                 count(*) filter (where detail->>'action' = 'created')::int as created,
                 count(*) filter (where detail->>'action' = 'changed')::int as changed
          from dropbox_sandbox.events where team_id in (${sql.join(
            rows.map((r) => sql`${r.external_id}`),
            sql`, `,
          )}) group by team_id`,
    );
    assert.equal(events.length, ORDERS);
    assert.deepEqual(
      events.filter((e) => e.created !== 1 || e.changed !== 1),
      [],
      "one creation and one change per team",
    );
    const [stats] = await queryRows<{ retried: number; attempts: number }>(
      t.deps.db,
      sql`select count(*) filter (where attempts > 1)::int as retried, sum(attempts)::int as attempts
          from jobs where kind = 'provisioning.sync'`,
    );
    const [vendor] = await queryRows<{ n: number; unchanged: number }>(
      t.deps.db,
      sql`select count(*)::int as n, count(*) filter (where detail->>'action' = 'unchanged')::int as unchanged
          from dropbox_sandbox.events`,
    );
    tc.diagnostic(
      `${ORDERS * 2} provisioning jobs, ${stats!.retried} retried by the outbox (${stats!.attempts} attempts); vendor log: ${vendor!.n} events, ${vendor!.unchanged} repeats answered unchanged`,
    );
  });
});
