import type { CallSafety, DropboxClient } from "./client.ts";
import { DropboxRejectedError, DropboxUnknownOutcomeError, DropboxValidationError } from "./errors.ts";

/**
 * The vendor operations the service manager needs, each safe to repeat: they send target
 * states (licences = N, plan = X with these add-ons), never deltas, and a create whose answer was
 * lost is reconciled (look the team up by admin email, adopt it) before it is ever sent again.
 */
export type ProductFamily = "dropbox" | "dropbox_sign";

export interface AddOn {
  sku: string;
  quantity: number;
}

export interface TeamSpec {
  resellerId: string;
  product: ProductFamily;
  sku: string;
  licenses: number;
  addOns: AddOn[];
  adminEmail: string;
  /** R-ORD-07: the account name cut to 20 characters (the caller cuts it). */
  teamName: string;
  country: string;
  /** R-EXT-02: a retained team to restore instead of creating a new one. */
  teamId?: string;
  /** Teams the BSS knows belong to other customers: never adopted (R-ORD-02, R-EXT-03). */
  foreignTeamIds?: readonly string[];
}

/** `revoke` withdraws a pending end-of-term cancellation. */
export type CancelMode = "immediate" | "end_of_term" | "revoke";

export interface TeamRef {
  resellerId: string;
  teamId: string;
}

export type TeamStatus = "active" | "suspended" | "cancelled" | "deleted";

export interface PendingChange {
  effectiveDate: string;
  licenses?: number;
  sku?: string;
  addOns?: AddOn[];
  cancel?: boolean;
}

export interface DropboxTeam {
  teamId: string;
  resellerId: string;
  product: ProductFamily;
  name: string;
  sku: string;
  isTrial: boolean;
  addOns: AddOn[];
  adminEmail: string;
  country: string;
  status: TeamStatus;
  licensedUsers: number;
  provisionedUsers: number;
  usedUsers: number;
  termStart: string;
  termEnd: string;
  pendingChange: PendingChange | null;
  retainedUntil: string | null;
}

interface TeamJson {
  team_id: string;
  reseller_id: string;
  product: ProductFamily;
  name: string;
  sku: string;
  is_trial: boolean;
  add_ons: AddOn[];
  admin_email: string;
  country: string;
  status: TeamStatus;
  licensed_users: number;
  provisioned_users: number;
  used_users: number;
  term_start: string;
  term_end: string;
  pending_change: {
    effective_date: string;
    licenses?: number;
    sku?: string;
    add_ons?: AddOn[];
    cancel?: boolean;
  } | null;
  retained_until: string | null;
}

export function fromJson(t: TeamJson): DropboxTeam {
  const p = t.pending_change;
  return {
    teamId: t.team_id,
    resellerId: t.reseller_id,
    product: t.product,
    name: t.name,
    sku: t.sku,
    isTrial: t.is_trial,
    addOns: t.add_ons,
    adminEmail: t.admin_email,
    country: t.country,
    status: t.status,
    licensedUsers: t.licensed_users,
    provisionedUsers: t.provisioned_users,
    usedUsers: t.used_users,
    termStart: t.term_start,
    termEnd: t.term_end,
    pendingChange: p && {
      effectiveDate: p.effective_date,
      ...(p.licenses !== undefined && { licenses: p.licenses }),
      ...(p.sku !== undefined && { sku: p.sku }),
      ...(p.add_ons !== undefined && { addOns: p.add_ons }),
      ...(p.cancel && { cancel: true }),
    },
    retainedUntil: t.retained_until,
  };
}

/** Every action the BSS provisions; `runAction` performs one, `precheck` validates it only. */
export type VendorAction =
  | { type: "create"; spec: TeamSpec }
  | { type: "set_licenses"; ref: TeamRef; licenses: number }
  | { type: "change_plan"; ref: TeamRef; sku: string; addOns: AddOn[] }
  | { type: "suspend"; ref: TeamRef }
  | { type: "unsuspend"; ref: TeamRef }
  | { type: "cancel"; ref: TeamRef; mode: CancelMode };

function request(action: VendorAction): { route: string; body: Record<string, unknown>; safety: CallSafety } {
  if (action.type === "create") {
    const s = action.spec;
    return {
      route: "reseller/teams/create",
      body: {
        reseller_id: s.resellerId,
        product: s.product,
        sku: s.sku,
        licenses: s.licenses,
        add_ons: s.addOns,
        admin_email: s.adminEmail,
        team_name: s.teamName,
        country: s.country,
        ...(s.teamId && { team_id: s.teamId }),
      },
      // Restoring a named team is repeatable (the vendor answers the restored team again).
      safety: s.teamId ? "idempotent" : "unsafe",
    };
  }
  const ref = { reseller_id: action.ref.resellerId, team_id: action.ref.teamId };
  const route = `reseller/teams/${action.type}`;
  switch (action.type) {
    case "set_licenses":
      return { route, body: { ...ref, licenses: action.licenses }, safety: "idempotent" };
    case "change_plan":
      return { route, body: { ...ref, sku: action.sku, add_ons: action.addOns }, safety: "idempotent" };
    case "cancel":
      return { route, body: { ...ref, mode: action.mode }, safety: "idempotent" };
    default:
      return { route, body: ref, safety: "idempotent" };
  }
}

export async function getTeam(client: DropboxClient, ref: TeamRef): Promise<DropboxTeam> {
  const body = { reseller_id: ref.resellerId, team_id: ref.teamId };
  return fromJson(await client.call<TeamJson>("reseller/teams/get_info", body, "read"));
}

/** Every live team of a reseller (optionally one admin email / family), following the cursor. */
export async function listTeams(
  client: DropboxClient,
  resellerId: string,
  filter: { adminEmail?: string; product?: ProductFamily; pageSize?: number } = {},
): Promise<DropboxTeam[]> {
  type Page = { teams: TeamJson[]; cursor: string | null; has_more: boolean };
  const out: DropboxTeam[] = [];
  let page = await client.call<Page>(
    "reseller/teams/list",
    {
      reseller_id: resellerId,
      ...(filter.adminEmail && { admin_email: filter.adminEmail }),
      ...(filter.product && { product: filter.product }),
      ...(filter.pageSize && { limit: filter.pageSize }),
    },
    "read",
  );
  for (;;) {
    out.push(...page.teams.map(fromJson));
    if (!page.has_more || !page.cursor) return out;
    page = await client.call<Page>(
      "reseller/teams/list/continue",
      { reseller_id: resellerId, cursor: page.cursor },
      "read",
    );
  }
}

/** Performs one action for real (a create goes through ensureTeam). */
export async function runAction(client: DropboxClient, action: VendorAction): Promise<DropboxTeam> {
  if (action.type === "create") return (await ensureTeam(client, action.spec)).team;
  const { route, body, safety } = request(action);
  return fromJson(await client.call<TeamJson>(route, body, safety));
}

export type PrecheckResult =
  | { ok: true; team: DropboxTeam; alreadyDone?: boolean }
  | { ok: false; error: DropboxRejectedError | DropboxValidationError };

/**
 * R-PRV-02: asks the vendor to validate the action without doing it (`validate_only: true`, the
 * same code path as the call, rolled back). A refusal is returned, not thrown; transient, auth
 * and rate-limit errors are thrown (the job retries). A create refused with user_on_another_team
 * whose team turns out to be ours (an earlier attempt's answer was lost) is reported as done.
 */
export async function precheck(client: DropboxClient, action: VendorAction): Promise<PrecheckResult> {
  const { route, body } = request(action);
  try {
    const team = fromJson(await client.call<TeamJson>(route, { ...body, validate_only: true }, "read"));
    return { ok: true, team };
  } catch (e) {
    if (!(e instanceof DropboxRejectedError || e instanceof DropboxValidationError)) throw e;
    if (action.type === "create" && e.tag === "user_on_another_team") {
      const mine = await findMatchingTeam(client, action.spec);
      if (mine) return { ok: true, team: mine, alreadyDone: true };
    }
    return { ok: false, error: e };
  }
}

export type EnsureOutcome = "created" | "restored" | "adopted";

/**
 * Creates (or restores) the team, safe to call again after any failure: after an unknown
 * outcome, and whenever the vendor says the email is already on a team, it looks the team up by
 * admin email in this reseller and adopts it when it matches the spec (same family, email and
 * SKU; the named team when restoring), so a lost answer never leads to a second team.
 */
export async function ensureTeam(
  client: DropboxClient,
  spec: TeamSpec,
  options: { maxCreates?: number } = {},
): Promise<{ team: DropboxTeam; outcome: EnsureOutcome }> {
  const { route, body, safety } = request({ type: "create", spec });
  const maxCreates = options.maxCreates ?? 3;
  let lastError: unknown;
  for (let i = 0; i < maxCreates; i++) {
    try {
      const team = fromJson(await client.call<TeamJson>(route, body, safety));
      return { team, outcome: spec.teamId ? "restored" : "created" };
    } catch (e) {
      const lostAnswer = e instanceof DropboxUnknownOutcomeError;
      const taken = e instanceof DropboxRejectedError && e.tag === "user_on_another_team";
      if (!lostAnswer && !taken) throw e;
      lastError = e;
      const mine = await findMatchingTeam(client, spec);
      if (mine) return { team: await converge(client, mine, spec), outcome: "adopted" };
      if (taken) throw e; // someone else's team holds the email (R-EXT-03)
    }
  }
  throw lastError;
}

/**
 * An adopted team may come from an earlier attempt with older figures (the order changed while
 * the create was in doubt): bring it to the spec with the same target-state calls as any change.
 */
async function converge(client: DropboxClient, team: DropboxTeam, spec: TeamSpec): Promise<DropboxTeam> {
  const ref = { resellerId: spec.resellerId, teamId: team.teamId };
  let t = team;
  if (t.licensedUsers !== spec.licenses || t.pendingChange?.licenses !== undefined)
    t = await setLicenses(client, ref, spec.licenses);
  if (JSON.stringify(sortAddOns(t.addOns)) !== JSON.stringify(sortAddOns(spec.addOns)))
    t = await changePlan(client, ref, spec.sku, spec.addOns);
  return t;
}

const sortAddOns = (a: AddOn[]) => [...a].sort((x, y) => x.sku.localeCompare(y.sku));

export async function findMatchingTeam(
  client: DropboxClient,
  spec: TeamSpec,
): Promise<DropboxTeam | undefined> {
  const teams = await listTeams(client, spec.resellerId, {
    adminEmail: spec.adminEmail,
    product: spec.product,
  });
  // Adoption recovers this customer's own create whose answer was lost: the team must match the
  // spec — same family, admin email, SKU and team name (the customer's name, R-ORD-07) — and must not
  // be a team the BSS knows as another customer's. Anything else keeps the vendor's refusal.
  return teams.find(
    (t) =>
      t.product === spec.product &&
      t.adminEmail.toLowerCase() === spec.adminEmail.toLowerCase() &&
      t.sku === spec.sku &&
      (t.status === "active" || t.status === "suspended") &&
      !spec.foreignTeamIds?.includes(t.teamId) &&
      (spec.teamId ? t.teamId === spec.teamId : t.name === spec.teamName),
  );
}

export const setLicenses = (client: DropboxClient, ref: TeamRef, licenses: number) =>
  runAction(client, { type: "set_licenses", ref, licenses });
export const changePlan = (client: DropboxClient, ref: TeamRef, sku: string, addOns: AddOn[]) =>
  runAction(client, { type: "change_plan", ref, sku, addOns });
export const suspendTeam = (client: DropboxClient, ref: TeamRef) =>
  runAction(client, { type: "suspend", ref });
export const unsuspendTeam = (client: DropboxClient, ref: TeamRef) =>
  runAction(client, { type: "unsuspend", ref });
export const cancelTeam = (client: DropboxClient, ref: TeamRef, mode: CancelMode) =>
  runAction(client, { type: "cancel", ref, mode });
