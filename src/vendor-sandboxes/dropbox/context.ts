import { randomBytes } from "node:crypto";
import type { Db } from "../../shared/db.ts";
import type { SandboxClock } from "./clock.ts";
import type { Faults } from "./faults.ts";

/** What every sandbox route needs; one per running sandbox (state itself is in the database). */
export interface SandboxContext {
  db: Db;
  clock: SandboxClock;
  faults: Faults;
  retentionMs: number;
  tokenTtlSeconds: number;
  /** OAuth clients: client id → secret. */
  clients: Map<string, string>;
  holds: Holds;
}

/**
 * Responses held back by the timeout fault. Closing the sandbox releases them at once, so a
 * test never waits for a held response and nothing touches the database after close().
 */
export interface Holds {
  hold(ms: number): Promise<boolean>;
  releaseAll(): void;
  readonly closing: boolean;
  /** Counts a running API handler, so close() knows when no handler can touch the database. */
  track<T>(work: () => Promise<T>): Promise<T>;
  idle(): Promise<void>;
}

export function createHolds(): Holds {
  const pending = new Set<() => void>();
  let closing = false;
  let running = 0;
  const waiters: (() => void)[] = [];
  return {
    async track(work) {
      running++;
      try {
        return await work();
      } finally {
        running--;
        if (running === 0) for (const w of waiters.splice(0)) w();
      }
    },
    idle: () => (running === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    hold(ms) {
      if (closing) return Promise.resolve(false);
      return new Promise((resolve) => {
        const done = (completed: boolean) => {
          clearTimeout(timer);
          pending.delete(release);
          resolve(completed);
        };
        const release = () => done(false);
        const timer = setTimeout(() => done(true), ms);
        pending.add(release);
      });
    },
    releaseAll() {
      closing = true;
      for (const release of [...pending]) release();
    },
    get closing() {
      return closing;
    },
  };
}

export const randomToken = (bytes = 24) => randomBytes(bytes).toString("base64url");
export const newTeamId = () => `dbtid:${randomBytes(16).toString("base64url")}`;
