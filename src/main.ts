import { Command } from "commander";
import { billFromCli } from "./cli/bill.ts";
import { syncCatalogFromCli } from "./cli/catalog.ts";
import { consistencyFromCli } from "./cli/consistency.ts";
import { registerSandboxCommand } from "./cli/sandbox.ts";
import { type Config, loadConfig } from "./config.ts";
import { DEMO_USERS, seedDemo } from "./demo/seed-demo.ts";
import { buildDeps, type Deps } from "./deps.ts";
import { buildServer } from "./http/server.ts";
import { startWorker } from "./jobs/index.ts";
import { jobHandlers } from "./jobs/registry.ts";
import { restoreClock, startDailyBilling } from "./modules/billing-run/index.ts";
import { startDriftReconcile } from "./modules/provisioning/index.ts";
import { type Database, openDatabase, redactUrl } from "./shared/db.ts";
import { isAppError } from "./shared/errors.ts";
import { createLogger, type Logger } from "./shared/log.ts";
import { migrate } from "./shared/migrate.ts";
import { DEFAULT_SANDBOX_CLIENT, startDropboxSandbox } from "./vendor-sandboxes/dropbox/index.ts";

/**
 * The openbss CLI. `serve` is what `npm start` runs: migrate, seed the demo on first start,
 * then the HTTP API, the job worker and the web app in one process.
 */
interface Runtime {
  config: Config;
  log: Logger;
  database: Database;
  deps: Deps;
}

async function openRuntime(options: { migrate: boolean }): Promise<Runtime> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.OPENBSS_DATA_DIR,
    poolSize: config.DB_POOL_SIZE,
  });
  try {
    if (options.migrate) {
      const { applied } = await migrate(database.db);
      if (applied.length) log.info({ applied }, "migrations applied");
    }
  } catch (e) {
    await database.close();
    throw e;
  }
  const deps = buildDeps({ config, database, log });
  if (options.migrate) await restoreClock(deps); // a manual clock resumes where it was advanced to
  return { config, log, database, deps };
}

function where(config: Config): string {
  return config.DATABASE_URL
    ? `PostgreSQL ${redactUrl(config.DATABASE_URL)}`
    : `embedded PGlite in ${config.OPENBSS_DATA_DIR}`;
}

function onShutdown(fn: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal} received, stopping…\n`);
    fn().then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => handler("SIGINT"));
  process.on("SIGTERM", () => handler("SIGTERM"));
}

const program = new Command()
  .name("openbss")
  .description("Open-source BSS for selling cloud services through a channel")
  .showHelpAfterError();

program
  .command("serve")
  .description("migrate, seed the demo on first start, and run the API, the worker and the web app")
  .option("--no-seed", "do not seed the demo data on an empty database")
  .option("--no-worker", "do not run the job worker in this process")
  .action(async (opts: { seed: boolean; worker: boolean }) => {
    const rt = await openRuntime({ migrate: true });
    const { config, deps } = rt;
    // Without DROPBOX_API_URL the vendor is the sandbox, in-process on a free port and on the same
    // database (its own schema); the connector talks to it over HTTP like to the partner API.
    const sandbox = config.DROPBOX_API_URL
      ? undefined
      : await startDropboxSandbox({
          db: deps.db,
          port: 0,
          clock: deps.clock,
          retentionDays: config.DROPBOX_SANDBOX_RETENTION_DAYS,
        });
    if (sandbox)
      deps.vendorConnections.dropbox = {
        baseUrl: sandbox.url,
        ...DEFAULT_SANDBOX_CLIENT,
        sandboxControlUrl: sandbox.url,
        client: { timeoutMs: config.DROPBOX_TIMEOUT_MS },
      };
    let seeded = false;
    if (opts.seed) seeded = (await seedDemo(deps)).created;
    const app = await buildServer(deps);
    await app.listen({ port: config.PORT, host: config.HOST });
    const worker = opts.worker ? startWorker(deps, jobHandlers) : undefined;
    const daily = opts.worker ? startDailyBilling(deps) : undefined;
    const drift = opts.worker ? startDriftReconcile(deps) : undefined;
    const url = `http://localhost:${config.PORT}`;
    const lines = [
      "",
      `openbss is running on ${where(config)} (${deps.clock.kind} clock)`,
      `  Back office  ${url}/bss`,
      `  Storefront   ${url}/store/${DEMO_USERS.storefrontAlias}`,
      `  API docs     ${url}/api/docs`,
      `  Dropbox      ${sandbox ? `sandbox ${sandbox.url}` : config.DROPBOX_API_URL}`,
      "",
      `Demo users${seeded ? " (just created)" : ""} — password: ${config.OPENBSS_DEMO_PASSWORD}`,
      ...DEMO_USERS.list.map((u) => `  ${u.area.padEnd(10)} ${u.email.padEnd(36)} ${u.description}`),
      "",
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    onShutdown(async () => {
      daily?.stop();
      drift?.stop();
      await worker?.stop();
      await app.close();
      await sandbox?.close();
      await rt.database.close();
    });
  });

program
  .command("migrate")
  .description("apply database migrations (safe when several processes start at once)")
  .action(async () => {
    const rt = await openRuntime({ migrate: false });
    try {
      const { applied } = await migrate(rt.database.db);
      process.stdout.write(applied.length ? `Applied: ${applied.join(", ")}\n` : "Database is up to date.\n");
    } finally {
      await rt.database.close();
    }
  });

program
  .command("seed")
  .description("create the demo data (tenants, accounts, users, catalogue); does nothing if it exists")
  .action(async () => {
    const rt = await openRuntime({ migrate: true });
    try {
      const result = await seedDemo(rt.deps);
      process.stdout.write(
        result.created ? "Demo data created.\n" : "Demo data already present; nothing changed.\n",
      );
    } finally {
      await rt.database.close();
    }
  });

program
  .command("worker")
  .description("run a job worker (extra worker processes need DATABASE_URL: PostgreSQL)")
  .action(async () => {
    const rt = await openRuntime({ migrate: true });
    // Provisioning needs DROPBOX_API_URL here: serve's in-process sandbox is not reachable.
    if (!rt.config.DROPBOX_API_URL)
      rt.log.warn("DROPBOX_API_URL is not set: provisioning jobs will retry until it is");
    const worker = startWorker(rt.deps, jobHandlers);
    const daily = startDailyBilling(rt.deps);
    const drift = startDriftReconcile(rt.deps);
    rt.log.info({ workerId: worker.workerId, database: where(rt.config) }, "worker started");
    onShutdown(async () => {
      daily.stop();
      drift.stop();
      await worker.stop();
      await rt.database.close();
    });
  });

program
  .command("bill")
  .description(
    "run billing for a date (default today): renewals, scheduled changes, invoices — safe to repeat",
  )
  .option("--date <YYYY-MM-DD>", "the billing date (not after today)")
  .option("--tenant <slug>", "one tenant (default: every tenant)")
  .action(async (opts: { date?: string; tenant?: string }) => {
    const rt = await openRuntime({ migrate: true });
    try {
      await billFromCli(rt.deps, opts);
    } finally {
      await rt.database.close();
    }
  });

program
  .command("consistency")
  .description("compare a tenant reseller's books with the distributor's copies; exit 1 on any difference")
  .requiredOption("--tenant <slug>", "the tenant reseller")
  .option("--json", "print the report as JSON")
  .action(async (opts: { tenant: string; json?: boolean }) => {
    const rt = await openRuntime({ migrate: true });
    try {
      const report = await consistencyFromCli(rt.deps, opts);
      if (report.differences.length > 0) process.exitCode = 1;
    } finally {
      await rt.database.close();
    }
  });

const catalog = program.command("catalog").description("catalogue actions");
catalog
  .command("get-services-definition")
  .description("install or update a service manager's catalogue in a tenant (idempotent)")
  .requiredOption("--tenant <slug>", "tenant slug, e.g. demo-distributor")
  .option("--vendor <vendor>", "service manager vendor", "dropbox")
  .action(async (opts: { tenant: string; vendor: string }) => {
    const rt = await openRuntime({ migrate: true });
    try {
      await syncCatalogFromCli(rt.deps, opts);
    } finally {
      await rt.database.close();
    }
  });

registerSandboxCommand(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  const message = isAppError(e) || e instanceof Error ? e.message : String(e);
  process.stderr.write(`openbss: ${message}\n`);
  process.exit(1);
});
