/**
 * One API process of `npm run bench:orders -- --api-processes N` (PostgreSQL only): what
 * `openbss serve` runs, minus the worker and the web app, on the bench's scratch database
 * (DATABASE_URL, DB_POOL_SIZE). Started with an IPC channel: answers `{ port }` once listening;
 * on "cpu" answers its CPU time (µs) so far; on "stop" closes and exits.
 */
import { buildDeps } from "../src/deps.ts";
import { buildServer } from "../src/http/server.ts";
import { openDatabase } from "../src/shared/db.ts";
import { createLogger } from "../src/shared/log.ts";
import { testConfig } from "../test/harness.ts";

if (!process.send) throw new Error("bench/orders-api.ts runs as a child of bench/orders.bench.ts");
const database = await openDatabase({
  databaseUrl: process.env.DATABASE_URL!,
  poolSize: Number(process.env.DB_POOL_SIZE ?? 10),
});
const deps = buildDeps({
  config: testConfig({ OPENBSS_CLOCK: "system" }),
  database,
  log: createLogger("silent"),
});
const app = await buildServer(deps, { serveWeb: false });
await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
process.send({ port: typeof address === "object" && address ? address.port : 0 });
process.on("message", async (message) => {
  if (message === "cpu") {
    const cpu = process.cpuUsage();
    process.send!({ cpuMicros: cpu.user + cpu.system });
  } else if (message === "stop") {
    await app.close();
    await database.close();
    process.send!({ stopped: true }, () => process.exit(0));
  }
});
