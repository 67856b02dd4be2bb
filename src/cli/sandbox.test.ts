import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Command } from "commander";
import { DEFAULT_SANDBOX_CLIENT } from "../vendor-sandboxes/dropbox/index.ts";
import { registerSandboxCommand, runDropboxSandbox } from "./sandbox.ts";

/** The CLI glue of `openbss sandbox dropbox` (main.ts registers it with registerSandboxCommand). */
describe("openbss sandbox dropbox", () => {
  it("registers `sandbox dropbox` with its options", () => {
    const program = new Command();
    registerSandboxCommand(program);
    const dropbox = program.commands
      .find((c) => c.name() === "sandbox")
      ?.commands.find((c) => c.name() === "dropbox");
    assert.ok(dropbox);
    const flags = dropbox.options.map((o) => o.long);
    for (const flag of [
      "--port",
      "--host",
      "--retention-days",
      "--token-ttl",
      "--reseller",
      "--data-dir",
      "--in-memory",
    ])
      assert.ok(flags.includes(flag), flag);
  });

  it("runs the sandbox on its own database with seeded resellers, and refuses a bad port", async () => {
    const running = await runDropboxSandbox(
      {
        port: "0",
        host: "127.0.0.1",
        retentionDays: "7",
        tokenTtl: "60",
        reseller: ["rsl_cli"],
        inMemory: true,
      },
      { LOG_LEVEL: "silent" },
    );
    try {
      assert.match(
        running.banner,
        /Dropbox sandbox listening on http:\/\/127\.0\.0\.1:\d+ \(embedded PGlite in memory\)/,
      );
      const token = await fetch(`${running.url}/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: DEFAULT_SANDBOX_CLIENT.clientId,
          client_secret: DEFAULT_SANDBOX_CLIENT.clientSecret,
        }),
      }).then((r) => r.json());
      assert.equal(token.expires_in, 60);
      const list = await fetch(`${running.url}/2/reseller/teams/list`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token.access_token}` },
        body: JSON.stringify({ reseller_id: "rsl_cli" }),
      });
      assert.equal(list.status, 200);
      assert.deepEqual((await list.json()).teams, []);
    } finally {
      await running.close();
    }
    await assert.rejects(
      runDropboxSandbox(
        { port: "x", host: "127.0.0.1", retentionDays: "7", tokenTtl: "60", inMemory: true },
        {},
      ),
      /--port must be a whole number/,
    );
  });
});
