import type { Deps } from "../../deps.ts";
import { requestProvisioning } from "./record-provisioning-result.ts";
import { findPending, revokePending } from "./scheduled-changes.ts";
import { changeStatus, runCommand } from "./subscriptions.core.ts";
import {
  type CommandOutcome,
  canceledViolation,
  label,
  loadTarget,
  outcome,
  type Planned,
  pendingVendorViolation,
  refused,
} from "./subscriptions.guards.ts";
import type { CommandContext, CommandOptions } from "./subscriptions.types.ts";

/**
 * Revokes an End of Billing Period cancellation (R-CAN-02): Pending For Cancel → Active and the
 * scheduled `cancel_end_of_period` revoked. A full Immediate / Specific Date cancellation already
 * sent to the vendor (R-CAN-05) cannot be revoked: the vendor's answer settles it.
 */
export async function revokeCancellation(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string },
  options: CommandOptions = {},
): Promise<CommandOutcome> {
  return runCommand(deps, options, async (tx): Promise<Planned> => {
    const target = await loadTarget(deps, tx, ctx, input.subscriptionId);
    const sub = target.subscription;
    // R-CAN-05: a full cancellation with the vendor settles the subscription; reviving it now
    // would contradict what the vendor is doing (the vendor's answer comes first).
    const stop = canceledViolation(sub) ?? pendingVendorViolation(sub);
    if (stop) return refused(tx, target, [stop]);
    const scheduled = await findPending(tx, sub, "cancel_end_of_period");
    if (sub.status !== "pending_for_cancel" || !scheduled)
      return refused(tx, target, [
        {
          code: "R-CAN-02",
          message: `Only an End of Billing Period cancellation can be revoked; this subscription is ${label(sub.status)}.`,
          details: { status: sub.status },
        },
      ]);
    const today = target.today;
    await revokePending(deps, tx, ctx, sub, {
      kinds: ["cancel_end_of_period"],
      reason: "the cancellation was revoked",
      effectiveDate: today,
    });
    await changeStatus(deps, tx, ctx, sub, "active", {
      action: "cancellation_revoked",
      summary: "Revoked the End of Billing Period cancellation; the subscription stays Active",
      effectiveDate: today,
      changes: { scheduledChangeId: scheduled.id },
      patch: { updatedAt: deps.clock.now() },
    });
    // The vendor withdraws its end-of-term cancellation (the job sends the target state).
    await requestProvisioning(deps, tx, sub, "cancel");
    return outcome(tx, target, {
      violations: [],
      effect: "immediate",
      effectiveDate: today.toString(),
      rule: null,
    });
  });
}
