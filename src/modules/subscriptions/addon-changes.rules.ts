import { compareDates, type PlainDate, parseDate } from "../../shared/dates.ts";
import type { Violation } from "../../shared/errors.ts";
import type { ProductTypePolicies } from "../catalog/index.ts";
import {
  checkChangeable,
  checkPublished,
  decide,
  type HeldAddon,
  type PlanProduct,
  push,
  type SubscriptionState,
  trialCode,
} from "./plan-changes.rules.ts";
import {
  addonQuantityNote,
  type ChangeDecision,
  type Channel,
  checkAddonMinimum,
  checkAddonRules,
} from "./subscriptions.rules.ts";

/**
 * Pure rules of add-on changes (R-TRL-01, R-ORD-03/04, R-SGN-02/03/04/08, R-CAN-01): plain data
 * and `today` in, every violation out. The product type's add-on and change rules decide.
 */

export interface AddonAddInput {
  channel: Channel;
  today: PlainDate;
  sub: SubscriptionState;
  policies: ProductTypePolicies;
  addon: PlanProduct;
  held: readonly HeldAddon[];
  requestedQuantity?: number | undefined;
  /** Storefront only: the products published in the reseller's Storefront (R-CAT-07). */
  published?: ReadonlySet<string> | undefined;
  /**
   * The quantity the subscription renews with when a scheduled change (a licence decrease or a
   * renewal request) sets it: the add-on must fit the next term too (R-SGN-02).
   */
  renewal?: { quantity: number; effectiveDate: string } | undefined;
}

/**
 * Adding an add-on (R-TRL-01, R-ORD-03, R-ORD-04, R-SGN-02..04). Adding one already held would
 * change its quantity: the `addon_quantity` change rule decides (ILLEGAL for Dropbox and Sign).
 * A fixed-quantity add-on (R-ORD-04) is added in its one quantity, as an order line would be.
 * The add-on rules hold for today's quantity and for the scheduled renewal quantity.
 */
export function planAddonAdd(input: AddonAddInput): {
  violations: Violation[];
  quantity: number;
  alreadyHeld: boolean;
  /** R-SGN-04: the quantity set differs from the one asked (said in the preview). */
  notes: Violation[];
} {
  const { sub, policies, addon, channel, today } = input;
  const violations: Violation[] = [...checkChangeable(sub)];
  push(violations, decide(policies, sub, "addon_add", channel, today).violation);
  if (sub.isTrial && policies.trial && !policies.trial.addonsAllowed)
    push(violations, {
      code: trialCode(policies),
      message: "Add-ons cannot be added to a trial. Upgrade it to the paid plan first.",
    });
  push(violations, checkPublished(input.published, addon));
  const alreadyHeld = input.held.some((a) => a.productId === addon.id);
  if (alreadyHeld) push(violations, decide(policies, sub, "addon_quantity", channel, today).violation);
  const tiedRule = policies.addonRules.find((r) => r.kind === "quantity_tied_to_parent");
  // R-SGN-04: the BSS sets a tied add-on to the base quantity; the Storefront refuses a mismatch.
  const quantity =
    tiedRule && tiedRule.onMismatch[channel] === "raise_with_parent"
      ? sub.quantity
      : (input.requestedQuantity ?? (tiedRule ? sub.quantity : Math.max(addon.minQuantity, 1)));
  // R-SGN-02: never below the add-on's own minimum, whatever the BSS would set (issue 13.5).
  if (input.requestedQuantity !== undefined)
    push(violations, checkAddonMinimum(policies, addon, input.requestedQuantity, sub.quantity));
  const note = addonQuantityNote(policies, addon, input.requestedQuantity, quantity);
  // R-ORD-04: Dropbox add-ons come in one fixed quantity (the order pre-check's same rule).
  const fixed = policies.addonRules.find((r) => r.kind === "quantity_fixed");
  const fixedQuantity = Math.max(1, addon.minQuantity);
  if (fixed && !alreadyHeld && quantity !== fixedQuantity)
    push(violations, {
      code: fixed.code as Violation["code"],
      message: `${addon.name} comes in a fixed quantity of ${fixedQuantity}. ${fixed.message}`,
      details: { productId: addon.id, required: fixedQuantity, quantity },
    });
  const others = input.held.filter((a) => a.productId !== addon.id);
  for (const v of checkAddonRules(policies, {
    channel,
    baseQuantity: sub.quantity,
    addons: [...others.map((a) => ({ sku: a.sku, quantity: a.quantity })), { sku: addon.sku, quantity }],
  }))
    push(violations, v);
  // R-SGN-02 (and the other set rules) at the next renewal: a scheduled decrease or renewal
  // request fixes the next term's quantity; tied add-ons follow it (R-SGN-04).
  const renewal = input.renewal;
  if (renewal && renewal.quantity !== sub.quantity) {
    const at = (q: number) => (tiedRule ? renewal.quantity : q);
    const today = new Set(violations.map((v) => v.code));
    for (const v of checkAddonRules(policies, {
      channel,
      baseQuantity: renewal.quantity,
      addons: [
        ...others.map((a) => ({ sku: a.sku, quantity: at(a.quantity) })),
        { sku: addon.sku, quantity: at(quantity) },
      ],
    }))
      if (!today.has(v.code))
        push(violations, {
          ...v,
          message: `${v.message} The subscription renews with ${renewal.quantity} on ${renewal.effectiveDate} (a scheduled change); revoke it first.`,
          details: { ...v.details, renewalQuantity: renewal.quantity, effectiveDate: renewal.effectiveDate },
        });
  }
  return {
    violations,
    quantity,
    alreadyHeld,
    notes: note ? [{ ...note, details: { ...note.details, productId: addon.id } }] : [],
  };
}

/**
 * Cancelling an add-on (R-CAN-01, R-SGN-08, R-ORD-04): whole, inside the change window. The
 * window runs from the add-on's own start or the subscription's last renewal, whichever is later.
 */
export function planAddonCancel(input: {
  channel: Channel;
  today: PlainDate;
  sub: SubscriptionState;
  policies: ProductTypePolicies;
  addon: HeldAddon;
  requestedQuantity?: number | undefined;
}): { violations: Violation[]; partialUnsupported: boolean; decision: ChangeDecision } {
  const { sub, policies, addon, channel, today } = input;
  const violations: Violation[] = [...checkChangeable(sub)];
  const windowStart =
    compareDates(parseDate(addon.windowStartDate), parseDate(sub.windowStartDate)) > 0
      ? addon.windowStartDate
      : sub.windowStartDate;
  const decision = decide(policies, sub, "addon_cancel", channel, today, windowStart);
  push(violations, decision.violation);
  const partial = input.requestedQuantity !== undefined && input.requestedQuantity < addon.quantity;
  let partialUnsupported = false;
  if (partial) {
    const before = violations.length;
    for (const rule of policies.addonRules)
      if (rule.kind === "follow_parent_cancellation" && !rule.partialCancelAllowed)
        push(violations, { code: rule.code as Violation["code"], message: rule.message });
    push(violations, decide(policies, sub, "addon_quantity", channel, today).violation);
    // openbss cancels add-ons whole only; without a rule saying why, the request is malformed.
    partialUnsupported = violations.length === before;
  }
  return { violations, partialUnsupported, decision };
}
