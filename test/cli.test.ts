import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { removeDir } from "./harness.ts";

const BIN = fileURLToPath(new URL("../bin/openbss.mjs", import.meta.url));

function run(args: string[], env: Record<string, string> = {}) {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  return spawnSync(process.execPath, [BIN, ...args], {
    env: { ...base, LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
}

describe("openbss CLI", () => {
  it("--help lists every command", () => {
    const r = run(["--help"]);
    assert.equal(r.status, 0, r.stderr);
    for (const command of ["serve", "migrate", "seed", "worker", "bill", "consistency", "catalog", "sandbox"])
      assert.match(r.stdout, new RegExp(command));
  });

  it("refuses a second process on the same embedded data directory at once, with a clear message", () => {
    const dir = mkdtempSync(join(tmpdir(), "openbss-cli-"));
    try {
      // A live process (our parent) holds the lock, as a running `openbss serve` would.
      writeFileSync(
        join(dir, "openbss.lock"),
        JSON.stringify({ pid: process.ppid, host: hostname(), since: "now" }),
      );
      const r = run(["migrate"], { OPENBSS_DATA_DIR: dir });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /in use by another openbss process/);
      assert.match(r.stderr, /DATABASE_URL/);
    } finally {
      removeDir(dir);
    }
  });

  it("migrates an embedded database in a new directory, then finds it up to date", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "openbss-cli-")), "data");
    try {
      const first = run(["migrate"], { OPENBSS_DATA_DIR: dir });
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /Applied: 0000_init/);
      const second = run(["migrate"], { OPENBSS_DATA_DIR: dir });
      assert.equal(second.status, 0, second.stderr);
      assert.match(second.stdout, /up to date/);
    } finally {
      removeDir(dir);
    }
  });

  it("bill: runs a tenant's day with a summary, creates nothing the second time, refuses a bad date; consistency finds the demo's copies in step", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "openbss-cli-")), "data");
    try {
      const env = { OPENBSS_DATA_DIR: dir, OPENBSS_CLOCK_START: "2026-03-01T10:00:00Z" };
      assert.equal(run(["seed"], env).status, 0);
      const first = run(["bill", "--date", "2026-03-01"], env);
      assert.equal(first.status, 0, first.stderr);
      assert.match(
        first.stdout,
        /2026-03-01: \d+ scheduled changes applied, \d+ renewed, \d+ set Inactive, \d+ lines, \d+ documents/,
      );
      const second = run(["bill", "--date", "2026-03-01"], env);
      assert.equal(second.status, 0, second.stderr);
      for (const line of second.stdout.split("\n").filter((l) => l.includes("2026-03-01:")))
        assert.match(line, / 0 lines, 0 documents/, "a second run of the same day creates nothing");
      const bad = run(["bill", "--date", "2026-02-30"], env);
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /--date must be a calendar date/);
      const future = run(["bill", "--date", "2027-01-01"], env);
      assert.equal(future.status, 1);
      assert.match(future.stderr, /after today/);
      // issue 6: the demo's tenant reseller and the distributor's copies agree.
      const consistent = run(["consistency", "--tenant", "nimbus"], env);
      assert.equal(consistent.status, 0, consistent.stderr + consistent.stdout);
      assert.match(
        consistent.stdout,
        /Nimbus Partners: back ordering on; compared 1 subscription\(s\), 1 customer copie\(s\)/,
      );
      assert.match(consistent.stdout, /No differences\./);
      const unknown = run(["consistency", "--tenant", "nope"], env);
      assert.equal(unknown.status, 1);
      assert.match(unknown.stderr, /No tenant reseller with slug "nope"/);
    } finally {
      removeDir(dir);
    }
  });

  it("fails fast on bad configuration, naming the variable", () => {
    const r = run(["migrate"], { PORT: "not-a-port" });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /PORT/);
  });
});
