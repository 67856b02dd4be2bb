import type { Deps } from "../../deps.ts";
import { addDays, type PlainDate } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import { getTenant } from "../tenancy/index.ts";
import { requestProvisioning } from "./record-provisioning-result.ts";
import { findPending, revokePending } from "./scheduled-changes.ts";
import { billCredit, billEnd } from "./subscriptions.billing.ts";
import { changeStatus } from "./subscriptions.core.ts";
import { listAddons, resolveScheduledChange, updateAddon } from "./subscriptions.repo.ts";
import type { CommandContext, SubscriptionRow } from "./subscriptions.types.ts";
import { handOverTeamKey } from "./team-key.ts";

export type CancelMode = "immediate" | "specific_date" | "end_of_billing_period";

export const MODE_LABEL: Record<CancelMode, string> = {
  immediate: "Immediate",
  specific_date: "Specific Date",
  end_of_billing_period: "End of Billing Period",
};

/**
 * Applies a full cancellation: add-ons canceled with the base (R-SGN-08), pending scheduled
 * changes revoked, status Canceled with its effective date (final, R-CAN-04), the team's
 * one-plan key handed to a live subscription of the same team (R-ORD-02). Used when the
 * vendor confirms (R-CAN-05), by policies without vendor confirmation, and by the billing run
 * for end-of-period cancellations.
 */
export async function applyCancellation(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  sub: SubscriptionRow,
  input: { effectiveDate: PlainDate; mode: CancelMode; instructions?: string | undefined },
): Promise<SubscriptionRow> {
  const now = deps.clock.now();
  const addons = await listAddons(tx, sub.tenantId, sub.id);
  const live = addons.filter((a) => a.status === "active");
  for (const a of live)
    await updateAddon(tx, sub.tenantId, a.id, {
      status: "canceled",
      canceledDate: input.effectiveDate.toString(),
      updatedAt: now,
    });
  await revokePending(deps, tx, ctx, sub, {
    kinds: ["quantity_decrease", "renewal_request", "downgrade"],
    reason: "the subscription is canceled",
    effectiveDate: input.effectiveDate,
  });
  const endOfPeriod = await findPending(tx, sub, "cancel_end_of_period");
  if (endOfPeriod) {
    const status = input.mode === "end_of_billing_period" ? "applied" : "revoked";
    await resolveScheduledChange(tx, sub.tenantId, endOfPeriod.id, status, now);
  }
  const canceled = await changeStatus(deps, tx, ctx, sub, "canceled", {
    action: "canceled",
    summary: `Canceled (${MODE_LABEL[input.mode]}), effective ${input.effectiveDate}${live.length ? `, with ${live.length} add-on(s)` : ""}${input.instructions ? ` — instructions: ${input.instructions}` : ""}`,
    effectiveDate: input.effectiveDate,
    changes: {
      mode: input.mode,
      quantity: sub.quantity,
      addonsCanceled: live.map((a) => a.id),
      instructions: input.instructions ?? null,
    },
    patch: { cancelEffectiveDate: input.effectiveDate.toString(), pendingOperation: null, updatedAt: now },
  });
  // Money (R-CAN-03): Immediate / Specific Date credit the billed rest from the effective date;
  // End of Billing Period ends billing after the term's last day (nothing was billed beyond it).
  const today = deps.clock.today(await tenantTimeZone(tx, sub.tenantId));
  if (input.mode === "end_of_billing_period")
    await billEnd(deps, tx, ctx, sub, addDays(input.effectiveDate, -1), today);
  else
    await billCredit(
      deps,
      tx,
      ctx,
      sub,
      {
        addonId: "all",
        from: input.effectiveDate,
        end: true,
        what: `${MODE_LABEL[input.mode]} cancellation`,
      },
      today,
    );
  // R-ORD-02: a partial upgrade's subscription of the same team stays live → it takes the key.
  await handOverTeamKey(deps, tx, ctx, canceled, input.effectiveDate);
  // The billing run's end-of-period cancellation: the vendor ended the team at its term end; a
  // sync confirms it (a vendor-confirmed cancellation, R-CAN-05, needs none).
  if (input.mode === "end_of_billing_period") await requestProvisioning(deps, tx, canceled, "cancel");
  return canceled;
}

async function tenantTimeZone(tx: Tx, tenantId: string): Promise<string> {
  return (await getTenant(tx, tenantId)).timeZone;
}
