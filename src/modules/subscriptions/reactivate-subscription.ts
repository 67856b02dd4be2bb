import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { isUniqueViolation, savepoint } from "../../shared/db.ts";
import type { Violation } from "../../shared/errors.ts";
import type { Term } from "../catalog/index.ts";
import { firstTerm } from "./create-subscription.ts";
import { requestProvisioning } from "./record-provisioning-result.ts";
import { billReopen } from "./subscriptions.billing.ts";
import { changeStatus, runCommand } from "./subscriptions.core.ts";
import {
  type CommandOutcome,
  canceledViolation,
  compact,
  label,
  loadTarget,
  outcome,
  type Planned,
  refused,
} from "./subscriptions.guards.ts";
import type { CommandContext, CommandOptions, SubscriptionRow } from "./subscriptions.types.ts";

export const ReactivateInput = z.strictObject({
  /** Renew Automatically for the new term (default on: it was off when the subscription lapsed). */
  autoRenew: z.boolean().optional(),
});
export type ReactivateInput = z.infer<typeof ReactivateInput>;

/**
 * Re-activates an Inactive subscription (R-REN-01): Active again with a new term from today,
 * the change window restarting today. A Canceled subscription never comes back (R-CAN-04); a
 * trial is not re-activated (R-TRL-01: it ends unless upgraded). A Dropbox plan whose team admin
 * email meanwhile holds another live plan is refused by the R-ORD-02 unique index.
 */
export async function reactivateSubscription(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string } & ReactivateInput,
  options: CommandOptions = {},
): Promise<CommandOutcome> {
  return runCommand(deps, options, async (tx): Promise<Planned> => {
    const target = await loadTarget(deps, tx, ctx, input.subscriptionId);
    const sub = target.subscription;
    const stop = canceledViolation(sub);
    if (stop) return refused(tx, target, [stop]);
    const policies = target.product.effectivePolicies;
    const violations = compact<Violation>([
      // R-TEN-02 / issue 13: Inactive only until its start date — the billing run starts it then.
      sub.status === "inactive" && sub.awaitingStart
        ? {
            code: "R-REN-01",
            message: `This subscription has not started yet: it starts on ${sub.startDate}, when the billing run activates it.`,
            details: { status: sub.status, startDate: sub.startDate },
          }
        : undefined,
      sub.status === "inactive"
        ? undefined
        : {
            code: "R-REN-01",
            message: `Only an Inactive subscription can be re-activated (this one is ${label(sub.status)}).`,
            details: { status: sub.status },
          },
      sub.isTrial
        ? {
            code: (policies.trial?.code ?? "R-TRL-01") as Violation["code"],
            message: "A trial that has ended is not re-activated; order the paid plan instead.",
            details: { isTrial: true },
          }
        : undefined,
    ]);
    if (violations.length > 0) return refused(tx, target, violations);
    const today = target.today;
    const term = firstTerm({ term: sub.term as Term, isTrial: false, trialDays: null }, today);
    const autoRenew = input.autoRenew ?? true;
    let reactivated: SubscriptionRow;
    try {
      // A savepoint, so that a refused reactivation still returns its violation in a preview.
      reactivated = await savepoint(tx, (sp) =>
        changeStatus(deps, sp, ctx, sub, "active", {
          action: "reactivated",
          summary: `Re-activated with a new term ${term.termStart} – ${term.termEnd}`,
          effectiveDate: today,
          changes: {
            termStartDate: { from: sub.termStartDate, to: term.termStart.toString() },
            termEndDate: { from: sub.termEndDate, to: term.termEnd.toString() },
            autoRenew: { from: sub.autoRenew, to: autoRenew },
          },
          patch: {
            termStartDate: term.termStart.toString(),
            termAnchorDate: term.termStart.toString(),
            termIndex: 0,
            termEndDate: term.termEnd.toString(),
            windowStartDate: today.toString(),
            autoRenew,
            updatedAt: deps.clock.now(),
          },
        }),
      );
    } catch (e) {
      if (!isUniqueViolation(e, "subscriptions_exclusive_live_uq")) throw e;
      const rule = policies.oneActivePlanPerAdminEmail;
      return refused(tx, target, [
        {
          code: rule.code as Violation["code"],
          message: rule.message,
          details: { adminEmail: sub.adminEmail },
        },
      ]);
    }
    // A new term: billing restarts today on its cycle.
    await billReopen(deps, tx, ctx, reactivated, target.addons, today);
    // The vendor's team ended with the term: restored while retained, else a Failed sync says why.
    await requestProvisioning(deps, tx, reactivated, "create");
    return outcome(tx, target, {
      violations: [],
      effect: "immediate",
      effectiveDate: today.toString(),
      rule: null,
    });
  });
}
