import type { Deps } from "../../deps.ts";
import { enqueueJob } from "../../jobs/index.ts";
import { transaction } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import type { ActorRef } from "./catalog.types.ts";
import { type RunView, toRunView } from "./get-service-manager-run.ts";
import { findActiveRun, findInstance, insertRun, lockInstance } from "./service-managers.repo.ts";

export const GET_SERVICES_DEFINITION_JOB = "catalog.get_services_definition";

/**
 * Get Services Definition (R-CAT-01), the request half: records a queued run and its outbox job
 * in one transaction; the worker does the work (executeServicesDefinitionRun). While a run of
 * the instance is queued or running, asking again returns that run instead of a second one.
 */
export async function requestServicesDefinition(
  deps: Deps,
  actor: ActorRef,
  instanceId: string,
): Promise<RunView> {
  return transaction(deps.db, async (tx) => {
    // The row lock makes concurrent requests for one instance queue up behind each other.
    if (!(await lockInstance(tx, actor.tenantId, instanceId))) throw notFound("Service manager", instanceId);
    const instance = await findInstance(tx, actor.tenantId, instanceId);
    const active = await findActiveRun(tx, actor.tenantId, instanceId);
    if (active) return toRunView(active);
    const now = deps.clock.now();
    const run = await insertRun(tx, {
      id: deps.ids.next("run"),
      tenantId: actor.tenantId,
      instanceId,
      action: "get_services_definition",
      status: "queued",
      log: [
        {
          at: now.toISOString(),
          level: "info",
          message: `Queued: Get Services Definition of ${instance!.name}`,
        },
      ],
      requestedBy: actor.userId ?? actor.apiKeyId ?? null,
      createdAt: now,
    });
    await enqueueJob(tx, deps.ids, {
      kind: GET_SERVICES_DEFINITION_JOB,
      key: run.id,
      payload: { runId: run.id },
      tenantId: actor.tenantId,
      maxAttempts: 3,
    });
    return toRunView(run);
  });
}
