import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/**
 * Issue 17 item 5 (stack-traps #17): one connection runs one query at a time. A transaction's
 * client given a second query while the first runs (`Promise.all` over `tx`, a query started before
 * the previous one is awaited) is queued by pg with a deprecation warning (an error in pg 9) and
 * by PGlite behind its mutex — it works today by luck of the driver. The test harness wraps the
 * drivers at the edge and records every such overlap with the stack of the query that overlapped:
 * - pg: `Client.prototype.query` while the client has a query running or queued (pool clients,
 *   so every transaction; queries on the pool itself take a client each and never overlap);
 * - PGlite: the query/exec of a transaction handle while another of its queries is in flight.
 * Overlaps nobody took with `takeQueryOverlaps()` are printed when the process exits and fail it
 * (exit code 1), so any test file or bench that hits one fails with the place to fix.
 */
export interface QueryOverlap {
  driver: "pg" | "pglite";
  /** The statement issued while another was in flight. */
  query: string;
  /** The statement it overlapped (pg: the running or first queued one). */
  running: string;
  stack: string;
}

const recorded: QueryOverlap[] = [];
let installed = false;

/** Installs the watch once per process (the harness calls it). */
export function watchQueryOverlaps(): void {
  if (installed) return;
  installed = true;
  watchPg();
  watchPglite();
  process.on("exit", () => {
    if (recorded.length === 0) return;
    process.stderr.write(
      `\n${recorded.length} quer${recorded.length === 1 ? "y was" : "ies were"} issued on a connection ` +
        "already running one (issue 17 item 5; test/query-overlaps.ts):\n",
    );
    for (const o of recorded.slice(0, 5)) process.stderr.write(`${describe(o)}\n`);
    process.exitCode = 1;
  });
}

/** The overlaps recorded since the last call (and forgets them: a test that takes them owns them). */
export function takeQueryOverlaps(): QueryOverlap[] {
  return recorded.splice(0, recorded.length);
}

export function describe(o: QueryOverlap): string {
  return `[${o.driver}] ${o.query}\n  while running: ${o.running}\n${o.stack}`;
}

function record(driver: QueryOverlap["driver"], query: unknown, running: unknown): void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const frames = (new Error("overlapping query").stack ?? "")
    .split("\n")
    .slice(1)
    .filter((l) => !/node_modules|node:internal|query-overlaps\.ts/.test(l));
  Error.stackTraceLimit = limit;
  recorded.push({
    driver,
    query: textOf(query),
    running: textOf(running),
    // A query builder awaited by Promise.all is started from a microtask: no caller frames then.
    stack:
      frames.length > 0
        ? frames.join("\n")
        : "    (no caller frames: started from a microtask, e.g. Promise.all)",
  });
}

function textOf(query: unknown): string {
  const text =
    typeof query === "string"
      ? query
      : query && typeof query === "object" && "text" in query
        ? String((query as { text: unknown }).text)
        : String(query);
  return text.replace(/\s+/g, " ").slice(0, 200);
}

interface PgClientInternals {
  _activeQuery?: unknown;
  _queryQueue?: unknown[];
  pipeline?: boolean;
}

function watchPg(): void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: PgClientInternals, ...args: unknown[]) {
    const queued = this._queryQueue ?? [];
    if (!this.pipeline && (this._activeQuery || queued.length > 0))
      record("pg", args[0], this._activeQuery ?? queued[0]);
    return original.apply(this, args);
  };
}

type PgliteTx = { query: (...a: unknown[]) => Promise<unknown>; exec: (...a: unknown[]) => Promise<unknown> };

function watchPglite(): void {
  const proto = PGlite.prototype as unknown as {
    transaction: (fn: (tx: PgliteTx) => Promise<unknown>) => Promise<unknown>;
  };
  const original = proto.transaction;
  proto.transaction = function (this: unknown, fn: (tx: PgliteTx) => Promise<unknown>) {
    return original.call(this, (tx: PgliteTx) => fn(watchedTx(tx)));
  };
}

function watchedTx(tx: PgliteTx): PgliteTx {
  let inFlight = 0;
  let last: unknown;
  const wrap =
    (method: (...a: unknown[]) => Promise<unknown>) =>
    async (...args: unknown[]) => {
      if (inFlight > 0) record("pglite", args[0], last);
      inFlight++;
      last = args[0];
      try {
        return await method(...args);
      } finally {
        inFlight--;
      }
    };
  return new Proxy(tx, {
    get(target, key, receiver) {
      if (key === "query") return wrap(target.query.bind(target));
      if (key === "exec") return wrap(target.exec.bind(target));
      return Reflect.get(target, key, receiver);
    },
  });
}
