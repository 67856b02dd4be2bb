/**
 * `npm run bench:orders [-- --seconds 60 --concurrency 16 --customers 200 --client http|fetch]`
 *
 * Places and executes BSS orders over real HTTP: starts the API in-process on a free port of
 * 127.0.0.1, seeds a tenant with the Dropbox catalogue and N customers, then runs `concurrency`
 * clients that each POST /api/bss/orders (a Dropbox plan with a fresh team-admin email, so every
 * order is executed into a subscription, R-ORD-08) for `seconds`. Prints orders/s and latency
 * percentiles. PGlite by default; PostgreSQL when DATABASE_URL is set (a scratch database copied
 * from the migrated template, dropped afterwards; DB_POOL_SIZE sizes the API's pool). Goal on
 * PostgreSQL: ≥ 300 orders/s, p99 < 100 ms.
 */
import { Agent, request } from "node:http";
import { parseArgs } from "node:util";
import { buildDeps } from "../src/deps.ts";
import { buildServer } from "../src/http/server.ts";
import { openDatabase, queryOne, sql } from "../src/shared/db.ts";
import { createLogger } from "../src/shared/log.ts";
import { installDropboxCatalog, productBySku } from "../test/catalog-fixtures.ts";
import { createAccount, createTenant, createUser, TEST_PASSWORD, unique } from "../test/factories.ts";
import { openTestDatabase, testConfig } from "../test/harness.ts";

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    concurrency: { type: "string", default: "16" },
    customers: { type: "string", default: "200" },
    client: { type: "string", default: "http" },
  },
});
const SECONDS = Number(args.seconds);
const CONCURRENCY = Number(args.concurrency);
const CUSTOMERS = Number(args.customers);
if (args.client !== "http" && args.client !== "fetch") throw new Error("--client is http or fetch");

const scratch = await openTestDatabase();
// The API gets its own pool (DB_POOL_SIZE, as `openbss serve` would); the scratch copy is dropped at the end.
const database = await (async () => {
  if (scratch.kind !== "postgres") return scratch;
  const row = await queryOne<{ db: string }>(scratch.db, sql`select current_database() as db`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${row!.db}`;
  return openDatabase({ databaseUrl: url.toString(), poolSize: Number(process.env.DB_POOL_SIZE ?? 10) });
})();
const config = testConfig({ OPENBSS_CLOCK: "system" });
const deps = buildDeps({ config, database, log: createLogger("silent") });
const app = await buildServer(deps, { serveWeb: false });
await app.listen({ host: "127.0.0.1", port: 0 });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

try {
  console.log(
    `orders bench on ${database.kind}: ${CONCURRENCY} clients (${args.client}), ${SECONDS} s, ${CUSTOMERS} customers`,
  );
  const tenant = await createTenant(deps);
  await installDropboxCatalog(deps, tenant.id);
  const product = await productBySku(deps, tenant.id, "DBX-STD-MCMB");
  const annualPlan = await productBySku(deps, tenant.id, "DBX-STD-AC1Y");
  const reseller = await createAccount(deps, { tenantId: tenant.id, kind: "reseller", edition: "standard" });
  const customers: string[] = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const kind = i % 4 === 0 ? "direct_customer" : "end_customer";
    const c = await createAccount(deps, {
      tenantId: tenant.id,
      kind,
      ...(kind === "end_customer" ? { parentAccountId: reseller.id } : {}),
      name: `Bench Customer ${i} Holdings International`,
    });
    customers.push(c.id);
  }
  const clerk = await createUser(deps, { tenantId: tenant.id, role: "clerk" });
  const login = await fetch(`${base}/api/bss/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: clerk.email, password: TEST_PASSWORD }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  if (login.status !== 200 || !cookie) throw new Error(`sign-in failed: ${login.status}`);

  // The client shares the process (and the machine's 2 cores) with the server, so by default it is
  // node:http with keep-alive, which costs less CPU per request than fetch (web streams).
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = new URL(base);
  const viaFetch = async (path: string, payload: string) => {
    const res = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: payload,
    });
    await res.arrayBuffer();
    return res.status;
  };
  const viaHttp = (path: string, payload: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path,
          method: "POST",
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(payload),
            cookie,
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  const post = args.client === "fetch" ? viaFetch : viaHttp;
  const run = unique("bench");
  let seq = 0;
  const order = async (): Promise<number> => {
    const n = seq++;
    const body = {
      accountId: customers[n % customers.length],
      lines: [
        {
          productId: n % 5 === 0 ? annualPlan.id : product.id,
          quantity: 3 + (n % 7),
          serviceDetails: { resellerId: "BENCH", adminEmail: `${run}-${n}@bench.test` },
        },
      ],
    };
    const started = performance.now();
    const status = await post("/api/bss/orders", JSON.stringify(body));
    if (status !== 201) throw new Error(`order ${n} answered ${status}`);
    return performance.now() - started;
  };

  for (let i = 0; i < 50; i++) await order(); // warm-up: caches, JIT, connections
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        try {
          latencies.push(await order());
        } catch (e) {
          errors += 1;
          if (errors <= 3) console.error((e as Error).message);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  const subs = await queryOne<{ n: number }>(
    deps.db,
    sql`select count(*)::int as n from subscriptions where tenant_id = ${tenant.id}`,
  );
  console.log(
    [
      `orders: ${latencies.length} in ${elapsed.toFixed(1)} s = ${(latencies.length / elapsed).toFixed(0)} orders/s`,
      `latency ms: p50 ${pct(50).toFixed(1)}  p95 ${pct(95).toFixed(1)}  p99 ${pct(99).toFixed(1)}  max ${pct(100).toFixed(1)}`,
      `node CPU (server + client): ${((cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length)).toFixed(2)} ms/order`,
      `errors: ${errors}; subscriptions created: ${subs?.n} (orders incl. warm-up: ${seq - errors})`,
    ].join("\n"),
  );
  agent.destroy();
} finally {
  await app.close();
  if (database !== scratch) await database.close();
  await scratch.close();
}
