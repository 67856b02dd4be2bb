import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { AppError } from "./errors.ts";

/**
 * The database: embedded PGlite (one process, a lock on the data directory) or a PostgreSQL
 * server (DATABASE_URL; many processes). Both speak the same SQL (PostgreSQL 15 subset).
 */
// biome-ignore lint/suspicious/noExplicitAny: the schema type parameter is irrelevant to callers.
export type Db = PgDatabase<PgQueryResultHKT, any>;
/** A transaction handle; repository functions take this (or the Db) as their first argument. */
export type Tx = Db;

export interface Database {
  readonly kind: "pglite" | "postgres";
  readonly db: Db;
  /** Embedded only: the PGlite instance (for dumps in tests). */
  readonly pglite?: PGlite;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; omitted = in memory. */
  dataDir?: string | undefined;
  /** PGlite: start from a dumped data directory (tests' migrated template). */
  loadDataDir?: Blob | File | undefined;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.dataDir, options.loadDataDir);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on("error", () => {
    // An idle client lost its connection; the pool replaces it. Queries report their own errors.
  });
  // Fail fast with a readable message when the server is not reachable.
  try {
    const client = await pool.connect();
    client.release();
  } catch (e) {
    await pool.end().catch(() => {});
    throw new AppError(
      "unavailable",
      `Cannot connect to PostgreSQL at ${redactUrl(url)}: ${(e as Error).message}`,
    );
  }
  const db = drizzleNodePg({ client: pool, casing: "snake_case" }) as unknown as Db;
  return { kind: "postgres", db, close: () => pool.end() };
}

async function openPglite(
  dataDir: string | undefined,
  loadDataDir: Blob | File | undefined,
): Promise<Database> {
  let release = () => {};
  let client: PGlite;
  if (dataDir) {
    const dir = resolve(dataDir);
    mkdirSync(dir, { recursive: true }); // PGlite fails when the parent does not exist (stack-traps #5)
    release = lockDataDir(dir);
    try {
      client = new PGlite(join(dir, "pg"));
      await client.waitReady;
    } catch (e) {
      release();
      throw e;
    }
  } else {
    client = new PGlite(loadDataDir ? { loadDataDir } : {});
    await client.waitReady;
  }
  const db = drizzlePglite({ client, casing: "snake_case" }) as unknown as Db;
  return {
    kind: "pglite",
    db,
    pglite: client,
    async close() {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * Nothing stops two processes from opening one PGlite directory (stack-traps #4), and they
 * would silently diverge. A lock file holding the owner's pid refuses the second process;
 * a lock left by a dead process is taken over.
 */
export function lockDataDir(dir: string): () => void {
  const lockPath = join(dir, "openbss.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = readLockOwner(lockPath);
      if (owner && owner.host === hostname() && isAlive(owner.pid) && owner.pid !== process.pid) {
        throw new AppError(
          "conflict",
          `The data directory ${dir} is in use by another openbss process (pid ${owner.pid}, since ${owner.since}). ` +
            "Embedded mode allows exactly one process: stop the other one, or set DATABASE_URL to run several processes on PostgreSQL.",
        );
      }
      // Stale lock from a process that is gone: take it over.
      try {
        unlinkSync(lockPath);
      } catch {
        // someone else removed it; retry
      }
    }
  }
  throw new AppError("conflict", `Could not take the lock on ${dir}`);
}

function readLockOwner(path: string): { pid: number; host: string; since: string } | undefined {
  try {
    if (!existsSync(path)) return undefined;
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

/** Rows of a raw SQL statement, on either driver. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export async function queryOne<T>(db: Db, query: SQL): Promise<T | undefined> {
  return (await queryRows<T>(db, query))[0];
}

/**
 * Rows of a raw SQL statement run as a NAMED prepared statement on PostgreSQL (PGlite ignores the
 * name): parsed and planned once per connection, then executed with a generic plan — ~35 µs of the
 * server's CPU less per call for a short statement (issue 17, measured). For hot statements whose
 * best plan does not depend on the values (the order path); the name is a hash of the text.
 */
export async function queryNamed<T>(db: Db, query: SQL): Promise<T[]> {
  const compiled = (
    db as unknown as { dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } } }
  ).dialect.sqlToQuery(query);
  let name = statementNames.get(compiled.sql);
  if (!name) {
    name = `q${createHash("sha1").update(compiled.sql).digest("hex").slice(0, 24)}`;
    statementNames.set(compiled.sql, name);
  }
  const prepared = db._.session.prepareQuery<{ execute: { rows: T[] }; all: unknown; values: unknown }>(
    compiled,
    undefined,
    name,
    false,
  );
  return (await prepared.execute()).rows;
}

const statementNames = new Map<string, string>();

/** Runs `fn` in one transaction; inside it, use only `tx` (PGlite deadlocks otherwise, stack-traps #2). */
export function transaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (raw) => {
    const tx = raw as unknown as Tx;
    const result = await fn(tx);
    await runBeforeCommit(tx);
    return result;
  });
}

/**
 * A savepoint inside `tx`: its failure rolls back only what `fn` wrote. Work registered with
 * `beforeCommit` inside it moves to the enclosing transaction when it succeeds.
 */
export async function savepoint<T>(tx: Tx, fn: (sp: Tx) => Promise<T>): Promise<T> {
  let inner: Tx | undefined;
  const result = await tx.transaction(async (raw) => {
    inner = raw as unknown as Tx;
    return fn(inner);
  });
  const moved = inner ? pending.get(inner) : undefined;
  if (moved) for (const [key, { work, phase }] of moved) beforeCommit(tx, key, work, phase);
  const movedLists = inner ? lists.get(inner) : undefined;
  if (movedLists) for (const [key, items] of movedLists) txList(tx, key).push(...items);
  return result;
}

const lists = new WeakMap<object, Map<string, unknown[]>>();

/**
 * A list kept for the duration of `tx` (created empty on first use): what a transaction has
 * collected for its `beforeCommit` work. A successful savepoint adds its items to the parent's.
 */
export function txList<T>(tx: Tx, key: string): T[] {
  let byKey = lists.get(tx);
  if (!byKey) {
    byKey = new Map();
    lists.set(tx, byKey);
  }
  let list = byKey.get(key);
  if (!list) {
    list = [];
    byKey.set(key, list);
  }
  return list as T[];
}

type CommitWork = (tx: Tx) => Promise<void>;
const pending = new WeakMap<object, Map<string, { work: CommitWork; phase: number }>>();

/**
 * Registers work to run once per `key` at the end of the transaction, just before it commits —
 * e.g. an outbox event carrying a row's final state after everything the transaction changed.
 * A transaction that rolls back (an error, a preview) never runs it.
 *
 * `phase` orders the work: lower phases first, registration order within a phase. The tail phases
 * (`COMMIT_PHASE`) are for statements that take a per-tenant gapless counter: the counter row stays
 * locked until commit, so they run last, right before COMMIT, and every transaction takes the
 * counters in the same order (invoice, then order: no deadlock between them). Issue 17.
 */
export function beforeCommit(tx: Tx, key: string, work: CommitWork, phase = 0): void {
  let works = pending.get(tx);
  if (!works) {
    works = new Map();
    pending.set(tx, works);
  }
  if (!works.has(key)) works.set(key, { work, phase });
}

/** The tail of a transaction: gapless counters, taken last and always in this order (issue 17). */
export const COMMIT_PHASE = { invoiceNumbers: 10, orderNumbers: 20 } as const;

async function runBeforeCommit(tx: Tx): Promise<void> {
  // Work may register more work: run the lowest phase pending until nothing is left.
  for (let works = pending.get(tx); works && works.size > 0; works = pending.get(tx)) {
    let phase = Number.POSITIVE_INFINITY;
    for (const w of works.values()) phase = Math.min(phase, w.phase);
    const now = [...works].filter(([, w]) => w.phase === phase);
    for (const [key] of now) works.delete(key);
    for (const [, w] of now) await w.work(tx);
  }
}

/**
 * One statement per key at a time in this process (FIFO) — for the statement that takes a gapless
 * counter row (held until commit). Without it every concurrent transaction of a tenant waits on the
 * row inside PostgreSQL and each commit wakes all of them to retry against the row's new version (a
 * lock convoy: wait events transactionid and LockManager). With it, a process has at most one
 * transaction waiting at the row, behind the one committing; the others wait here, for free. The
 * turn ends with the statement, not at commit, so the next one is already queued at the row when
 * the previous transaction commits. A transaction must take each key's turn at most once (a second
 * turn while it holds the row would wait on itself) and counters in one order (COMMIT_PHASE).
 */
const counterTurns = new Map<string, Promise<void>>();

export async function inCounterTurn<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = counterTurns.get(key);
  let done!: () => void;
  const mine = new Promise<void>((resolve) => {
    done = resolve;
  });
  counterTurns.set(key, mine);
  if (previous) await previous;
  try {
    return await fn();
  } finally {
    done();
    if (counterTurns.get(key) === mine) counterTurns.delete(key);
  }
}

export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = findPgError(e);
  if (err?.code !== "23505") return false;
  return constraint ? err.constraint === constraint || String(err.message).includes(constraint) : true;
}

export function findPgError(
  e: unknown,
): { code?: string; constraint?: string; message?: string } | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur; i++) {
    const c = cur as { code?: unknown; cause?: unknown };
    if (typeof c.code === "string" && /^[0-9A-Z]{5}$/.test(c.code)) return c as { code: string };
    cur = c.cause;
  }
  return undefined;
}

export type Scalar = string | number | bigint | boolean | null;

/** A PostgreSQL array literal of the values (cast it in SQL: `${pgArray(v)}::date[]`). */
export function pgArray(values: readonly Scalar[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ",";
    if (v === null || v === undefined) out += "NULL";
    else if (typeof v === "string") out += `"${v.replace(/[\\"]/g, "\\$&")}"`;
    else if (typeof v === "boolean") out += v ? "t" : "f";
    else out += String(v);
  }
  return `${out}}`;
}

export { type SQL, sql };
