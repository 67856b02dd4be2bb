/**
 * `npm run bench:orders [-- --seconds 60 --concurrency 16 --customers 200 --client http|fetch
 *                          --load inline|child --api-processes N --tenants N --profile file.cpuprofile]`
 *
 * Places and executes BSS orders over real HTTP: seeds a tenant with the Dropbox catalogue and N
 * customers, starts the API on 127.0.0.1, then runs `concurrency` clients that each POST
 * /api/bss/orders (a Dropbox plan with a fresh team-admin email, so every order is executed into a
 * subscription, R-ORD-08) for `seconds`. Prints orders/s, latency percentiles and where the CPU
 * went (this process, the load process, the API processes, the PostgreSQL server). PGlite by
 * default; PostgreSQL when DATABASE_URL is set (a scratch database copied from the migrated
 * template, dropped afterwards; DB_POOL_SIZE sizes each API process's pool).
 *
 * - `--load child` (default) runs the load generator in a separate Node process on loopback, so
 *   the API's event loop and CPU are the server's alone, as with real clients; `--load inline`
 *   runs it in this process, beside the API (how the first figures were taken).
 * - `--api-processes N` (PostgreSQL only) starts N API processes (bench/orders-api.ts) and the
 *   clients round-robin over them — how `openbss serve` scales out on one server.
 * - `--tenants N` (default 1) spreads the orders over N tenants (N × `customers`): order numbers are
 *   gapless per tenant, so one tenant's orders commit one at a time (orders.repo nextOrderNumber).
 * - `--profile f.cpuprofile` writes a CPU profile of this process for the measured phase only.
 *
 * Goal on PostgreSQL: ≥ 300 orders/s, p99 < 100 ms (docs/performance.md, "Orders").
 */
import { type ChildProcess, fork } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildDeps } from "../src/deps.ts";
import type { App } from "../src/http/app.ts";
import { buildServer } from "../src/http/server.ts";
import { openDatabase, queryOne, sql } from "../src/shared/db.ts";
import { createLogger } from "../src/shared/log.ts";
import { installDropboxCatalog, productBySku } from "../test/catalog-fixtures.ts";
import { createAccount, createTenant, createUser, TEST_PASSWORD, unique } from "../test/factories.ts";
import { openTestDatabase, testConfig } from "../test/harness.ts";
import { type LoadPlan, type LoadResult, runLoad, type TenantPlan } from "./orders-load.ts";

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    concurrency: { type: "string", default: "16" },
    customers: { type: "string", default: "200" },
    client: { type: "string", default: "http" },
    load: { type: "string", default: "child" },
    "api-processes": { type: "string", default: "0" },
    tenants: { type: "string", default: "1" },
    profile: { type: "string" },
  },
});
const SECONDS = Number(args.seconds);
const CONCURRENCY = Number(args.concurrency);
const CUSTOMERS = Number(args.customers);
const API_PROCESSES = Number(args["api-processes"]);
const TENANTS = Number(args.tenants);
if (args.client !== "http" && args.client !== "fetch") throw new Error("--client is http or fetch");
if (args.load !== "inline" && args.load !== "child") throw new Error("--load is inline or child");

const scratch = await openTestDatabase();
if (API_PROCESSES > 0 && scratch.kind !== "postgres") {
  await scratch.close();
  throw new Error("--api-processes needs PostgreSQL (DATABASE_URL): PGlite is one process");
}
// The API gets its own pool (DB_POOL_SIZE, as `openbss serve` would); the scratch copy is dropped at the end.
let scratchUrl: string | undefined;
let backendDatabase: string | undefined;
const database = await (async () => {
  if (scratch.kind !== "postgres") return scratch;
  const row = await queryOne<{ db: string }>(scratch.db, sql`select current_database() as db`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${row!.db}`;
  scratchUrl = url.toString();
  backendDatabase = row!.db;
  return openDatabase({ databaseUrl: scratchUrl, poolSize: Number(process.env.DB_POOL_SIZE ?? 10) });
})();
const config = testConfig({ OPENBSS_CLOCK: "system" });
const deps = buildDeps({ config, database, log: createLogger("silent") });

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const children: ChildProcess[] = [];
const spawn = (file: string, extra: string[] = []) => {
  const child = fork(here(file), extra, {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...(scratchUrl ? { DATABASE_URL: scratchUrl } : {}) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.push(child);
  return child;
};
const nextMessage = <T>(child: ChildProcess, pick: (m: Record<string, unknown>) => boolean) =>
  new Promise<T>((resolve, reject) => {
    const onMessage = (m: Record<string, unknown>) => {
      if (m && typeof m === "object" && "error" in m) reject(new Error(String(m.error)));
      else if (m && typeof m === "object" && pick(m)) {
        child.off("message", onMessage);
        resolve(m as T);
      }
    };
    child.on("message", onMessage);
    child.once("exit", (code) => reject(new Error(`child exited with ${code}`)));
  });

let app: App | undefined;
const apis: ChildProcess[] = [];
const targets: string[] = [];
try {
  if (API_PROCESSES > 0) {
    for (let i = 0; i < API_PROCESSES; i++) apis.push(spawn("./orders-api.ts"));
    for (const api of apis) {
      const { port } = await nextMessage<{ port: number }>(api, (m) => "port" in m);
      targets.push(`http://127.0.0.1:${port}`);
    }
  } else {
    app = await buildServer(deps, { serveWeb: false });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    targets.push(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`);
  }
  const where = API_PROCESSES > 0 ? `${API_PROCESSES} API processes` : "API in the bench process";
  console.log(
    `orders bench on ${database.kind}: ${CONCURRENCY} clients (${args.client}, load ${args.load}), ${where}, ` +
      `${SECONDS} s, ${TENANTS} tenant(s) × ${CUSTOMERS} customers, pool ${process.env.DB_POOL_SIZE ?? 10}/process`,
  );
  const tenantPlans: TenantPlan[] = [];
  const tenantIds: string[] = [];
  for (let t = 0; t < TENANTS; t++) {
    const tenant = await createTenant(deps);
    tenantIds.push(tenant.id);
    await installDropboxCatalog(deps, tenant.id);
    const product = await productBySku(deps, tenant.id, "DBX-STD-MCMB");
    const annualPlan = await productBySku(deps, tenant.id, "DBX-STD-AC1Y");
    const reseller = await createAccount(deps, {
      tenantId: tenant.id,
      kind: "reseller",
      edition: "standard",
    });
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
    const login = await fetch(`${targets[0]}/api/bss/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: clerk.email, password: TEST_PASSWORD }),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    if (login.status !== 200 || !cookie) throw new Error(`sign-in failed: ${login.status}`);
    tenantPlans.push({ cookie, customers, monthlyProductId: product.id, annualProductId: annualPlan.id });
  }

  const plan: LoadPlan = {
    targets,
    tenants: tenantPlans,
    run: unique("bench"),
    seconds: SECONDS,
    concurrency: CONCURRENCY,
    client: args.client,
    warmup: 50 * targets.length,
  };

  // CPU of every process involved, from the start to the end of the measured phase.
  const profiler = args.profile ? new Session() : undefined;
  let before: CpuSnapshot | undefined;
  const apiCpu = () =>
    Promise.all(
      apis.map((api) => {
        const reply = nextMessage<{ cpuMicros: number }>(api, (m) => "cpuMicros" in m);
        api.send("cpu");
        return reply.then((r) => r.cpuMicros);
      }),
    );
  let apiBefore: Promise<number[]> = Promise.resolve([]);
  const onMeasureStart = () => {
    before = cpuSnapshot();
    apiBefore = apiCpu();
  };
  if (profiler) {
    profiler.connect();
    await profiler.post("Profiler.enable");
  }
  let result: LoadResult;
  let loadCpuMicros = 0;
  if (args.load === "child") {
    const loader = spawn("./orders-load.ts", ["--orders-load-child"]);
    const measuring = nextMessage(loader, (m) => "measuring" in m).then(async () => {
      onMeasureStart();
      if (profiler) await profiler.post("Profiler.start");
    });
    const done = nextMessage<{ result: LoadResult }>(loader, (m) => "result" in m);
    loader.send(plan);
    await measuring;
    result = (await done).result;
    loadCpuMicros = result.cpuMicros;
  } else {
    result = await runLoad(plan, {
      onMeasureStart: () => {
        onMeasureStart();
        if (profiler) void profiler.post("Profiler.start");
      },
    });
  }
  const after = cpuSnapshot();
  const apiAfter = await apiCpu();
  if (profiler) {
    const { profile } = await profiler.post("Profiler.stop");
    writeFileSync(args.profile!, JSON.stringify(profile));
    profiler.disconnect();
  }

  const { latencies, errors } = result;
  const n = latencies.length;
  const pct = (p: number) => latencies[Math.min(n - 1, Math.floor((p / 100) * n))] ?? 0;
  const subs = await queryOne<{ n: number }>(
    deps.db,
    sql`select count(*)::int as n from subscriptions
        where tenant_id in (select jsonb_array_elements_text(${JSON.stringify(tenantIds)}::jsonb))`,
  );
  const perOrder = (micros: number) => `${(micros / 1000 / Math.max(1, n)).toFixed(2)} ms/order`;
  const cpu = diffCpu(before!, after);
  const apiStart = await apiBefore;
  const apiMicros = apiAfter.reduce((s, v, i) => s + v - (apiStart[i] ?? 0), 0);
  const lines = [
    `orders: ${n} in ${result.elapsedSeconds.toFixed(1)} s = ${(n / result.elapsedSeconds).toFixed(0)} orders/s`,
    `latency ms: p50 ${pct(50).toFixed(1)}  p95 ${pct(95).toFixed(1)}  p99 ${pct(99).toFixed(1)}  max ${pct(100).toFixed(1)}`,
  ];
  const selfLabel =
    API_PROCESSES > 0
      ? args.load === "child"
        ? "bench process (idle)"
        : "bench process (load)"
      : args.load === "child"
        ? "bench process (API)"
        : "bench process (API + load)";
  lines.push(`CPU ${selfLabel}: ${perOrder(cpu.selfMicros)}`);
  if (args.load === "child") lines.push(`CPU load process: ${perOrder(loadCpuMicros)}`);
  if (API_PROCESSES > 0) lines.push(`CPU ${API_PROCESSES} API processes: ${perOrder(apiMicros)}`);
  if (cpu.postgresMicros !== undefined && database.kind === "postgres")
    lines.push(`CPU PostgreSQL server: ${perOrder(cpu.postgresMicros)}`);
  if (cpu.machineBusy !== undefined)
    lines.push(
      `machine: ${(cpu.machineBusy * 100).toFixed(0)}% of ${cpu.cores} cores busy (${perOrder(cpu.machineBusyMicros!)})`,
    );
  lines.push(`errors: ${errors}; subscriptions created: ${subs?.n} (orders incl. warm-up: ${result.sent})`);
  for (const e of result.firstErrors) console.error(e);
  console.log(lines.join("\n"));
} finally {
  for (const api of apis) {
    if (api.exitCode !== null) continue;
    const stopped = nextMessage(api, (m) => "stopped" in m).catch(() => {});
    api.send("stop");
    await stopped;
  }
  for (const c of children) if (c.exitCode === null) c.kill();
  if (app) await app.close();
  if (database !== scratch) await database.close();
  await scratch.close();
}

interface CpuSnapshot {
  selfMicros: number;
  postgresTicks?: Map<number, number>;
  machine?: { busy: number; total: number };
}

/**
 * This process's CPU, and from /proc (Linux) the PostgreSQL server's — its background processes and
 * the backends of the bench's database, not other databases' (tests may share the server) — and
 * the machine's.
 */
function cpuSnapshot(): CpuSnapshot {
  const self = process.cpuUsage();
  const snap: CpuSnapshot = { selfMicros: self.user + self.system };
  try {
    const ticks = new Map<number, number>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        if (comm !== "postgres") continue;
        // A backend's title is "postgres: <cluster>: <user> <database> <client> <state>".
        const title = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
        const backend = /^postgres: \S+: \S+ (\S+) \S+\(\d+\)/.exec(title);
        if (backend && backendDatabase && backend[1] !== backendDatabase) continue;
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
      } catch {
        // the process ended meanwhile
      }
    }
    snap.postgresTicks = ticks;
    const cpuLine = readFileSync("/proc/stat", "utf8").split("\n")[0]!.split(/\s+/).slice(1).map(Number);
    const total = cpuLine.reduce((s, v) => s + v, 0);
    const idle = (cpuLine[3] ?? 0) + (cpuLine[4] ?? 0);
    snap.machine = { busy: total - idle, total };
  } catch {
    // no /proc: only this process is measured
  }
  return snap;
}

function diffCpu(a: CpuSnapshot, b: CpuSnapshot) {
  const TICK_MICROS = 10_000; // USER_HZ = 100 on Linux
  const cores = (() => {
    try {
      return readFileSync("/proc/stat", "utf8")
        .split("\n")
        .filter((l) => /^cpu\d/.test(l)).length;
    } catch {
      return 1;
    }
  })();
  let postgresMicros: number | undefined;
  if (a.postgresTicks && b.postgresTicks && b.postgresTicks.size > 0) {
    let ticks = 0;
    for (const [pid, t] of b.postgresTicks) ticks += t - (a.postgresTicks.get(pid) ?? 0);
    postgresMicros = ticks * TICK_MICROS;
  }
  let machineBusy: number | undefined;
  let machineBusyMicros: number | undefined;
  if (a.machine && b.machine) {
    const total = b.machine.total - a.machine.total;
    const busy = b.machine.busy - a.machine.busy;
    machineBusy = total > 0 ? busy / total : 0;
    machineBusyMicros = busy * TICK_MICROS;
  }
  return { selfMicros: b.selfMicros - a.selfMicros, postgresMicros, machineBusy, machineBusyMicros, cores };
}
