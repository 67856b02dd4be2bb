import type { Tx } from "../../shared/db.ts";
import type { Actor, Channel } from "../tenancy/index.ts";
import type { subscriptionAddons, subscriptions } from "./subscriptions.schema.ts";

export const SUBSCRIPTION_STATUSES = [
  "active",
  "inactive",
  "suspended",
  "pending_for_cancel",
  "canceled",
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const SYNC_STATUSES = ["unsynchronized", "pending", "synchronized", "failed"] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type SubscriptionAddonRow = typeof subscriptionAddons.$inferSelect;

/**
 * Who runs a command and through which channel. Rules may differ per channel (D1–D3, R-SGN-04);
 * the billing run and provisioning act as `system`.
 */
export interface CommandContext {
  actor: Actor | SystemActor;
  channel: Channel;
  /**
   * The versions of the subscription the caller accepts (If-Match / expectedVersion, issue 12):
   * checked once the subscription is row-locked; any other answers 412 and nothing changes.
   */
  expectedVersion?: { subscriptionId: string; versions: readonly number[] } | undefined;
  /**
   * D13 (R-CRQ-03): the day the change window is judged on — an approved cancellation request's
   * submission day; absent = today. Effective dates stay today's (the approval day).
   */
  windowJudgedOn?: string | undefined;
}

export interface SystemActor {
  kind: "system";
  tenantId: string;
  /** What acts: "billing-run", "provisioning", … (written into history). */
  name: string;
}

/** Preview (dry run) or commit: both run the same code; a preview rolls its transaction back. */
export interface CommandOptions {
  dryRun?: boolean;
  /**
   * Run inside this transaction (a savepoint) instead of a new one: an approved cancellation
   * request runs the ordinary cancellation under its own row lock (R-CRQ-03).
   */
  tx?: Tx | undefined;
}

/** What every command returns: the result, and whether it was only a preview. */
export interface CommandResult<T> {
  preview: boolean;
  result: T;
}

/** A pending operation that waits for the vendor (R-CAN-05: a full cancellation). */
export interface PendingOperation {
  kind: "cancel";
  requestedAt: string;
  effectiveDate: string;
  mode: "immediate" | "specific_date";
  channel: Channel;
  requestedBy: string | null;
  note?: string;
}
