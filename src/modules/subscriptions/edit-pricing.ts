import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../shared/errors.ts";
import { parseAmount } from "../../shared/money.ts";
import { repriceBilling } from "../billing/index.ts";
import { resolvePrices } from "../catalog/index.ts";
import { recordHistory, runCommand } from "./subscriptions.core.ts";
import {
  billingChangeSyncViolation,
  type CommandOutcome,
  canceledViolation,
  loadTarget,
  outcome,
  type Planned,
  pendingVendorViolation,
  refused,
} from "./subscriptions.guards.ts";
import { updateSubscription } from "./subscriptions.repo.ts";
import type { CommandContext, CommandOptions } from "./subscriptions.types.ts";

export const EditPricingInput = z
  .strictObject({
    /** "current": the billing cycle in progress is re-billed at the new price; "next": from the next cycle. */
    applyTo: z.enum(["current", "next"]),
    /** Re-price from this price list (its entry, else its markup, else the list price). */
    priceListId: z.string().min(1).optional(),
    /** A unit price per licence and commitment term, as a decimal string ("12.50"). */
    unitPrice: z.string().trim().min(1).max(20).optional(),
    /** The subscription's discount in basis points (1250 = 12.5 %). */
    discountBasisPoints: z.number().int().min(0).max(10_000).optional(),
  })
  .refine(
    (v) => v.priceListId !== undefined || v.unitPrice !== undefined || v.discountBasisPoints !== undefined,
    {
      message: "give a priceListId, a unitPrice or a discountBasisPoints",
    },
  )
  .refine((v) => !(v.priceListId !== undefined && v.unitPrice !== undefined), {
    message: "give either a priceListId or a unitPrice, not both",
    path: ["unitPrice"],
  });
export type EditPricingInput = z.infer<typeof EditPricingInput>;

/**
 * Edit Pricing Info (issue 4; BSS): the subscription's price list, unit price or discount, for the
 * current billing cycle (its invoiced lines are credited and charged again at the new price) or
 * from the next one. The billing unit (term) is not a price and does not change here.
 */
export async function editPricing(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string } & EditPricingInput,
  options: CommandOptions = {},
): Promise<CommandOutcome> {
  return runCommand(deps, options, async (tx): Promise<Planned> => {
    // R-TEN-05: the distributor may edit a copy's pricing (the billing unit is not editable here at all).
    const target = await loadTarget(deps, tx, ctx, input.subscriptionId, { allowCopy: true });
    const sub = target.subscription;
    const stop = canceledViolation(sub) ?? pendingVendorViolation(sub) ?? billingChangeSyncViolation(sub);
    if (stop) return refused(tx, target, [stop]);
    let unitPrice = sub.unitPrice;
    let priceListId = sub.priceListId;
    // R-PRC-01/02: a hand-set price is user-defined (never repriced, never protected); a price
    // list switch makes it the list's again; a discount alone changes neither. Edit Pricing
    // changes a protected price too (R-PRC-02); the protection keeps its anniversary.
    let priceUserDefined = sub.priceUserDefined;
    let priceProtectedUntil = sub.priceProtectedUntil;
    if (input.priceListId) {
      const resolved = (
        await resolvePrices({ db: tx }, sub.tenantId, [sub.productId], { priceListId: input.priceListId })
      ).get(sub.productId);
      if (!resolved || resolved.priceListId !== input.priceListId)
        throw new AppError(
          "validation_failed",
          "Invalid input — priceListId: no such price list in this tenant",
          {
            issues: [{ path: "priceListId", message: "not a price list of this tenant" }],
          },
        );
      if (resolved.currency !== sub.currency)
        throw new AppError(
          "validation_failed",
          `Invalid input — priceListId: the list is in ${resolved.currency}, the subscription in ${sub.currency}`,
          {
            issues: [{ path: "priceListId", message: `prices in ${resolved.currency}, not ${sub.currency}` }],
          },
        );
      unitPrice = resolved.amount;
      priceListId = input.priceListId;
      priceUserDefined = false;
    }
    if (input.unitPrice !== undefined) {
      try {
        unitPrice = parseAmount(input.unitPrice, sub.currency);
      } catch (e) {
        throw new AppError("validation_failed", `Invalid input — unitPrice: ${(e as Error).message}`, {
          issues: [{ path: "unitPrice", message: (e as Error).message }],
        });
      }
      if (unitPrice < 0n)
        throw new AppError("validation_failed", "Invalid input — unitPrice: must not be negative", {
          issues: [{ path: "unitPrice", message: "must not be negative" }],
        });
      priceListId = null;
      priceUserDefined = true;
      priceProtectedUntil = null;
    }
    const discount = input.discountBasisPoints ?? sub.discountBasisPoints;
    const today = target.today;
    await updateSubscription(tx, sub.tenantId, sub.id, {
      unitPrice,
      priceListId,
      priceUserDefined,
      priceProtectedUntil,
      discountBasisPoints: discount,
      updatedAt: deps.clock.now(),
    });
    await repriceBilling(
      deps,
      tx,
      { tenantId: sub.tenantId, subscriptionId: sub.id },
      { unitPrice, discountBasisPoints: discount, applyTo: input.applyTo },
      { today, source: `pricing edit of ${sub.id}`, key: deps.ids.next("evt") },
    );
    await recordHistory(deps, tx, ctx, sub.id, {
      action: "pricing_changed",
      summary: `Pricing changed for the ${input.applyTo === "current" ? "current" : "next"} billing cycle: unit price ${sub.unitPrice} → ${unitPrice} (minor units), discount ${sub.discountBasisPoints} → ${discount} basis points`,
      effectiveDate: today,
      changes: {
        applyTo: input.applyTo,
        unitPrice: { from: sub.unitPrice, to: unitPrice },
        discountBasisPoints: { from: sub.discountBasisPoints, to: discount },
        priceListId: { from: sub.priceListId, to: priceListId },
        priceUserDefined: { from: sub.priceUserDefined, to: priceUserDefined },
      },
    });
    return outcome(tx, target, {
      violations: [],
      effect: "immediate",
      effectiveDate: today.toString(),
      rule: null,
    });
  });
}
