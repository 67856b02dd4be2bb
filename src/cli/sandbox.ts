import { join } from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../config.ts";
import { type Database, openDatabase, redactUrl } from "../shared/db.ts";
import { DEFAULT_SANDBOX_CLIENT, startDropboxSandbox } from "../vendor-sandboxes/dropbox/index.ts";

/**
 * `openbss sandbox dropbox`: the Dropbox vendor sandbox alone, for a BSS (or anything else)
 * to call over HTTP. Its tables live in the `dropbox_sandbox` schema: on the PostgreSQL server
 * of DATABASE_URL, else in an embedded PGlite of its own (`<data dir>/dropbox-sandbox`), so it
 * runs next to an embedded `openbss serve` without touching the BSS's locked data directory.
 */
export interface DropboxSandboxCliOptions {
  port: string;
  host: string;
  retentionDays: string;
  tokenTtl: string;
  reseller?: string[];
  dataDir?: string;
  inMemory?: boolean;
}

export function registerSandboxCommand(program: Command): void {
  const sandbox = program.command("sandbox").description("run a simulated vendor API");
  sandbox
    .command("dropbox")
    .description("run the Dropbox vendor sandbox (reseller API, OAuth, faults, /__sandbox control routes)")
    .option("--port <n>", "port to listen on (0 = any free port)", "4010")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--retention-days <n>", "days a cancelled team is retained before deletion", "7")
    .option("--token-ttl <seconds>", "access-token lifetime on the sandbox clock", "14400")
    .option("--reseller <id...>", "reseller ids to seed (more through POST /__sandbox/seed)")
    .option("--data-dir <dir>", "embedded data directory when DATABASE_URL is not set")
    .option("--in-memory", "embedded and in memory: nothing is kept after exit")
    .action(async (opts: DropboxSandboxCliOptions) => {
      const running = await runDropboxSandbox(opts);
      process.stdout.write(running.banner);
      const stop = (signal: string) => {
        process.stderr.write(`\n${signal} received, stopping the sandbox…\n`);
        running.close().then(
          () => process.exit(0),
          (e: unknown) => {
            console.error(e);
            process.exit(1);
          },
        );
      };
      process.once("SIGINT", () => stop("SIGINT"));
      process.once("SIGTERM", () => stop("SIGTERM"));
    });
}

export async function runDropboxSandbox(
  opts: DropboxSandboxCliOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ url: string; banner: string; close(): Promise<void> }> {
  const config = loadConfig(env);
  const port = integer("--port", opts.port);
  const useServer = Boolean(config.DATABASE_URL) && !opts.inMemory;
  const dataDir = opts.inMemory
    ? undefined
    : (opts.dataDir ?? join(config.OPENBSS_DATA_DIR, "dropbox-sandbox"));
  const database: Database = await openDatabase(
    useServer ? { databaseUrl: config.DATABASE_URL, poolSize: 5 } : { dataDir },
  );
  try {
    const sandbox = await startDropboxSandbox({
      db: database.db,
      port,
      host: opts.host,
      retentionDays: integer("--retention-days", opts.retentionDays),
      tokenTtlSeconds: integer("--token-ttl", opts.tokenTtl),
      resellers: (opts.reseller ?? []).map((id) => ({ id })),
      logger: config.LOG_LEVEL === "debug" || config.LOG_LEVEL === "trace",
    });
    const where = useServer
      ? `PostgreSQL ${redactUrl(config.DATABASE_URL!)}, schema dropbox_sandbox`
      : dataDir
        ? `embedded PGlite in ${dataDir}`
        : "embedded PGlite in memory";
    const banner = [
      "",
      `Dropbox sandbox listening on ${sandbox.url} (${where})`,
      `  OAuth        POST ${sandbox.url}/oauth2/token  client_id=${DEFAULT_SANDBOX_CLIENT.clientId} client_secret=${DEFAULT_SANDBOX_CLIENT.clientSecret}`,
      `  Reseller API POST ${sandbox.url}/2/reseller/teams/{create,get_info,list,set_licenses,change_plan,suspend,unsuspend,cancel}`,
      `  Control      ${sandbox.url}/__sandbox/{reset,seed,clock,clock/advance,faults,outbox,teams,events}`,
      "",
    ].join("\n");
    return {
      url: sandbox.url,
      banner: `${banner}\n`,
      async close() {
        try {
          await sandbox.close();
        } finally {
          await database.close();
        }
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}

function integer(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number, got "${value}"`);
  return n;
}
