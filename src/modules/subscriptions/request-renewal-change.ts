import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { isUniqueViolation, type Tx, transaction } from "../../shared/db.ts";
import { AppError, type Violation } from "../../shared/errors.ts";
import { assertBillable } from "../billing/index.ts";
import { loadProductDetails } from "../catalog/index.ts";
import { findVisible } from "./get-subscription.ts";
import { findPending, revokePending, scheduleChange } from "./scheduled-changes.ts";
import { recordHistory, runCommand } from "./subscriptions.core.ts";
import {
  type CommandOutcome,
  canceledViolation,
  compact,
  loadTarget,
  outcome,
  type Planned,
  pendingVendorViolation,
  quantityChangeViolations,
  refused,
  renewalDate,
} from "./subscriptions.guards.ts";
import { checkAddonRules, checkMinimumQuantity } from "./subscriptions.rules.ts";
import type { CommandContext, CommandOptions, SubscriptionRow } from "./subscriptions.types.ts";

/** What R-REN-02 reads of the subscription's product: its quantity limits. */
interface Limits {
  name: string;
  minQuantity: number;
  maxQuantity: number | null;
}

export const RenewalRequestInput = z.strictObject({ quantity: z.number().int().min(1).max(1_000_000) });
export type RenewalRequestInput = z.infer<typeof RenewalRequestInput>;

const ONE_AT_A_TIME = "scheduled_changes_one_pending_uq";

/**
 * A future request (Manage Renewal, R-REN-02): a new quantity for the next renewal, scheduled as
 * `renewal_request` at the renewal date. Only one at a time (a unique index backs the check);
 * needs an Active, synchronized subscription with Renew Automatically on. The quantity must meet
 * the product's minimum and the add-on rules; add-ons follow the base at the renewal.
 */
export async function requestRenewalChange(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string } & RenewalRequestInput,
  options: CommandOptions = {},
): Promise<CommandOutcome> {
  return runCommand(deps, options, async (tx): Promise<Planned> => {
    const target = await loadTarget(deps, tx, ctx, input.subscriptionId);
    const sub = target.subscription;
    const stop = canceledViolation(sub) ?? pendingVendorViolation(sub);
    if (stop) return refused(tx, target, [stop]);
    const policies = target.product.effectivePolicies;
    const blockers = await renewalBlockers(tx, sub, target.product);
    const skuOf = new Map(target.product.addons.map((p) => [p.id, p.sku]));
    const addons = target.addons.filter((a) => a.status === "active");
    const violations = compact<Violation>([
      ...blockers,
      input.quantity === sub.quantity
        ? renewalViolation(`The subscription already has ${sub.quantity} licences.`, sub)
        : undefined,
      checkMinimumQuantity(policies, target.product, input.quantity),
      // R-REN-02: never above the product's maximum (a fixed quantity is a blocker already).
      isFixedQuantity(target.product) ? undefined : maximumViolation(target.product, input.quantity, sub),
      ...checkAddonRules(policies, {
        channel: ctx.channel,
        baseQuantity: input.quantity,
        addons: addons.map((a) => ({ sku: skuOf.get(a.productId) ?? a.productId, quantity: input.quantity })),
      }),
    ]);
    if (violations.length > 0) return refused(tx, target, violations);
    // Issue 12: a renewal quantity whose amount no ledger column can hold is refused now, not by
    // every billing run from the renewal on.
    assertBillable([
      { unitPrice: sub.unitPrice, quantity: input.quantity, currency: sub.currency, description: sub.name },
    ]);
    const effectiveDate = renewalDate(sub);
    let change: Awaited<ReturnType<typeof scheduleChange>>;
    try {
      change = await scheduleChange(deps, tx, ctx, sub, {
        kind: "renewal_request",
        effectiveDate,
        payload: {
          quantity: input.quantity,
          fromQuantity: sub.quantity,
          addons: addons.map((a) => ({ addonId: a.id, productId: a.productId, quantity: input.quantity })),
        },
      });
    } catch (e) {
      // The row lock serialises commands on one subscription; the index is the last word anyway.
      if (isUniqueViolation(e, ONE_AT_A_TIME))
        throw new AppError("R-REN-02", "A renewal request is already pending (only one at a time).");
      throw e;
    }
    await recordHistory(deps, tx, ctx, sub.id, {
      action: "renewal_request_created",
      summary: `Requested ${input.quantity} licences (now ${sub.quantity}) from the renewal on ${effectiveDate}`,
      effectiveDate,
      changes: { quantity: { from: sub.quantity, to: input.quantity }, scheduledChangeId: change.id },
    });
    return outcome(tx, target, {
      violations: [],
      effect: "scheduled",
      effectiveDate: effectiveDate.toString(),
      rule: null,
    });
  });
}

/**
 * R-REN-02: what stops a renewal request whatever quantity it asks — the Manage Renewal menu's
 * reason and the command's first violations, in one place: the subscription is not Active and
 * synchronized, Renew Automatically is off, a request or a decrease already sets the renewal
 * quantity, or the product is sold in one fixed quantity (nothing else to renew with).
 */
async function renewalBlockers(tx: Tx, sub: SubscriptionRow, product: Limits): Promise<Violation[]> {
  // One query at a time on the transaction's connection (issue 17 item 5).
  const existing = await findPending(tx, sub, "renewal_request");
  const decrease = await findPending(tx, sub, "quantity_decrease");
  return compact<Violation>([
    isFixedQuantity(product)
      ? renewalViolation(
          `${product.name} is sold in a fixed quantity of ${product.maxQuantity}: there is no other quantity to renew with.`,
          sub,
          undefined,
          { minimum: product.minQuantity, maximum: product.maxQuantity },
        )
      : undefined,
    ...quantityChangeViolations(sub).map((v) => ({ ...v, code: "R-REN-02" as const })),
    sub.autoRenew
      ? undefined
      : renewalViolation("Turn Renew Automatically on before requesting a renewal change.", sub),
    existing
      ? renewalViolation(
          "A renewal request is already pending; revoke it first (only one at a time).",
          sub,
          existing.id,
        )
      : undefined,
    decrease
      ? renewalViolation(
          "A licence decrease is already scheduled for the renewal; it sets the renewal quantity.",
          sub,
          decrease.id,
        )
      : undefined,
  ]);
}

/** R-TEN-05: a tenant reseller's copy renews as its reseller's BSS decides (the command refuses it). */
function copyViolation(sub: SubscriptionRow): Violation | undefined {
  if (!sub.managedByTenantId) return undefined;
  return {
    code: "R-TEN-05",
    message:
      "This subscription is managed by its Tenant Reseller: it changes only through the reseller's BSS.",
    details: { managedByTenantId: sub.managedByTenantId },
  };
}

const isFixedQuantity = (p: Limits) => p.maxQuantity !== null && p.maxQuantity <= p.minQuantity;

function maximumViolation(product: Limits, quantity: number, sub: SubscriptionRow): Violation | undefined {
  if (product.maxQuantity === null || quantity <= product.maxQuantity) return undefined;
  return renewalViolation(
    `${product.name} is sold with at most ${product.maxQuantity} licences; ${quantity} cannot be requested for the renewal.`,
    sub,
    undefined,
    { maximum: product.maxQuantity, requested: quantity },
  );
}

export interface RenewalAvailability {
  available: boolean;
  /** Why not (the violation the command would answer first); null when available. */
  reason: Violation | null;
  minQuantity: number;
  maxQuantity: number | null;
}

/**
 * Whether Manage Renewal (R-REN-02) is available on this subscription now, and why not — what the
 * back office's menu shows; the command refuses with the same violation. Scoped like a read.
 */
export async function getRenewalAvailability(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string },
): Promise<RenewalAvailability> {
  return transaction(deps.db, async (tx) => {
    const sub = await findVisible(tx, ctx.actor, input.subscriptionId); // 404 outside the scope
    const product = await loadProductDetails(tx, { tenantId: sub.tenantId }, sub.productId);
    const stop = canceledViolation(sub) ?? pendingVendorViolation(sub) ?? copyViolation(sub);
    const reason = stop ?? (await renewalBlockers(tx, sub, product))[0] ?? null;
    return {
      available: reason === null,
      reason,
      minQuantity: product.minQuantity,
      maxQuantity: product.maxQuantity ?? null,
    };
  });
}

/** Revokes the pending renewal request (R-REN-02: it can be revoked at any time before the renewal). */
export async function revokeRenewalChange(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string },
  options: CommandOptions = {},
): Promise<CommandOutcome> {
  return runCommand(deps, options, async (tx): Promise<Planned> => {
    const target = await loadTarget(deps, tx, ctx, input.subscriptionId);
    const sub = target.subscription;
    const stop = canceledViolation(sub) ?? pendingVendorViolation(sub); // R-CAN-05
    if (stop) return refused(tx, target, [stop]);
    const existing = await findPending(tx, sub, "renewal_request");
    if (!existing)
      return refused(tx, target, [renewalViolation("There is no pending renewal request to revoke.", sub)]);
    await revokePending(deps, tx, ctx, sub, {
      kinds: ["renewal_request"],
      reason: "revoked on request",
      effectiveDate: target.today,
    });
    return outcome(tx, target, {
      violations: [],
      effect: "immediate",
      effectiveDate: target.today.toString(),
      rule: null,
    });
  });
}

function renewalViolation(
  message: string,
  sub: SubscriptionRow,
  scheduledChangeId?: string,
  extra: Record<string, unknown> = {},
): Violation {
  return {
    code: "R-REN-02",
    message,
    details: {
      autoRenew: sub.autoRenew,
      quantity: sub.quantity,
      ...(scheduledChangeId ? { scheduledChangeId } : {}),
      ...extra,
    },
  };
}
