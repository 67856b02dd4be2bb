import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { listSynchronizedSubscriptions } from "../subscriptions/record-provisioning-result.ts";
import { buildTarget } from "./build-target.ts";
import { recordDrift } from "./provisioning.repo.ts";
import { compareWithVendor } from "./provisioning.rules.ts";

/**
 * Part 4: compares every Synchronized subscription with the vendor's object and records the
 * differences (or that there are none) on provisioning_states. Reads the vendor outside any
 * transaction. A subscription whose target cannot be read (no provisioner) is skipped; one whose
 * vendor read fails is counted in `errors` and checked again on the next run.
 */
export async function reconcileDrift(
  deps: Deps,
  filter: { tenantId?: string } = {},
): Promise<{ checked: number; drifted: number; errors: number }> {
  const subs = await transaction(deps.db, (tx) => listSynchronizedSubscriptions(tx, filter));
  let checked = 0;
  let drifted = 0;
  let errors = 0;
  for (const s of subs) {
    const built = await transaction(deps.db, (tx) => buildTarget(deps, tx, s.tenantId, s.id));
    if (!built?.target.externalId) continue;
    let state: Awaited<ReturnType<typeof built.provisioner.getState>>;
    try {
      state = await built.provisioner.getState({
        resellerId: built.target.resellerId,
        externalId: built.target.externalId,
      });
    } catch (e) {
      // The vendor is unwell: this one is checked on the next run; the others still are now.
      errors++;
      deps.log.warn({ err: e, subscriptionId: s.id }, "drift check: vendor read failed");
      continue;
    }
    const differences = compareWithVendor(built.target, state);
    checked++;
    if (differences.length) drifted++;
    await transaction(deps.db, (tx) =>
      recordDrift(tx, {
        tenantId: s.tenantId,
        subscriptionId: s.id,
        status: differences.length ? "drift" : "in_sync",
        differences,
        at: deps.clock.now(),
      }),
    );
  }
  return { checked, drifted, errors };
}
