import {
  addDays,
  daysSince,
  formatDate,
  type PlainDate,
  parseDate,
  periodFromAnchor,
  periodIndexOf,
} from "../../shared/dates.ts";
import { RouteError } from "./errors.ts";
import {
  type AddOnLine,
  belowMinimum,
  checkPlan,
  comparePlans,
  type Family,
  followSeats,
  getPlan,
  type Plan,
  termMonths,
} from "./sku.ts";

/**
 * A vendor team and the pure rules that change it: plain data and "now" in, the new team (or a
 * route error) out. The SQL around them is in store.ts, the HTTP in routes.ts.
 */
export type TeamStatus = "active" | "suspended" | "cancelled" | "deleted";

export interface PendingChange {
  licenses?: number;
  sku?: string;
  addOns?: AddOnLine[];
  cancel?: boolean;
}

export interface Team {
  teamId: string;
  resellerId: string;
  product: Family;
  name: string;
  sku: string;
  trial: boolean;
  addOns: AddOnLine[];
  adminEmail: string;
  country: string;
  status: TeamStatus;
  licensedUsers: number;
  provisionedUsers: number;
  usedUsers: number;
  /** Terms are computed from the anchor, never chained (31 Jan → 28 Feb → 31 Mar). */
  termAnchor: string;
  termStart: string;
  /** The term's last day (inclusive); the renewal happens the day after. */
  termEnd: string;
  pendingChange: PendingChange | null;
  cancelledAt: Date | null;
  retainedUntil: Date | null;
  deletedReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const WINDOW_DAYS = 14; // R-CAN-01, R-SUS-01, D6: day 14 is still inside
export const TRIAL_DAYS = 30; // R-TRL-01
const DAY_MS = 86_400_000;

export const utcDate = (at: Date): PlainDate => parseDate(at.toISOString().slice(0, 10));
const startOfDay = (d: PlainDate) => new Date(`${formatDate(d)}T00:00:00Z`);

export function termOf(plan: Plan, anchor: PlainDate, onDate: PlainDate): { start: string; end: string } {
  if (plan.trial) return { start: formatDate(anchor), end: formatDate(addDays(anchor, TRIAL_DAYS - 1)) };
  const len = termMonths(plan.term);
  const p = periodFromAnchor(anchor, Math.max(0, periodIndexOf(anchor, onDate, len)), len);
  return { start: formatDate(p.start), end: formatDate(p.end) };
}

export function isInWindow(team: Team, now: Date): boolean {
  return daysSince(parseDate(team.termStart), utcDate(now)) <= WINDOW_DAYS;
}

export interface NewTeamInput {
  teamId: string;
  resellerId: string;
  product: Family;
  name: string;
  sku: string;
  licenses: number;
  addOns: AddOnLine[];
  adminEmail: string;
  country: string;
}

export function newTeam(input: NewTeamInput, now: Date): Team {
  const plan = getPlan(input.sku, input.product);
  const addOns = checkPlan(plan, input.licenses, input.addOns);
  const today = utcDate(now);
  const term = termOf(plan, today, today);
  return {
    ...input,
    addOns,
    trial: plan.trial,
    status: "active",
    licensedUsers: input.licenses,
    provisionedUsers: 1, // the admin
    usedUsers: 0,
    termAnchor: formatDate(today),
    termStart: term.start,
    termEnd: term.end,
    pendingChange: null,
    cancelledAt: null,
    retainedUntil: null,
    deletedReason: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** R-EXT-02: a retained team comes back with the new order's plan and a fresh term. */
export function restoreTeam(team: Team, input: NewTeamInput, now: Date): Team {
  const fresh = newTeam({ ...input, teamId: team.teamId }, now);
  return {
    ...fresh,
    createdAt: team.createdAt,
    provisionedUsers: team.provisionedUsers,
    usedUsers: team.usedUsers,
  };
}

/**
 * Brings a team up to `now`: renewals apply pending changes (or end the team: an end-of-term
 * cancellation, or a trial that was never upgraded, R-TRL-01), and a retained team whose window
 * has passed becomes deleted.
 */
export function settle(team: Team, now: Date, retentionMs: number): Team {
  let t = team;
  const today = utcDate(now);
  while ((t.status === "active" || t.status === "suspended") && daysSince(parseDate(t.termEnd), today) > 0) {
    const renewal = addDays(parseDate(t.termEnd), 1);
    if (t.trial || t.pendingChange?.cancel) {
      t = cancelled(t, startOfDay(renewal), retentionMs);
      break;
    }
    const p = t.pendingChange ?? {};
    const licenses = p.licenses ?? t.licensedUsers;
    const sku = p.sku ?? t.sku;
    const plan = getPlan(sku, t.product);
    const term = termOf(plan, parseDate(t.termAnchor), renewal);
    t = {
      ...t,
      sku,
      licensedUsers: licenses,
      addOns: followSeats(t.product, p.addOns ?? t.addOns, licenses),
      termStart: term.start,
      termEnd: term.end,
      pendingChange: null,
      updatedAt: startOfDay(renewal),
    };
  }
  if (t.status === "cancelled" && t.retainedUntil && now.getTime() >= t.retainedUntil.getTime())
    t = { ...t, status: "deleted", deletedReason: "retention_expired", updatedAt: t.retainedUntil };
  return t;
}

function cancelled(t: Team, at: Date, retentionMs: number): Team {
  return {
    ...t,
    status: "cancelled",
    pendingChange: null,
    cancelledAt: at,
    retainedUntil: new Date(at.getTime() + retentionMs),
    updatedAt: at,
  };
}

export function retentionMsOf(days: number): number {
  return days * DAY_MS;
}

function requireActive(team: Team): void {
  if (team.status !== "active") throw new RouteError("team_not_active");
}

/** Target state: licences = N. More now (R-QTY-01); fewer at renewal (R-QTY-02, R-SGN-05). */
export function setLicenses(team: Team, licenses: number, now: Date): Team {
  requireActive(team);
  if (team.trial) {
    if (licenses === team.licensedUsers) return team;
    throw new RouteError("trial_change_not_allowed"); // R-TRL-01
  }
  const plan = getPlan(team.pendingChange?.sku ?? team.sku, team.product);
  // The renewal plan and add-ons must still hold at the new count (seat minimums, Sign parity).
  checkPlan(plan, licenses, followSeats(team.product, team.pendingChange?.addOns ?? team.addOns, licenses));
  const { licenses: _dropped, ...rest } = team.pendingChange ?? {};
  const pending = licenses < team.licensedUsers ? { ...rest, licenses } : rest;
  const licensedUsers = Math.max(licenses, team.licensedUsers);
  return {
    ...team,
    licensedUsers,
    addOns: followSeats(team.product, team.addOns, licensedUsers),
    pendingChange: normalise(pending),
    updatedAt: now,
  };
}

/** Target state: plan = sku with these add-ons. Upgrades now; downgrades now inside the window, else at renewal. */
export function changePlan(team: Team, sku: string, addOns: AddOnLine[], now: Date): Team {
  requireActive(team);
  const from = getPlan(team.sku, team.product);
  const to = getPlan(sku, team.product);
  const change = comparePlans(from, to);
  if (change === "invalid") throw new RouteError("invalid_upgrade_path");
  const { sku: _s, addOns: _a, ...rest } = team.pendingChange ?? {};
  const later = change === "downgrade" && !isInWindow(team, now);
  const licenses = later ? (team.pendingChange?.licenses ?? team.licensedUsers) : team.licensedUsers;
  if (!later && to.minLicenses > licenses) throw belowMinimum(to.minLicenses); // R-SGN-06
  const checked = checkPlan(to, licenses, addOns);
  if (later) return { ...team, pendingChange: normalise({ ...rest, sku, addOns: checked }), updatedAt: now };
  const converting = from.trial && !to.trial;
  const today = utcDate(now);
  // A trial that becomes paid starts its first paid term today (R-TRL-01).
  const anchor = converting ? today : parseDate(team.termAnchor);
  const term = converting ? termOf(to, today, today) : { start: team.termStart, end: team.termEnd };
  return {
    ...team,
    sku,
    trial: to.trial,
    addOns: checked,
    termAnchor: formatDate(anchor),
    termStart: term.start,
    termEnd: term.end,
    pendingChange: normalise(rest),
    updatedAt: now,
  };
}

/** R-SUS-01, R-SGN-07. Repeating a suspend on a suspended team is a no-op (safe retries). */
export function suspend(team: Team, now: Date): Team {
  if (team.product !== "dropbox") throw new RouteError("not_supported_for_product");
  if (team.status === "suspended") return team;
  requireActive(team);
  if (!isInWindow(team, now)) throw new RouteError("operation_window_expired");
  return { ...team, status: "suspended", updatedAt: now };
}

export function unsuspend(team: Team, now: Date): Team {
  if (team.product !== "dropbox") throw new RouteError("not_supported_for_product");
  if (team.status === "active") return team;
  if (team.status !== "suspended") throw new RouteError("team_not_active");
  return { ...team, status: "active", updatedAt: now };
}

export type CancelMode = "immediate" | "end_of_term" | "revoke";

/**
 * R-CAN-01/02: immediately inside the window (a trial at any time), else only at the end of the
 * term. `revoke` withdraws a pending end-of-term cancellation (the BSS's cancellation revoke); a
 * cancelled team stays cancelled (R-CAN-04: only restoration by team id brings it back).
 */
export function cancel(team: Team, mode: CancelMode, now: Date, retentionMs: number): Team {
  if (mode === "revoke") {
    if (team.status === "cancelled" || team.status === "deleted") throw new RouteError("team_not_active");
    if (!team.pendingChange?.cancel) return team;
    const { cancel: _withdrawn, ...rest } = team.pendingChange;
    return { ...team, pendingChange: normalise(rest), updatedAt: now };
  }
  if (team.status === "cancelled") return team;
  if (team.status === "deleted") throw new RouteError("team_not_active");
  if (mode === "end_of_term") {
    if (team.pendingChange?.cancel) return team;
    return { ...team, pendingChange: { ...(team.pendingChange ?? {}), cancel: true }, updatedAt: now };
  }
  if (!team.trial && !isInWindow(team, now)) throw new RouteError("operation_window_expired");
  return cancelled(team, now, retentionMs);
}

function normalise(p: PendingChange): PendingChange | null {
  return Object.keys(p).length ? p : null;
}

/** The team as the API shows it (snake_case, like Dropbox's API v2). */
export function teamJson(t: Team): Record<string, unknown> {
  const pending = t.pendingChange
    ? {
        effective_date: formatDate(addDays(parseDate(t.termEnd), 1)),
        ...(t.pendingChange.licenses !== undefined && { licenses: t.pendingChange.licenses }),
        ...(t.pendingChange.sku !== undefined && { sku: t.pendingChange.sku }),
        ...(t.pendingChange.addOns !== undefined && { add_ons: t.pendingChange.addOns }),
        ...(t.pendingChange.cancel && { cancel: true }),
      }
    : null;
  return {
    team_id: t.teamId,
    reseller_id: t.resellerId,
    product: t.product,
    name: t.name,
    sku: t.sku,
    is_trial: t.trial,
    add_ons: t.addOns,
    admin_email: t.adminEmail,
    country: t.country,
    status: t.status,
    licensed_users: t.licensedUsers,
    provisioned_users: t.provisionedUsers,
    used_users: t.usedUsers,
    term_start: t.termStart,
    term_end: t.termEnd,
    pending_change: pending,
    retained_until: t.retainedUntil?.toISOString() ?? null,
    created_at: t.createdAt.toISOString(),
  };
}
