import type { Deps } from "../../deps.ts";
import { enqueueJob } from "../../jobs/index.ts";
import type { Tx } from "../../shared/db.ts";
import {
  PROVISIONING_JOB,
  type ProvisioningAction,
  type ProvisioningJobPayload,
} from "./provisioning.types.ts";

/**
 * Writes a provisioning job in the caller's transaction (outbox). One queue per subscription
 * (`prov:<id>`), so its jobs run one at a time in order; each job sends the whole target state, so
 * a later job converges whatever an earlier one left. The key is unique per request: every change
 * gets its job (a retry re-enqueues a new one).
 */
export async function enqueueProvisioning(
  deps: Pick<Deps, "ids">,
  tx: Tx,
  input: { tenantId: string; subscriptionId: string; action: ProvisioningAction },
): Promise<{ id: string }> {
  const payload: ProvisioningJobPayload = { subscriptionId: input.subscriptionId, action: input.action };
  return enqueueJob(tx, deps.ids, {
    kind: PROVISIONING_JOB,
    key: `${input.subscriptionId}:${deps.ids.next("job")}`,
    tenantId: input.tenantId,
    queue: `prov:${input.subscriptionId}`,
    payload,
  });
}
