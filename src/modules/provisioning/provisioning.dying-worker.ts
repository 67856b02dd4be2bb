/**
 * Test helper (provisioning.faults.test.ts, PostgreSQL): a worker process that dies mid-job. It
 * claims provisioning work with a 1 s lease, makes the vendor call for one job, tells its parent,
 * and exits abruptly — no outcome recorded, no connection closed — as a crash or an OOM kill would.
 * Env: DATABASE_URL (the test's database), SANDBOX_URL.
 */

import { testConfig } from "../../../test/harness.ts";
import { buildDeps } from "../../deps.ts";
import { claimJobs } from "../../jobs/jobs.repo.ts";
import { openDatabase, transaction } from "../../shared/db.ts";
import { createLogger } from "../../shared/log.ts";
import { DEFAULT_SANDBOX_CLIENT } from "../../vendor-sandboxes/dropbox/index.ts";
import { buildTarget } from "./build-target.ts";

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
const deps = buildDeps({ config: testConfig(), database, log: createLogger("silent") });
const url = process.env.SANDBOX_URL!;
deps.vendorConnections.dropbox = {
  baseUrl: url,
  ...DEFAULT_SANDBOX_CLIENT,
  sandboxControlUrl: url,
  client: { timeoutMs: 150, baseDelayMs: 1, maxDelayMs: 10, maxRetryAfterMs: 0 },
};
const claimed = await claimJobs(deps.db, { workerId: "doomed-child", limit: 20, leaseSeconds: 1 });
const job = claimed.find((j) => j.kind === "provisioning.sync");
if (!job) {
  process.send?.({ error: "no provisioning job to claim" });
  process.exit(2);
}
const { subscriptionId } = job.payload as { subscriptionId: string };
const built = await transaction(deps.db, (tx) => buildTarget(deps, tx, job.tenantId!, subscriptionId));
await built!.provisioner.syncReseller(built!.target.resellerId, built!.resellerName);
for (;;) {
  try {
    await built!.provisioner.provision(built!.target, "create");
    break;
  } catch {
    // a vendor fault: keep trying until the vendor holds the team, then die
  }
}
process.send?.({ applied: subscriptionId, jobId: job.id });
process.exit(137);
