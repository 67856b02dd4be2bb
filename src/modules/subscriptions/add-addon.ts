import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../shared/errors.ts";
import { loadProductDetails } from "../catalog/index.ts";
import { planAddonAdd } from "./addon-changes.rules.ts";
import { heldAddons, priceFor, publishedFor } from "./plan-changes.apply.ts";
import { addonsTiedToBase } from "./plan-changes.rules.ts";
import { protectionFor } from "./price-protection.ts";
import { requestProvisioning } from "./record-provisioning-result.ts";
import { carryAddonIntoPending, findPendingRenewalQuantity } from "./scheduled-changes.ts";
import { billAddon } from "./subscriptions.billing.ts";
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
import { insertAddon, updateSubscription } from "./subscriptions.repo.ts";
import type { CommandContext, CommandOptions } from "./subscriptions.types.ts";

export const AddAddonInput = z.strictObject({
  /** The add-on product: one of the subscription's product's add-ons. */
  productId: z.string().min(1),
  /**
   * Omitted = the base quantity for add-ons tied to it (R-SGN-04), else the add-on's minimum.
   * The BSS sets a tied add-on to the base quantity; the Storefront refuses a mismatch.
   */
  quantity: z.number().int().min(1).max(1_000_000).optional(),
});
export type AddAddonInput = z.infer<typeof AddAddonInput>;

export type AddonOutcome = CommandOutcome & {
  /** The add-on added (or cancelled); null when refused. */
  addonId: string | null;
};

/**
 * Adds an add-on to a subscription today (R-TRL-01 none on a trial, R-ORD-03 one storage add-on,
 * R-SGN-02 seat minimum, R-SGN-03 never SFDC with CPQ, R-SGN-04 quantity = base, R-ORD-04 an
 * add-on already held cannot be re-added with another quantity). Charged from today (billing).
 */
export async function addAddon(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string } & AddAddonInput,
  options: CommandOptions = {},
): Promise<AddonOutcome> {
  return runCommand(deps, options, async (tx) => {
    const target = await loadTarget(deps, tx, ctx, input.subscriptionId);
    const { subscription: sub, product, today } = target;
    const addon = await loadProductDetails(tx, { tenantId: sub.tenantId }, input.productId);
    const head = { addonId: null };
    const stop = canceledViolation(sub) ?? pendingVendorViolation(sub);
    if (stop) return { ...(await refused(tx, target, [stop])), ...head };
    const scheduled = await findPendingRenewalQuantity(tx, sub);
    const plan = planAddonAdd({
      channel: ctx.channel,
      today,
      sub,
      policies: product.effectivePolicies,
      addon,
      held: await heldAddons(tx, target),
      requestedQuantity: input.quantity,
      published: await publishedFor(tx, ctx, sub),
      renewal: scheduled && { quantity: scheduled.quantity, effectiveDate: scheduled.effectiveDate },
    });
    const decision = decide(target, ctx, "addon_add");
    // Rule violations first: a trial is told why it cannot take add-ons (R-TRL-01), even one
    // its (trial) product does not list.
    if (plan.violations.length > 0)
      return { ...(await refused(tx, target, plan.violations, decision)), ...head };
    if (addon.kind !== "addon" || !product.addons.some((a) => a.id === addon.id))
      throw new AppError("validation_failed", `Invalid input — productId: not an add-on of ${product.name}`, {
        issues: [{ path: "productId", message: `${addon.name} is not an add-on of ${product.name}` }],
      });
    const max = addon.maxQuantity ?? Number.POSITIVE_INFINITY;
    if (plan.quantity < addon.minQuantity || plan.quantity > max)
      throw new AppError(
        "validation_failed",
        `Invalid input — quantity: ${addon.name} is sold ${bounds(addon)}`,
        {
          issues: [{ path: "quantity", message: bounds(addon) }],
        },
      );
    if (plan.alreadyHeld)
      throw new AppError("conflict", `${addon.name} is already on this subscription`, {
        productId: addon.id,
      });
    const price = await priceFor(tx, sub, addon);
    const now = deps.clock.now();
    const row = await insertAddon(tx, {
      id: deps.ids.next("add"),
      tenantId: sub.tenantId,
      subscriptionId: sub.id,
      productId: addon.id,
      name: addon.name,
      quantity: plan.quantity,
      unitPrice: price.unitPrice,
      unitCost: price.unitCost,
      priceProtectedUntil: await protectionFor(tx, sub, addon.id, today), // R-PRC-02
      status: "active",
      addedDate: today.toString(),
      windowStartDate: today.toString(), // R-CAN-01: its own 14 days start with it
      // D16: Pending until the vendor holds it (its provisioning job below); never provisioned
      // when no service manager provisions the product (R-PRV-01).
      syncStatus: sub.syncStatus === "unsynchronized" ? "unsynchronized" : "pending",
      createdAt: now,
      updatedAt: now,
    });
    await updateSubscription(tx, sub.tenantId, sub.id, { updatedAt: now });
    await billAddon(deps, tx, ctx, sub, row, today);
    await recordHistory(deps, tx, ctx, sub.id, {
      action: "addon_added",
      summary: `Added ${plan.quantity} × ${addon.name}, effective ${today}`,
      effectiveDate: today,
      changes: {
        addonId: row.id,
        productId: addon.id,
        quantity: plan.quantity,
        requestedQuantity: input.quantity ?? null,
        unitPrice: price.unitPrice,
      },
    });
    // R-SGN-04: a tied add-on follows the scheduled renewal quantity like the add-ons already held.
    if (scheduled && addonsTiedToBase(product.effectivePolicies))
      await carryAddonIntoPending(deps, tx, ctx, sub, scheduled, { addonId: row.id, productId: addon.id });
    await requestProvisioning(deps, tx, sub, "set_addons");
    const planned = await outcome(tx, target, {
      violations: [],
      effect: "immediate",
      effectiveDate: today.toString(),
      rule: ruleOf(decision),
      notes: plan.notes,
    });
    return { ...planned, addonId: row.id };
  });
}

function bounds(p: { minQuantity: number; maxQuantity: number | null }): string {
  const min = Math.max(p.minQuantity, 1);
  return p.maxQuantity === null
    ? `in quantities of at least ${min}`
    : `in quantities of ${min} to ${p.maxQuantity}`;
}
