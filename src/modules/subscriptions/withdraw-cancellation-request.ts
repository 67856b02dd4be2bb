import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import type { Actor } from "../tenancy/index.ts";
import { emitCancellationRequestEvent } from "./cancellation-request-events.ts";
import { assertPending, findVisibleRequest } from "./cancellation-requests.access.ts";
import {
  type CancellationRequestRow,
  lockCancellationRequest,
  updateCancellationRequest,
} from "./cancellation-requests.repo.ts";

/**
 * R-CRQ-02: the customer (or its reseller) withdraws its pending request in the Storefront; the
 * subscription was never changed. A decided or withdrawn request answers 409. The
 * `cancellation_request.decided` webhook tells integrators (status `withdrawn`).
 */
export async function withdrawCancellationRequest(
  deps: Deps,
  actor: Actor,
  input: { requestId: string },
): Promise<CancellationRequestRow> {
  return transaction(deps.db, async (tx) => {
    const peek = await findVisibleRequest(tx, actor, input.requestId);
    const req = (await lockCancellationRequest(tx, actor.tenantId, peek.id))!;
    assertPending(req);
    const withdrawn = await updateCancellationRequest(tx, req.tenantId, req.id, {
      status: "withdrawn",
      decidedAt: deps.clock.now(),
      decidedByUserId: actor.userId,
      decidedBy: actor.email,
      version: req.version + 1,
    });
    // Integrators learn that the request no longer waits (`status: withdrawn`).
    await emitCancellationRequestEvent(deps, tx, "cancellation_request.decided", withdrawn);
    return withdrawn;
  });
}
