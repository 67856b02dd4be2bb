import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { isPostgres, openEmptyDatabase, openTestDatabase, removeDir } from "../../test/harness.ts";
import { type Database, lockDataDir, openDatabase, queryRows } from "./db.ts";
import { migrate } from "./migrate.ts";

describe("database", () => {
  let database: Database;
  before(async () => {
    database = await openTestDatabase();
  });
  after(() => database.close());

  it("is migrated and migrating again applies nothing", async () => {
    const rows = await queryRows<{ tag: string }>(database.db, sql`select tag from openbss_migrations`);
    assert.ok(rows.length >= 1);
    const again = await migrate(database.db);
    assert.deepEqual(again.applied, []);
  });

  it("runs several migrations at once without failing (advisory lock)", async () => {
    const results = await Promise.all([migrate(database.db), migrate(database.db), migrate(database.db)]);
    for (const r of results) assert.deepEqual(r.applied, []);
  });

  it("migrates a fresh database exactly once when three processes start at once", async () => {
    // Three separate connections (pools) race on an empty database; the advisory lock lets one
    // apply every migration and the others find nothing to do.
    const fresh = await openEmptyDatabase();
    try {
      const handles = await Promise.all([fresh.connect(), fresh.connect(), fresh.connect()]);
      try {
        const results = await Promise.all(handles.map((h) => migrate(h.db)));
        const appliedCounts = results.map((r) => r.applied.length).sort();
        assert.equal(appliedCounts.filter((n) => n > 0).length, 1, JSON.stringify(results));
        const rows = await queryRows<{ n: number }>(
          handles[0]!.db,
          sql`select count(*)::int as n from openbss_migrations`,
        );
        assert.equal(rows[0]?.n, Math.max(...appliedCounts));
      } finally {
        await Promise.all(handles.map((h) => h.close()));
      }
    } finally {
      await fresh.drop();
    }
  });

  it("rolls a failed transaction back completely", async () => {
    await assert.rejects(
      database.db.transaction(async (tx) => {
        await tx.execute(
          sql`insert into tenants (id, slug, name, kind) values ('ten_rollback', 'rollback', 'R', 'distributor')`,
        );
        throw new Error("boom");
      }),
      /boom/,
    );
    const rows = await queryRows(database.db, sql`select 1 from tenants where id = 'ten_rollback'`);
    assert.equal(rows.length, 0);
  });

  it(`reports its kind (${isPostgres ? "postgres" : "pglite"})`, () => {
    assert.equal(database.kind, isPostgres ? "postgres" : "pglite");
  });
});

describe("embedded data directory lock", () => {
  it("refuses a second opener of the same data directory with a clear message", () => {
    const dir = mkdtempSync(join(tmpdir(), "openbss-lock-"));
    try {
      const release = lockDataDir(dir);
      // The lock holder is this (live) process; a second lock from the same pid is a takeover,
      // so simulate another live process by writing our parent's pid into the lock file.
      release();
      writeFileSync(
        join(dir, "openbss.lock"),
        JSON.stringify({ pid: process.ppid, host: hostname(), since: "x" }),
      );
      assert.throws(() => lockDataDir(dir), /in use by another openbss process/);
    } finally {
      removeDir(dir);
    }
  });

  it("takes over a lock left by a process that is gone", () => {
    const dir = mkdtempSync(join(tmpdir(), "openbss-lock-"));
    try {
      writeFileSync(
        join(dir, "openbss.lock"),
        JSON.stringify({ pid: 2 ** 22 + 12345, host: "x", since: "x" }),
      );
      const release = lockDataDir(dir);
      release();
    } finally {
      removeDir(dir);
    }
  });

  // Embedded mode is exercised on every run, also when the suite runs on PostgreSQL.
  it("opens an embedded database in a directory that does not exist yet", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "openbss-dir-")), "nested", "data");
    const db = await openDatabase({ dataDir: dir });
    try {
      const rows = await queryRows<{ one: number }>(db.db, sql`select 1 as one`);
      assert.equal(rows[0]?.one, 1);
    } finally {
      await db.close();
      removeDir(dir);
    }
  });
});
