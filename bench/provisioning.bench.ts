/**
 * `npm run bench:provisioning [-- --orders 500 --changes 500 --concurrency 4]`
 *
 * Provisioning jobs per second, end to end: BSS orders (one Dropbox plan each, a fresh admin
 * email) are placed first, then the worker runs their `provisioning.sync` jobs against the Dropbox
 * sandbox (in-process, zero latency, no faults, real HTTP on loopback, on the same database) — read
 * the target, sync the reseller, pre-check, create the team, record Synchronized. Then one licence
 * increase per subscription and the same again. Prints jobs/s for each phase. PGlite by default;
 * PostgreSQL when DATABASE_URL is set (a scratch copy of the migrated template, dropped afterwards).
 * Results: docs/performance.md, "Provisioning".
 */
import { parseArgs } from "node:util";
import { drainJobs, startWorker } from "../src/jobs/index.ts";
import { jobHandlers } from "../src/jobs/registry.ts";
import { placeBssOrder } from "../src/modules/orders/index.ts";
import { attachSandbox } from "../src/modules/provisioning/provisioning.fixtures.ts";
import { changeQuantity } from "../src/modules/subscriptions/index.ts";
import { queryOne, sql } from "../src/shared/db.ts";
import { createTestContext } from "../test/harness.ts";
import { line, orderWorld } from "../test/order-fixtures.ts";

const { values: args } = parseArgs({
  options: {
    orders: { type: "string", default: "500" },
    concurrency: { type: "string", default: "4" },
  },
});
const ORDERS = Number(args.orders);
const CONCURRENCY = Number(args.concurrency);

const t = await createTestContext();
const w = await orderWorld(t.deps);
const sandbox = await attachSandbox(t.deps, { clock: t.clock });
const pending = async () =>
  Number(
    (await queryOne<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from jobs where kind = 'provisioning.sync' and status <> 'done'`,
    ))!.n,
  );

/** Runs the worker until no provisioning job is left; returns jobs/s. */
async function run(label: string, jobs: number): Promise<number> {
  const started = performance.now();
  if (t.deps.dbKind === "pglite" || CONCURRENCY <= 1) {
    await drainJobs(t.deps, jobHandlers);
  } else {
    const worker = startWorker(t.deps, jobHandlers, {
      pollMs: 5,
      concurrency: CONCURRENCY,
      batch: CONCURRENCY,
    });
    while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const rate = jobs / seconds;
  process.stdout.write(
    `${label.padEnd(28)} ${String(jobs).padStart(5)} jobs in ${seconds.toFixed(2)} s = ${rate.toFixed(1)} jobs/s\n`,
  );
  return rate;
}

try {
  process.stdout.write(
    `Provisioning benchmark on ${t.deps.dbKind} (${t.deps.dbKind === "pglite" ? "one drain loop" : `worker concurrency ${CONCURRENCY}`}), sandbox at zero latency\n`,
  );
  const subs: string[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const { order } = await placeBssOrder(t.deps, w.actors.clerk, {
      accountId: w.customerA3.id,
      lines: [line(w, "DBX-STD-MCMB", 3)],
    });
    subs.push(order.lines[0]!.subscriptionId!);
  }
  const others = await queryOne<{ n: number }>(
    t.deps.db,
    sql`select count(*)::int as n from jobs where kind <> 'provisioning.sync' and status <> 'done'`,
  );
  process.stdout.write(`(other jobs queued with the orders: ${others?.n ?? 0})\n`);
  await run("create team (order)", ORDERS);
  const bss = { actor: w.actors.clerk, channel: "bss" as const };
  for (const id of subs) await changeQuantity(t.deps, bss, { subscriptionId: id, quantity: 5 });
  await run("licence increase", ORDERS);
  if ((await pending()) > 0) throw new Error("jobs left behind");
} finally {
  await sandbox.close();
  await t.close();
}
