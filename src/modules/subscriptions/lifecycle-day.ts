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

/** Terms per product term: MCMB commits for a month, AC1M and AC1Y for twelve (R-CAT-04). */
const TERM_MONTHS = sql.raw(`(case s.term when 'MCMB' then 1 else 12 end)`);

/**
 * Renews, set-based, every term of the tenant that ended before `date` and renews automatically:
 * the next term from the anchor (never chained), a new change window (D6), one history record each
 * — one statement per chunk, repeated while terms are still behind (a run after a gap).
 */
export async function renewDue(deps: Deps, tenantId: string, date: PlainDate, chunk = 5000): Promise<number> {
  let renewed = 0;
  // Keyset paging: each chunk starts after the last id done, never re-reading what is behind.
  let after = "";
  for (;;) {
    const rows = await transaction(deps.db, (tx) =>
      queryRows<{ id: string }>(
        tx,
        sql`
        with due as (
          select s.id from subscriptions s
          where s.tenant_id = ${tenantId} and s.term_end_date < ${date.toString()}::date
            and s.status in ('active', 'suspended') and s.auto_renew and not s.is_trial
            and s.id > ${after}
          order by s.id limit ${chunk}
          for update skip locked
        ), renewed as (
          update subscriptions s set
            term_index = s.term_index + 1,
            term_start_date = (s.term_anchor_date + make_interval(months => (s.term_index + 1) * ${TERM_MONTHS}))::date,
            term_end_date = (s.term_anchor_date + make_interval(months => (s.term_index + 2) * ${TERM_MONTHS}))::date - 1,
            window_start_date = (s.term_anchor_date + make_interval(months => (s.term_index + 1) * ${TERM_MONTHS}))::date,
            version = s.version + 1,
            updated_at = ${deps.clock.now().toISOString()}::timestamptz
          from due where s.id = due.id
          returning s.id, s.tenant_id, s.term_start_date, s.term_end_date, s.term_index
        )
        insert into subscription_history (id, tenant_id, subscription_id, at, action, channel, actor_user_id,
          actor_kind, effective_date, summary, changes)
        select 'his_ren' || substr(md5(r.id || ':' || r.term_index), 1, 21), r.tenant_id, r.id,
          ${deps.clock.now().toISOString()}::timestamptz, 'renewed', 'bss', null, 'system', r.term_start_date,
          'Renewed automatically: new term ' || r.term_start_date || ' – ' || r.term_end_date,
          jsonb_build_object('termStartDate', r.term_start_date, 'termEndDate', r.term_end_date, 'termIndex', r.term_index)
        from renewed r
        returning subscription_id as id`,
      ),
    );
    renewed += rows.length;
    if (rows.length === 0) {
      // A pass over every id is done; terms still behind (a run after a long gap) need another.
      if (after === "") return renewed;
      after = "";
      continue;
    }
    after = rows.reduce((max, r) => (r.id > max ? r.id : max), after);
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
