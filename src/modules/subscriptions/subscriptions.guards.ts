import type { Deps } from "../../deps.ts";
import { addDays, type PlainDate, parseDate } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import type { Violation } from "../../shared/errors.ts";
import { type BillingEffect, billingEffectOf } from "../billing/index.ts";
import type { ChangeAction, ProductTypePolicies, Term } from "../catalog/index.ts";
import { findVisible, loadSubscriptionDetails, type SubscriptionDetails } from "./get-subscription.ts";
import { type ChangeTarget, loadForChange } from "./subscriptions.core.ts";
import { setSubscriptionVersion } from "./subscriptions.repo.ts";
import {
  type ChangeDecision,
  changeViolation,
  evaluateChange,
  isWithinWindow,
} from "./subscriptions.rules.ts";
import type { CommandContext, SubscriptionRow } from "./subscriptions.types.ts";

/**
 * What the subscription commands share on top of subscriptions.core.ts: the scoped load, the
 * guards every command starts with, and the outcome every command returns (preview and commit
 * alike, DESIGN.md "Preview before commit").
 */

/** What a change does: applied now, scheduled for later, waiting for the vendor (R-CAN-05), or nothing. */
export type Effect = "immediate" | "scheduled" | "awaiting_vendor" | "none";

/**
 * What a change does that the user did not literally ask for, said before the commit (issue 13:
 * no silent change) — a quantity a rule raises (R-SGN-04, R-SGN-06), a reduction a rule moves to
 * the renewal (R-QTY-02, D3). Same shape as a violation, but it does not refuse anything.
 */
export interface Note {
  code: Violation["code"];
  message: string;
  details?: Record<string, unknown>;
}

export interface CommandOutcome {
  preview: boolean;
  violations: Violation[];
  effect: Effect;
  /** When the change takes (or took) effect. */
  effectiveDate: string;
  /** The policy rule that decided how the change applies (shown to the user), if one did. */
  rule: { code: string; message: string | null } | null;
  /** What the change does beyond the request, each with the rule that makes it so (may be empty). */
  notes: Note[];
  /** The subscription as it is after the command (for a preview: as it would be). */
  subscription: SubscriptionDetails;
  /** The invoice and credit lines the command wrote, and the documents it issued (a preview: would). */
  billing: OutcomeBilling;
}

export interface OutcomeBilling extends BillingEffect {
  /**
   * A change waiting for the vendor (R-CAN-05): what the vendor's confirmation will write (R-CAN-03's
   * credit note of a full cancellation), computed by the confirmation's own code and rolled back.
   */
  onVendorConfirmation?: BillingEffect;
}

export type Planned = Omit<CommandOutcome, "preview">;

/**
 * loadForChange with the scope check first, so that a subscription outside a Storefront caller's
 * subtree answers exactly like a missing one ("Subscription … was not found").
 */
export async function loadTarget(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  subscriptionId: string,
  options: { allowCopy?: boolean } = {},
): Promise<ChangeTarget> {
  await findVisible(tx, ctx.actor, subscriptionId);
  return loadForChange(deps, tx, ctx, subscriptionId, options);
}

/** R-CAN-04: Canceled is final — every command on it is refused with this one violation. */
export function canceledViolation(sub: SubscriptionRow): Violation | undefined {
  if (sub.status !== "canceled") return undefined;
  return {
    code: "R-CAN-04",
    message: "This subscription is canceled; a canceled subscription can never be changed or reactivated.",
    details: { status: sub.status },
  };
}

/**
 * R-PRV-01 / R-QTY-03 for billing changes that send nothing to the vendor themselves (Edit Pricing,
 * Renew Automatically): a Failed sync, or one the vendor has not confirmed yet, blocks them until a
 * retry succeeds (issue 13). A tenant copy's sync mirrors its reseller's BSS, which owns the vendor
 * side; the distributor's pricing of the copy is not held up by it (R-TEN-05).
 */
export function billingChangeSyncViolation(sub: SubscriptionRow): Violation | undefined {
  // A subscription waiting for its start date is provisioned on that day; nothing was sent yet.
  if (sub.managedByTenantId || sub.awaitingStart || isProvisioned(sub)) return undefined;
  return syncViolation(sub, "R-PRV-01");
}

/** R-CAN-05: while a full cancellation waits for the vendor, nothing else may change the subscription. */
export function pendingVendorViolation(sub: SubscriptionRow): Violation | undefined {
  if (!sub.pendingOperation) return undefined;
  return {
    code: "R-CAN-05",
    message:
      "A cancellation of this subscription is waiting for the vendor's confirmation; try again once the vendor has answered.",
    details: { pendingOperation: sub.pendingOperation },
  };
}

/**
 * R-QTY-03: licence changes need an Active, synchronized subscription that is not Pending For
 * Cancel; a Pending or Failed provisioning sync blocks them until the vendor has confirmed.
 */
export function quantityChangeViolations(sub: SubscriptionRow): Violation[] {
  const out: Violation[] = [];
  if (sub.status !== "active") {
    out.push({
      code: "R-QTY-03",
      message:
        sub.status === "pending_for_cancel"
          ? "This subscription is Pending For Cancel; revoke the cancellation before changing its licences."
          : `Licences can only be changed on an Active subscription (this one is ${label(sub.status)}).`,
      details: { status: sub.status },
    });
  }
  if (!isProvisioned(sub)) out.push(syncViolation(sub, "R-QTY-03"));
  return out;
}

/**
 * R-QTY-03 / R-PRV-01: the subscription exists at the vendor and nothing failed. A Pending one with a
 * vendor id is only waiting for queued changes (its provisioning jobs run in order, each sending the
 * whole target state), so it does not block the next change; never provisioned or Failed does.
 */
export function isProvisioned(sub: Pick<SubscriptionRow, "syncStatus" | "externalId">): boolean {
  // Unsynchronized: no service manager provisions the product, so no sync rule applies (R-PRV-01).
  if (sub.syncStatus === "unsynchronized") return true;
  return sub.syncStatus === "synchronized" || (sub.syncStatus === "pending" && sub.externalId !== null);
}

/** R-PRV-01: a change that the vendor must carry out needs a synchronized subscription. */
export function syncViolation(sub: SubscriptionRow, code: Violation["code"] = "R-PRV-01"): Violation {
  const message =
    sub.syncStatus === "failed"
      ? `The last provisioning attempt failed (${sub.syncError ?? "no reason given"}); retry it before changing this subscription.`
      : "This subscription is not synchronized with the vendor yet; wait for the provisioning to finish.";
  return { code, message, details: { syncStatus: sub.syncStatus, syncError: sub.syncError } };
}

/** Evaluates the product's change rules for `action` on this subscription today (first match wins). */
export function decide(
  target: Pick<ChangeTarget, "subscription" | "product" | "today">,
  ctx: CommandContext,
  action: ChangeAction,
): ChangeDecision {
  const policies = target.product.effectivePolicies;
  return evaluateChange(policies.changeRules, {
    action,
    channel: ctx.channel,
    term: target.subscription.term as Term,
    // D13: an approved cancellation request is judged on its submission day.
    withinWindow: withinWindow(
      target.subscription,
      policies,
      ctx.windowJudgedOn ? parseDate(ctx.windowJudgedOn) : target.today,
    ),
    trial: target.subscription.isTrial,
  });
}

/** The violation of an ILLEGAL decision, with a generic fallback message. */
export function decisionViolation(decision: ChangeDecision, action: ChangeAction): Violation | undefined {
  return changeViolation(decision, `This change (${action}) is not allowed for this subscription.`);
}

export function withinWindow(sub: SubscriptionRow, policies: ProductTypePolicies, today: PlainDate): boolean {
  return isWithinWindow(parseDate(sub.windowStartDate), today, policies.changeWindowDays);
}

/** The first day of the next term: where changes "at renewal" take effect (D3, D7). */
export function renewalDate(sub: SubscriptionRow): PlainDate {
  return addDays(parseDate(sub.termEndDate), 1);
}

/**
 * R-QTY-02, R-SGN-05, D3: a reduction that waits for the renewal, said in the preview — when it
 * takes effect, the quantity the subscription renews with, and that the mode chosen (Immediate,
 * a specific date) does not move it.
 */
export function reductionAtRenewalNote(
  sub: SubscriptionRow,
  change: { renewalQuantity: number; effectiveDate: PlainDate; code: string; mode?: string | undefined },
): Note {
  const removed = sub.quantity - change.renewalQuantity;
  const mode =
    change.mode && change.mode !== "end_of_billing_period"
      ? ` The ${change.mode.replaceAll("_", " ")} mode does not apply to fewer licences: a reduction always waits for the renewal.`
      : "";
  return {
    code: change.code as Violation["code"],
    message: `${removed} of ${sub.quantity} licences end at the renewal on ${change.effectiveDate}: the subscription renews with ${change.renewalQuantity} licences. Until then all ${sub.quantity} stay active and billed.${mode}`,
    details: {
      effectiveDate: change.effectiveDate.toString(),
      fromQuantity: sub.quantity,
      renewalQuantity: change.renewalQuantity,
      ...(change.mode ? { mode: change.mode } : {}),
    },
  };
}

export function ruleOf(decision: ChangeDecision): CommandOutcome["rule"] {
  return decision.rule ? { code: decision.rule.code, message: decision.rule.message ?? null } : null;
}

/**
 * The outcome of a command: the violations found and the subscription as it now stands in `tx`.
 * A change (no violations, an effect) ends one version after the one it locked (issue 12): a
 * client that chains commands sends the version it gets back; a preview shows the version its
 * commit would reach. Nothing to change (effect "none") keeps the version.
 */
export async function outcome(
  tx: Tx,
  target: ChangeTarget,
  parts: Omit<Planned, "subscription" | "billing" | "notes"> & { notes?: Note[] | undefined },
): Promise<Planned> {
  if (parts.violations.length === 0 && parts.effect !== "none") {
    const sub = target.subscription;
    await setSubscriptionVersion(tx, sub.tenantId, sub.id, sub.version + 1);
  }
  return {
    ...parts,
    notes: parts.notes ?? [],
    billing: billingEffectOf(tx),
    subscription: await loadSubscriptionDetails(tx, target.subscription.id, {
      tenantId: target.subscription.tenantId,
      policies: target.product.effectivePolicies,
      today: target.today,
    }),
  };
}

/** A refusal: nothing changes, the violations say why. */
export function refused(
  tx: Tx,
  target: ChangeTarget,
  violations: Violation[],
  decision?: ChangeDecision,
): Promise<Planned> {
  return outcome(tx, target, {
    violations,
    effect: "none",
    effectiveDate: target.today.toString(),
    rule: decision ? ruleOf(decision) : null,
  });
}

export function label(status: string): string {
  return status.replaceAll("_", " ").replace(/^\w/, (c) => c.toUpperCase());
}

export function compact<T>(items: ReadonlyArray<T | undefined>): T[] {
  return items.filter((x): x is T => x !== undefined);
}
