import type { Deps } from "../../deps.ts";
import { parseDate } from "../../shared/dates.ts";
import { savepoint, type Tx } from "../../shared/db.ts";
import { type BillingEffect, billingEffectOf } from "../billing/index.ts";
import { applyCancellation } from "./apply-cancellation.ts";
import type { StoredPendingOperation } from "./record-provisioning-result.ts";
import { findSubscription, updateSubscription } from "./subscriptions.repo.ts";
import type { CommandContext, SubscriptionRow } from "./subscriptions.types.ts";

/**
 * R-CAN-05: what the vendor's confirmation of a full cancellation does — sync Synchronized, then
 * the cancellation applied as requested (its mode and effective date, add-ons with it, the credit
 * note of R-CAN-03). recordProvisioningResult runs it when the vendor confirms; the cancel
 * command's outcome runs it in a savepoint it rolls back, so the credit it shows is computed by
 * this very code.
 */
export async function confirmCancellation(
  deps: Deps,
  tx: Tx,
  sub: SubscriptionRow,
  op: StoredPendingOperation,
  externalId: string | null | undefined,
): Promise<SubscriptionRow> {
  const synced = await updateSubscription(tx, sub.tenantId, sub.id, {
    syncStatus: "synchronized",
    syncError: null,
    externalId: externalId ?? sub.externalId,
    updatedAt: deps.clock.now(),
  });
  return applyCancellation(deps, tx, confirmationContext(sub, op), synced, {
    effectiveDate: parseDate(op.effectiveDate),
    mode: op.mode,
    instructions: op.note,
  });
}

/** The vendor's confirmation acts for the system, on the channel the cancellation came from. */
export function confirmationContext(sub: SubscriptionRow, op: StoredPendingOperation): CommandContext {
  return { actor: { kind: "system", tenantId: sub.tenantId, name: "provisioning" }, channel: op.channel };
}

class Rollback extends Error {
  constructor(readonly effect: BillingEffect | undefined) {
    super("vendor confirmation preview");
  }
}

/**
 * R-CAN-03 / R-CAN-05 (issue 13.10): the money the vendor's confirmation of the cancellation
 * waiting on `subscriptionId` will write — credit lines with their arithmetic and the credit note —
 * computed by running `confirmCancellation` in a savepoint of `tx` and rolling it back (nothing of
 * it survives: rows, history, outbox events). The confirmation applies the same request on the
 * same billed lines, so the credit it issues is this one (its number and dates aside, when the
 * vendor answers on a later day).
 */
export async function previewVendorConfirmation(
  deps: Deps,
  tx: Tx,
  tenantId: string,
  subscriptionId: string,
): Promise<BillingEffect | undefined> {
  try {
    await savepoint(tx, async (sp) => {
      const sub = await findSubscription(sp, tenantId, subscriptionId);
      const op = sub?.pendingOperation as StoredPendingOperation | null | undefined;
      if (!sub || op?.kind !== "cancel") throw new Rollback(undefined);
      await confirmCancellation(deps, sp, sub, op, sub.externalId);
      throw new Rollback(billingEffectOf(sp));
    });
  } catch (e) {
    if (e instanceof Rollback) return e.effect;
    throw e;
  }
  return undefined;
}
