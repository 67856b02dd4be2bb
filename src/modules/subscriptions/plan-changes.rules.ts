import { addDays, compareDates, type PlainDate, parseDate } from "../../shared/dates.ts";
import type { Violation } from "../../shared/errors.ts";
import type { ChangeAction, ChangeOutcome, ProductTypePolicies, Term } from "../catalog/index.ts";
import {
  type AddonState,
  type ChangeDecision,
  type Channel,
  changeViolation,
  checkAddonRules,
  evaluateChange,
  isWithinWindow,
} from "./subscriptions.rules.ts";

/**
 * Pure rules of plan changes — upgrade and downgrade (R-UPG-*, R-DWN-01, R-SGN-06/07, R-TRL-01),
 * and what add-on changes share with them (addon-changes.rules.ts): plain data and `today` in, a
 * plan with every violation out. Nothing here knows a vendor; the product type's policies decide.
 */

type Code = Violation["code"];

/** What the rules read of a subscription. */
export interface SubscriptionState {
  status: string;
  syncStatus: string;
  syncError?: string | null;
  /** The vendor's id: a Pending subscription that has one is only waiting for queued changes. */
  externalId?: string | null;
  isTrial: boolean;
  trialEndDate: string | null;
  term: Term | string;
  quantity: number;
  windowStartDate: string;
  termEndDate: string;
}

export interface PlanProduct {
  id: string;
  sku: string;
  name: string;
  term: Term;
  isTrial: boolean;
  minQuantity: number;
  maxQuantity?: number | null;
}
interface Ref {
  id: string;
}
/** The subscription's product (or an upgrade target) with what the rules need. */
export interface PlanProductDetails extends PlanProduct {
  upgrades: readonly Ref[];
  downgrades: readonly Ref[];
  addons: readonly Ref[];
  effectivePolicies: ProductTypePolicies;
}
/** An active add-on of the subscription. */
export interface HeldAddon {
  id: string;
  productId: string;
  sku: string;
  quantity: number;
  windowStartDate: string;
}

/** R-QTY-03 / R-PRV-01: billing changes need an Active subscription the vendor has confirmed. */
export function checkChangeable(sub: SubscriptionState): Violation[] {
  if (sub.status !== "active")
    return [
      {
        code: "R-QTY-03",
        message: `This change needs an Active subscription; this one is ${sub.status.replaceAll("_", " ")}.`,
        details: { status: sub.status },
      },
    ];
  if (sub.syncStatus === "failed")
    return [
      {
        code: "R-PRV-01",
        message: `The last provisioning failed (${sub.syncError ?? "the vendor refused the change"}); retry it before changing the subscription.`,
        details: { syncStatus: sub.syncStatus },
      },
    ];
  // A change in flight (Pending, already provisioned once) does not block the next one: the
  // subscription's provisioning jobs run in order, each sending the whole target state.
  // Unsynchronized: no service manager provisions it, so no sync rule applies (R-PRV-01, issue 13).
  if (
    sub.syncStatus !== "synchronized" &&
    sub.syncStatus !== "unsynchronized" &&
    !(sub.syncStatus === "pending" && sub.externalId)
  )
    return [
      {
        code: "R-QTY-03",
        message:
          "The subscription is waiting for the vendor's confirmation; try again once it is synchronized.",
        details: { syncStatus: sub.syncStatus },
      },
    ];
  return [];
}

/** Evaluates one change action against the policies' ordered change rules (first match wins). */
export function decide(
  policies: ProductTypePolicies,
  sub: SubscriptionState,
  action: ChangeAction,
  channel: Channel,
  today: PlainDate,
  windowStart: string = sub.windowStartDate,
): ChangeDecision & { violation?: Violation | undefined } {
  const decision = evaluateChange(policies.changeRules, {
    action,
    channel,
    term: sub.term as Term,
    withinWindow: isWithinWindow(parseDate(windowStart), today, policies.changeWindowDays),
    trial: sub.isTrial,
  });
  return { ...decision, violation: changeViolation(decision, `This change (${action}) is not allowed.`) };
}

/** Whether a product type ties add-on quantities to the base quantity (R-SGN-04). */
export function addonsTiedToBase(policies: ProductTypePolicies): boolean {
  return policies.addonRules.some((r) => r.kind === "quantity_tied_to_parent");
}

export const trialCode = (p: ProductTypePolicies): Code => (p.trial?.code ?? "R-TRL-01") as Code;
const upgradeCode = (p: ProductTypePolicies): Code => p.upgrade.code as Code;
/** Adds a violation once (the same rule may be met by two checks). */
export const push = (out: Violation[], v: Violation | undefined) => {
  if (v && !out.some((x) => x.code === v.code && x.message === v.message)) out.push(v);
};

/** R-UPG-02 (and the downgrade equivalent): same billing term when the policy says so. */
function checkSameTerm(
  policies: ProductTypePolicies,
  sub: SubscriptionState,
  target: PlanProduct,
): Violation | undefined {
  if (!policies.upgrade.sameTermOnly || target.term === sub.term) return undefined;
  return {
    code: upgradeCode(policies),
    message: `Plan changes keep the billing term: ${target.name} is ${target.term}, the subscription is ${sub.term}.`,
    details: { term: sub.term, targetTerm: target.term },
  };
}

/** R-UPG-03: an add-on of a `blocks_upgrade` rule (the 1 TB storage pack) blocks every upgrade. */
export function checkUpgradeBlockers(policies: ProductTypePolicies, held: readonly HeldAddon[]): Violation[] {
  const out: Violation[] = [];
  for (const rule of policies.addonRules) {
    if (rule.kind !== "blocks_upgrade") continue;
    const blocking = held.filter((a) => rule.skus.includes(a.sku));
    if (blocking.length > 0)
      out.push({
        code: rule.code as Code,
        message: rule.message,
        details: { addonIds: blocking.map((a) => a.id), skus: blocking.map((a) => a.sku) },
      });
  }
  return out;
}

/**
 * R-CAT-07 / R-DSH-06: in a Storefront, only products the reseller publishes can be bought — an
 * upgrade target or a new add-on; the subscription's own product need not be listed.
 */
export function checkPublished(
  published: ReadonlySet<string> | undefined,
  product: Pick<PlanProduct, "id" | "name">,
): Violation | undefined {
  if (!published || published.has(product.id)) return undefined;
  return {
    code: "R-CAT-07",
    message: `${product.name} is not offered in this Storefront; only published products can be bought here.`,
    details: { productId: product.id },
  };
}

/** Add-ons after a product switch: those the target offers are kept, the others end with the switch. */
export function splitAddonsForTarget(
  held: readonly HeldAddon[],
  target: Pick<PlanProductDetails, "addons">,
): { kept: HeldAddon[]; dropped: HeldAddon[] } {
  const offered = new Set(target.addons.map((a) => a.id));
  return {
    kept: held.filter((a) => offered.has(a.productId)),
    dropped: held.filter((a) => !offered.has(a.productId)),
  };
}

export interface UpgradeInput {
  channel: Channel;
  today: PlainDate;
  sub: SubscriptionState;
  source: PlanProductDetails;
  target: PlanProductDetails;
  held: readonly HeldAddon[];
  /**
   * Fewer than the subscription holds: licences to move into a new subscription (R-UPG-05
   * partial); more: a full upgrade that raises the quantity (R-SGN-06); omitted = all (full).
   */
  quantity?: number | undefined;
  /** Storefront only: the products published in the reseller's Storefront (R-CAT-07). */
  published?: ReadonlySet<string> | undefined;
}

export interface UpgradePlan {
  violations: Violation[];
  mode: "full" | "partial";
  /** Licences on the upgraded product afterwards (full: all; partial: the new subscription's). */
  moved: number;
  /** Licences left on the origin (0 for a full upgrade). */
  remaining: number;
  /** R-TRL-01: a trial becomes a paid subscription with a new term from today. */
  trialToPaid: boolean;
  /** A full upgrade that raises the quantity: the quantity it had (null: not raised). */
  raisedFrom: number | null;
  /** Full: add-ons kept on the upgraded subscription / ended with it. Partial: tied add-ons copied. */
  kept: HeldAddon[];
  dropped: HeldAddon[];
}

/**
 * An upgrade (R-UPG-01..05, R-SGN-06, R-SGN-07 via change rules, R-TRL-01): every violation at
 * once. Partial upgrades split the quantity: the origin keeps at least its minimum and the moved
 * licences meet the target's (R-SGN-06); add-ons tied to the base follow each side's quantity.
 */
export function planUpgrade(input: UpgradeInput): UpgradePlan {
  const { sub, source, target, today, channel } = input;
  const policies = source.effectivePolicies;
  const violations: Violation[] = [...checkChangeable(sub)];
  if (sub.isTrial && sub.trialEndDate && compareDates(today, parseDate(sub.trialEndDate)) > 0)
    push(violations, {
      code: trialCode(policies),
      message: `The trial ended on ${sub.trialEndDate}; an ended trial can no longer be upgraded. Order the paid plan instead.`,
      details: { trialEndDate: sub.trialEndDate },
    });
  if (target.isTrial && !policies.trial?.upgradeToTrialAllowed)
    push(violations, {
      code: trialCode(policies),
      message: "A subscription cannot be upgraded to a trial; choose a paid plan.",
      details: { targetProductId: target.id },
    });
  push(violations, checkSameTerm(policies, sub, target));
  if (!source.upgrades.some((u) => u.id === target.id))
    push(violations, {
      code: "R-UPG-01",
      message: `${target.name} is not an upgrade of ${source.name}.`,
      details: { productId: source.id, targetProductId: target.id },
    });
  push(violations, decide(policies, sub, "upgrade", channel, today).violation);
  for (const v of checkUpgradeBlockers(policies, input.held)) push(violations, v);
  push(violations, checkPublished(input.published, target));

  // More licences than the subscription holds is never partial: a full upgrade that raises the
  // quantity in one step (R-SGN-06: to meet the target's minimum), priced as an increase.
  const partial = input.quantity !== undefined && input.quantity < sub.quantity;
  const moved = input.quantity ?? sub.quantity;
  const remaining = partial ? sub.quantity - moved : 0;
  const raised = moved > sub.quantity;
  if (raised && !sub.isTrial) push(violations, decide(policies, sub, "increase", channel, today).violation); // R-QTY-01 rules
  if (partial) {
    if (sub.isTrial)
      push(violations, {
        code: trialCode(policies),
        message: "A trial is upgraded whole; a partial upgrade is not possible.",
      });
    if (!policies.upgrade.partialAllowed)
      push(violations, {
        code: upgradeCode(policies),
        message: "This product can only be upgraded with all its licences.",
      });
    if (moved < 1 || moved > sub.quantity)
      push(violations, {
        code: "R-UPG-05",
        message: `A partial upgrade moves between 1 and ${sub.quantity - 1} licences.`,
        details: { quantity: moved, subscriptionQuantity: sub.quantity },
      });
    else if (remaining < source.minQuantity)
      push(violations, {
        code: "R-UPG-05",
        message: `${source.name} needs at least ${source.minQuantity} licences, so at most ${Math.max(sub.quantity - source.minQuantity, 0)} can move to ${target.name}.`,
        details: { minimum: source.minQuantity, remaining },
      });
  }
  if (policies.upgrade.targetMinimumApplies && moved < target.minQuantity)
    push(violations, {
      code: upgradeCode(policies),
      message: `${target.name} needs at least ${target.minQuantity} licences; this upgrade would have ${moved}. ${
        partial
          ? `Move at least ${target.minQuantity} licences.`
          : `Upgrade with ${target.minQuantity} licences or more: the upgrade raises the quantity in the same step.`
      }`,
      details: { minimum: target.minQuantity, quantity: moved },
    });
  if (target.maxQuantity != null && moved > target.maxQuantity)
    push(violations, {
      code: upgradeCode(policies),
      message: `${target.name} is sold with at most ${target.maxQuantity} licences; this upgrade would have ${moved}.`,
      details: { maximum: target.maxQuantity, quantity: moved },
    });

  const { kept, dropped } = partial
    ? copyTiedAddons(policies, input.held, target)
    : splitAddonsForTarget(input.held, target);
  const tied = addonsTiedToBase(policies);
  const asState = (list: readonly HeldAddon[], qty: number): AddonState[] =>
    list.map((a) => ({ sku: a.sku, quantity: tied ? qty : a.quantity }));
  for (const v of checkAddonRules(target.effectivePolicies, {
    channel,
    baseQuantity: moved,
    addons: asState(kept, moved),
  }))
    push(violations, v);
  if (partial && remaining >= 1)
    for (const v of checkAddonRules(policies, {
      channel,
      baseQuantity: remaining,
      addons: asState(input.held, remaining),
    }))
      push(violations, v);
  return {
    violations,
    mode: partial ? "partial" : "full",
    moved,
    remaining,
    trialToPaid: sub.isTrial && !target.isTrial,
    raisedFrom: raised ? sub.quantity : null,
    kept,
    dropped,
  };
}

/** Partial upgrade: add-ons tied to the base (R-SGN-04) go with the moved licences when the target offers them. */
function copyTiedAddons(
  policies: ProductTypePolicies,
  held: readonly HeldAddon[],
  target: PlanProductDetails,
): { kept: HeldAddon[]; dropped: HeldAddon[] } {
  if (!addonsTiedToBase(policies)) return { kept: [], dropped: [] };
  return { kept: splitAddonsForTarget(held, target).kept, dropped: [] };
}

export interface DowngradePlan {
  violations: Violation[];
  /** IMMEDIATE inside the change window, END_OF_TERM outside it (R-DWN-01, D6). */
  outcome: ChangeOutcome;
  effectiveDate: PlainDate;
  kept: HeldAddon[];
  dropped: HeldAddon[];
}

/**
 * A downgrade (R-DWN-01, D1): the change rules decide per channel (the Storefront has none) and
 * window (immediate within 14 days of the order or renewal, otherwise at the term's end).
 */
export function planDowngrade(input: Omit<UpgradeInput, "quantity">): DowngradePlan {
  const { sub, source, target, today, channel } = input;
  const policies = source.effectivePolicies;
  const violations: Violation[] = [...checkChangeable(sub)];
  const decision = decide(policies, sub, "downgrade", channel, today);
  push(violations, decision.violation);
  if (sub.isTrial)
    push(violations, {
      code: trialCode(policies),
      message: "A trial can be upgraded to its paid plan or cancelled, not downgraded.",
    });
  push(violations, checkSameTerm(policies, sub, target));
  if (!source.downgrades.some((d) => d.id === target.id))
    push(violations, {
      code: "R-DWN-01",
      message: `${target.name} is not a downgrade of ${source.name}.`,
      details: { productId: source.id, targetProductId: target.id },
    });
  if (sub.quantity < target.minQuantity)
    push(violations, {
      code: target.effectivePolicies.minimumQuantity.code as Code,
      message: `${target.name} needs at least ${target.minQuantity} licences; the subscription has ${sub.quantity}.`,
      details: { minimum: target.minQuantity, quantity: sub.quantity },
    });
  const { kept, dropped } = splitAddonsForTarget(input.held, target);
  const tied = addonsTiedToBase(policies);
  for (const v of checkAddonRules(target.effectivePolicies, {
    channel,
    baseQuantity: sub.quantity,
    addons: kept.map((a) => ({ sku: a.sku, quantity: tied ? sub.quantity : a.quantity })),
  }))
    push(violations, v);
  const atTermEnd = decision.outcome === "END_OF_TERM";
  return {
    violations,
    outcome: decision.outcome,
    effectiveDate: atTermEnd ? addDays(parseDate(sub.termEndDate), 1) : today,
    kept,
    dropped,
  };
}
