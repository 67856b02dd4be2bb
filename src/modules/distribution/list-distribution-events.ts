import type { Deps } from "../../deps.ts";
import type { BssActor } from "../tenancy/index.ts";
import { childTenant } from "./activate-back-ordering.ts";
import { listEvents } from "./distribution.repo.ts";

/** The events of a tenant's books applied to the distributor's copies (what, when, outcome). */
export async function listDistributionEvents(
  deps: Deps,
  actor: BssActor,
  input: { tenantId: string; sourceId?: string | undefined; limit: number; offset: number },
) {
  const tenant = await childTenant(deps, actor, input.tenantId);
  const { rows, total } = await listEvents(deps.db, tenant.id, input);
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      sourceId: r.sourceId,
      copyId: r.copyId,
      outcome: r.outcome,
      summary: r.summary,
      appliedAt: r.appliedAt.toISOString(),
    })),
    total,
    limit: input.limit,
    offset: input.offset,
  };
}
