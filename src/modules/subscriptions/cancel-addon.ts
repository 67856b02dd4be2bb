import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { parseDate } from "../../shared/dates.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import type { AddonOutcome } from "./add-addon.ts";
import { planAddonCancel } from "./addon-changes.rules.ts";
import { failedAddonViolations } from "./addon-sync.ts";
import { heldAddons } from "./plan-changes.apply.ts";
import { requestProvisioning } from "./record-provisioning-result.ts";
import { billCredit } from "./subscriptions.billing.ts";
import { recordHistory, runCommand } from "./subscriptions.core.ts";
import {
  canceledViolation,
  loadTarget,
  outcome,
  pendingVendorViolation,
  refused,
  ruleOf,
} from "./subscriptions.guards.ts";
import { updateAddon, updateSubscription } from "./subscriptions.repo.ts";
import type { CommandContext, CommandOptions } from "./subscriptions.types.ts";

export const CancelAddonInput = z.strictObject({
  /** Omitted (or the add-on's whole quantity) = the whole add-on; fewer is a partial cancellation. */
  quantity: z.number().int().min(1).max(1_000_000).optional(),
  /** Free-text instructions, kept in the history (R-DSH-06). */
  instructions: z.string().trim().max(2000).optional(),
});
export type CancelAddonInput = z.infer<typeof CancelAddonInput>;

/**
 * Cancels an add-on today, whole, inside the change window (R-CAN-01; Sign: R-SGN-08 — add-ons
 * are cancelled fully within the 14-day window, never partly; Dropbox: R-ORD-04 no quantity
 * edits). Billing credits the rest of the term (R-CAN-03).
 */
export async function cancelAddon(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string; addonId: string } & CancelAddonInput,
  options: CommandOptions = {},
): Promise<AddonOutcome> {
  return runCommand(deps, options, async (tx) => {
    const target = await loadTarget(deps, tx, ctx, input.subscriptionId);
    const { subscription: sub, product, today } = target;
    const row = target.addons.find((a) => a.id === input.addonId);
    if (!row) throw notFound("Add-on", input.addonId);
    const head = { addonId: row.id };
    const stop = canceledViolation(sub) ?? pendingVendorViolation(sub);
    if (stop) return { ...(await refused(tx, target, [stop])), ...head };
    if (row.status !== "active")
      throw new AppError("conflict", `${row.name} was already cancelled on ${row.canceledDate}`, {
        addonId: row.id,
      });
    // R-PRV-01 / D16: the vendor refused this add-on; it changes again once a retry succeeds.
    const unsynced = failedAddonViolations(target.addons, [row.id]);
    if (unsynced.length > 0) return { ...(await refused(tx, target, unsynced)), ...head };
    if (input.quantity !== undefined && input.quantity > row.quantity)
      throw new AppError("validation_failed", `Invalid input — quantity: the add-on has ${row.quantity}`, {
        issues: [{ path: "quantity", message: `at most the add-on's ${row.quantity}` }],
      });
    const held = await heldAddons(tx, target);
    const plan = planAddonCancel({
      channel: ctx.channel,
      // D13: an approved cancellation request's window is judged on its submission day.
      today: ctx.windowJudgedOn ? parseDate(ctx.windowJudgedOn) : today,
      sub,
      policies: product.effectivePolicies,
      addon: held.find((a) => a.id === row.id)!,
      requestedQuantity: input.quantity,
    });
    if (plan.partialUnsupported)
      throw new AppError("validation_failed", "Invalid input — quantity: add-ons are cancelled whole", {
        issues: [{ path: "quantity", message: `omit it or send the add-on's ${row.quantity}` }],
      });
    if (plan.violations.length > 0)
      return { ...(await refused(tx, target, plan.violations, plan.decision)), ...head };
    const now = deps.clock.now();
    await updateAddon(tx, sub.tenantId, row.id, {
      status: "canceled",
      canceledDate: today.toString(),
      updatedAt: now,
    });
    await updateSubscription(tx, sub.tenantId, sub.id, { updatedAt: now });
    // R-CAN-03: the rest of the add-on's billed period is credited.
    const cancel = { addonId: row.id, from: today, end: true, what: "add-on cancellation" };
    await billCredit(deps, tx, ctx, sub, cancel, today);
    await recordHistory(deps, tx, ctx, sub.id, {
      action: "addon_canceled",
      summary: `Cancelled the add-on ${row.name} (${row.quantity}), effective ${today}${input.instructions ? ` — instructions: ${input.instructions}` : ""}`,
      effectiveDate: today,
      changes: {
        addonId: row.id,
        productId: row.productId,
        quantity: row.quantity,
        instructions: input.instructions ?? null,
      },
    });
    await requestProvisioning(deps, tx, sub, "set_addons");
    const planned = await outcome(tx, target, {
      violations: [],
      effect: "immediate",
      effectiveDate: today.toString(),
      rule: ruleOf(plan.decision),
    });
    return { ...planned, ...head };
  });
}
