import { daysSince, type PlainDate } from "../../shared/dates.ts";
import type { Violation } from "../../shared/errors.ts";
import type { ChangeAction, ChangeOutcome, ChangeRule, ProductTypePolicies, Term } from "../catalog/index.ts";

/**
 * Pure evaluation of the catalogue's policies (DESIGN.md "Rules are data"): plain data and
 * `today` in, a decision out. Orders (pre-check) and subscription commands share these; nothing
 * here knows a vendor.
 */

export type Channel = "bss" | "storefront";

/**
 * R-TEN-02 / issue 13: Inactive, waiting for a start date the billing run has not reached yet —
 * ordered to start later (or a copy of such a subscription). Not provisioned, not billed yet.
 */
export function isAwaitingStart(s: { status: string; awaitingStart: boolean }): boolean {
  return s.status === "inactive" && s.awaitingStart;
}

/**
 * D6: the order (or renewal) date is day 0; day N is still inside an N-day window. A subscription
 * ordered to start later counts from its start date (its window starts there, issue 13).
 */
export function isWithinWindow(windowStart: PlainDate, today: PlainDate, days: number): boolean {
  const elapsed = daysSince(windowStart, today);
  return elapsed >= 0 && elapsed <= days;
}

export interface ChangeContext {
  action: ChangeAction;
  channel: Channel;
  term: Term;
  withinWindow: boolean;
  trial: boolean;
}

export interface ChangeDecision {
  outcome: ChangeOutcome;
  /** The rule that decided (undefined = no rule matched: allowed immediately). */
  rule?: ChangeRule;
}

/** Ordered change rules, first match wins (Kill Bill's catalog rules); no match = IMMEDIATE. */
export function evaluateChange(rules: readonly ChangeRule[], ctx: ChangeContext): ChangeDecision {
  for (const rule of rules) {
    if (rule.action !== ctx.action) continue;
    if (rule.channel !== undefined && rule.channel !== ctx.channel) continue;
    if (rule.terms !== undefined && !rule.terms.includes(ctx.term)) continue;
    if (rule.withinWindow !== undefined && rule.withinWindow !== ctx.withinWindow) continue;
    if (rule.trial !== undefined && rule.trial !== ctx.trial) continue;
    return { outcome: rule.outcome, rule };
  }
  return { outcome: "IMMEDIATE" };
}

/** The violation for an ILLEGAL decision (undefined when the change is allowed). */
export function changeViolation(decision: ChangeDecision, fallback: string): Violation | undefined {
  if (decision.outcome !== "ILLEGAL") return undefined;
  const rule = decision.rule!;
  return {
    code: rule.code as Violation["code"],
    message: rule.message ?? fallback,
    details: { action: rule.action },
  };
}

/** R-ORD-05: the billing plan must be one the term allows, with the policy's exact message. */
export function checkBillingPlan(
  policies: ProductTypePolicies,
  term: Term,
  plan: "monthly" | "one_off",
): Violation | undefined {
  const allowed = policies.billingPlans[term];
  if (!allowed || allowed.allowed.includes(plan)) return undefined;
  return {
    code: allowed.code as Violation["code"],
    message: allowed.message,
    details: { term, billingPlan: plan },
  };
}

/** R-ORD-01 / R-SGN-01: at least the product's minimum; the message names the minimum. */
export function checkMinimumQuantity(
  policies: ProductTypePolicies,
  product: { name: string; minQuantity: number },
  quantity: number,
): Violation | undefined {
  if (quantity >= product.minQuantity) return undefined;
  return {
    code: policies.minimumQuantity.code as Violation["code"],
    message: fillMessage(policies.minimumQuantity.message, {
      min: product.minQuantity,
      product: product.name,
    }),
    details: { minimum: product.minQuantity, quantity },
  };
}

/** Fills `{min}`-style placeholders of a policy message. */
export function fillMessage(message: string, values: Record<string, string | number>): string {
  return message.replace(/\{(\w+)\}/g, (all, key: string) => (key in values ? String(values[key]) : all));
}

export interface AddonState {
  sku: string;
  quantity: number;
}

/**
 * The add-on rules of a base subscription or basket line (R-ORD-03, R-SGN-02/03/04): every
 * violation at once. `addons` is the full set the subscription would hold.
 */
export function checkAddonRules(
  policies: ProductTypePolicies,
  input: { channel: Channel; baseQuantity: number; addons: readonly AddonState[] },
): Violation[] {
  const out: Violation[] = [];
  const skus = new Set(input.addons.map((a) => a.sku));
  for (const rule of policies.addonRules) {
    switch (rule.kind) {
      case "at_most_one_of":
      case "never_together": {
        const held = rule.skus.filter((s) => skus.has(s));
        if (held.length > 1)
          out.push({ code: rule.code as Violation["code"], message: rule.message, details: { skus: held } });
        break;
      }
      case "seat_minimum": {
        const held = rule.skus.filter((s) => skus.has(s));
        if (held.length > 0 && input.baseQuantity < rule.min) {
          out.push({
            code: rule.code as Violation["code"],
            message: fillMessage(rule.message, { min: rule.min }),
            details: { skus: held, minimum: rule.min, quantity: input.baseQuantity },
          });
        }
        break;
      }
      case "quantity_tied_to_parent": {
        const mismatched = input.addons.filter((a) => a.quantity !== input.baseQuantity);
        if (mismatched.length > 0 && rule.onMismatch[input.channel] === "refuse") {
          out.push({
            code: rule.code as Violation["code"],
            message: rule.message,
            details: { baseQuantity: input.baseQuantity, addons: mismatched },
          });
        }
        break;
      }
      default:
        break; // quantity_fixed, blocks_upgrade, follow_parent_cancellation apply to changes, not to a set
    }
  }
  return out;
}

/**
 * R-SGN-02: an add-on asked with fewer units than its own seat minimum (Template Pack 15: 5) is
 * a violation, even where the BSS would set it to the plan's quantity (R-SGN-04) — nothing is
 * raised past what the user asked for without a word. A plan below the minimum is the set rule's
 * violation (checkAddonRules), not this one.
 */
export function checkAddonMinimum(
  policies: ProductTypePolicies,
  addon: { sku: string; name: string },
  asked: number,
  baseQuantity: number,
): Violation | undefined {
  for (const rule of policies.addonRules) {
    if (rule.kind !== "seat_minimum" || !rule.skus.includes(addon.sku)) continue;
    if (asked >= rule.min || baseQuantity < rule.min) continue;
    return {
      code: rule.code as Violation["code"],
      message: `${fillMessage(rule.message, { min: rule.min })} ${addon.name} was asked with ${asked}.`,
      details: { sku: addon.sku, minimum: rule.min, quantity: asked },
    };
  }
  return undefined;
}

/**
 * R-SGN-04 in the BSS: an add-on tied to the plan gets the plan's quantity whatever was asked —
 * said with the rule (issue 13: no silent quantity change). Undefined when nothing was asked or
 * it is what was asked.
 */
export function addonQuantityNote(
  policies: ProductTypePolicies,
  addon: { name: string },
  asked: number | undefined,
  quantity: number,
): Violation | undefined {
  const tied = policies.addonRules.find((r) => r.kind === "quantity_tied_to_parent");
  if (!tied || asked === undefined || asked === quantity) return undefined;
  return {
    code: tied.code as Violation["code"],
    message: `${addon.name}: ${asked} asked, ${quantity} added (${asked < quantity ? "raised" : "lowered"} to the plan's quantity). ${tied.message}`,
    details: { requestedQuantity: asked, quantity },
  };
}

/** Whether add-on quantities follow the base in this channel (R-SGN-04: the BSS raises them). */
export function addonsFollowBase(policies: ProductTypePolicies, channel: Channel): boolean {
  return policies.addonRules.some(
    (r) => r.kind === "quantity_tied_to_parent" && r.onMismatch[channel] === "raise_with_parent",
  );
}

const graphemes = new Intl.Segmenter("und", { granularity: "grapheme" });

/**
 * R-ORD-07: the vendor account name is the customer's name cut to the policy's length, counted in
 * characters as a person reads them: NFC first (a decomposed "é" is one character, and the same
 * visible name gives the same team name), then whole grapheme clusters (an emoji family or an
 * accented letter is never cut in half), and no trailing space left by the cut.
 */
export function teamName(policies: ProductTypePolicies, accountName: string): string | undefined {
  if (!policies.teamName) return undefined;
  const name = accountName.normalize("NFC").trim();
  const kept: string[] = [];
  for (const { segment } of graphemes.segment(name)) {
    if (kept.length === policies.teamName.maxLength) break;
    kept.push(segment);
  }
  return kept.join("").trimEnd();
}

/** R-ORD-02: the key that makes "one live plan per admin email" a unique index. */
export function exclusiveKey(
  policies: ProductTypePolicies,
  productTypeCode: string,
  kind: "base" | "addon",
  adminEmail: string | undefined,
): string | null {
  if (kind !== "base" || !policies.oneActivePlanPerAdminEmail.enabled || !adminEmail) return null;
  return `${productTypeCode}:${adminEmail.trim().toLowerCase()}`;
}
