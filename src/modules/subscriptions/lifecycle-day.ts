import { and, asc, eq, lte } from "drizzle-orm";
import type { Deps } from "../../deps.ts";
import { addDays, type PlainDate, parseDate } from "../../shared/dates.ts";
import { queryRows, sql, type Tx, transaction } from "../../shared/db.ts";
import { setBillingQuantity } from "../billing/index.ts";
import { applyCancellation } from "./apply-cancellation.ts";
import { applyScheduledDowngrade } from "./downgrade-subscription.ts";
import { requestProvisioning } from "./record-provisioning-result.ts";
import { billEnd, billStart } from "./subscriptions.billing.ts";
import { changeStatus, recordHistory } from "./subscriptions.core.ts";
import {
  listAddons,
  lockSubscription,
  resolveScheduledChange,
  type ScheduledChangeRow,
  updateAddon,
  updateSubscription,
} from "./subscriptions.repo.ts";
import { scheduledChanges } from "./subscriptions.schema.ts";
import type { CommandContext, SubscriptionRow } from "./subscriptions.types.ts";
import { handOverTeamKey } from "./team-key.ts";

/**
 * What the billing run does to subscriptions on a day (spec/billing.md "The billing run"): apply
 * the changes scheduled up to that day, then renew every term that ended before it, or set the
 * subscription Inactive when it does not renew (R-REN-01, D7; a trial that was not converted,
 * R-TRL-01). Each step is idempotent: a rerun of the same day finds nothing left to do.
 */

function runCtx(tenantId: string): CommandContext {
  return { actor: { kind: "system", tenantId, name: "billing-run" }, channel: "bss" };
}

/** Applies every pending change due on or before `date`, oldest first, each in its own transaction. */
export async function applyDueChanges(deps: Deps, tenantId: string, date: PlainDate): Promise<number> {
  const due = await deps.db
    .select()
    .from(scheduledChanges)
    .where(
      and(
        eq(scheduledChanges.tenantId, tenantId),
        eq(scheduledChanges.status, "pending"),
        lte(scheduledChanges.effectiveDate, date.toString()),
      ),
    )
    .orderBy(asc(scheduledChanges.effectiveDate), asc(scheduledChanges.createdAt), asc(scheduledChanges.id));
  let applied = 0;
  for (const change of due) {
    const done = await transaction(deps.db, (tx) => applyChange(deps, tx, change));
    if (done) applied++;
  }
  return applied;
}

async function applyChange(deps: Deps, tx: Tx, change: ScheduledChangeRow): Promise<boolean> {
  const ctx = runCtx(change.tenantId);
  const sub = await lockSubscription(tx, change.tenantId, change.subscriptionId);
  // Re-read under the lock: a concurrent run or a revoke may have resolved it meanwhile.
  const [fresh] = await tx
    .select()
    .from(scheduledChanges)
    .where(eq(scheduledChanges.id, change.id))
    .for("update");
  if (!sub || fresh?.status !== "pending") return false;
  const effective = parseDate(change.effectiveDate);
  switch (change.kind) {
    case "cancel_end_of_period":
      await applyCancellation(deps, tx, ctx, sub, {
        effectiveDate: effective,
        mode: "end_of_billing_period",
      });
      return true;
    case "downgrade":
      await applyScheduledDowngrade(deps, tx, ctx, change, effective);
      return true;
    case "quantity_decrease":
    case "renewal_request": {
      // The renewal bills the new quantity: no credit, no charge (billing.md "Decreases").
      const payload = change.payload as {
        quantity: number;
        addons?: Array<{ addonId: string; quantity: number }>;
      };
      const now = deps.clock.now();
      await updateSubscription(tx, sub.tenantId, sub.id, { quantity: payload.quantity, updatedAt: now });
      const target = { tenantId: sub.tenantId, subscriptionId: sub.id };
      await setBillingQuantity(deps, tx, { ...target, addonId: null, quantity: payload.quantity });
      for (const a of payload.addons ?? []) {
        await updateAddon(tx, sub.tenantId, a.addonId, { quantity: a.quantity, updatedAt: now });
        await setBillingQuantity(deps, tx, { ...target, addonId: a.addonId, quantity: a.quantity });
      }
      await recordHistory(deps, tx, ctx, sub.id, {
        action: change.kind === "renewal_request" ? "renewal_request_applied" : "quantity_decreased",
        summary: `Licences ${sub.quantity} → ${payload.quantity} at the renewal, as scheduled`,
        effectiveDate: effective,
        changes: { quantity: { from: sub.quantity, to: payload.quantity }, scheduledChangeId: change.id },
      });
      await resolveScheduledChange(tx, sub.tenantId, change.id, "applied", now);
      // The vendor holds no renewal requests: the new quantity is sent at the renewal.
      if (change.kind === "renewal_request") await requestProvisioning(deps, tx, sub, "set_quantity");
      return true;
    }
    default:
      throw new Error(`unknown scheduled change kind ${change.kind}`);
  }
}

/**
 * R-TEN-02 / issue 13: starts every subscription of the tenant waiting for a start date on or
 * before `date` — an order line that started later, or a distributor copy of one (the path copies
 * starting later already took). Each in its own transaction, idempotent by state.
 */
export async function startDueSubscriptions(deps: Deps, tenantId: string, date: PlainDate): Promise<number> {
  const due = await queryRows<{ id: string }>(
    deps.db,
    sql`select s.id from subscriptions s
        where s.tenant_id = ${tenantId} and s.status = 'inactive' and s.awaiting_start
          and s.start_date <= ${date.toString()}::date
        order by s.id`,
  );
  let count = 0;
  for (const { id } of due) {
    const done = await transaction(deps.db, async (tx) => {
      const sub = await lockSubscription(tx, tenantId, id);
      if (!sub) return false;
      return (await startWaiting(deps, tx, runCtx(tenantId), sub, date)) !== undefined;
    });
    if (done) count++;
  }
  return count;
}

/**
 * Starts one waiting subscription (locked by the caller) when its start date is on or before
 * `date`: Active, activated on its start date, on the term set when it was ordered. An original
 * then opens its billing — the first period billed and invoiced as an order executed that day
 * would be (billStart) — and queues the provisioning job that creates it at the vendor (never
 * before: R-PRV-01). A copy is provisioned by its tenant reseller and already bills from its start
 * date. Returns undefined when there is nothing to start.
 */
export async function startWaiting(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  sub: SubscriptionRow,
  date: PlainDate,
): Promise<SubscriptionRow | undefined> {
  if (sub.status !== "inactive" || !sub.awaitingStart || sub.startDate > date.toString()) return undefined;
  const started = await changeStatus(deps, tx, ctx, sub, "active", {
    action: "started",
    summary: `Started on its start date ${sub.startDate}, ordered on ${sub.orderDate} (R-TEN-02)`,
    effectiveDate: sub.startDate,
    patch: { activationDate: sub.startDate, updatedAt: deps.clock.now() },
  });
  if (!started.managedByTenantId) {
    await billStart(deps, tx, ctx, started, await listAddons(tx, sub.tenantId, sub.id), date);
    await requestProvisioning(deps, tx, started, "create");
  }
  return started;
}

/**
 * Sets Inactive every subscription whose term ended before `date` without renewing (R-REN-01,
 * D7: on the first day after the term) and every trial past its end (R-TRL-01), ends their
 * billing after the term's last day and hands a team's plan key on (R-ORD-02).
 */
export async function inactivateDue(deps: Deps, tenantId: string, date: PlainDate): Promise<number> {
  const due = await queryRows<{ id: string }>(
    deps.db,
    sql`select s.id from subscriptions s
        where s.tenant_id = ${tenantId} and s.term_end_date < ${date.toString()}::date
          and s.status in ('active', 'suspended') and (not s.auto_renew or s.is_trial)
        order by s.id`,
  );
  let count = 0;
  for (const { id } of due) {
    const done = await transaction(deps.db, async (tx) => {
      const sub = await lockSubscription(tx, tenantId, id);
      if (!sub || !["active", "suspended"].includes(sub.status) || sub.termEndDate >= date.toString())
        return false;
      const ctx = runCtx(tenantId);
      const lastDay = parseDate(sub.termEndDate);
      const effective = addDays(lastDay, 1);
      const updated = await changeStatus(deps, tx, ctx, sub, "inactive", {
        action: sub.isTrial ? "trial_expired" : "inactivated",
        summary: sub.isTrial
          ? `The trial ended on ${sub.termEndDate} without being upgraded to a paid plan (R-TRL-01)`
          : `Not renewed: Renew Automatically is off; the term ended on ${sub.termEndDate} (R-REN-01)`,
        effectiveDate: effective,
      });
      await billEnd(deps, tx, ctx, sub, lastDay, date);
      await handOverTeamKey(deps, tx, ctx, updated, effective);
      // The vendor ends the team's term too (R-PRV-01: the job sends the target state).
      await requestProvisioning(deps, tx, updated, "cancel");
      return true;
    });
    if (done) count++;
  }
  return count;
}
