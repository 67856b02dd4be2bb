import { isUniqueViolation, type Tx, transaction } from "../../shared/db.ts";
import { newTeamId, type SandboxContext } from "./context.ts";
import { cannotAccessTeam, RouteError, userOnAnotherTeam } from "./errors.ts";
import type { AddOnLine, Family } from "./sku.ts";
import {
  addToOutbox,
  findTeam,
  hasReseller,
  listTeams,
  liveTeamsForEmail,
  markWelcomed,
  recordEvent,
  saveTeam,
} from "./store.ts";
import { type NewTeamInput, newTeam, restoreTeam, settle, type Team } from "./teams.ts";

/**
 * The vendor's operations, each one transaction: lock the team, bring it up to the sandbox's
 * now (renewals, retention), apply the pure rule, save, log. `validateOnly` runs the very same
 * code and rolls it back, so a pre-check answers exactly what the call would do.
 */
class Rollback<T> {
  constructor(readonly value: T) {}
}

export interface Call {
  route: string;
  requestId: string;
  resellerId: string;
  validateOnly: boolean;
}

async function inTransaction<T>(
  ctx: SandboxContext,
  call: Call,
  fn: (tx: Tx, now: Date) => Promise<{ result: T; teamId: string | null; detail: unknown }>,
): Promise<T> {
  const now = ctx.clock.now();
  try {
    return await transaction(ctx.db, async (tx) => {
      if (!(await hasReseller(tx, call.resellerId))) throw new RouteError("invalid_reseller_id");
      const out = await fn(tx, now);
      if (call.validateOnly) throw new Rollback(out.result);
      await recordEvent(tx, {
        route: call.route,
        teamId: out.teamId,
        requestId: call.requestId,
        detail: out.detail,
        at: now,
      });
      return out.result;
    });
  } catch (e) {
    if (e instanceof Rollback) return e.value as T;
    // Two concurrent creates for one email: the unique index lets exactly one commit (behaviour 2).
    if (isUniqueViolation(e, "teams_one_per_email")) throw userOnAnotherTeam();
    throw e;
  }
}

/** The team, locked and settled; deleted teams and other resellers' teams are out of reach. */
async function accessTeam(
  ctx: SandboxContext,
  tx: Tx,
  resellerId: string,
  teamId: string,
  now: Date,
): Promise<Team> {
  const found = await findTeam(tx, teamId, { lock: true });
  if (!found || found.resellerId !== resellerId) throw cannotAccessTeam();
  const team = settle(found, now, ctx.retentionMs);
  if (team !== found) await saveTeam(tx, team);
  if (team.status === "deleted") throw cannotAccessTeam();
  return team;
}

/** Throws user_on_another_team while the email is on a live team of the family (other than `except`). */
async function assertEmailFree(
  ctx: SandboxContext,
  tx: Tx,
  product: Family,
  email: string,
  now: Date,
  except?: string,
) {
  for (const found of await liveTeamsForEmail(tx, product, email)) {
    const team = settle(found, now, ctx.retentionMs);
    if (team !== found) await saveTeam(tx, team); // a retention that has run out frees the email
    if (team.status !== "deleted" && team.teamId !== except) throw userOnAnotherTeam();
  }
}

const summary = (t: Team) => ({
  sku: t.sku,
  licenses: t.licensedUsers,
  add_ons: t.addOns,
  status: t.status,
  pending_change: t.pendingChange,
});

export interface CreateInput extends Omit<NewTeamInput, "teamId"> {
  teamId?: string;
}

export function createTeam(ctx: SandboxContext, call: Call, input: CreateInput): Promise<Team> {
  return inTransaction(ctx, call, async (tx, now) => {
    if (input.teamId) return reuseTeam(ctx, tx, input as NewTeamInput, now);
    const team = newTeam({ ...input, teamId: newTeamId() }, now);
    await assertEmailFree(ctx, tx, input.product, input.adminEmail, now);
    await saveTeam(tx, team);
    if (await markWelcomed(tx, team.product, team.adminEmail)) await addToOutbox(tx, welcome(team, now));
    return { result: team, teamId: team.teamId, detail: { action: "created", ...summary(team) } };
  });
}

/** R-EXT-02: the same reseller asks for a retained team back; no welcome email (behaviour 1). */
async function reuseTeam(ctx: SandboxContext, tx: Tx, input: NewTeamInput, now: Date) {
  const team = await accessTeam(ctx, tx, input.resellerId, input.teamId, now);
  if (team.product !== input.product) throw new RouteError("invalid_sku");
  if (team.status !== "cancelled") {
    // Already restored (a repeated call after a lost answer): the same request answers the same team.
    const same = team.adminEmail.toLowerCase() === input.adminEmail.toLowerCase() && team.sku === input.sku;
    if (same) return { result: team, teamId: team.teamId, detail: { action: "restore_repeated" } };
    throw new RouteError("team_not_retained");
  }
  const restored = restoreTeam(team, input, now);
  await assertEmailFree(ctx, tx, input.product, input.adminEmail, now, team.teamId);
  await saveTeam(tx, restored);
  return { result: restored, teamId: team.teamId, detail: { action: "restored", ...summary(restored) } };
}

function welcome(team: Team, now: Date) {
  const product = team.product === "dropbox" ? "Dropbox" : "Dropbox Sign";
  return {
    to: team.adminEmail,
    subject: `Welcome to ${product}`,
    body:
      `You are the admin of the ${product} team "${team.name}".\n` +
      `Set your password: https://sandbox.dropbox.invalid/set-password?team=${encodeURIComponent(team.teamId)}\n`,
    teamId: team.teamId,
    createdAt: now.toISOString(),
  };
}

/** A mutation of one existing team through a pure rule. */
export function changeTeam(
  ctx: SandboxContext,
  call: Call,
  teamId: string,
  rule: (team: Team, now: Date) => Team,
): Promise<Team> {
  return inTransaction(ctx, call, async (tx, now) => {
    const before = await accessTeam(ctx, tx, call.resellerId, teamId, now);
    const after = rule(before, now);
    // A repeated target state changes nothing (and is logged so): that is what makes retries safe.
    const same = sameState(before, after);
    if (!same) await saveTeam(tx, after);
    const result = same ? before : after;
    return { result, teamId, detail: { action: same ? "unchanged" : "changed", ...summary(result) } };
  });
}

const sameState = (a: Team, b: Team) =>
  a === b || JSON.stringify({ ...a, updatedAt: 0 }) === JSON.stringify({ ...b, updatedAt: 0 });

/** Reads settle in memory only: persisting would race with a concurrent mutation of the row. */
export async function getTeamInfo(ctx: SandboxContext, resellerId: string, teamId: string): Promise<Team> {
  const now = ctx.clock.now();
  if (!(await hasReseller(ctx.db, resellerId))) throw new RouteError("invalid_reseller_id");
  const found = await findTeam(ctx.db, teamId, { lock: false });
  const team = found && settle(found, now, ctx.retentionMs);
  if (!team || team.resellerId !== resellerId || team.status === "deleted") throw cannotAccessTeam();
  return team;
}

export interface ListInput {
  resellerId: string;
  adminEmail?: string;
  product?: Family;
  limit: number;
  afterSeq?: number;
}

export async function listResellerTeams(
  ctx: SandboxContext,
  input: ListInput,
): Promise<{ teams: Team[]; lastSeq: number | undefined; hasMore: boolean }> {
  const now = ctx.clock.now();
  if (!(await hasReseller(ctx.db, input.resellerId))) throw new RouteError("invalid_reseller_id");
  const rows = await listTeams(ctx.db, { ...input, limit: input.limit + 1 });
  const page = rows.slice(0, input.limit);
  return {
    teams: page.map((t) => settle(t, now, ctx.retentionMs)).filter((t) => t.status !== "deleted"),
    lastSeq: page.at(-1)?.seq,
    hasMore: rows.length > input.limit,
  };
}

/** Control route: the team disappears "outside the channel" (deleted, migrated…). */
export function deleteOutsideChannel(
  ctx: SandboxContext,
  requestId: string,
  teamId: string,
): Promise<Team | undefined> {
  const now = ctx.clock.now();
  return transaction(ctx.db, async (tx) => {
    const found = await findTeam(tx, teamId, { lock: true });
    if (!found) return undefined;
    const team: Team = {
      ...settle(found, now, ctx.retentionMs),
      status: "deleted",
      deletedReason: "outside_channel",
      updatedAt: now,
    };
    await saveTeam(tx, team);
    await recordEvent(tx, {
      route: "__sandbox/delete",
      teamId,
      requestId,
      detail: { action: "deleted" },
      at: now,
    });
    return team;
  });
}

export type { AddOnLine };
