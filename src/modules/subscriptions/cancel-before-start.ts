import type { Deps } from "../../deps.ts";
import type { Tx } from "../../shared/db.ts";
import type { Violation } from "../../shared/errors.ts";
import { applyCancellation } from "./apply-cancellation.ts";
import type { CancelInput } from "./cancel-subscription.ts";
import type { ChangeTarget } from "./subscriptions.core.ts";
import { compact, outcome, type Planned, refused } from "./subscriptions.guards.ts";
import { updateSubscription } from "./subscriptions.repo.ts";
import type { CommandContext } from "./subscriptions.types.ts";

/**
 * R-TEN-02 / issue 13: a subscription that has not started yet (nothing provisioned, nothing
 * billed) may be cancelled whatever the change window says — Immediately and fully: it becomes
 * Canceled at once (nothing to ask the vendor, which never heard of it), its billing items end
 * before their first period (nothing to credit), its admin-email key is freed, and its sync is
 * Unsynchronized (never provisioned, R-PRV-01).
 */
export async function cancelBeforeStart(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  target: ChangeTarget,
  input: CancelInput,
): Promise<Planned> {
  const sub = target.subscription;
  const partial = input.quantity !== undefined && input.quantity < sub.quantity;
  const violations = compact<Violation>([
    partial
      ? {
          code: "R-QTY-03",
          message: `This subscription has not started yet (it starts on ${sub.startDate}); cancel it fully, or change its licences once it has started.`,
          details: { status: sub.status, startDate: sub.startDate },
        }
      : undefined,
    input.mode === "immediate"
      ? undefined
      : {
          code: "R-CAN-02",
          message: `This subscription has not started yet (it starts on ${sub.startDate}): cancel it Immediately — nothing has been provisioned or billed.`,
          details: { mode: input.mode, startDate: sub.startDate },
        },
  ]);
  if (violations.length > 0) return refused(tx, target, violations);
  await applyCancellation(deps, tx, ctx, sub, {
    effectiveDate: target.today,
    mode: "immediate",
    instructions: input.instructions,
  });
  await updateSubscription(tx, sub.tenantId, sub.id, {
    syncStatus: "unsynchronized",
    syncError: null,
    updatedAt: deps.clock.now(),
  });
  return outcome(tx, target, {
    violations: [],
    effect: "immediate",
    effectiveDate: target.today.toString(),
    rule: null,
  });
}
