import type { Deps } from "../../deps.ts";
import type { Violation } from "../../shared/errors.ts";
import { requestProvisioning } from "./record-provisioning-result.ts";
import { changeStatus, runCommand } from "./subscriptions.core.ts";
import {
  type CommandOutcome,
  canceledViolation,
  compact,
  decide,
  decisionViolation,
  label,
  loadTarget,
  outcome,
  type Planned,
  pendingVendorViolation,
  refused,
  ruleOf,
} from "./subscriptions.guards.ts";
import type { CommandContext, CommandOptions } from "./subscriptions.types.ts";

/** Resumes a Suspended subscription, at any time (R-SUS-01); its plan and term are unchanged. */
export async function resumeSubscription(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string },
  options: CommandOptions = {},
): Promise<CommandOutcome> {
  return runCommand(deps, options, async (tx): Promise<Planned> => {
    const target = await loadTarget(deps, tx, ctx, input.subscriptionId);
    const sub = target.subscription;
    const stop = canceledViolation(sub) ?? pendingVendorViolation(sub);
    if (stop) return refused(tx, target, [stop]);
    const decision = decide(target, ctx, "resume");
    const violations = compact<Violation>([
      decisionViolation(decision, "resume"),
      sub.status === "suspended"
        ? undefined
        : {
            code: "R-SUS-01",
            message: `Only a Suspended subscription can be resumed (this one is ${label(sub.status)}).`,
            details: { status: sub.status },
          },
    ]);
    if (violations.length > 0) return refused(tx, target, violations, decision);
    await changeStatus(deps, tx, ctx, sub, "active", {
      action: "resumed",
      summary: "Resumed",
      effectiveDate: target.today,
      patch: { updatedAt: deps.clock.now() },
    });
    await requestProvisioning(deps, tx, sub, "resume");
    return outcome(tx, target, {
      violations: [],
      effect: "immediate",
      effectiveDate: target.today.toString(),
      rule: ruleOf(decision),
    });
  });
}
