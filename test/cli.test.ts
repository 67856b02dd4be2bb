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
    for (const command of ["serve", "migrate", "seed", "worker", "catalog"])
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

  it("fails fast on bad configuration, naming the variable", () => {
    const r = run(["migrate"], { PORT: "not-a-port" });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /PORT/);
  });
});
