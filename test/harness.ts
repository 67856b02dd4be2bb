import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { type Config, loadConfig } from "../src/config.ts";
import { buildDeps, type Deps } from "../src/deps.ts";
import { type ManualClock, manualClock } from "../src/shared/clock.ts";
import { type Database, openDatabase } from "../src/shared/db.ts";
import { createLogger } from "../src/shared/log.ts";
import { migrate, migrationsFingerprint } from "../src/shared/migrate.ts";
import { watchQueryOverlaps } from "./query-overlaps.ts";

/**
 * Each test file gets its own database, copied from a migrated template:
 * - PostgreSQL (DATABASE_URL set): CREATE DATABASE … TEMPLATE openbss_tpl_<fingerprint>;
 * - PGlite: a dump of a migrated data directory cached in .cache/ (a fresh initdb costs ~4 s,
 *   loading a dump well under one; stack-traps #1).
 * Tests isolate themselves further by creating their own tenants.
 */
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CACHE = join(ROOT, ".cache");

export const isPostgres = Boolean(process.env.DATABASE_URL);

// Every test and bench process fails when a connection is given two queries at once (issue 17).
watchQueryOverlaps();

export async function openTestDatabase(): Promise<Database> {
  return isPostgres ? openPostgresCopy(process.env.DATABASE_URL!) : openPgliteCopy();
}

async function openPgliteCopy(): Promise<Database> {
  const file = join(CACHE, `pglite-template-${migrationsFingerprint()}.tar.gz`);
  if (!existsSync(file)) await buildPgliteTemplate(file);
  const blob = new Blob([readFileSync(file)]);
  return openDatabase({ loadDataDir: blob });
}

async function buildPgliteTemplate(file: string): Promise<void> {
  mkdirSync(CACHE, { recursive: true });
  const client = new PGlite();
  try {
    const { drizzle } = await import("drizzle-orm/pglite");
    await migrate(drizzle({ client }) as never);
    const dump = await client.dumpDataDir("gzip");
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, file); // atomic: concurrent test files never read half a file
  } finally {
    await client.close();
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function openPostgresCopy(url: string): Promise<Database> {
  const template = `openbss_tpl_${migrationsFingerprint()}`;
  const name = `openbss_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query("select pg_advisory_lock(4242002)");
    const exists = await admin.query("select 1 from pg_database where datname = $1", [template]);
    if (exists.rowCount === 0) {
      await admin.query(`create database ${template}`);
      const tpl = await openDatabase({ databaseUrl: withDatabase(url, template), poolSize: 1 });
      try {
        await migrate(tpl.db);
      } catch (e) {
        await tpl.close();
        await admin.query(`drop database if exists ${template}`);
        throw e;
      }
      await tpl.close();
    }
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.query("select pg_advisory_unlock(4242002)").catch(() => {});
    await admin.end();
  }
  const database = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 8 });
  return {
    ...database,
    async close() {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await c.end();
    },
  };
}

/**
 * An empty, unmigrated database that several connections can open (for migration races):
 * a new database on the server, or one in-memory PGlite shared by every "connection".
 */
export async function openEmptyDatabase(): Promise<{ connect(): Promise<Database>; drop(): Promise<void> }> {
  if (isPostgres) {
    const url = process.env.DATABASE_URL!;
    const name = `openbss_e_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    return {
      connect: () => openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 2 }),
      async drop() {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const shared = await openDatabase({});
  return {
    connect: async () => ({ ...shared, close: async () => {} }),
    drop: () => shared.close(),
  };
}

export function testConfig(overrides: Partial<Record<string, string>> = {}): Config {
  return loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    OPENBSS_CLOCK: "manual",
    ...overrides,
  });
}

export interface TestContext {
  deps: Deps;
  clock: ManualClock;
  database: Database;
  close(): Promise<void>;
}

/** Deps on a fresh test database with a manual clock at 2026-01-15T09:00Z unless told otherwise. */
export async function createTestContext(options: { start?: string } = {}): Promise<TestContext> {
  const database = await openTestDatabase();
  const config = testConfig();
  const clock = manualClock(new Date(options.start ?? "2026-01-15T09:00:00Z"));
  const deps = buildDeps({ config, database, log: createLogger(config.LOG_LEVEL), clock });
  return { deps, clock, database, close: () => database.close() };
}

export function removeDir(path: string): void {
  rmSync(path, { recursive: true, force: true });
}
