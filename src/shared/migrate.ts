import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "./db.ts";

/**
 * Applies the committed drizzle-kit migrations (db/migrations) in one transaction under a
 * transaction-scoped advisory lock, so several processes starting at once on one PostgreSQL
 * server migrate exactly once (drizzle's own migrator takes no lock, stack-traps #7).
 */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../../db/migrations", import.meta.url));
const LOCK_KEY = 4_242_001; // arbitrary, constant for openbss

interface JournalEntry {
  idx: number;
  tag: string;
}

export interface Migration {
  tag: string;
  hash: string;
  statements: string[];
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const journal = JSON.parse(readFileSync(join(dir, "meta", "_journal.json"), "utf8")) as {
    entries: JournalEntry[];
  };
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map((entry) => {
      const text = readFileSync(join(dir, `${entry.tag}.sql`), "utf8");
      return {
        tag: entry.tag,
        hash: createHash("sha256").update(text).digest("hex"),
        statements: text
          .split("--> statement-breakpoint")
          .map((s) => s.trim())
          .filter(Boolean),
      };
    });
}

/** A fingerprint of all migrations (tests cache migrated templates under it). */
export function migrationsFingerprint(dir = MIGRATIONS_DIR): string {
  const h = createHash("sha256");
  for (const m of loadMigrations(dir)) h.update(m.tag).update(m.hash);
  return h.digest("hex").slice(0, 16);
}

export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<{ applied: string[] }> {
  const migrations = loadMigrations(dir);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
    await tx.execute(sql`create table if not exists openbss_migrations (
      tag text primary key,
      hash text not null,
      applied_at timestamptz not null default now()
    )`);
    const done = new Map(
      (
        await queryRows<{ tag: string; hash: string }>(
          tx as Db,
          sql`select tag, hash from openbss_migrations`,
        )
      ).map((r) => [r.tag, r.hash]),
    );
    const applied: string[] = [];
    for (const m of migrations) {
      const previous = done.get(m.tag);
      if (previous) {
        if (previous !== m.hash) {
          throw new Error(
            `Migration ${m.tag} was changed after it was applied; write a new migration instead.`,
          );
        }
        continue;
      }
      for (const statement of m.statements) await tx.execute(sql.raw(statement));
      await tx.execute(sql`insert into openbss_migrations (tag, hash) values (${m.tag}, ${m.hash})`);
      applied.push(m.tag);
    }
    return { applied };
  });
}
