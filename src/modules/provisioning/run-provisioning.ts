import type { Deps } from "../../deps.ts";
import {
  type Provisioner,
  type ProvisioningOutcome,
  ProvisioningRejectedError,
  type ProvisioningTarget,
} from "../../service-managers/service-manager.ts";
import { transaction } from "../../shared/db.ts";
import { type AddonSyncResult, recordProvisioningResult } from "../subscriptions/index.ts";
import { type BuiltTarget, buildTarget } from "./build-target.ts";
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
  const refused = new Map<string, string>(); // add-on SKU → the vendor's reason (D16)
  const addonResult = () => addonOutcome(built, refused);
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
    const out = await provisionExceptRefusedAddons(provisioner, target, payload, refused);
    await recordProvisioningResult(deps, {
      tenantId,
      subscriptionId: target.subscriptionId,
      outcome: "synchronized",
      externalId: out.externalId,
      addons: addonResult(),
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
      addons: addonResult(),
    });
    return { outcome: "failed", reason: e.message };
  }
}

/**
 * D16 (issue 13.12): the vendor refused add-ons the target adds or changes (the provisioner says
 * which, `ProvisioningRejectedError.addons`) — send the rest of the target again with those
 * add-ons as the vendor holds them, so the plan and the other add-ons still go through, and
 * remember each refused SKU with the vendor's reason. Every round excludes at least one more SKU;
 * a refusal that names none (the plan's, or nothing left to exclude) is thrown as before.
 */
async function provisionExceptRefusedAddons(
  provisioner: Provisioner,
  target: ProvisioningTarget,
  payload: ProvisioningJobPayload,
  refused: Map<string, string>,
): Promise<ProvisioningOutcome> {
  let sent = target;
  for (;;) {
    try {
      return await provisioner.provision(sent, payload.action);
    } catch (e) {
      const scope = e instanceof ProvisioningRejectedError ? e.addons : undefined;
      const fresh = scope?.refused.filter((a) => !refused.has(a.sku)) ?? [];
      if (!scope || fresh.length === 0) throw e;
      for (const a of fresh) refused.set(a.sku, (e as Error).message);
      const skus = new Set(fresh.map((a) => a.sku));
      const held = scope.held.filter((h) => skus.has(h.sku));
      sent = { ...sent, addons: [...sent.addons.filter((a) => !skus.has(a.sku)), ...held] };
    }
  }
}

/** The add-ons' outcome for recordProvisioningResult: refused ones Failed, the others confirmed. */
function addonOutcome(built: BuiltTarget, refused: Map<string, string>): AddonSyncResult {
  const failed: AddonSyncResult["failed"] = [];
  const synchronized: string[] = [];
  for (const [sku, addonId] of built.addonIdBySku) {
    const error = refused.get(sku);
    if (error === undefined) synchronized.push(addonId);
    else failed.push({ addonId, error });
  }
  return { synchronized, failed };
}
