import { and, eq } from "drizzle-orm";
import type { Deps } from "../../deps.ts";
import type { PlainDate } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import { jsonSafe, recordHistory } from "./subscriptions.core.ts";
import {
  insertScheduledChange,
  listScheduledChanges,
  resolveScheduledChange,
  type ScheduledChangeRow,
} from "./subscriptions.repo.ts";
import { scheduledChanges } from "./subscriptions.schema.ts";
import type { CommandContext, SubscriptionRow } from "./subscriptions.types.ts";

/**
 * Changes that wait for a date (scheduled_changes): licence decreases at renewal (R-QTY-02, D3),
 * end-of-period cancellations (R-CAN-02), renewal requests (R-REN-02). The billing run applies
 * the due ones; commands here schedule and revoke them, each with a history record.
 */
export type ScheduledKind = "quantity_decrease" | "cancel_end_of_period" | "downgrade" | "renewal_request";

export function actorUserId(ctx: CommandContext): string | null {
  return ctx.actor.kind === "system" ? null : ctx.actor.userId;
}

export async function findPending(
  tx: Tx,
  sub: SubscriptionRow,
  kind: ScheduledKind,
): Promise<ScheduledChangeRow | undefined> {
  const pending = await listScheduledChanges(tx, sub.tenantId, sub.id, "pending");
  return pending.find((c) => c.kind === kind);
}

export async function scheduleChange(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  sub: SubscriptionRow,
  change: { kind: ScheduledKind; effectiveDate: PlainDate; payload: Record<string, unknown> },
): Promise<ScheduledChangeRow> {
  return insertScheduledChange(tx, {
    id: deps.ids.next("sch"),
    tenantId: sub.tenantId,
    subscriptionId: sub.id,
    kind: change.kind,
    effectiveDate: change.effectiveDate.toString(),
    payload: jsonSafe(change.payload),
    status: "pending",
    channel: ctx.channel,
    requestedBy: actorUserId(ctx),
    createdAt: deps.clock.now(),
  });
}

/**
 * Revokes the pending changes of `kinds` (all kinds when omitted), writing one history record
 * per revoked change that says why. Returns what was revoked.
 */
export async function revokePending(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  sub: SubscriptionRow,
  input: { kinds?: readonly ScheduledKind[]; reason: string; effectiveDate: PlainDate },
): Promise<ScheduledChangeRow[]> {
  const pending = await listScheduledChanges(tx, sub.tenantId, sub.id, "pending");
  const revoked = pending.filter((c) => !input.kinds || input.kinds.includes(c.kind as ScheduledKind));
  for (const change of revoked) {
    await resolveScheduledChange(tx, sub.tenantId, change.id, "revoked", deps.clock.now());
    await recordHistory(deps, tx, ctx, sub.id, {
      action: `${change.kind}_revoked`,
      summary: `Revoked the scheduled ${change.kind.replaceAll("_", " ")} of ${change.effectiveDate}: ${input.reason}`,
      effectiveDate: input.effectiveDate,
      changes: { scheduledChangeId: change.id, kind: change.kind, payload: change.payload },
    });
  }
  return revoked;
}

/** The pending change that sets the next term's quantity (a decrease or a renewal request; one at most). */
export async function findPendingRenewalQuantity(
  tx: Tx,
  sub: SubscriptionRow,
): Promise<(ScheduledChangeRow & { quantity: number }) | undefined> {
  const pending = await listScheduledChanges(tx, sub.tenantId, sub.id, "pending");
  const change = pending.find((c) => c.kind === "quantity_decrease" || c.kind === "renewal_request");
  const quantity = (change?.payload as { quantity?: unknown } | undefined)?.quantity;
  return change && typeof quantity === "number" ? { ...change, quantity } : undefined;
}

/**
 * R-SGN-04: an add-on added while a change that sets the renewal quantity is pending joins that
 * change's add-on list at the scheduled quantity, so the renewal lowers it with its base. The
 * payload is rewritten in place (the change keeps its id, requester and date) with a history record.
 */
export async function carryAddonIntoPending(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  sub: SubscriptionRow,
  change: ScheduledChangeRow & { quantity: number },
  addon: { addonId: string; productId: string },
): Promise<void> {
  const payload = change.payload as { addons?: { addonId: string; productId: string; quantity: number }[] };
  const addons = [
    ...(payload.addons ?? []).filter((a) => a.addonId !== addon.addonId),
    { ...addon, quantity: change.quantity },
  ];
  // Its SQL sits here only while subscriptions.repo.ts is being reworked elsewhere.
  await tx
    .update(scheduledChanges)
    .set({ payload: jsonSafe({ ...payload, addons }) })
    .where(
      and(
        eq(scheduledChanges.tenantId, sub.tenantId),
        eq(scheduledChanges.id, change.id),
        eq(scheduledChanges.status, "pending"),
      ),
    );
  await recordHistory(deps, tx, ctx, sub.id, {
    action: `${change.kind}_updated`,
    summary: `The scheduled ${change.kind.replaceAll("_", " ")} of ${change.effectiveDate} now also sets the new add-on to ${change.quantity}`,
    effectiveDate: change.effectiveDate,
    changes: { scheduledChangeId: change.id, addon: { ...addon, quantity: change.quantity } },
  });
}
