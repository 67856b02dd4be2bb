import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { parseDate } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import { loadProductDetails, type ProductDetails } from "../catalog/index.ts";
import { createSubscription, firstTerm } from "./create-subscription.ts";
import { loadSubscriptionDetails, type SubscriptionDetails } from "./get-subscription.ts";
import { heldAddons, type Price, priceFor, publishedFor, switchProduct } from "./plan-changes.apply.ts";
import { addonsTiedToBase, planUpgrade, type UpgradePlan } from "./plan-changes.rules.ts";
import { requestProvisioning } from "./record-provisioning-result.ts";
import { findPendingRenewalQuantity, revokePending } from "./scheduled-changes.ts";
import { billCredit, billIncrease } from "./subscriptions.billing.ts";
import { type ChangeTarget, recordHistory, runCommand } from "./subscriptions.core.ts";
import {
  type CommandOutcome,
  canceledViolation,
  decide,
  loadTarget,
  type Note,
  outcome,
  pendingVendorViolation,
  refused,
  ruleOf,
} from "./subscriptions.guards.ts";
import { updateAddon, updateSubscription } from "./subscriptions.repo.ts";
import { checkAddonRules, checkMinimumQuantity } from "./subscriptions.rules.ts";
import type { CommandContext, CommandOptions } from "./subscriptions.types.ts";

export const UpgradeInput = z.strictObject({
  targetProductId: z.string().min(1),
  /**
   * Fewer than the subscription holds: licences to move to a new subscription of the target
   * (R-UPG-05 partial); more: a full upgrade that raises the quantity in the same step (R-SGN-06);
   * omitted = all.
   */
  quantity: z.number().int().min(1).max(1_000_000).optional(),
});
export type UpgradeInput = z.infer<typeof UpgradeInput>;

export type UpgradeOutcome = CommandOutcome & {
  mode: "full" | "partial";
  targetProductId: string;
  /** Licences on the target product afterwards. */
  movedQuantity: number;
  /** A partial upgrade's new subscription (R-UPG-05); null for a full upgrade. */
  newSubscription: SubscriptionDetails | null;
};
type Planned = Omit<UpgradeOutcome, "preview">;

/**
 * Upgrades a subscription today (R-UPG-01..05, R-SGN-06, R-SGN-07, D2, R-TRL-01).
 * - Full: the product changes for all licences; the term, billing cycle and exclusive key stay;
 *   add-ons the target offers stay, others end with it. A trial becomes paid: a new term from
 *   today with auto-renew on (R-TRL-01). A quantity above the current one raises it in the same
 *   step (R-SGN-06: up to the target's minimum), priced as the upgrade of the licences held plus
 *   an increase on the new product (R-QTY-01); tied add-ons follow (R-SGN-04); the notes say so.
 * - Partial: N licences move to a NEW subscription of the target with the origin's term dates;
 *   the origin keeps the rest (at least its minimum). Tied add-ons (R-SGN-04) split likewise.
 */
export async function upgradeSubscription(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string } & UpgradeInput,
  options: CommandOptions = {},
): Promise<UpgradeOutcome> {
  return runCommand(deps, options, async (tx): Promise<Planned> => {
    const target = await loadTarget(deps, tx, ctx, input.subscriptionId);
    const sub = target.subscription;
    const to = await loadProductDetails(tx, { tenantId: sub.tenantId }, input.targetProductId);
    const partial = input.quantity !== undefined && input.quantity < sub.quantity;
    const head = {
      mode: partial ? ("partial" as const) : ("full" as const),
      targetProductId: to.id,
      movedQuantity: input.quantity ?? sub.quantity,
      newSubscription: null,
    };
    const stop = canceledViolation(sub) ?? pendingVendorViolation(sub);
    if (stop) return { ...(await refused(tx, target, [stop])), ...head };
    const held = await heldAddons(tx, target);
    const plan = planUpgrade({
      channel: ctx.channel,
      today: target.today,
      sub,
      source: target.product,
      target: to,
      held,
      quantity: input.quantity,
      published: await publishedFor(tx, ctx, sub),
    });
    const decision = decide(target, ctx, "upgrade");
    if (plan.violations.length > 0)
      return { ...(await refused(tx, target, plan.violations, decision)), ...head };
    const price = await priceFor(tx, sub, to);
    const rule = ruleOf(decision);
    return plan.mode === "full"
      ? upgradeFully(deps, tx, ctx, { target, to, plan, price, rule })
      : upgradePartly(deps, tx, ctx, { target, to, plan, price, rule });
  });
}

interface Step {
  target: ChangeTarget;
  to: ProductDetails;
  plan: UpgradePlan;
  price: Price;
  rule: CommandOutcome["rule"];
}

async function upgradeFully(deps: Deps, tx: Tx, ctx: CommandContext, s: Step): Promise<Planned> {
  const { target, to, plan, price } = s;
  const { subscription: sub, today } = target;
  const quantity = plan.moved;
  const raised = plan.raisedFrom !== null;
  // R-TRL-01: a trial upgraded to paid starts a paid term today, renewing automatically.
  const paidTerm = plan.trialToPaid ? firstTerm(to, today) : undefined;
  const allowedPlans = to.effectivePolicies.billingPlans[to.term]?.allowed ?? [];
  const billingPlan = allowedPlans.includes(sub.billingPlan as "monthly") ? sub.billingPlan : allowedPlans[0];
  const patch = paidTerm
    ? {
        isTrial: false,
        trialEndDate: null,
        termStartDate: today.toString(),
        termAnchorDate: today.toString(),
        termIndex: 0,
        termEndDate: paidTerm.termEnd.toString(),
        windowStartDate: today.toString(),
        autoRenew: true,
        // A trial is free: its paid term starts billing all its licences, raised ones included.
        ...(raised ? { quantity } : {}),
        ...(billingPlan ? { billingPlan } : {}),
      }
    : {};
  // A downgrade planned for the old product no longer applies to the new one.
  await revokePending(deps, tx, ctx, sub, {
    kinds: ["downgrade"],
    reason: `superseded by the upgrade to ${to.name}`,
    effectiveDate: today,
  });
  await revokeUnfitRenewalQuantity(deps, tx, ctx, s);
  await switchProduct(deps, tx, ctx, {
    sub,
    to,
    price,
    dropped: plan.dropped,
    today,
    patch,
    // A trial was free: nothing to credit, the paid term is charged from today (R-TRL-01).
    billing: plan.trialToPaid ? "start" : "upgrade",
    history: {
      action: plan.trialToPaid ? "trial_upgraded" : "upgraded",
      summary:
        (plan.trialToPaid
          ? `Upgraded the trial to the paid plan ${to.name}; new term ${today} – ${paidTerm!.termEnd}`
          : `Upgraded all ${sub.quantity} licences from ${sub.name} to ${to.name}, effective ${today}`) +
        (raised ? `; the quantity raised from ${sub.quantity} to ${quantity} in the same step` : ""),
      changes: {
        mode: "full",
        quantity: raised ? { from: sub.quantity, to: quantity } : sub.quantity,
        ...(paidTerm ? { trialToPaid: true } : {}),
      },
    },
  });
  const notes = raised ? await raiseQuantity(deps, tx, ctx, s, !plan.trialToPaid) : [];
  await requestProvisioning(deps, tx, sub, "change_plan");
  const planned = await outcome(tx, target, {
    violations: [],
    effect: "immediate",
    effectiveDate: today.toString(),
    rule: s.rule,
    notes,
  });
  return {
    ...planned,
    mode: "full",
    targetProductId: to.id,
    movedQuantity: quantity,
    newSubscription: null,
  };
}

/**
 * R-SGN-06: the licences added by a full upgrade, after the switch — charged like an increase on
 * the new product for the rest of the billed period (R-QTY-01; `bill` false for a trial becoming
 * paid, whose paid term already bills them all), with the add-ons tied to the plan (R-SGN-04).
 * A decrease scheduled for the renewal is superseded, as by any new quantity. Returns the notes.
 */
async function raiseQuantity(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  s: Step,
  bill: boolean,
): Promise<Note[]> {
  const { target, to, plan } = s;
  const { subscription: sub, today } = target;
  const quantity = plan.moved;
  const now = deps.clock.now();
  const policies = to.effectivePolicies;
  const meetsMinimum = quantity === to.minQuantity && policies.upgrade.targetMinimumApplies;
  const notes: Note[] = [
    {
      code: (meetsMinimum ? policies.upgrade.code : "R-QTY-01") as Note["code"],
      message: `The quantity is raised from ${sub.quantity} to ${quantity} licences with the upgrade${
        meetsMinimum ? ` (${to.name} needs at least ${to.minQuantity})` : ""
      }: the ${quantity - sub.quantity} added licences are charged for the rest of the billing period.`,
      details: { fromQuantity: sub.quantity, quantity, minimum: to.minQuantity },
    },
  ];
  await updateSubscription(tx, sub.tenantId, sub.id, { quantity, updatedAt: now });
  if (bill) await billIncrease(deps, tx, ctx, sub, { addonId: null, quantity }, today);
  const tied = policies.addonRules.find((r) => r.kind === "quantity_tied_to_parent");
  if (tied)
    for (const a of plan.kept.filter((k) => k.quantity < quantity)) {
      await updateAddon(tx, sub.tenantId, a.id, { quantity, updatedAt: now });
      if (bill) await billIncrease(deps, tx, ctx, sub, { addonId: a.id, quantity }, today);
      notes.push({
        code: tied.code as Note["code"],
        message: `${target.addons.find((x) => x.id === a.id)?.name ?? a.sku} follows the plan's quantity: raised from ${a.quantity} to ${quantity}.`,
        details: { addonId: a.id, fromQuantity: a.quantity, quantity },
      });
    }
  await revokePending(deps, tx, ctx, sub, {
    kinds: ["quantity_decrease"],
    reason: `superseded by the upgrade to ${quantity} licences`,
    effectiveDate: today,
  });
  return notes;
}

/**
 * R-SGN-01/R-SGN-06 (and the add-on rules, R-SGN-02) on the next term: a pending licence decrease
 * or renewal request was accepted against the OLD product's rules. If its quantity breaks the
 * target's (Standard → Premium with a decrease to 2 seats), the upgrade — the later, explicit
 * request — revokes it, with a history record naming the rule; a quantity that still fits stays.
 */
async function revokeUnfitRenewalQuantity(deps: Deps, tx: Tx, ctx: CommandContext, s: Step): Promise<void> {
  const { target, to, plan } = s;
  const { subscription: sub, today } = target;
  const scheduled = await findPendingRenewalQuantity(tx, sub);
  if (!scheduled) return;
  const policies = to.effectivePolicies;
  const tied = addonsTiedToBase(policies);
  const unfit = [
    checkMinimumQuantity(policies, to, scheduled.quantity),
    ...checkAddonRules(policies, {
      channel: ctx.channel,
      baseQuantity: scheduled.quantity,
      addons: plan.kept.map((a) => ({ sku: a.sku, quantity: tied ? scheduled.quantity : a.quantity })),
    }),
  ].filter((v) => v !== undefined);
  if (unfit.length === 0) return;
  await revokePending(deps, tx, ctx, sub, {
    kinds: [scheduled.kind as "quantity_decrease" | "renewal_request"],
    reason: `${scheduled.quantity} licences do not fit ${to.name} after the upgrade (${unfit.map((v) => `${v.code}: ${v.message}`).join(" ")})`,
    effectiveDate: today,
  });
}

async function upgradePartly(deps: Deps, tx: Tx, ctx: CommandContext, s: Step): Promise<Planned> {
  const { target, to, plan, price } = s;
  const { subscription: sub, today } = target;
  const now = deps.clock.now();
  // The origin's pending quantity plans were made for its old quantity.
  await revokePending(deps, tx, ctx, sub, {
    kinds: ["quantity_decrease", "renewal_request"],
    reason: `${plan.moved} licences moved to ${to.name}`,
    effectiveDate: today,
  });
  await updateSubscription(tx, sub.tenantId, sub.id, {
    quantity: plan.remaining,
    updatedAt: now,
  });
  // The moved licences' unused part of the billed period is credited on the origin (billing.md).
  const credit = { from: today, end: false, what: "partial upgrade" };
  await billCredit(deps, tx, ctx, sub, { ...credit, addonId: null, quantity: plan.moved }, today);
  const shrunk: { addonId: string; from: number; to: number }[] = [];
  if (addonsTiedToBase(target.product.effectivePolicies))
    for (const a of target.addons.filter((x) => x.status === "active" && x.quantity !== plan.remaining)) {
      await updateAddon(tx, sub.tenantId, a.id, { quantity: plan.remaining, updatedAt: now });
      shrunk.push({ addonId: a.id, from: a.quantity, to: plan.remaining });
      await billCredit(
        deps,
        tx,
        ctx,
        sub,
        { ...credit, addonId: a.id, quantity: a.quantity - plan.remaining },
        today,
      );
    }
  const addons = [];
  for (const a of plan.kept) {
    const product = await loadProductDetails(tx, { tenantId: sub.tenantId }, a.productId);
    const p = await priceFor(tx, sub, product);
    addons.push({ product, quantity: plan.moved, unitPrice: p.unitPrice, unitCost: p.unitCost });
  }
  const created = await createSubscription(deps, tx, ctx, {
    accountId: sub.accountId,
    resellerAccountId: sub.resellerAccountId,
    orderId: null,
    orderLineId: null,
    product: to,
    quantity: plan.moved,
    billingPlan: sub.billingPlan as "monthly" | "one_off",
    unitPrice: price.unitPrice,
    unitCost: price.unitCost,
    currency: price.currency,
    priceListId: price.priceListId,
    // No admin email here: the team keeps ONE exclusive key (R-ORD-02), held by the origin.
    serviceDetails: sub.serviceDetails as Record<string, unknown>,
    startDate: today,
    responsibleUserId: sub.responsibleUserId,
    parentSubscriptionId: sub.id,
    // R-UPG-04/05: the new subscription runs on the origin's term (same cycle and end date).
    term: {
      start: parseDate(sub.termStartDate),
      end: parseDate(sub.termEndDate),
      anchor: sub.termAnchorDate,
      index: sub.termIndex,
    },
    addons,
  });
  // Same team.
  const added = await updateSubscription(tx, sub.tenantId, created.subscription.id, {
    adminEmail: sub.adminEmail,
    externalId: sub.externalId,
    updatedAt: now,
  });
  await recordHistory(deps, tx, ctx, sub.id, {
    action: "upgraded_partially",
    summary: `Moved ${plan.moved} of ${sub.quantity} licences to ${to.name} (subscription ${added.id}); ${plan.remaining} remain on ${sub.name}`,
    effectiveDate: today,
    changes: {
      mode: "partial",
      quantity: { from: sub.quantity, to: plan.remaining },
      targetProductId: to.id,
      newSubscriptionId: added.id,
      addons: shrunk,
    },
  });
  await recordHistory(deps, tx, ctx, added.id, {
    action: "created_by_upgrade",
    summary: `Created by upgrading ${plan.moved} licences of ${sub.name} (subscription ${sub.id}) to ${to.name}; term ${sub.termStartDate} – ${sub.termEndDate}`,
    effectiveDate: today,
    changes: { parentSubscriptionId: sub.id, fromProductId: sub.productId, quantity: plan.moved },
  });
  await requestProvisioning(deps, tx, sub, "set_quantity");
  await requestProvisioning(deps, tx, added, "create");
  const planned = await outcome(tx, target, {
    violations: [],
    effect: "immediate",
    effectiveDate: today.toString(),
    rule: s.rule,
  });
  const newSubscription = await loadSubscriptionDetails(tx, added.id, {
    tenantId: sub.tenantId,
    policies: to.effectivePolicies,
    today,
  });
  return {
    ...planned,
    mode: "partial",
    targetProductId: to.id,
    movedQuantity: plan.moved,
    newSubscription,
  };
}
