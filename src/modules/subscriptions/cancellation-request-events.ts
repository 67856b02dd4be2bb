import type { Deps } from "../../deps.ts";
import type { Tx } from "../../shared/db.ts";
import { emitWebhookEvent } from "../webhooks/index.ts";
import type { CancellationRequestRow } from "./cancellation-requests.repo.ts";

/**
 * Issue 15 item 5: the `cancellation_request.created` / `cancellation_request.decided` webhooks,
 * emitted inside the transaction that stores the request or its decision (so an event exists
 * exactly when the change commits; a preview rolls it back with everything else).
 */
export async function emitCancellationRequestEvent(
  deps: Deps,
  tx: Tx,
  type: "cancellation_request.created" | "cancellation_request.decided",
  r: CancellationRequestRow,
): Promise<void> {
  await emitWebhookEvent(deps, tx, {
    tenantId: r.tenantId,
    type,
    data: () => ({
      id: r.id,
      subscriptionId: r.subscriptionId,
      addonId: r.addonId,
      accountId: r.accountId,
      quantity: r.quantity,
      mode: r.mode,
      status: r.status,
      submittedAt: r.submittedAt.toISOString(),
      submittedOn: r.submittedOn,
      instructions: r.instructions,
      decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
      decisionReason: r.decisionReason,
    }),
  });
}
