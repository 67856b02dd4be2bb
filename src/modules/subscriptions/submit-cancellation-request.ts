import type { Deps } from "../../deps.ts";
import { isUniqueViolation, type Tx, transaction } from "../../shared/db.ts";
import { AppError, notFound, violationsError } from "../../shared/errors.ts";
import { type CancellationOptions, getCancellationOptions, loadProductDetails } from "../catalog/index.ts";
import type { AddonOutcome } from "./add-addon.ts";
import { type CancelAddonInput, cancelAddon } from "./cancel-addon.ts";
import { type CancelInput, cancelSubscription } from "./cancel-subscription.ts";
import { emailRequestSubmitted } from "./cancellation-request-emails.ts";
import { emitCancellationRequestEvent } from "./cancellation-request-events.ts";
import {
  type CancellationRequestRow,
  findPendingRequest,
  insertCancellationRequest,
} from "./cancellation-requests.repo.ts";
import { findVisible, loadSubscriptionDetails } from "./get-subscription.ts";
import { todayFor } from "./subscriptions.core.ts";
import type { CommandOutcome } from "./subscriptions.guards.ts";
import { listAddons, lockSubscription } from "./subscriptions.repo.ts";
import type { CommandContext, CommandOptions, SubscriptionRow } from "./subscriptions.types.ts";

export type RequestReason = "not_automatic" | "above_threshold";

/** What a Storefront cancellation answers when it became a request (R-CRQ-02); id null in a preview. */
export interface RequestedCancellation {
  id: string | null;
  reason: RequestReason;
  row: CancellationRequestRow | null;
}

export type CancelOrRequestOutcome = CommandOutcome & { cancellationRequest?: RequestedCancellation };
export type CancelAddonOrRequestOutcome = AddonOutcome & { cancellationRequest?: RequestedCancellation };

/**
 * R-CRQ-01: the amount a threshold is compared with — the credit the cancellation would produce,
 * per its own preview: the credit lines it writes now plus those the vendor's confirmation would
 * write (R-CAN-05), as a positive amount. A credit in another currency than the threshold's
 * cannot be compared and waits (a person decides).
 */
export function creditOf(outcome: CommandOutcome): { minor: bigint; currency: string | null } {
  const charges = [...outcome.billing.charges, ...(outcome.billing.onVendorConfirmation?.charges ?? [])];
  let minor = 0n;
  let currency: string | null = null;
  for (const c of charges)
    if (c.amount < 0n) {
      minor -= c.amount;
      currency = c.currency;
    }
  return { minor, currency };
}

function reasonFor(
  automatic: boolean,
  options: CancellationOptions,
  preview: CommandOutcome,
): RequestReason | null {
  if (!automatic) return "not_automatic";
  if (!options.threshold) return null;
  const credit = creditOf(preview);
  if (credit.minor === 0n) return null;
  if (credit.currency !== options.threshold.currency) return "above_threshold";
  return credit.minor > options.threshold.minor ? "above_threshold" : null;
}

interface Target {
  kind: "subscription" | "addon";
  subscriptionId: string;
  addonId: string | null;
  quantity: number | null;
  mode: "immediate" | "end_of_billing_period";
  instructions: string | null;
}

/**
 * R-CRQ-02: the Storefront's cancellation of a subscription. When its product type executes such
 * cancellations automatically (R-CRQ-01) and the credit is not above the type's threshold, it is
 * the ordinary cancellation. Otherwise it becomes a pending request: the cancellation's own preview
 * runs first (same rules — a cancellation that would be refused is refused now, 422), then the
 * request is stored, the subscription stays as it is, and the responsible user is emailed.
 * A preview (`dryRun`) says a request would be created (`cancellationRequest.id` null) and shows
 * what the approval would do (the credit lines included).
 */
export async function cancelOrRequest(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string } & CancelInput,
  options: CommandOptions = {},
): Promise<CancelOrRequestOutcome> {
  if (ctx.actor.kind !== "storefront") return cancelSubscription(deps, ctx, input, options);
  const requested = await submitIfNeeded(
    deps,
    ctx,
    {
      kind: "subscription",
      subscriptionId: input.subscriptionId,
      addonId: null,
      quantity: input.quantity ?? null,
      mode: input.mode === "end_of_billing_period" ? "end_of_billing_period" : "immediate",
      instructions: input.instructions ?? null,
    },
    options,
    (tx) => cancelSubscription(deps, ctx, input, { dryRun: true, tx }),
  );
  return requested ?? cancelSubscription(deps, ctx, input, options);
}

/** R-CRQ-02 for an add-on: the Storefront's add-on cancellation, or a request (see cancelOrRequest). */
export async function cancelAddonOrRequest(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string; addonId: string } & CancelAddonInput,
  options: CommandOptions = {},
): Promise<CancelAddonOrRequestOutcome> {
  if (ctx.actor.kind !== "storefront") return cancelAddon(deps, ctx, input, options);
  const requested = await submitIfNeeded(
    deps,
    ctx,
    {
      kind: "addon",
      subscriptionId: input.subscriptionId,
      addonId: input.addonId,
      quantity: input.quantity ?? null,
      mode: "immediate",
      instructions: input.instructions ?? null,
    },
    options,
    (tx) => cancelAddon(deps, ctx, input, { dryRun: true, tx }),
  );
  return requested
    ? {
        ...(requested as CommandOutcome),
        addonId: input.addonId,
        cancellationRequest: requested.cancellationRequest,
      }
    : cancelAddon(deps, ctx, input, options);
}

/** null = execute the ordinary cancellation; otherwise the request (or its preview). */
async function submitIfNeeded<T extends CommandOutcome>(
  deps: Deps,
  ctx: CommandContext,
  target: Target,
  options: CommandOptions,
  preview: (tx: Tx) => Promise<T>,
): Promise<(T & { cancellationRequest: RequestedCancellation }) | null> {
  return transaction(deps.db, async (tx) => {
    const peek = await findVisible(tx, ctx.actor, target.subscriptionId); // 404 outside the subtree
    const product = await loadProductDetails(tx, { tenantId: peek.tenantId }, peek.productId);
    const typeOptions = await getCancellationOptions(tx, peek.tenantId, product.productTypeId);
    const automatic =
      target.kind === "addon" ? typeOptions.automaticAddons : typeOptions.automaticSubscriptions;
    if (automatic && !typeOptions.threshold) {
      // A pending request for the same licences still waits for its decision (R-CRQ-03): not twice.
      const pending = await findPendingRequest(tx, peek.tenantId, peek.id, target.addonId);
      if (pending) throw pendingConflict(pending);
      return null;
    }
    // Lock order everywhere: the subscription, then its requests (approval does the same).
    const sub = (await lockSubscription(tx, peek.tenantId, peek.id))!;
    const addons = target.addonId ? await listAddons(tx, sub.tenantId, sub.id) : [];
    const addon = target.addonId ? addons.find((a) => a.id === target.addonId) : undefined;
    if (target.addonId && !addon) throw notFound("Add-on", target.addonId);
    const pending = await findPendingRequest(tx, sub.tenantId, sub.id, target.addonId);
    if (pending) throw pendingConflict(pending);
    const outcome = await preview(tx);
    const reason = reasonFor(automatic, typeOptions, outcome);
    if (!reason) return null;
    if (outcome.violations.length > 0) {
      if (options.dryRun) return { ...outcome, cancellationRequest: { id: null, reason, row: null } };
      throw violationsError(outcome.violations);
    }
    // A request changes nothing: the subscription as it stands (not the preview's), effect none;
    // `billing` keeps the preview's lines: what the approval would write (R-CRQ-03).
    const today = await todayFor(deps, tx, sub.tenantId);
    const current = await loadSubscriptionDetails(tx, sub.id, {
      tenantId: sub.tenantId,
      policies: product.effectivePolicies,
      today,
    });
    const unchanged = {
      ...outcome,
      subscription: current,
      effect: "none" as const,
      notes: [],
      preview: Boolean(options.dryRun),
    };
    if (options.dryRun) return { ...unchanged, cancellationRequest: { id: null, reason, row: null } };
    const row = await storeRequest(deps, tx, ctx, sub, target, reason, outcome);
    await emailRequestSubmitted(deps, tx, {
      request: row,
      subscription: sub,
      addonName: addon?.name ?? null,
      totalQuantity: addon?.quantity ?? sub.quantity,
    });
    await emitCancellationRequestEvent(deps, tx, "cancellation_request.created", row);
    return { ...unchanged, cancellationRequest: { id: row.id, reason, row } };
  });
}

async function storeRequest(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  sub: SubscriptionRow,
  target: Target,
  reason: RequestReason,
  preview: CommandOutcome,
): Promise<CancellationRequestRow> {
  const actor = ctx.actor.kind === "storefront" ? ctx.actor : null;
  const credit = creditOf(preview);
  try {
    return await insertCancellationRequest(tx, {
      id: deps.ids.next("crq"),
      tenantId: sub.tenantId,
      subscriptionId: sub.id,
      addonId: target.addonId,
      accountId: sub.accountId,
      quantity: target.quantity,
      mode: target.mode,
      instructions: target.instructions,
      status: "pending",
      reason,
      estimatedCredit: credit.minor,
      currency: credit.currency ?? sub.currency,
      submittedAt: deps.clock.now(),
      submittedOn: (await todayFor(deps, tx, sub.tenantId)).toString(),
      submittedByUserId: actor?.userId ?? null,
      submittedByEmail: actor?.email ?? null,
    });
  } catch (e) {
    // The partial unique index: one pending request per subscription / add-on, whatever the race.
    if (isUniqueViolation(e, "cancellation_requests_pending_uq"))
      throw new AppError("conflict", "A cancellation request is already pending for this.", {});
    throw e;
  }
}

function pendingConflict(pending: CancellationRequestRow): AppError {
  return new AppError(
    "conflict",
    `A cancellation request (submitted ${pending.submittedOn}) is already pending; withdraw it first.`,
    { cancellationRequestId: pending.id },
  );
}
