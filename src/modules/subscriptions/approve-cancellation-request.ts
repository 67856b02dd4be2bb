import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import type { Actor } from "../tenancy/index.ts";
import { cancelAddon } from "./cancel-addon.ts";
import { cancelSubscription } from "./cancel-subscription.ts";
import { emailRequestDecided } from "./cancellation-request-emails.ts";
import { emitCancellationRequestEvent } from "./cancellation-request-events.ts";
import { assertPending, deciderOf, findDecidableRequest } from "./cancellation-requests.access.ts";
import {
  type CancellationRequestRow,
  lockCancellationRequest,
  updateCancellationRequest,
} from "./cancellation-requests.repo.ts";
import type { CommandOutcome } from "./subscriptions.guards.ts";
import { listAddons, lockSubscription } from "./subscriptions.repo.ts";
import type { CommandContext, CommandOptions } from "./subscriptions.types.ts";

export const ApproveRequestInput = z.strictObject({
  /** R-CRQ-03 *Send confirmation email*: tell the customer (default: no email). */
  sendConfirmationEmail: z.boolean().optional(),
});
export type ApproveRequestInput = z.infer<typeof ApproveRequestInput>;

export interface DecisionOutcome {
  preview: boolean;
  request: CancellationRequestRow;
  /** Approval: the ordinary cancellation's outcome (its preview with ?dryRun=true). */
  cancellation: CommandOutcome | null;
  messageId: string | null;
}

/**
 * R-CRQ-03, D13: approving runs the ordinary cancellation as requested — cancelSubscription /
 * cancelAddon with the request's quantity, mode and instructions, in the Storefront's channel (the
 * customer's rules), the change window judged on the submission day, an Immediate one effective
 * today (the approval day) — inside this transaction, under the request's row lock: a request is
 * approved once, concurrently too (the second decision answers 409). A refused cancellation answers
 * 422 with its violations and the request stays pending (reject it with a reason). `?dryRun=true`
 * previews the cancellation (credit lines included) and changes nothing.
 */
export async function approveCancellationRequest(
  deps: Deps,
  actor: Actor,
  input: { requestId: string } & ApproveRequestInput,
  options: Pick<CommandOptions, "dryRun"> = {},
): Promise<DecisionOutcome> {
  return transaction(deps.db, async (tx) => {
    const peek = await findDecidableRequest(tx, actor, input.requestId);
    // Lock order: the subscription, then the request (as a submission does).
    const sub = await lockSubscription(tx, actor.tenantId, peek.subscriptionId);
    if (!sub) throw notFound("Subscription", peek.subscriptionId);
    const req = (await lockCancellationRequest(tx, actor.tenantId, peek.id))!;
    assertPending(req);
    const addon = req.addonId
      ? (await listAddons(tx, sub.tenantId, sub.id)).find((a) => a.id === req.addonId)
      : undefined;
    const ctx: CommandContext = { actor, channel: "storefront", windowJudgedOn: req.submittedOn };
    const run = { dryRun: options.dryRun, tx };
    const base = { subscriptionId: sub.id, ...(req.instructions ? { instructions: req.instructions } : {}) };
    const cancellation = req.addonId
      ? await cancelAddon(
          deps,
          ctx,
          { ...base, addonId: req.addonId, ...(req.quantity ? { quantity: req.quantity } : {}) },
          run,
        )
      : await cancelSubscription(
          deps,
          ctx,
          {
            ...base,
            mode: req.mode as "immediate" | "end_of_billing_period",
            ...(req.quantity ? { quantity: req.quantity } : {}),
          },
          run,
        );
    if (options.dryRun) return { preview: true, request: req, cancellation, messageId: null };
    const decider = deciderOf(actor);
    const decided = await updateCancellationRequest(tx, req.tenantId, req.id, {
      status: "approved",
      decidedAt: deps.clock.now(),
      decidedByUserId: decider.userId,
      decidedBy: decider.label,
      result: {
        effect: cancellation.effect,
        effectiveDate: cancellation.effectiveDate,
        rule: cancellation.rule?.code ?? null,
      },
      version: req.version + 1,
    });
    const mail = input.sendConfirmationEmail
      ? await emailRequestDecided(deps, tx, {
          request: decided,
          subscription: sub,
          addonName: addon?.name ?? null,
          totalQuantity: addon?.quantity ?? sub.quantity,
          decision: "approved",
          effectiveDate: cancellation.effectiveDate,
        })
      : null;
    await emitCancellationRequestEvent(deps, tx, "cancellation_request.decided", decided);
    return { preview: false, request: decided, cancellation, messageId: mail?.messageId ?? null };
  });
}
