import type { Deps } from "../../deps.ts";
import { type PlainDate, parseDate } from "../../shared/dates.ts";
import { savepoint, type Tx, transaction } from "../../shared/db.ts";
import { AppError, notFound, type Violation, violationsError } from "../../shared/errors.ts";
import { loadProductDetails, type ProductDetails } from "../catalog/index.ts";
import { assertAccountVisible, getTenant } from "../tenancy/index.ts";
import { type HistoryNote, noteSubscriptionChange } from "./subscription-events.ts";
import { assertExpectedVersion } from "./subscription-versions.ts";
import {
  findSubscription,
  insertHistory,
  listAddons,
  lockSubscription,
  type NewHistoryRow,
  updateSubscription,
} from "./subscriptions.repo.ts";
import { subscriptionStates } from "./subscriptions.states.ts";
import type {
  CommandContext,
  SubscriptionAddonRow,
  SubscriptionRow,
  SubscriptionStatus,
} from "./subscriptions.types.ts";

/**
 * The machinery every subscription command shares (DESIGN.md "Preview before commit"):
 * a command runs in one transaction; a preview runs the very same code and rolls back, so it
 * returns exactly what the commit would do — violations, new state, and (with billing) lines.
 */

class PreviewRollback<T> extends Error {
  constructor(readonly value: T) {
    super("preview rollback");
  }
}

export interface Planned {
  violations: Violation[];
}

/**
 * Runs `fn` in a transaction. Commit: violations throw (status 422, every violation in details)
 * and nothing is written. Preview (`dryRun`): the transaction is always rolled back and the
 * result is returned with its violations.
 */
export async function runCommand<T extends Planned>(
  deps: Deps,
  options: { dryRun?: boolean | undefined; tx?: Tx | undefined },
  fn: (tx: Tx) => Promise<T>,
): Promise<T & { preview: boolean }> {
  // Inside a caller's transaction (R-CRQ-03's approval): a savepoint, so a preview rolls back only itself.
  const outer = options.tx;
  const run = <R>(work: (tx: Tx) => Promise<R>) =>
    outer ? savepoint(outer, work) : transaction(deps.db, work);
  try {
    const value = await run(async (tx) => {
      const result = await fn(tx);
      if (options.dryRun) throw new PreviewRollback(result);
      if (result.violations.length > 0) throw violationsError(result.violations);
      return result;
    });
    return { ...value, preview: false };
  } catch (e) {
    if (e instanceof PreviewRollback) return { ...(e.value as T), preview: true };
    throw e;
  }
}

/** Today in the tenant's time zone (billing dates are calendar dates, spec/billing.md). */
export async function todayFor(deps: Deps, tx: Tx, tenantId: string): Promise<PlainDate> {
  const tenant = await getTenant(tx, tenantId);
  return deps.clock.today(tenant.timeZone);
}

export interface ChangeTarget {
  subscription: SubscriptionRow;
  product: ProductDetails;
  addons: SubscriptionAddonRow[];
  today: PlainDate;
}

/**
 * Locks the subscription (FOR UPDATE, so concurrent commands on it queue up) after checking
 * the caller may see it (a Storefront user: its account's subtree; otherwise 404), checks the
 * version the caller saw if it sent one (412 otherwise), and loads its product with the
 * effective policies and its add-ons.
 */
export async function loadForChange(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  subscriptionId: string,
  options: { allowCopy?: boolean } = {},
): Promise<ChangeTarget> {
  const tenantId = ctx.actor.tenantId;
  const peek = await findSubscription(tx, tenantId, subscriptionId);
  if (!peek) throw notFound("Subscription", subscriptionId);
  if (ctx.actor.kind === "storefront") {
    // Outside the caller's subtree the subscription does not exist for it (and names no account).
    try {
      await assertAccountVisible(tx, ctx.actor, peek.accountId);
    } catch (e) {
      if (e instanceof AppError && e.code === "not_found") throw notFound("Subscription", subscriptionId);
      throw e;
    }
  }
  const subscription = await lockSubscription(tx, tenantId, subscriptionId);
  if (!subscription) throw notFound("Subscription", subscriptionId);
  // Issue 12: checked under the row lock, so two requests made from one version cannot both pass.
  assertExpectedVersion(ctx, subscription);
  if (subscription.managedByTenantId && !options.allowCopy) throw await copyRefusal(tx, subscription);
  // One query at a time: a transaction runs them one after the other anyway.
  const product = await loadProductDetails(tx, { tenantId }, subscription.productId);
  const addons = await listAddons(tx, tenantId, subscriptionId);
  const today = await todayFor(deps, tx, tenantId);
  return { subscription, product, addons, today };
}

/**
 * R-TEN-05: a distributor copy changes only through its tenant reseller's BSS; the distributor may
 * edit its unlocked fields and its pricing (not the billing unit), nothing else.
 */
export async function copyRefusal(tx: Tx, sub: SubscriptionRow): Promise<AppError> {
  const tenant = await getTenant(tx, sub.managedByTenantId ?? "");
  return new AppError(
    "R-TEN-05",
    `This subscription is managed by ${tenant.name} Tenant Reseller: it changes only through the reseller's BSS. Here you may edit its unlocked fields and its pricing.`,
    { managedByTenantId: sub.managedByTenantId, sourceSubscriptionId: sub.sourceSubscriptionId },
  );
}

/** R-TEN-03: who manages a distributor copy (its tenant reseller), for the ribbon. */
export interface ManagedBy {
  tenantId: string;
  name: string;
}

/** The managing tenant of each copy among `subs` (one lookup per tenant). */
export async function managedByOf(
  tx: Tx,
  subs: ReadonlyArray<Pick<SubscriptionRow, "managedByTenantId">>,
): Promise<Map<string, ManagedBy>> {
  const out = new Map<string, ManagedBy>();
  for (const s of subs) {
    const id = s.managedByTenantId;
    if (id && !out.has(id)) out.set(id, { tenantId: id, name: (await getTenant(tx, id)).name });
  }
  return out;
}

export interface HistoryEntry {
  action: string;
  summary: string;
  effectiveDate: PlainDate | string;
  changes?: Record<string, unknown>;
  /** Where the change came from when not the command's channel: "tenant" on a distributor copy (R-TEN-04). */
  channel?: string;
}

/** Appends a history record: who, when, channel, what, effective date. */
export async function recordHistory(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  subscriptionId: string,
  entry: HistoryEntry,
): Promise<void> {
  const row = historyRow(deps, ctx, subscriptionId, entry);
  await insertHistory(tx, row);
  noteSubscriptionChange(deps, tx, row.tenantId, subscriptionId, historyNote(row));
}

export function historyNote(row: NewHistoryRow): HistoryNote {
  return {
    id: row.id,
    action: row.action,
    summary: row.summary,
    effectiveDate: String(row.effectiveDate),
    channel: row.channel,
  };
}

/** The history record of `entry` (recordHistory writes it; createSubscription writes it with the subscription). */
export function historyRow(
  deps: Deps,
  ctx: CommandContext,
  subscriptionId: string,
  entry: HistoryEntry,
): NewHistoryRow {
  const actor = ctx.actor;
  return {
    id: deps.ids.next("his"),
    tenantId: actor.tenantId,
    subscriptionId,
    at: deps.clock.now(),
    action: entry.action,
    channel: entry.channel ?? ctx.channel,
    actorUserId: actor.kind === "system" ? null : actor.userId,
    actorKind: actor.kind === "system" ? "system" : actor.kind,
    effectiveDate: entry.effectiveDate.toString(),
    summary: entry.summary,
    changes: jsonSafe(entry.changes ?? {}),
  };
}

/**
 * The one way a subscription's status changes: checks the transition table, stamps the time
 * (canceledAt for Canceled, R-CAN-04) and writes the history record.
 */
export async function changeStatus(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  subscription: SubscriptionRow,
  to: SubscriptionStatus,
  entry: HistoryEntry & { patch?: Parameters<typeof updateSubscription>[3] },
): Promise<SubscriptionRow> {
  const from = subscription.status as SubscriptionStatus;
  if (from === "canceled") {
    throw new AppError("R-CAN-04", "A canceled subscription can never be changed or reactivated", {
      from,
      to,
    });
  }
  subscriptionStates.assertTransition(from, to);
  const now = deps.clock.now();
  const updated = await updateSubscription(tx, subscription.tenantId, subscription.id, {
    ...(entry.patch ?? {}),
    // A subscription waiting for its start date (R-TEN-02) waits no more once its status changes.
    ...(subscription.awaitingStart ? { awaitingStart: false } : {}),
    status: to,
    canceledAt: to === "canceled" ? now : null,
    updatedAt: now,
  });
  await recordHistory(deps, tx, ctx, subscription.id, {
    ...entry,
    changes: { status: { from, to }, ...(entry.changes ?? {}) },
  });
  return updated;
}

/** History and payloads are JSON: bigints become strings. */
export function jsonSafe(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
}

export function dateOf(text: string): PlainDate {
  return parseDate(text);
}
