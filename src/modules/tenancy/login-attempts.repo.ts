import { and, desc, eq, gt, inArray, lt, ne, sql } from "drizzle-orm";
import { queryOne, type Tx } from "../../shared/db.ts";
import { loginAttempts } from "./tenancy.schema.ts";

/** The only SQL of the login_attempts table (sign-in throttling, login-throttle.ts). */

export type LoginAttemptScope = "email" | "address";

/**
 * The email budget's key: the typed email folded by the database's lower(), the very function the
 * sign-in looks the account up with (`lower(email) = lower(typed)`), so every spelling that reaches
 * one account shares its budget. JavaScript's toLowerCase() folds differently (PostgreSQL's libc
 * lower() turns "İ" into "i", JavaScript into "i̇"): keyed by it, each variant had a budget of its own.
 */
export async function foldEmail(tx: Tx, email: string): Promise<string> {
  const row = await queryOne<{ key: string }>(tx, sql`select lower(${email}) as key`);
  return row!.key;
}

export async function insertLoginAttempts(
  tx: Tx,
  rows: { id: string; scope: LoginAttemptScope; key: string; attemptedAt: Date }[],
): Promise<void> {
  if (rows.length > 0) await tx.insert(loginAttempts).values(rows);
}

/**
 * The times of the newest `limit` attempts of one key after `since`, newest first, leaving out
 * the attempt `exceptId` (the caller's own).
 */
export async function recentLoginAttempts(
  tx: Tx,
  input: { scope: LoginAttemptScope; key: string; since: Date; exceptId: string; limit: number },
): Promise<Date[]> {
  const rows = await tx
    .select({ at: loginAttempts.attemptedAt })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.scope, input.scope),
        eq(loginAttempts.key, input.key),
        gt(loginAttempts.attemptedAt, input.since),
        ne(loginAttempts.id, input.exceptId),
      ),
    )
    .orderBy(desc(loginAttempts.attemptedAt))
    .limit(input.limit);
  return rows.map((r) => r.at);
}

export async function deleteLoginAttempts(tx: Tx, ids: string[]): Promise<void> {
  if (ids.length > 0) await tx.delete(loginAttempts).where(inArray(loginAttempts.id, ids));
}

/** Forgets every attempt of one key (a successful sign-in clears its email's failures). */
export async function deleteLoginAttemptsOfKey(tx: Tx, scope: LoginAttemptScope, key: string): Promise<void> {
  await tx.delete(loginAttempts).where(and(eq(loginAttempts.scope, scope), eq(loginAttempts.key, key)));
}

export async function pruneLoginAttempts(tx: Tx, before: Date): Promise<void> {
  await tx.delete(loginAttempts).where(lt(loginAttempts.attemptedAt, before));
}
