import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { compareDates, DateString, type PlainDate, parseDate } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import { AppError, type Violation } from "../../shared/errors.ts";
import { failedAddonViolations, movedAddonIds } from "./addon-sync.ts";
import { applyCancellation, type CancelMode, MODE_LABEL } from "./apply-cancellation.ts";
import { cancelBeforeStart } from "./cancel-before-start.ts";
import { previewVendorConfirmation } from "./cancellation-confirmation.ts";
import type { StoredPendingOperation } from "./record-provisioning-result.ts";
import { requestProvisioning } from "./record-provisioning-result.ts";
import { findPending, revokePending, scheduleChange } from "./scheduled-changes.ts";
import { billCredit } from "./subscriptions.billing.ts";
import { type ChangeTarget, changeStatus, recordHistory, runCommand } from "./subscriptions.core.ts";
import {
  type CommandOutcome,
  canceledViolation,
  compact,
  decide,
  decisionViolation,
  loadTarget,
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
import {
  addonsFollowBase,
  checkAddonRules,
  checkMinimumQuantity,
  isAwaitingStart,
} from "./subscriptions.rules.ts";
import type {
  CommandContext,
  CommandOptions,
  PendingOperation,
  SubscriptionRow,
  SyncStatus,
} from "./subscriptions.types.ts";

export const CANCEL_MODES = [
  "immediate",
  "specific_date",
  "end_of_billing_period",
] as const satisfies readonly CancelMode[];

/** Licences to cancel; omitted (or all of them) = a full cancellation. */
const CancelQuantity = z.number().int().min(1).max(1_000_000).optional();
/** Free-text instructions, kept in the history (R-DSH-06). */
const Instructions = z.string().trim().max(2000).optional();

export const CancelInput = z
  .strictObject({
    mode: z.enum(CANCEL_MODES),
    /** Specific Date only: today or a past day of the current term (R-CAN-02). */
    date: DateString.optional(),
    quantity: CancelQuantity,
    instructions: Instructions,
  })
  .superRefine((v, ctx) => {
    if (v.mode === "specific_date" && !v.date)
      ctx.addIssue({ code: "custom", path: ["date"], message: "A Specific Date cancellation needs a date" });
    if (v.mode !== "specific_date" && v.date)
      ctx.addIssue({ code: "custom", path: ["date"], message: "A date is only for the Specific Date mode" });
  });
export type CancelInput = z.infer<typeof CancelInput>;

/** The Storefront's cancel dialog offers Immediate and End of Billing Period (seed 001). */
export const StorefrontCancelInput = z.strictObject({
  mode: z.enum(["immediate", "end_of_billing_period"]),
  quantity: CancelQuantity,
  instructions: Instructions,
});

/**
 * Cancels a subscription, fully or partly (R-CAN-01/02/05, R-QTY-02, R-SGN-08).
 * - A full cancellation: the mode's change rule decides — outside the window only End of Billing
 *   Period (R-CAN-01).
 * - Full Immediate / Specific Date: when the policy says the vendor must confirm, the request is
 *   recorded as the subscription's pendingOperation (sync Pending) and applied by
 *   recordProvisioningResult (R-CAN-05); otherwise applied at once.
 * - Full End of Billing Period: Pending For Cancel plus a scheduled `cancel_end_of_period`.
 * - Partial: fewer licences, which for Dropbox and Sign take effect at renewal whatever the mode
 *   (D3) as a scheduled `quantity_decrease`, so the mode's window rule does not apply to them; the
 *   preview says when and with how many licences it renews. Applied in the BSS first (R-CAN-05).
 *   Add-ons with a follow_parent_cancellation rule shrink with the base (R-SGN-08).
 */
export async function cancelSubscription(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string } & CancelInput,
  options: CommandOptions = {},
): Promise<CommandOutcome> {
  return runCommand(deps, options, async (tx): Promise<Planned> => {
    const target = await loadTarget(deps, tx, ctx, input.subscriptionId);
    const sub = target.subscription;
    const stop = canceledViolation(sub) ?? pendingVendorViolation(sub);
    if (stop) return refused(tx, target, [stop]);
    // R-DSH-06 (issue 13): the Storefront's menu offers cancellation on an Active subscription only;
    // the server refuses what the menu hides.
    if (ctx.channel === "storefront" && sub.status !== "active")
      return refused(tx, target, [
        {
          code: "R-DSH-06",
          message: `Only an Active subscription can be cancelled in the Storefront (this one is ${sub.status.replaceAll("_", " ")}); ask your reseller.`,
          details: { status: sub.status },
        },
      ]);
    if (isAwaitingStart(sub)) return cancelBeforeStart(deps, tx, ctx, target, input);
    if (input.quantity !== undefined && input.quantity > sub.quantity)
      throw new AppError(
        "validation_failed",
        `Invalid input — quantity: the subscription has ${sub.quantity} licences`,
        {
          issues: [{ path: "quantity", message: `at most the subscription's ${sub.quantity} licences` }],
        },
      );
    const policies = target.product.effectivePolicies;
    const full = input.quantity === undefined || input.quantity === sub.quantity;
    const action = input.mode === "end_of_billing_period" ? "cancel_end_of_period" : "cancel";
    const decision = decide(target, ctx, action);
    // R-QTY-02, D3: fewer licences that wait for the renewal take effect there whatever the mode, so
    // the mode's window rule (R-CAN-01) governs full cancellations and immediate decreases only.
    const waitsForRenewal =
      !full &&
      (policies.decreaseEffect === "at_renewal" || decide(target, ctx, "decrease").outcome === "END_OF_TERM");
    const violations = compact<Violation>([
      policies.cancellation.modes.includes(input.mode)
        ? undefined
        : {
            code: "R-CAN-02",
            message: `This product cannot be cancelled with the mode ${input.mode}.`,
            details: { mode: input.mode, modes: policies.cancellation.modes },
          },
      waitsForRenewal ? undefined : decisionViolation(decision, action),
      ...dateViolations(sub, target.today, input),
    ]);
    if (full) {
      violations.push(...compact([fullStatusViolation(sub, input.mode)]));
      if (violations.length > 0) return refused(tx, target, violations, decision);
      if (input.mode === "end_of_billing_period")
        return cancelAtPeriodEnd(deps, tx, ctx, target, input, decision);
      const effectiveDate = input.mode === "specific_date" ? parseDate(input.date!) : target.today;
      // Unsynchronized (no service manager, R-PRV-01): no vendor will ever confirm — apply it now.
      if (!policies.cancellation.fullCancelNeedsVendorConfirmation || sub.syncStatus === "unsynchronized") {
        await applyCancellation(deps, tx, ctx, sub, {
          effectiveDate,
          mode: input.mode,
          instructions: input.instructions,
        });
        await requestProvisioning(deps, tx, sub, "cancel");
        return outcome(tx, target, {
          violations: [],
          effect: "immediate",
          effectiveDate: effectiveDate.toString(),
          rule: ruleOf(decision),
        });
      }
      return requestVendorCancellation(deps, tx, ctx, target, input, effectiveDate, decision);
    }
    return cancelPartly(deps, tx, ctx, target, input, violations, decision);
  });
}

/** R-CAN-02: a specific date is today or earlier, and not before the start or the current term. */
function dateViolations(sub: SubscriptionRow, today: PlainDate, input: CancelInput): Violation[] {
  if (input.mode !== "specific_date" || !input.date) return [];
  const date = parseDate(input.date);
  const earliest = [sub.startDate, sub.termStartDate].map(parseDate).sort(compareDates).at(-1)!;
  if (compareDates(date, today) > 0)
    return [
      {
        code: "R-CAN-02",
        message:
          "A Specific Date cancellation cannot be in the future; choose today or an earlier day of the current billing period.",
        details: { date: input.date, today: today.toString() },
      },
    ];
  if (compareDates(date, earliest) < 0)
    return [
      {
        code: "R-CAN-02",
        message: `A Specific Date cancellation must fall inside the current billing period (from ${earliest}).`,
        details: { date: input.date, earliest: earliest.toString() },
      },
    ];
  return [];
}

/** R-CAN-02: End of Billing Period needs a running term; the state table covers the rest. */
function fullStatusViolation(sub: SubscriptionRow, mode: CancelMode): Violation | undefined {
  if (mode !== "end_of_billing_period" || sub.status === "active") return undefined;
  return {
    code: "R-CAN-02",
    message:
      sub.status === "pending_for_cancel"
        ? "This subscription is already cancelled at the end of its billing period."
        : "Only an Active subscription can be cancelled at the end of its billing period; cancel it immediately instead.",
    details: { status: sub.status },
  };
}

async function requestVendorCancellation(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  target: ChangeTarget,
  input: CancelInput,
  effectiveDate: PlainDate,
  decision: ReturnType<typeof decide>,
): Promise<Planned> {
  const sub = target.subscription;
  const op: StoredPendingOperation = {
    kind: "cancel",
    requestedAt: deps.clock.now().toISOString(),
    effectiveDate: effectiveDate.toString(),
    mode: input.mode as PendingOperation["mode"],
    channel: ctx.channel,
    requestedBy: ctx.actor.kind === "system" ? null : ctx.actor.userId,
    ...(input.instructions ? { note: input.instructions } : {}),
    previousSyncStatus: sub.syncStatus as SyncStatus,
  };
  await updateSubscription(tx, sub.tenantId, sub.id, {
    pendingOperation: op,
    syncStatus: "pending",
    syncError: null,
    updatedAt: deps.clock.now(),
  });
  await recordHistory(deps, tx, ctx, sub.id, {
    action: "cancellation_requested",
    summary: `Requested the ${MODE_LABEL[input.mode]} cancellation of all ${sub.quantity} licences, effective ${effectiveDate}; waiting for the vendor's confirmation${notes(input)}`,
    effectiveDate,
    changes: {
      mode: input.mode,
      quantity: sub.quantity,
      full: true,
      instructions: input.instructions ?? null,
      syncStatus: { from: sub.syncStatus, to: "pending" },
    },
  });
  // R-CAN-05: sent to the vendor first; applied when it confirms (recordProvisioningResult).
  await requestProvisioning(deps, tx, { ...sub, syncStatus: "pending" }, "cancel");
  // R-CAN-03 (issue 13.10): the credit the confirmation will issue, by the confirmation's own code.
  const onVendorConfirmation = await previewVendorConfirmation(deps, tx, sub.tenantId, sub.id);
  const planned = await outcome(tx, target, {
    violations: [],
    effect: "awaiting_vendor",
    effectiveDate: effectiveDate.toString(),
    rule: ruleOf(decision),
  });
  return onVendorConfirmation
    ? { ...planned, billing: { ...planned.billing, onVendorConfirmation } }
    : planned;
}

async function cancelAtPeriodEnd(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  target: ChangeTarget,
  input: CancelInput,
  decision: ReturnType<typeof decide>,
): Promise<Planned> {
  const sub = target.subscription;
  const effectiveDate = renewalDate(sub);
  // A subscription that ends does not renew: what was planned for the renewal is moot.
  await revokePending(deps, tx, ctx, sub, {
    kinds: ["quantity_decrease", "renewal_request", "downgrade"],
    reason: "the subscription is cancelled at the end of its billing period",
    effectiveDate: target.today,
  });
  const change = await scheduleChange(deps, tx, ctx, sub, {
    kind: "cancel_end_of_period",
    effectiveDate,
    payload: { lastDay: sub.termEndDate, quantity: sub.quantity, instructions: input.instructions ?? null },
  });
  await changeStatus(deps, tx, ctx, sub, "pending_for_cancel", {
    action: "cancellation_scheduled",
    summary: `Cancelled all ${sub.quantity} licences at the end of the billing period (last day ${sub.termEndDate})${notes(input)}`,
    effectiveDate,
    changes: {
      mode: input.mode,
      quantity: sub.quantity,
      full: true,
      instructions: input.instructions ?? null,
      scheduledChangeId: change.id,
    },
  });
  // The vendor cancels the team at its term end (the same day as the BSS's period end).
  await requestProvisioning(deps, tx, sub, "cancel");
  return outcome(tx, target, {
    violations: [],
    effect: "scheduled",
    effectiveDate: effectiveDate.toString(),
    rule: ruleOf(decision),
  });
}

async function cancelPartly(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  target: ChangeTarget,
  input: CancelInput,
  violations: Violation[],
  decision: ReturnType<typeof decide>,
): Promise<Planned> {
  const sub = target.subscription;
  const policies = target.product.effectivePolicies;
  const remaining = sub.quantity - input.quantity!;
  const decrease = decide(target, ctx, "decrease");
  // R-SGN-08: add-ons that follow their plan's cancellation shrink with it, in every channel.
  const follows =
    policies.addonRules.some((r) => r.kind === "follow_parent_cancellation") ||
    addonsFollowBase(policies, ctx.channel);
  const skuOf = new Map(target.product.addons.map((p) => [p.id, p.sku]));
  const addons = target.addons
    .filter((a) => a.status === "active")
    .map((a) => ({
      addonId: a.id,
      productId: a.productId,
      from: a.quantity,
      to: follows ? remaining : a.quantity,
    }));
  const renewalRequest = await findPending(tx, sub, "renewal_request");
  violations.push(
    ...quantityChangeViolations(sub),
    ...compact<Violation>([
      decisionViolation(decrease, "decrease"),
      checkMinimumQuantity(policies, target.product, remaining),
      renewalRequest && {
        code: "R-REN-02",
        message: "A renewal request is pending; revoke it before cancelling licences.",
        details: { scheduledChangeId: renewalRequest.id },
      },
    ]),
    ...checkAddonRules(policies, {
      channel: ctx.channel,
      baseQuantity: remaining,
      addons: addons.map((a) => ({ sku: skuOf.get(a.productId) ?? a.productId, quantity: a.to })),
    }),
    ...failedAddonViolations(target.addons, movedAddonIds(addons)), // D16
  );
  if (violations.length > 0) return refused(tx, target, violations, decision);
  const atRenewal = policies.decreaseEffect === "at_renewal" || decrease.outcome === "END_OF_TERM";
  const effectiveDate = atRenewal ? renewalDate(sub) : target.today;
  const changes = {
    mode: input.mode,
    quantity: { from: sub.quantity, to: remaining },
    cancelledLicences: input.quantity,
    requestedDate: input.date ?? target.today.toString(),
    full: false,
    instructions: input.instructions ?? null,
    addons: addons
      .filter((a) => a.to !== a.from)
      .map((a) => ({ addonId: a.addonId, from: a.from, to: a.to })),
  };
  if (atRenewal) {
    await revokePending(deps, tx, ctx, sub, {
      kinds: ["quantity_decrease"],
      reason: "replaced by a partial cancellation",
      effectiveDate: target.today,
    });
    const change = await scheduleChange(deps, tx, ctx, sub, {
      kind: "quantity_decrease",
      effectiveDate,
      payload: {
        quantity: remaining,
        fromQuantity: sub.quantity,
        mode: input.mode,
        instructions: input.instructions ?? null,
        addons: addons.map(({ addonId, productId, to }) => ({ addonId, productId, quantity: to })),
      },
    });
    Object.assign(changes, { scheduledChangeId: change.id });
  } else {
    const now = deps.clock.now();
    await updateSubscription(tx, sub.tenantId, sub.id, { quantity: remaining, updatedAt: now });
    for (const a of addons.filter((x) => x.to !== x.from))
      await updateAddon(tx, sub.tenantId, a.addonId, { quantity: a.to, updatedAt: now });
    // R-CAN-03: the cancelled licences' billed rest is credited (from the requested date).
    const from = input.date ? parseDate(input.date) : target.today;
    const what = `${MODE_LABEL[input.mode]} partial cancellation`;
    await billCredit(
      deps,
      tx,
      ctx,
      sub,
      { addonId: null, from, quantity: input.quantity!, end: false, what },
      target.today,
    );
    for (const a of addons.filter((x) => x.to !== x.from))
      await billCredit(
        deps,
        tx,
        ctx,
        sub,
        { addonId: a.addonId, from, quantity: a.from - a.to, end: false, what },
        target.today,
      );
  }
  await recordHistory(deps, tx, ctx, sub.id, {
    action: "partial_cancellation",
    summary: `Cancelled ${input.quantity} of ${sub.quantity} licences (${MODE_LABEL[input.mode]}); ${remaining} remain from ${effectiveDate}${notes(input)}`,
    effectiveDate,
    changes,
  });
  const rule = atRenewal ? ruleOf(decrease) : ruleOf(decision);
  // R-CAN-05: a partial cancellation is applied in the BSS first, then sent.
  await requestProvisioning(deps, tx, sub, "set_quantity");
  return outcome(tx, target, {
    violations: [],
    effect: atRenewal ? "scheduled" : "immediate",
    effectiveDate: effectiveDate.toString(),
    rule,
    notes: atRenewal
      ? [
          reductionAtRenewalNote(sub, {
            renewalQuantity: remaining,
            effectiveDate,
            code: rule?.code ?? "R-QTY-02",
            mode: input.mode,
          }),
        ]
      : [],
  });
}

function notes(input: { instructions?: string | undefined }): string {
  return input.instructions ? ` — instructions: ${input.instructions}` : "";
}
