import { z } from "zod";
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
  isProvisioned,
  label,
  loadTarget,
  outcome,
  type Planned,
  pendingVendorViolation,
  refused,
  ruleOf,
  syncViolation,
} from "./subscriptions.guards.ts";
import type { CommandContext, CommandOptions } from "./subscriptions.types.ts";

export const SuspendInput = z.strictObject({ reason: z.string().trim().max(2000).optional() });
export type SuspendInput = z.infer<typeof SuspendInput>;

/**
 * Suspends an Active subscription. The product type must allow it (Sign: R-SGN-07, from
 * policies.suspension) and the change rules decide when: Dropbox only at the start of a billing
 * period or in its first 14 days (R-SUS-01). A suspended subscription keeps its plan (it still
 * counts for R-ORD-02) and can be resumed at any time.
 */
export async function suspendSubscription(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string } & SuspendInput,
  options: CommandOptions = {},
): Promise<CommandOutcome> {
  return runCommand(deps, options, async (tx): Promise<Planned> => {
    const target = await loadTarget(deps, tx, ctx, input.subscriptionId);
    const sub = target.subscription;
    const stop = canceledViolation(sub) ?? pendingVendorViolation(sub);
    if (stop) return refused(tx, target, [stop]);
    const suspension = target.product.effectivePolicies.suspension;
    const decision = decide(target, ctx, "suspend");
    // R-SGN-07: a product type without suspension says so once, whatever its change rules add.
    if (!suspension.allowed)
      return refused(
        tx,
        target,
        [
          {
            code: suspension.code as Violation["code"],
            message: suspension.message,
            details: { status: sub.status },
          },
        ],
        decision,
      );
    const violations = compact<Violation>([
      decisionViolation(decision, "suspend"),
      sub.status === "active"
        ? undefined
        : {
            code: "R-SUS-01",
            message: `Only an Active subscription can be suspended (this one is ${label(sub.status)}).`,
            details: { status: sub.status },
          },
      isProvisioned(sub) ? undefined : syncViolation(sub),
    ]);
    if (violations.length > 0) return refused(tx, target, violations, decision);
    await changeStatus(deps, tx, ctx, sub, "suspended", {
      action: "suspended",
      summary: `Suspended${input.reason ? ` — ${input.reason}` : ""}`,
      effectiveDate: target.today,
      changes: { reason: input.reason ?? null },
      patch: { updatedAt: deps.clock.now() },
    });
    await requestProvisioning(deps, tx, sub, "suspend");
    return outcome(tx, target, {
      violations: [],
      effect: "immediate",
      effectiveDate: target.today.toString(),
      rule: ruleOf(decision),
    });
  });
}
