import { type Db, queryOne, queryRows, sql, type Tx } from "../../shared/db.ts";
import type { AddOnLine, Family } from "./sku.ts";
import type { PendingChange, Team, TeamStatus } from "./teams.ts";

/**
 * The sandbox's own tables, in its own schema `dropbox_sandbox`: a vendor keeps its state apart
 * from the BSS, so they are created here with idempotent DDL, never by the BSS's migrations.
 * Every function takes the transaction (or the Db).
 */
const DDL = [
  "create schema if not exists dropbox_sandbox",
  `create table if not exists dropbox_sandbox.resellers (
     id text primary key, name text not null, created_at timestamptz not null default now())`,
  `create table if not exists dropbox_sandbox.tokens (
     token text primary key, kind text not null, client_id text not null, expires_at timestamptz)`,
  `create table if not exists dropbox_sandbox.teams (
     team_id text primary key,
     seq bigserial not null unique,
     reseller_id text not null references dropbox_sandbox.resellers(id),
     product text not null,
     name text not null,
     sku text not null,
     trial boolean not null,
     add_ons jsonb not null,
     admin_email text not null,
     admin_email_norm text not null,
     country text not null,
     status text not null,
     licensed_users integer not null,
     provisioned_users integer not null,
     used_users integer not null,
     term_anchor date not null,
     term_start date not null,
     term_end date not null,
     pending_change jsonb,
     cancelled_at timestamptz,
     retained_until timestamptz,
     deleted_reason text,
     created_at timestamptz not null,
     updated_at timestamptz not null)`,
  // Behaviour 2: one live team per admin email and product family, across every reseller.
  `create unique index if not exists teams_one_per_email on dropbox_sandbox.teams (product, admin_email_norm)
     where status <> 'deleted'`,
  "create index if not exists teams_by_reseller on dropbox_sandbox.teams (reseller_id, seq)",
  `create table if not exists dropbox_sandbox.welcomed (
     product text not null, email_norm text not null, primary key (product, email_norm))`,
  `create table if not exists dropbox_sandbox.outbox (
     id bigserial primary key, to_email text not null, subject text not null, body text not null,
     team_id text not null, created_at timestamptz not null)`,
  `create table if not exists dropbox_sandbox.events (
     id bigserial primary key, route text not null, team_id text, request_id text not null,
     detail jsonb not null, at timestamptz not null)`,
];

/** Idempotent; the advisory lock keeps two sandboxes starting on one server from racing on the DDL. */
export async function ensureSandboxSchema(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(4242101)`);
    for (const statement of DDL) await tx.execute(sql.raw(statement));
  });
}

export async function resetSandbox(db: Db, keepResellers: boolean): Promise<void> {
  const tables = ["tokens", "teams", "welcomed", "outbox", "events", ...(keepResellers ? [] : ["resellers"])];
  await db.execute(
    sql.raw(`truncate ${tables.map((t) => `dropbox_sandbox.${t}`).join(", ")} restart identity`),
  );
}

export async function upsertReseller(tx: Tx, id: string, name: string): Promise<void> {
  await tx.execute(sql`insert into dropbox_sandbox.resellers (id, name) values (${id}, ${name})
    on conflict (id) do update set name = excluded.name`);
}

export async function hasReseller(tx: Tx, id: string): Promise<boolean> {
  return Boolean(await queryOne(tx, sql`select 1 from dropbox_sandbox.resellers where id = ${id}`));
}

export async function listResellers(db: Db): Promise<{ id: string; name: string }[]> {
  return queryRows(db, sql`select id, name from dropbox_sandbox.resellers order by id`);
}

interface TeamRow {
  team_id: string;
  seq: string;
  reseller_id: string;
  product: Family;
  name: string;
  sku: string;
  trial: boolean;
  add_ons: AddOnLine[];
  admin_email: string;
  country: string;
  status: TeamStatus;
  licensed_users: number;
  provisioned_users: number;
  used_users: number;
  term_anchor: string | Date;
  term_start: string | Date;
  term_end: string | Date;
  pending_change: PendingChange | null;
  cancelled_at: string | Date | null;
  retained_until: string | Date | null;
  deleted_reason: string | null;
  created_at: string | Date;
  updated_at: string | Date;
}

// The two drivers hand back dates differently (pg: Date in local time, PGlite: Date or string).
const toDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));
const toDay = (v: string | Date) =>
  v instanceof Date ? `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}` : v.slice(0, 10);
const pad = (n: number) => String(n).padStart(2, "0");
const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);

function fromRow(r: TeamRow): Team & { seq: number } {
  return {
    teamId: r.team_id,
    seq: Number(r.seq),
    resellerId: r.reseller_id,
    product: r.product,
    name: r.name,
    sku: r.sku,
    trial: r.trial,
    addOns: json(r.add_ons),
    adminEmail: r.admin_email,
    country: r.country,
    status: r.status,
    licensedUsers: r.licensed_users,
    provisionedUsers: r.provisioned_users,
    usedUsers: r.used_users,
    termAnchor: toDay(r.term_anchor),
    termStart: toDay(r.term_start),
    termEnd: toDay(r.term_end),
    pendingChange: json(r.pending_change),
    cancelledAt: r.cancelled_at ? toDate(r.cancelled_at) : null,
    retainedUntil: r.retained_until ? toDate(r.retained_until) : null,
    deletedReason: r.deleted_reason,
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
  };
}

// Dates are selected as text so neither driver converts them through the local time zone.
const COLUMNS = sql.raw(`team_id, seq, reseller_id, product, name, sku, trial, add_ons, admin_email, country,
  status, licensed_users, provisioned_users, used_users, term_anchor::text as term_anchor,
  term_start::text as term_start, term_end::text as term_end, pending_change, cancelled_at, retained_until,
  deleted_reason, created_at, updated_at`);

export async function findTeam(
  tx: Tx,
  teamId: string,
  options: { lock: boolean },
): Promise<(Team & { seq: number }) | undefined> {
  const lock = options.lock ? sql`for update` : sql``;
  const row = await queryOne<TeamRow>(
    tx,
    sql`select ${COLUMNS} from dropbox_sandbox.teams
    where team_id = ${teamId} ${lock}`,
  );
  return row && fromRow(row);
}

/** Live teams (not deleted) holding this admin email in this family, locked. */
export async function liveTeamsForEmail(tx: Tx, product: Family, email: string): Promise<Team[]> {
  const rows = await queryRows<TeamRow>(
    tx,
    sql`select ${COLUMNS} from dropbox_sandbox.teams
    where product = ${product} and admin_email_norm = ${email.toLowerCase()} and status <> 'deleted' for update`,
  );
  return rows.map(fromRow);
}

export interface TeamFilter {
  resellerId?: string;
  adminEmail?: string;
  product?: Family;
  afterSeq?: number;
  limit?: number;
}

export async function listTeams(tx: Tx, f: TeamFilter): Promise<(Team & { seq: number })[]> {
  const where = [sql`true`];
  if (f.resellerId !== undefined) where.push(sql`reseller_id = ${f.resellerId}`);
  if (f.adminEmail !== undefined) where.push(sql`admin_email_norm = ${f.adminEmail.toLowerCase()}`);
  if (f.product !== undefined) where.push(sql`product = ${f.product}`);
  if (f.afterSeq !== undefined) where.push(sql`seq > ${f.afterSeq}`);
  const limit = f.limit === undefined ? sql`` : sql`limit ${f.limit}`;
  const rows = await queryRows<TeamRow>(
    tx,
    sql`select ${COLUMNS} from dropbox_sandbox.teams
    where ${sql.join(where, sql` and `)} order by seq ${limit}`,
  );
  return rows.map(fromRow);
}

function values(t: Team) {
  return sql`${t.teamId}, ${t.resellerId}, ${t.product}, ${t.name}, ${t.sku}, ${t.trial},
    ${JSON.stringify(t.addOns)}::jsonb, ${t.adminEmail}, ${t.adminEmail.toLowerCase()}, ${t.country}, ${t.status},
    ${t.licensedUsers}, ${t.provisionedUsers}, ${t.usedUsers}, ${t.termAnchor}::date, ${t.termStart}::date,
    ${t.termEnd}::date, ${t.pendingChange ? JSON.stringify(t.pendingChange) : null}::jsonb,
    ${t.cancelledAt?.toISOString() ?? null}::timestamptz, ${t.retainedUntil?.toISOString() ?? null}::timestamptz,
    ${t.deletedReason}, ${t.createdAt.toISOString()}::timestamptz, ${t.updatedAt.toISOString()}::timestamptz`;
}

const COLUMN_LIST = sql.raw(`team_id, reseller_id, product, name, sku, trial, add_ons, admin_email,
  admin_email_norm, country, status, licensed_users, provisioned_users, used_users, term_anchor, term_start,
  term_end, pending_change, cancelled_at, retained_until, deleted_reason, created_at, updated_at`);

/** Insert or overwrite a team (the row is the whole state; the rules computed it). */
export async function saveTeam(tx: Tx, t: Team): Promise<void> {
  await tx.execute(sql`insert into dropbox_sandbox.teams (${COLUMN_LIST}) values (${values(t)})
    on conflict (team_id) do update set (${COLUMN_LIST}) = (${values(t)})`);
}

/** True the first time an email gets a team in a family (behaviour 1: one welcome email). */
export async function markWelcomed(tx: Tx, product: Family, email: string): Promise<boolean> {
  const row = await queryOne(
    tx,
    sql`insert into dropbox_sandbox.welcomed (product, email_norm)
    values (${product}, ${email.toLowerCase()}) on conflict do nothing returning 1 as one`,
  );
  return Boolean(row);
}

export interface OutboxMessage {
  id: number;
  to: string;
  subject: string;
  body: string;
  teamId: string;
  createdAt: string;
}

export async function addToOutbox(tx: Tx, m: Omit<OutboxMessage, "id">): Promise<void> {
  await tx.execute(sql`insert into dropbox_sandbox.outbox (to_email, subject, body, team_id, created_at)
    values (${m.to}, ${m.subject}, ${m.body}, ${m.teamId}, ${m.createdAt}::timestamptz)`);
}

export async function readOutbox(db: Db, to?: string): Promise<OutboxMessage[]> {
  const filter = to ? sql`where lower(to_email) = ${to.toLowerCase()}` : sql``;
  const rows = await queryRows<{
    id: string;
    to_email: string;
    subject: string;
    body: string;
    team_id: string;
    created_at: string | Date;
  }>(db, sql`select * from dropbox_sandbox.outbox ${filter} order by id`);
  return rows.map((r) => ({
    id: Number(r.id),
    to: r.to_email,
    subject: r.subject,
    body: r.body,
    teamId: r.team_id,
    createdAt: toDate(r.created_at).toISOString(),
  }));
}

export async function recordEvent(
  tx: Tx,
  e: { route: string; teamId: string | null; requestId: string; detail: unknown; at: Date },
): Promise<void> {
  await tx.execute(sql`insert into dropbox_sandbox.events (route, team_id, request_id, detail, at)
    values (${e.route}, ${e.teamId}, ${e.requestId}, ${JSON.stringify(e.detail)}::jsonb, ${e.at.toISOString()}::timestamptz)`);
}

export async function readEvents(db: Db, teamId?: string): Promise<Record<string, unknown>[]> {
  const filter = teamId ? sql`where team_id = ${teamId}` : sql``;
  const rows = await queryRows<{
    id: string;
    route: string;
    team_id: string | null;
    request_id: string;
    detail: unknown;
    at: string | Date;
  }>(db, sql`select * from dropbox_sandbox.events ${filter} order by id`);
  return rows.map((r) => ({
    id: Number(r.id),
    route: r.route,
    team_id: r.team_id,
    request_id: r.request_id,
    detail: json(r.detail),
    at: toDate(r.at).toISOString(),
  }));
}

export async function saveToken(
  tx: Tx,
  t: { token: string; kind: "access" | "refresh"; clientId: string; expiresAt: Date | null },
): Promise<void> {
  await tx.execute(sql`insert into dropbox_sandbox.tokens (token, kind, client_id, expires_at)
    values (${t.token}, ${t.kind}, ${t.clientId}, ${t.expiresAt?.toISOString() ?? null}::timestamptz)`);
}

export async function findToken(
  db: Db,
  token: string,
): Promise<{ kind: string; clientId: string; expiresAt: Date | null } | undefined> {
  const row = await queryOne<{ kind: string; client_id: string; expires_at: string | Date | null }>(
    db,
    sql`select kind, client_id, expires_at from dropbox_sandbox.tokens where token = ${token}`,
  );
  return (
    row && {
      kind: row.kind,
      clientId: row.client_id,
      expiresAt: row.expires_at ? toDate(row.expires_at) : null,
    }
  );
}
