import { and, asc, count, eq, gt, ilike, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../shared/db.ts";
import { likePattern } from "../../shared/paging.ts";
import { accounts, apiKeys, sessions, tenants, users } from "./tenancy.schema.ts";

/**
 * The only SQL of the tenants, users, sessions and API keys tables (accounts and contacts:
 * accounts.repo.ts). Every function takes the transaction (or db) first and, for tenant-owned
 * rows, the tenant.
 */

export type TenantRow = typeof tenants.$inferSelect;
export type AccountRow = typeof accounts.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;

// ---- tenants ----

export async function insertTenant(tx: Tx, row: typeof tenants.$inferInsert): Promise<TenantRow> {
  const [inserted] = await tx.insert(tenants).values(row).returning();
  return inserted!;
}

/** The tenant's legal data (R-DOC-02: the seller on its documents). */
export async function updateTenantCompanyDetails(
  tx: Tx,
  id: string,
  set: Pick<Partial<typeof tenants.$inferInsert>, "address" | "vatId">,
): Promise<void> {
  if (Object.keys(set).length) await tx.update(tenants).set(set).where(eq(tenants.id, id));
}

export async function findTenantById(tx: Tx, id: string): Promise<TenantRow | undefined> {
  const rows = await tx.select().from(tenants).where(eq(tenants.id, id)).limit(1);
  return rows[0];
}

export async function findTenantBySlug(tx: Tx, slug: string): Promise<TenantRow | undefined> {
  const rows = await tx.select().from(tenants).where(eq(tenants.slug, slug)).limit(1);
  return rows[0];
}

/** The installation's root distributor (tenants_root_uq: at most one), if one was bootstrapped. */
export async function findRootTenant(tx: Tx): Promise<TenantRow | undefined> {
  const rows = await tx.select().from(tenants).where(eq(tenants.root, true)).limit(1);
  return rows[0];
}

/** The tenant resellers whose parent is `parentTenantId`, by name. */
export async function listChildTenants(
  tx: Tx,
  parentTenantId: string,
  page: { limit: number; offset: number },
): Promise<{ rows: TenantRow[]; total: number }> {
  const where = eq(tenants.parentTenantId, parentTenantId);
  const rows = await tx
    .select()
    .from(tenants)
    .where(where)
    .orderBy(asc(tenants.name), asc(tenants.id))
    .limit(page.limit)
    .offset(page.offset);
  const [c] = await tx.select({ n: count() }).from(tenants).where(where);
  return { rows, total: Number(c?.n ?? 0) };
}

// ---- users ----

export async function findUserByEmail(tx: Tx, email: string): Promise<UserRow | undefined> {
  const rows = await tx.select().from(users).where(sql`lower(${users.email}) = lower(${email})`).limit(1);
  return rows[0];
}

export async function findUser(tx: Tx, tenantId: string, id: string): Promise<UserRow | undefined> {
  const rows = await tx
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
    .limit(1);
  return rows[0];
}

export async function insertUser(tx: Tx, row: typeof users.$inferInsert): Promise<UserRow> {
  const [inserted] = await tx.insert(users).values(row).returning();
  return inserted!;
}

export async function updateUserRow(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: Partial<Pick<UserRow, "name" | "role" | "disabledAt">>,
): Promise<UserRow> {
  forgetSessionsOfUser(id); // a role change or a disabled user applies to the next request
  const [row] = await tx
    .update(users)
    .set(patch)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
    .returning();
  return row!;
}

export async function listUserRows(
  tx: Tx,
  tenantId: string,
  filter: { accountId?: string; area?: "bss" | "storefront"; q?: string; limit: number; offset: number },
): Promise<{ rows: UserRow[]; total: number }> {
  const conds: SQL[] = [eq(users.tenantId, tenantId)];
  if (filter.accountId) conds.push(eq(users.accountId, filter.accountId));
  if (filter.area === "bss") conds.push(isNull(users.accountId));
  if (filter.area === "storefront") conds.push(isNotNull(users.accountId));
  if (filter.q) {
    const pattern = likePattern(filter.q);
    conds.push(or(ilike(users.name, pattern), ilike(users.email, pattern))!);
  }
  const where = and(...conds);
  const rows = await tx
    .select()
    .from(users)
    .where(where)
    .orderBy(asc(users.email), asc(users.id))
    .limit(filter.limit)
    .offset(filter.offset);
  const [c] = await tx.select({ n: count() }).from(users).where(where);
  return { rows, total: Number(c?.n ?? 0) };
}

export { likePattern };

// ---- sessions ----

export async function insertSession(
  tx: Tx,
  row: { id: string; tokenHash: string; userId: string; tenantId: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await tx.insert(sessions).values(row);
}

export async function deleteSessionByHash(tx: Tx, tokenHash: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
  forgetSession(tokenHash);
}

/** A disabled user's sessions end at once (the session lookup also ignores disabled users). */
export async function deleteSessionsOfUser(tx: Tx, userId: string): Promise<void> {
  forgetSessionsOfUser(userId);
  await tx.delete(sessions).where(eq(sessions.userId, userId));
}

export interface SessionUser {
  user: UserRow;
  account: Pick<AccountRow, "id" | "kind" | "status"> | null;
}

/**
 * Session lookups are cached in this process for SESSION_CACHE_MS: every API request resolves
 * its caller, and the lookup (sessions ⋈ users ⋈ accounts) was one database round trip per
 * request. What the cache trades:
 * - In this process, a sign-out, a disabled user and a role change apply to the very next request:
 *   the writes above forget the affected entries, and a changed user is not cached again for
 *   SESSION_CACHE_MS (so a lookup racing with the uncommitted change cannot keep the old state).
 * - In OTHER API processes (PostgreSQL scale-out), and for a Storefront account made inactive
 *   (accounts are written elsewhere), the change applies within SESSION_CACHE_MS.
 * - A session never outlives its expiry: the cached expiry is checked on every hit.
 */
export const SESSION_CACHE_MS = 2_000;
const MAX_CACHED_SESSIONS = 10_000;
const sessionCache = new Map<string, { at: number; expiresAt: number; found: SessionUser }>();
/** Users (and tokens) changed recently: not cached until the time given. */
const uncacheable = new Map<string, number>();

function forgetSession(tokenHash: string): void {
  sessionCache.delete(tokenHash);
  markUncacheable(`t:${tokenHash}`);
}

function forgetSessionsOfUser(userId: string): void {
  for (const [hash, entry] of sessionCache) if (entry.found.user.id === userId) sessionCache.delete(hash);
  markUncacheable(`u:${userId}`);
}

function markUncacheable(key: string): void {
  const now = performance.now();
  if (uncacheable.size >= MAX_CACHED_SESSIONS)
    for (const [k, until] of uncacheable) if (until <= now) uncacheable.delete(k);
  uncacheable.set(key, now + SESSION_CACHE_MS);
}

/** Forgets every cached session lookup (tests that change sessions behind the repository's back). */
export function clearSessionCache(): void {
  sessionCache.clear();
  uncacheable.clear();
}

export async function findSessionUser(
  tx: Tx,
  tokenHash: string,
  now: Date,
): Promise<SessionUser | undefined> {
  const started = performance.now();
  const hit = sessionCache.get(tokenHash);
  if (hit && started - hit.at < SESSION_CACHE_MS && now.getTime() < hit.expiresAt) return hit.found;
  const rows = await tx
    .select({
      user: users,
      expiresAt: sessions.expiresAt,
      accountId: accounts.id,
      accountKind: accounts.kind,
      accountStatus: accounts.status,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(accounts, eq(accounts.id, users.accountId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), isNull(users.disabledAt)))
    .limit(1);
  const r = rows[0];
  if (!r) {
    sessionCache.delete(tokenHash);
    return undefined;
  }
  const found: SessionUser = {
    user: r.user,
    account: r.accountId ? { id: r.accountId, kind: r.accountKind!, status: r.accountStatus! } : null,
  };
  if (isCacheable(tokenHash, r.user.id, started)) {
    if (sessionCache.size >= MAX_CACHED_SESSIONS) sessionCache.clear();
    sessionCache.set(tokenHash, { at: started, expiresAt: r.expiresAt.getTime(), found });
  }
  return found;
}

function isCacheable(tokenHash: string, userId: string, at: number): boolean {
  for (const key of [`t:${tokenHash}`, `u:${userId}`]) {
    const until = uncacheable.get(key);
    if (until === undefined) continue;
    if (at < until) return false;
    uncacheable.delete(key);
  }
  return true;
}

// ---- API keys ----

export async function insertApiKey(tx: Tx, row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
  const [inserted] = await tx.insert(apiKeys).values(row).returning();
  return inserted!;
}

export async function findApiKey(tx: Tx, tenantId: string, id: string): Promise<ApiKeyRow | undefined> {
  const rows = await tx
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)))
    .limit(1);
  return rows[0];
}

export async function listApiKeyRows(
  tx: Tx,
  tenantId: string,
  page: { limit: number; offset: number },
): Promise<{ rows: ApiKeyRow[]; total: number }> {
  const where = eq(apiKeys.tenantId, tenantId);
  const rows = await tx
    .select()
    .from(apiKeys)
    .where(where)
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id))
    .limit(page.limit)
    .offset(page.offset);
  const [c] = await tx.select({ n: count() }).from(apiKeys).where(where);
  return { rows, total: Number(c?.n ?? 0) };
}

export async function revokeApiKeyRow(tx: Tx, tenantId: string, id: string, now: Date): Promise<void> {
  await tx
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
}

export async function findActiveApiKeyByHash(tx: Tx, keyHash: string) {
  const rows = await tx
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .limit(1);
  return rows[0];
}

export async function touchApiKey(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, id));
}
