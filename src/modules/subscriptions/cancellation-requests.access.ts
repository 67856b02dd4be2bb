import type { Tx } from "../../shared/db.ts";
import { AppError, forbidden, notFound } from "../../shared/errors.ts";
import { type Actor, getAccount, isAccountVisible } from "../tenancy/index.ts";
import { type CancellationRequestRow, findCancellationRequest } from "./cancellation-requests.repo.ts";

/**
 * Who sees and who decides a cancellation request (R-CRQ-02/03). BSS: the whole tenant (viewers
 * read, clerks decide — the route checks the role). Storefront: a request of an account in the
 * caller's subtree; outside it the request does not exist (404). Deciding in the Storefront is
 * for a reseller and only for its customers' requests (D13's "the reseller approves"): an end
 * customer, or a reseller's own request, gets 403.
 */
export async function findVisibleRequest(tx: Tx, actor: Actor, id: string): Promise<CancellationRequestRow> {
  const row = await findCancellationRequest(tx, actor.tenantId, id);
  if (!row) throw notFound("Cancellation request", id);
  if (actor.kind === "storefront") {
    const account = await getAccount(tx, actor.tenantId, row.accountId).catch(() => undefined);
    if (!account || !isAccountVisible(actor, account)) throw notFound("Cancellation request", id);
  }
  return row;
}

export async function findDecidableRequest(
  tx: Tx,
  actor: Actor,
  id: string,
): Promise<CancellationRequestRow> {
  const row = await findVisibleRequest(tx, actor, id);
  if (actor.kind === "storefront" && (actor.accountKind !== "reseller" || row.accountId === actor.accountId))
    throw forbidden("Only the reseller of the customer (or the back office) decides a cancellation request");
  return row;
}

/** A request is decided (or withdrawn) once: any other status answers 409 naming it. */
export function assertPending(row: CancellationRequestRow): void {
  if (row.status !== "pending")
    throw new AppError("conflict", `This cancellation request is already ${row.status}.`, {
      cancellationRequestId: row.id,
      status: row.status,
    });
}

/** Who decided, for the request's record: the user's email, else the API key. */
export function deciderOf(actor: Actor): { userId: string | null; label: string } {
  if (actor.kind === "storefront") return { userId: actor.userId, label: actor.email };
  return {
    userId: actor.userId,
    label: actor.email ?? (actor.apiKeyId ? `API key ${actor.apiKeyId}` : "back office"),
  };
}
