import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { Violation } from "../../shared/errors.ts";
import { revokePending } from "./scheduled-changes.ts";
import { recordHistory, runCommand } from "./subscriptions.core.ts";
import {
  billingChangeSyncViolation,
  type CommandOutcome,
  canceledViolation,
  compact,
  label,
  loadTarget,
  outcome,
  type Planned,
  pendingVendorViolation,
  refused,
} from "./subscriptions.guards.ts";
import { updateSubscription } from "./subscriptions.repo.ts";
import type { CommandContext, CommandOptions } from "./subscriptions.types.ts";

export const SetAutoRenewInput = z.strictObject({ autoRenew: z.boolean() });
export type SetAutoRenewInput = z.infer<typeof SetAutoRenewInput>;

/**
 * Turns Renew Automatically on or off (R-REN-01: off means the billing run sets the subscription
 * Inactive at the term end). Not for trials, which never renew by themselves (R-TRL-01). Turning
 * it off revokes a pending renewal request, which needs auto-renew on (R-REN-02). Setting the
 * value it already has changes nothing and writes no history.
 */
export async function setAutoRenew(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string } & SetAutoRenewInput,
  options: CommandOptions = {},
): Promise<CommandOutcome> {
  return runCommand(deps, options, async (tx): Promise<Planned> => {
    const target = await loadTarget(deps, tx, ctx, input.subscriptionId);
    const sub = target.subscription;
    const stop = canceledViolation(sub) ?? pendingVendorViolation(sub) ?? billingChangeSyncViolation(sub);
    if (stop) return refused(tx, target, [stop]);
    const trial = target.product.effectivePolicies.trial;
    const violations = compact<Violation>([
      sub.isTrial
        ? {
            code: (trial?.code ?? "R-TRL-01") as Violation["code"],
            message: "A trial never renews by itself; upgrade it to the paid plan to keep it.",
            details: { isTrial: true },
          }
        : undefined,
      sub.status === "active" || sub.status === "suspended"
        ? undefined
        : {
            code: "R-REN-01",
            message:
              sub.status === "inactive"
                ? "This subscription is Inactive; re-activate it instead."
                : `Renew Automatically can only be changed on an Active or Suspended subscription (this one is ${label(sub.status)}).`,
            details: { status: sub.status },
          },
    ]);
    if (violations.length > 0) return refused(tx, target, violations);
    const today = target.today;
    if (sub.autoRenew === input.autoRenew)
      return outcome(tx, target, {
        violations: [],
        effect: "none",
        effectiveDate: today.toString(),
        rule: null,
      });
    await updateSubscription(tx, sub.tenantId, sub.id, {
      autoRenew: input.autoRenew,
      updatedAt: deps.clock.now(),
    });
    if (!input.autoRenew)
      await revokePending(deps, tx, ctx, sub, {
        kinds: ["renewal_request"],
        reason: "Renew Automatically was turned off",
        effectiveDate: today,
      });
    await recordHistory(deps, tx, ctx, sub.id, {
      action: "auto_renew_changed",
      summary: `Renew Automatically turned ${input.autoRenew ? "on" : "off"}`,
      effectiveDate: today,
      changes: { autoRenew: { from: sub.autoRenew, to: input.autoRenew } },
    });
    return outcome(tx, target, {
      violations: [],
      effect: "immediate",
      effectiveDate: today.toString(),
      rule: null,
    });
  });
}
