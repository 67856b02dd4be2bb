import type { Deps } from "../deps.ts";
import { type ConsistencyReport, checkConsistency } from "../modules/distribution/index.ts";
import { findTenantBySlug } from "../modules/tenancy/index.ts";
import { AppError } from "../shared/errors.ts";

/**
 * `openbss consistency --tenant <slug>`: compares a tenant reseller's books with the distributor's
 * copies and prints every difference. Exit code 0 when there is none, 1 otherwise (for cron and CI).
 */
export async function consistencyFromCli(
  deps: Deps,
  opts: { tenant: string; json?: boolean },
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<ConsistencyReport> {
  const tenant = await findTenantBySlug(deps.db, opts.tenant);
  if (!tenant?.parentTenantId)
    throw new AppError("not_found", `No tenant reseller with slug "${opts.tenant}"`);
  const report = await checkConsistency(
    deps,
    {
      kind: "bss",
      tenantId: tenant.parentTenantId,
      userId: null,
      apiKeyId: null,
      role: "viewer",
      email: null,
    },
    tenant.id,
  );
  if (opts.json) {
    out(JSON.stringify(report, null, 2));
    return report;
  }
  out(
    `${report.tenantName}: back ordering ${report.backOrdering ? "on" : "off"}; compared ${report.compared.subscriptions} subscription(s), ${report.compared.customers} customer copie(s)`,
  );
  if (report.pendingEvents > 0)
    out(
      `${report.pendingEvents} change(s) still on their way through the outbox: run again once the worker has applied them`,
    );
  if (report.differences.length === 0) out("No differences.");
  for (const d of report.differences)
    out(
      `${d.kind} ${d.sourceId ?? "-"} → copy ${d.copyId ?? "-"}: ${d.field} is ${JSON.stringify(d.tenant)} in the tenant's books, ${JSON.stringify(d.distributor)} in the distributor's`,
    );
  return report;
}
