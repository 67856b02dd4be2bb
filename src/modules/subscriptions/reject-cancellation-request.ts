import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import type { Actor } from "../tenancy/index.ts";
import type { DecisionOutcome } from "./approve-cancellation-request.ts";
import { emailRequestDecided } from "./cancellation-request-emails.ts";
import { emitCancellationRequestEvent } from "./cancellation-request-events.ts";
import { assertPending, deciderOf, findDecidableRequest } from "./cancellation-requests.access.ts";
import { lockCancellationRequest, updateCancellationRequest } from "./cancellation-requests.repo.ts";
import { findSubscription, listAddons } from "./subscriptions.repo.ts";

export const RejectRequestInput = z.strictObject({
  /** R-CRQ-03: rejecting needs a reason (shown to the customer). */
  reason: z.string().trim().min(1).max(2000),
  sendConfirmationEmail: z.boolean().optional(),
});
export type RejectRequestInput = z.infer<typeof RejectRequestInput>;

/**
 * R-CRQ-03: rejects a pending request with a reason; the subscription stays as it is. Once only,
 * under the request's row lock (a second decision answers 409).
 */
export async function rejectCancellationRequest(
  deps: Deps,
  actor: Actor,
  input: { requestId: string } & RejectRequestInput,
): Promise<DecisionOutcome> {
  return transaction(deps.db, async (tx) => {
    const peek = await findDecidableRequest(tx, actor, input.requestId);
    const req = (await lockCancellationRequest(tx, actor.tenantId, peek.id))!;
    assertPending(req);
    const sub = await findSubscription(tx, actor.tenantId, req.subscriptionId);
    if (!sub) throw notFound("Subscription", req.subscriptionId);
    const decider = deciderOf(actor);
    const decided = await updateCancellationRequest(tx, req.tenantId, req.id, {
      status: "rejected",
      decidedAt: deps.clock.now(),
      decidedByUserId: decider.userId,
      decidedBy: decider.label,
      decisionReason: input.reason,
      version: req.version + 1,
    });
    const addon = req.addonId
      ? (await listAddons(tx, sub.tenantId, sub.id)).find((a) => a.id === req.addonId)
      : undefined;
    const mail = input.sendConfirmationEmail
      ? await emailRequestDecided(deps, tx, {
          request: decided,
          subscription: sub,
          addonName: addon?.name ?? null,
          totalQuantity: addon?.quantity ?? sub.quantity,
          decision: "rejected",
        })
      : null;
    await emitCancellationRequestEvent(deps, tx, "cancellation_request.decided", decided);
    return { preview: false, request: decided, cancellation: null, messageId: mail?.messageId ?? null };
  });
}
