/**
 * `npm run bench:distribution [-- --subscriptions 1000 --concurrency 4 --skip-provisioning]`
 *
 * Tenant reseller → distributor copies per second (issue 6), end to end through the outbox: N
 * paid subscriptions are sold in a tenant reseller's BSS (each its own transaction, writing its
 * `subscription.changed` event), then the worker applies the events — customer copy, subscription
 * copy with its first charge to the tenant reseller, distributor order, history, event row. Then
 * one licence increase per subscription and the same again (increase charge + order). Finally the
 * consistency check over all of them. PGlite by default; PostgreSQL when DATABASE_URL is set.
 * Results: docs/performance.md, "Tenant reseller copies".
 */
import { parseArgs } from "node:util";
import { drainJobs, startWorker } from "../src/jobs/index.ts";
import { jobHandlers } from "../src/jobs/registry.ts";
import { checkConsistency } from "../src/modules/distribution/index.ts";
import { changeQuantity } from "../src/modules/subscriptions/index.ts";
import { queryOne, queryRows, sql } from "../src/shared/db.ts";
import { tenantSubscription, tenantWorld } from "../test/distribution-fixtures.ts";
import { createAccount } from "../test/factories.ts";
import { createTestContext } from "../test/harness.ts";

const { values: args } = parseArgs({
  options: {
    subscriptions: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "4" },
    /** Leave out the tenant's own provisioning jobs (no vendor is configured: each attempt fails and retries). */
    "skip-provisioning": { type: "boolean", default: false },
  },
});
const handlers = args["skip-provisioning"]
  ? jobHandlers.filter((h) => h.kind !== "provisioning.sync")
  : jobHandlers;
const N = Number(args.subscriptions);
const CONCURRENCY = Number(args.concurrency);

const t = await createTestContext({ start: "2026-05-04T09:00:00Z" });
const w = await tenantWorld(t.deps);
const pending = async () =>
  Number(
    (await queryOne<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from jobs where kind = 'subscription.changed' and status not in ('done', 'dead')`,
    ))!.n,
  );

/** Jobs done so far, by kind. */
const doneByKind = async () =>
  new Map(
    (
      await queryRows<{ kind: string; n: number }>(
        t.deps.db,
        sql`select kind, count(*)::int as n from jobs where status in ('done', 'dead') group by kind`,
      )
    ).map((r) => [r.kind, r.n]),
  );

async function apply(label: string, events: number): Promise<void> {
  const before = await doneByKind();
  const started = performance.now();
  if (t.deps.dbKind === "pglite" || CONCURRENCY <= 1) await drainJobs(t.deps, handlers);
  else {
    const worker = startWorker(t.deps, handlers, {
      pollMs: 5,
      concurrency: CONCURRENCY,
      batch: CONCURRENCY,
    });
    while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const after = await doneByKind();
  const ran = [...after].map(([kind, n]) => `${kind} ${n - (before.get(kind) ?? 0)}`).join(", ");
  process.stdout.write(
    `${label.padEnd(30)} ${String(events).padStart(6)} subscriptions in ${seconds.toFixed(2)} s = ${(events / seconds).toFixed(1)}/s (jobs run: ${ran})\n`,
  );
}

try {
  process.stdout.write(
    `Distribution benchmark on ${t.deps.dbKind} (${t.deps.dbKind === "pglite" ? "one drain loop" : `worker concurrency ${CONCURRENCY}`})\n`,
  );
  const subs: string[] = [];
  const sold = performance.now();
  for (let i = 0; i < N; i++) {
    // One customer per 4 subscriptions: customers are copied with their first subscription.
    const customer =
      i % 4 === 0
        ? await createAccount(t.deps, { tenantId: w.tenant.id, kind: "direct_customer" })
        : undefined;
    const accountId = customer?.id ?? (subs.length ? undefined : w.customer.id);
    const sub = await tenantSubscription(t.deps, w, {
      sku: "DBX-BUS-MCMB",
      quantity: 3,
      ...(accountId ? { accountId } : {}),
    });
    subs.push(sub.id);
  }
  process.stdout.write(
    `sold ${N} in the tenant's BSS in ${((performance.now() - sold) / 1000).toFixed(2)} s\n`,
  );
  await apply("copies created", N);
  for (const id of subs)
    await changeQuantity(t.deps, w.tenantCtx, { subscriptionId: id, quantity: 5 }).catch(() => undefined);
  await apply("licence increases mirrored", N);
  const checked = performance.now();
  const report = await checkConsistency(t.deps, w.actors.distributorViewer, w.tenant.id);
  process.stdout.write(
    `consistency over ${report.compared.subscriptions} subscriptions: ${report.differences.length} differences in ${((performance.now() - checked) / 1000).toFixed(2)} s\n`,
  );
  if (report.differences.length > 0) process.exitCode = 1;
} finally {
  await t.close();
}
