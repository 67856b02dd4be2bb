import type { Deps } from "../../deps.ts";
import { ProvisioningRejectedError } from "../../service-managers/service-manager.ts";
import { transaction } from "../../shared/db.ts";
import { recordProvisioningResult } from "../subscriptions/index.ts";
import { buildTarget } from "./build-target.ts";
import { recordSync } from "./provisioning.repo.ts";
import type { ProvisioningJobPayload } from "./provisioning.types.ts";

export type ProvisioningRunResult =
  | { outcome: "synchronized"; externalId: string; calls: string[] }
  | { outcome: "failed"; reason: string }
  | { outcome: "skipped"; reason: string };

/**
 * One provisioning job: read the target (one short transaction), then — outside any transaction,
 * so PGlite's single connection is free for the vendor sandbox (stack-traps #2) — sync the reseller
 * (reseller first), ask the vendor whether a retained team may be restored (R-EXT-02: never assume
 * the window), and let the provisioner pre-check and make each call (R-PRV-02). Then record the
 * result in one transaction: Synchronized with the team id (R-EXT-01), or Failed with the vendor's
 * text (R-EXT-03, R-PRV-01); a full cancellation is applied or refused there (R-CAN-05).
 * Any other error is thrown: the outbox retries it with backoff.
 */
export async function runProvisioning(
  deps: Deps,
  tenantId: string,
  payload: ProvisioningJobPayload,
): Promise<ProvisioningRunResult> {
  const built = await transaction(deps.db, (tx) => buildTarget(deps, tx, tenantId, payload.subscriptionId));
  if (!built) return { outcome: "skipped", reason: "no service manager provisions this subscription" };
  const { target, provisioner } = built;
  try {
    if (!target.externalId) {
      await provisioner.syncReseller(target.resellerId, built.resellerName);
      if (
        target.restoreExternalId &&
        !(await provisioner.isRestorable({
          resellerId: target.resellerId,
          externalId: target.restoreExternalId,
        }))
      )
        target.restoreExternalId = null;
    }
    const out = await provisioner.provision(target, payload.action);
    await recordProvisioningResult(deps, {
      tenantId,
      subscriptionId: target.subscriptionId,
      outcome: "synchronized",
      externalId: out.externalId,
    });
    await transaction(deps.db, (tx) =>
      recordSync(tx, {
        tenantId,
        subscriptionId: target.subscriptionId,
        externalId: out.externalId,
        action: payload.action,
        calls: out.calls,
        at: deps.clock.now(),
      }),
    );
    return { outcome: "synchronized", externalId: out.externalId, calls: out.calls };
  } catch (e) {
    if (!(e instanceof ProvisioningRejectedError)) throw e;
    await recordProvisioningResult(deps, {
      tenantId,
      subscriptionId: target.subscriptionId,
      outcome: "failed",
      error: e.message,
    });
    return { outcome: "failed", reason: e.message };
  }
}
