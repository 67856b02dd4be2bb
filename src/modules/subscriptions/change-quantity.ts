import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { Tx } from "../../shared/db.ts";
import { AppError, type Violation } from "../../shared/errors.ts";
import { failedAddonViolations, movedAddonIds } from "./addon-sync.ts";
import { buyLicencesViolation } from "./plan-changes.apply.ts";
import { requestProvisioning } from "./record-provisioning-result.ts";
import { findPending, revokePending, scheduleChange } from "./scheduled-changes.ts";
import { billCredit, billIncrease } from "./subscriptions.billing.ts";
import { type ChangeTarget, recordHistory, runCommand } from "./subscriptions.core.ts";
import {
  type CommandOutcome,
  canceledViolation,
  compact,
  decide,
  decisionViolation,
  loadTarget,
  type Note,
  outcome,
  type Planned,
  pendingVendorViolation,
  quantityChangeViolations,
  reductionAtRenewalNote,
  refused,
  renewalDate,
  ruleOf,
} from "./subscriptions.guards.ts";
import { updateAddon, updateSubscription } from "./subscriptions.repo.ts";
import { addonsFollowBase, checkAddonRules, checkMinimumQuantity } from "./subscriptions.rules.ts";
import type { CommandContext, CommandOptions } from "./subscriptions.types.ts";

export const AddonQuantities = z
  .array(z.strictObject({ addonId: z.string().min(1), quantity: z.number().int().min(1).max(1_000_000) }))
  .max(50)
  .refine((list) => new Set(list.map((a) => a.addonId)).size === list.length, "An add-on is listed twice");

export const ChangeQuantityInput = z.strictObject({
  quantity: z.number().int().min(1).max(1_000_000),
  /** Add-on quantities that change with the base (R-SGN-04: the Storefront must send them). */
  addons: AddonQuantities.optional(),
});
export type ChangeQuantityInput = z.infer<typeof ChangeQuantityInput>;

export interface AddonTarget {
  addonId: string;
  productId: string;
  from: number;
  to: number;
}

/**
 * Changes the number of licences. More licences take effect now (R-QTY-01); fewer per the product
 * type's `decreaseEffect` and change rules — for Dropbox and Sign at the next renewal, as a
 * scheduled `quantity_decrease` (R-QTY-02, R-SGN-05, D3). Needs an Active, synchronized
 * subscription (R-QTY-03), at least the product's minimum (R-ORD-01, R-SGN-01), and add-ons that
 * follow the base (R-SGN-04: the BSS raises them, the Storefront must send matching quantities).
 * Asking for the current quantity revokes a pending decrease.
 */
export async function changeQuantity(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string } & ChangeQuantityInput,
  options: CommandOptions = {},
): Promise<CommandOutcome> {
  return runCommand(deps, options, async (tx): Promise<Planned> => {
    const target = await loadTarget(deps, tx, ctx, input.subscriptionId);
    const sub = target.subscription;
    const stop = canceledViolation(sub) ?? pendingVendorViolation(sub);
    if (stop) return refused(tx, target, [stop]);
    const pendingDecrease = await findPending(tx, sub, "quantity_decrease");
    if (input.quantity === sub.quantity) {
      if (!pendingDecrease)
        throw new AppError("validation_failed", `The subscription already has ${sub.quantity} licences`, {
          issues: [{ path: "quantity", message: `equals the current quantity (${sub.quantity})` }],
        });
      await revokePending(deps, tx, ctx, sub, {
        kinds: ["quantity_decrease"],
        reason: `the quantity stays at ${sub.quantity}`,
        effectiveDate: target.today,
      });
      await requestProvisioning(deps, tx, sub, "set_quantity");
      return outcome(tx, target, {
        violations: [],
        effect: "immediate",
        effectiveDate: target.today.toString(),
        rule: null,
      });
    }

    const policies = target.product.effectivePolicies;
    const action = input.quantity > sub.quantity ? "increase" : "decrease";
    const decision = decide(target, ctx, action);
    const { addons, violations: addonViolations } = planAddons(target, ctx, input);
    const renewalRequest = action === "decrease" ? await findPending(tx, sub, "renewal_request") : undefined;
    const unpublished = action === "increase" ? await buyLicencesViolation(tx, ctx, sub) : undefined;
    const violations = compact<Violation>([
      unpublished,
      ...quantityChangeViolations(sub),
      decisionViolation(decision, action),
      checkMinimumQuantity(policies, target.product, input.quantity),
      ...addonViolations,
      ...failedAddonViolations(target.addons, movedAddonIds(addons)), // D16
      renewalRequest && {
        code: "R-REN-02",
        message: `A renewal request for ${String((renewalRequest.payload as { quantity?: number }).quantity)} licences is pending; revoke it before reducing the licences.`,
        details: { scheduledChangeId: renewalRequest.id },
      },
    ]);
    if (violations.length > 0) return refused(tx, target, violations, decision);

    const atRenewal =
      action === "decrease" &&
      (policies.decreaseEffect === "at_renewal" || decision.outcome === "END_OF_TERM");
    const notes = followNotes(target, addons, input);
    return atRenewal
      ? scheduleDecrease(deps, tx, ctx, target, input.quantity, addons, ruleOf(decision), notes)
      : applyNow(deps, tx, ctx, target, input.quantity, addons, ruleOf(decision), notes);
  });
}

/**
 * The add-ons' quantities after the change, and what is wrong with them. An add-on tied to the
 * base (quantity_tied_to_parent) moves with it; moving one on its own is an `addon_quantity`
 * change the rules decide (Dropbox: R-ORD-04, Sign: R-SGN-04).
 */
export function planAddons(
  target: ChangeTarget,
  ctx: CommandContext,
  input: { quantity: number; addons?: ChangeQuantityInput["addons"] },
): { addons: AddonTarget[]; violations: Violation[] } {
  const policies = target.product.effectivePolicies;
  const active = target.addons.filter((a) => a.status === "active");
  const requested = new Map((input.addons ?? []).map((a) => [a.addonId, a.quantity]));
  const unknown = [...requested.keys()].filter((id) => !active.some((a) => a.id === id));
  if (unknown.length > 0)
    throw new AppError(
      "validation_failed",
      "Invalid input — addons: not an active add-on of this subscription",
      {
        issues: unknown.map((id) => ({
          path: "addons",
          message: `${id} is not an active add-on of this subscription`,
        })),
      },
    );
  const tied = policies.addonRules.find((r) => r.kind === "quantity_tied_to_parent");
  const follows = addonsFollowBase(policies, ctx.channel);
  const violations: Violation[] = [];
  const addons = active.map((a) => {
    const asked = requested.get(a.id);
    const to = asked ?? (follows ? input.quantity : a.quantity);
    if (asked !== undefined && asked !== a.quantity && !(tied && asked === input.quantity)) {
      const v = decisionViolation(decide(target, ctx, "addon_quantity"), "addon_quantity");
      if (v) violations.push({ ...v, details: { ...v.details, addonId: a.id } });
    }
    if (tied && follows && asked !== undefined && asked !== input.quantity) {
      violations.push({
        code: tied.code as Violation["code"],
        message: tied.message,
        details: { baseQuantity: input.quantity, addons: [{ addonId: a.id, quantity: asked }] },
      });
    }
    return { addonId: a.id, productId: a.productId, from: a.quantity, to };
  });
  const skuOf = new Map(target.product.addons.map((p) => [p.id, p.sku]));
  violations.push(
    ...checkAddonRules(policies, {
      channel: ctx.channel,
      baseQuantity: input.quantity,
      addons: addons.map((a) => ({ sku: skuOf.get(a.productId) ?? a.productId, quantity: a.to })),
    }).map((v) => withAddonIds(v, addons, skuOf)),
  );
  return { addons, violations };
}

/** R-SGN-04 (BSS): the add-ons the base carries with it that the caller did not name, said in the preview. */
function followNotes(
  target: ChangeTarget,
  addons: AddonTarget[],
  input: { addons?: ChangeQuantityInput["addons"] },
): Note[] {
  const tied = target.product.effectivePolicies.addonRules.find((r) => r.kind === "quantity_tied_to_parent");
  if (!tied) return [];
  const named = new Set((input.addons ?? []).map((a) => a.addonId));
  return addons
    .filter((a) => a.to !== a.from && !named.has(a.addonId))
    .map((a) => ({
      code: tied.code as Note["code"],
      message: `${target.addons.find((x) => x.id === a.addonId)?.name ?? a.addonId} follows the plan: from ${a.from} to ${a.to}. ${tied.message}`,
      details: { addonId: a.addonId, fromQuantity: a.from, quantity: a.to },
    }));
}

/** checkAddonRules speaks SKUs; the caller knows add-ons by id — name both. */
function withAddonIds(v: Violation, addons: AddonTarget[], skuOf: Map<string, string>): Violation {
  const named = addons.map((a) => ({
    addonId: a.addonId,
    sku: skuOf.get(a.productId) ?? null,
    quantity: a.to,
  }));
  return { ...v, details: { ...v.details, addonQuantities: named } };
}

async function applyNow(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  target: ChangeTarget,
  quantity: number,
  addons: AddonTarget[],
  rule: CommandOutcome["rule"],
  notes: Note[],
): Promise<Planned> {
  const sub = target.subscription;
  const now = deps.clock.now();
  await updateSubscription(tx, sub.tenantId, sub.id, { quantity, updatedAt: now });
  for (const a of addons.filter((x) => x.to !== x.from))
    await updateAddon(tx, sub.tenantId, a.addonId, { quantity: a.to, updatedAt: now });
  // A new quantity supersedes an earlier request to lower it at renewal.
  await revokePending(deps, tx, ctx, sub, {
    kinds: ["quantity_decrease"],
    reason: `superseded by the change to ${quantity} licences`,
    effectiveDate: target.today,
  });
  const more = quantity > sub.quantity;
  // R-QTY-01: added licences are charged now; an immediate decrease credits the removed ones.
  const changes = [
    { addonId: null, from: sub.quantity, to: quantity },
    ...addons.filter((a) => a.to !== a.from).map((a) => ({ addonId: a.addonId, from: a.from, to: a.to })),
  ];
  for (const c of changes) {
    if (c.to > c.from)
      await billIncrease(deps, tx, ctx, sub, { addonId: c.addonId, quantity: c.to }, target.today);
    else if (c.to < c.from)
      await billCredit(
        deps,
        tx,
        ctx,
        sub,
        {
          addonId: c.addonId,
          from: target.today,
          quantity: c.from - c.to,
          end: false,
          what: "licence decrease",
        },
        target.today,
      );
  }
  await recordHistory(deps, tx, ctx, sub.id, {
    action: more ? "quantity_increased" : "quantity_decreased",
    summary: `${more ? "Increased" : "Decreased"} the licences from ${sub.quantity} to ${quantity}, effective ${target.today}`,
    effectiveDate: target.today,
    changes: { quantity: { from: sub.quantity, to: quantity }, addons: changedAddons(addons) },
  });
  await requestProvisioning(deps, tx, sub, "set_quantity");
  return outcome(tx, target, {
    violations: [],
    effect: "immediate",
    effectiveDate: target.today.toString(),
    rule,
    notes,
  });
}

async function scheduleDecrease(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  target: ChangeTarget,
  quantity: number,
  addons: AddonTarget[],
  rule: CommandOutcome["rule"],
  notes: Note[],
): Promise<Planned> {
  const sub = target.subscription;
  const effectiveDate = renewalDate(sub);
  await revokePending(deps, tx, ctx, sub, {
    kinds: ["quantity_decrease"],
    reason: `replaced by a decrease to ${quantity} licences`,
    effectiveDate: target.today,
  });
  const change = await scheduleChange(deps, tx, ctx, sub, {
    kind: "quantity_decrease",
    effectiveDate,
    payload: {
      quantity,
      fromQuantity: sub.quantity,
      addons: addons.map(({ addonId, productId, to }) => ({ addonId, productId, quantity: to })),
    },
  });
  await recordHistory(deps, tx, ctx, sub.id, {
    action: "quantity_decrease_scheduled",
    summary: `Scheduled a decrease from ${sub.quantity} to ${quantity} licences at the renewal on ${effectiveDate}`,
    effectiveDate,
    changes: {
      quantity: { from: sub.quantity, to: quantity },
      addons: changedAddons(addons),
      scheduledChangeId: change.id,
    },
  });
  await requestProvisioning(deps, tx, sub, "set_quantity");
  return outcome(tx, target, {
    violations: [],
    effect: "scheduled",
    effectiveDate: effectiveDate.toString(),
    rule,
    notes: [
      reductionAtRenewalNote(sub, {
        renewalQuantity: quantity,
        effectiveDate,
        code: rule?.code ?? "R-QTY-02",
      }),
      ...notes,
    ],
  });
}

function changedAddons(addons: AddonTarget[]) {
  return addons.filter((a) => a.to !== a.from).map((a) => ({ addonId: a.addonId, from: a.from, to: a.to }));
}
