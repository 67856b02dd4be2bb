import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { removeDir } from "./harness.ts";

/**
 * `openbss serve` as `npm start` runs it — a fresh embedded data directory, the demo seed, the
 * in-process Dropbox sandbox and the worker — checked from outside over HTTP. It once crashed
 * on the demo seed (a basket line without an admin email) without any test noticing.
 */
const BIN = fileURLToPath(new URL("../bin/openbss.mjs", import.meta.url));
const PASSWORD = "openbss-demo";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("openbss serve (npm start) on a fresh embedded database", () => {
  let child: ChildProcess;
  let dir: string;
  let base: string;
  let stdout = "";
  let stderr = "";

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "openbss-serve-"));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const { DATABASE_URL: _ignored, ...env } = process.env;
    child = spawn(process.execPath, [BIN, "serve"], {
      env: {
        ...env,
        OPENBSS_DATA_DIR: join(dir, "data"),
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d) => {
      stdout += String(d);
    });
    child.stderr?.on("data", (d) => {
      stderr += String(d);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`serve did not start in 180 s:\n${stdout}\n${stderr}`)),
        180_000,
      );
      const check = () => {
        if (stdout.includes("openbss is running")) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on("data", check);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`serve exited with ${code}:\n${stdout}\n${stderr}`));
      });
    });
  });

  after(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    removeDir(dir);
  });

  it("seeds the demo, serves the back office and the API, and names the sandbox", async () => {
    assert.match(stdout, /Demo users \(just created\)/);
    assert.match(stdout, /Dropbox {6}sandbox http:\/\/127\.0\.0\.1:\d+/);
    const page = await fetch(`${base}/bss`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="root">/);
    const health = await fetch(`${base}/api/health`);
    assert.equal(health.status, 200);
  });

  it("provisions the demo's subscriptions at the sandbox through the worker, logging no error", async () => {
    const login = await fetch(`${base}/api/bss/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "admin@distributor.demo", password: PASSWORD }),
    });
    assert.equal(login.status, 200, await login.clone().text());
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    let statuses: string[] = [];
    for (let i = 0; i < 60; i += 1) {
      const res = await fetch(`${base}/api/bss/subscriptions?limit=500`, { headers: { cookie } });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { items: Array<{ syncStatus: string }> };
      statuses = body.items.map((s) => s.syncStatus);
      if (statuses.length > 0 && !statuses.includes("pending")) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    assert.ok(statuses.length > 0, "the demo has subscriptions");
    assert.ok(!statuses.includes("pending"), `still pending after 60 s: ${statuses.join(", ")}`);
    assert.ok(
      !statuses.includes("failed"),
      `a demo subscription failed to provision: ${statuses.join(", ")}`,
    );
    // pino writes JSON lines; level 50 is error, 60 fatal.
    const errors = `${stdout}\n${stderr}`.split("\n").filter((l) => /"level":(50|60)/.test(l));
    assert.deepEqual(errors, []);
  });
});
