import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { PlainDate } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import { loadProductDetails } from "../catalog/index.ts";
import { heldAddons, priceFor, switchProduct } from "./plan-changes.apply.ts";
import { planDowngrade, splitAddonsForTarget } from "./plan-changes.rules.ts";
import { requestProvisioning } from "./record-provisioning-result.ts";
import { findPending, revokePending, scheduleChange } from "./scheduled-changes.ts";
import { recordHistory, runCommand } from "./subscriptions.core.ts";
import {
  type CommandOutcome,
  canceledViolation,
  decide,
  loadTarget,
  outcome,
  pendingVendorViolation,
  refused,
  ruleOf,
} from "./subscriptions.guards.ts";
import {
  listAddons,
  lockSubscription,
  resolveScheduledChange,
  type ScheduledChangeRow,
} from "./subscriptions.repo.ts";
import type { CommandContext, CommandOptions, SubscriptionRow } from "./subscriptions.types.ts";

export const DowngradeInput = z.strictObject({ targetProductId: z.string().min(1) });
export type DowngradeInput = z.infer<typeof DowngradeInput>;

export type DowngradeOutcome = CommandOutcome & {
  targetProductId: string;
};
type Planned = Omit<DowngradeOutcome, "preview">;

/**
 * Downgrades a subscription to a lower plan or fewer features (R-DWN-01, D1). The change rules
 * decide: the Storefront has no downgrades; in the BSS it is immediate within the change window
 * (D6) and otherwise scheduled as a `downgrade` for the first day of the next term, revocable.
 * A new downgrade replaces a scheduled one.
 */
export async function downgradeSubscription(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string } & DowngradeInput,
  options: CommandOptions = {},
): Promise<DowngradeOutcome> {
  return runCommand(deps, options, async (tx): Promise<Planned> => {
    const target = await loadTarget(deps, tx, ctx, input.subscriptionId);
    const { subscription: sub, today } = target;
    const to = await loadProductDetails(tx, { tenantId: sub.tenantId }, input.targetProductId);
    const head = { targetProductId: to.id };
    const stop = canceledViolation(sub) ?? pendingVendorViolation(sub);
    if (stop) return { ...(await refused(tx, target, [stop])), ...head };
    const plan = planDowngrade({
      channel: ctx.channel,
      today,
      sub,
      source: target.product,
      target: to,
      held: await heldAddons(tx, target),
    });
    const decision = decide(target, ctx, "downgrade");
    if (plan.violations.length > 0)
      return { ...(await refused(tx, target, plan.violations, decision)), ...head };
    await revokePending(deps, tx, ctx, sub, {
      kinds: ["downgrade"],
      reason: `replaced by the downgrade to ${to.name}`,
      effectiveDate: today,
    });
    if (plan.outcome === "END_OF_TERM") {
      const change = await scheduleChange(deps, tx, ctx, sub, {
        kind: "downgrade",
        effectiveDate: plan.effectiveDate,
        payload: {
          targetProductId: to.id,
          targetSku: to.sku,
          targetName: to.name,
          fromProductId: sub.productId,
        },
      });
      await recordHistory(deps, tx, ctx, sub.id, {
        action: "downgrade_scheduled",
        summary: `Scheduled the downgrade from ${sub.name} to ${to.name} for ${plan.effectiveDate}, the start of the next term`,
        effectiveDate: plan.effectiveDate,
        changes: { productId: { from: sub.productId, to: to.id }, scheduledChangeId: change.id },
      });
      // The vendor holds the downgrade as its own pending change until the renewal.
      await requestProvisioning(deps, tx, sub, "change_plan");
      const planned = await outcome(tx, target, {
        violations: [],
        effect: "scheduled",
        effectiveDate: plan.effectiveDate.toString(),
        rule: ruleOf(decision),
      });
      return { ...planned, ...head };
    }
    const price = await priceFor(tx, sub, to);
    await switchProduct(deps, tx, ctx, {
      sub,
      to,
      price,
      dropped: plan.dropped,
      today,
      billing: "downgrade",
      history: {
        action: "downgraded",
        summary: `Downgraded from ${sub.name} to ${to.name}, effective ${today}`,
        changes: { quantity: sub.quantity },
      },
    });
    await requestProvisioning(deps, tx, sub, "change_plan");
    const planned = await outcome(tx, target, {
      violations: [],
      effect: "immediate",
      effectiveDate: today.toString(),
      rule: ruleOf(decision),
    });
    return { ...planned, ...head };
  });
}

/** Revokes the scheduled downgrade of a subscription (R-DWN-01); 404 when none is scheduled. */
export async function revokeDowngrade(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string },
  options: CommandOptions = {},
): Promise<CommandOutcome> {
  return runCommand(deps, options, async (tx) => {
    const target = await loadTarget(deps, tx, ctx, input.subscriptionId);
    const stop = canceledViolation(target.subscription) ?? pendingVendorViolation(target.subscription); // R-CAN-05
    if (stop) return refused(tx, target, [stop]);
    const pending = await findPending(tx, target.subscription, "downgrade");
    if (!pending)
      throw new AppError("not_found", `No downgrade is scheduled on subscription ${input.subscriptionId}`, {
        id: input.subscriptionId,
      });
    await revokePending(deps, tx, ctx, target.subscription, {
      kinds: ["downgrade"],
      reason: "revoked on request",
      effectiveDate: target.today,
    });
    await requestProvisioning(deps, tx, target.subscription, "change_plan");
    return outcome(tx, target, {
      violations: [],
      effect: "immediate",
      effectiveDate: target.today.toString(),
      rule: null,
    });
  });
}

/**
 * Applies a due scheduled downgrade inside the caller's transaction — for the billing run, on
 * the change's effective date and BEFORE it renews the subscription (the new term is billed at
 * the lower product's price). Add-ons the lower product does not offer end with it.
 */
export async function applyScheduledDowngrade(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  change: ScheduledChangeRow,
  today: PlainDate,
): Promise<SubscriptionRow> {
  if (change.kind !== "downgrade" || change.status !== "pending")
    throw new Error(`scheduled change ${change.id} is not a pending downgrade`);
  const sub = await lockSubscription(tx, change.tenantId, change.subscriptionId);
  if (!sub) throw notFound("Subscription", change.subscriptionId);
  const to = await loadProductDetails(
    tx,
    { tenantId: sub.tenantId },
    String((change.payload as { targetProductId?: unknown }).targetProductId),
  );
  const from = await loadProductDetails(tx, { tenantId: sub.tenantId }, sub.productId);
  const addons = await listAddons(tx, sub.tenantId, sub.id);
  const held = await heldAddons(tx, { subscription: sub, product: from, addons, today });
  const updated = await switchProduct(deps, tx, ctx, {
    sub,
    to,
    price: await priceFor(tx, sub, to),
    dropped: splitAddonsForTarget(held, to).dropped,
    today,
    // On the renewal date, before the new period is billed: nothing billed to credit yet.
    billing: "downgrade",
    history: {
      action: "downgraded",
      summary: `Downgraded from ${sub.name} to ${to.name} as scheduled, effective ${today}`,
      changes: { scheduledChangeId: change.id, quantity: sub.quantity },
    },
  });
  await resolveScheduledChange(tx, sub.tenantId, change.id, "applied", deps.clock.now());
  // The vendor applied its pending downgrade at its own renewal: a sync confirms it.
  await requestProvisioning(deps, tx, updated, "sync");
  return updated;
}
