/**
 * A worker process that takes a share of a running billing run's invoicing (issue 17, PostgreSQL):
 * `node --import tsx bench/billing-worker.ts <tenantId> <runId> [lanes]` with DATABASE_URL set.
 * Started by `npm run bench:billing -- --workers N` and by the two-workers test; prints one JSON
 * line with what it did.
 */
import { loadConfig } from "../src/config.ts";
import { buildDeps } from "../src/deps.ts";
import { joinBillingRun } from "../src/modules/billing-run/index.ts";
import { openDatabase } from "../src/shared/db.ts";
import { createLogger } from "../src/shared/log.ts";

const [tenantId, runId, lanes] = process.argv.slice(2);
if (!tenantId || !runId || !process.env.DATABASE_URL)
  throw new Error("usage: DATABASE_URL=… billing-worker.ts <tenantId> <runId> [lanes]");
const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 4 });
try {
  const deps = buildDeps({ config: loadConfig(), database, log: createLogger("silent") });
  const t0 = performance.now();
  const done = await joinBillingRun(deps, { tenantId, runId, lanes: Number(lanes ?? 1) });
  process.stdout.write(
    `${JSON.stringify({ pid: process.pid, ...done, ms: Math.round(performance.now() - t0) })}\n`,
  );
} finally {
  await database.close();
}
