import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Tx } from "../../shared/db.ts";
import { accounts, apiKeys, sessions, type tenants, users } from "./tenancy.schema.ts";

/** The only SQL of the tenancy tables. Every function takes the transaction (or db) first. */

export type TenantRow = typeof tenants.$inferSelect;
export type AccountRow = typeof accounts.$inferSelect;
export type UserRow = typeof users.$inferSelect;

export async function findUserByEmail(tx: Tx, email: string): Promise<UserRow | undefined> {
  const rows = await tx.select().from(users).where(sql`lower(${users.email}) = lower(${email})`).limit(1);
  return rows[0];
}

export async function insertSession(
  tx: Tx,
  row: { id: string; tokenHash: string; userId: string; tenantId: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await tx.insert(sessions).values(row);
}

export async function deleteSessionByHash(tx: Tx, tokenHash: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export interface SessionUser {
  user: UserRow;
  account: Pick<AccountRow, "id" | "kind" | "status"> | null;
}

export async function findSessionUser(
  tx: Tx,
  tokenHash: string,
  now: Date,
): Promise<SessionUser | undefined> {
  const rows = await tx
    .select({
      user: users,
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
  if (!r) return undefined;
  return {
    user: r.user,
    account: r.accountId ? { id: r.accountId, kind: r.accountKind!, status: r.accountStatus! } : null,
  };
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
