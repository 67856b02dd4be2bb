import { createHash, randomBytes } from "node:crypto";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../shared/errors.ts";
import { beginLoginAttempt, settleLoginAttempt } from "./login-throttle.ts";
import { verifyPassword } from "./passwords.ts";
import {
  deleteSessionByHash,
  findActiveApiKeyByHash,
  findSessionUser,
  findUserByEmail,
  insertSession,
  touchApiKey,
} from "./tenancy.repo.ts";
import type { AccountKind, Actor, BssRole, StorefrontRole } from "./tenancy.types.ts";

/** Tokens are random 32 bytes; only their sha-256 is stored. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

// A constant hash to compare against when the email is unknown, so timing does not reveal it.
const DUMMY_HASH =
  "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";

export interface LoginResult {
  token: string;
  expiresAt: Date;
  actor: Actor;
}

/**
 * Password login for one area: "bss" accepts tenant staff, "storefront" accepts users of an
 * account. The same message for an unknown email and a wrong password. Throttled per typed email
 * and per client `address` (login-throttle.ts): too many failures answer 429 rate_limited.
 */
export async function login(
  deps: Deps,
  input: { email: string; password: string; area: "bss" | "storefront"; address?: string | undefined },
): Promise<LoginResult> {
  const attempt = await beginLoginAttempt(deps, { email: input.email, address: input.address });
  const user = await findUserByEmail(deps.db, input.email);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || user.disabledAt) {
    await settleLoginAttempt(deps, attempt, "failed");
    throw new AppError("unauthenticated", "Wrong email or password");
  }
  // The password was right: not a guess, whichever area it was meant for.
  await settleLoginAttempt(deps, attempt, "succeeded");
  const isStaff = user.accountId === null;
  if ((input.area === "bss") !== isStaff) {
    throw new AppError(
      "forbidden",
      input.area === "bss"
        ? "This user signs in to the Storefront, not the BSS"
        : "This user is BSS staff; sign in to the BSS back office instead",
    );
  }
  const token = newToken("ses_");
  const now = deps.clock.now();
  // Sessions expire in real time, not business time (the manual clock may jump by months).
  const expiresAt = new Date(Date.now() + deps.config.SESSION_TTL_HOURS * 3600_000);
  await insertSession(deps.db, {
    id: deps.ids.next("ses"),
    tokenHash: hashToken(token),
    userId: user.id,
    tenantId: user.tenantId,
    createdAt: now,
    expiresAt,
  });
  const actor = await actorFromSession(deps, token);
  if (!actor) throw new AppError("internal", "Session could not be created");
  return { token, expiresAt, actor };
}

export async function logout(deps: Deps, token: string): Promise<void> {
  await deleteSessionByHash(deps.db, hashToken(token));
}

export async function actorFromSession(deps: Deps, token: string): Promise<Actor | undefined> {
  const found = await findSessionUser(deps.db, hashToken(token), new Date());
  if (!found) return undefined;
  const { user, account } = found;
  if (user.accountId === null) {
    return {
      kind: "bss",
      tenantId: user.tenantId,
      userId: user.id,
      apiKeyId: null,
      role: user.role as BssRole,
      email: user.email,
    };
  }
  if (account?.status !== "active") return undefined;
  return {
    kind: "storefront",
    tenantId: user.tenantId,
    userId: user.id,
    accountId: account.id,
    accountKind: account.kind as AccountKind,
    role: user.role as StorefrontRole,
    email: user.email,
  };
}

export async function actorFromApiKey(deps: Deps, key: string): Promise<Actor | undefined> {
  const row = await findActiveApiKeyByHash(deps.db, hashToken(key));
  if (!row) return undefined;
  await touchApiKey(deps.db, row.id, deps.clock.now());
  return {
    kind: "bss",
    tenantId: row.tenantId,
    userId: null,
    apiKeyId: row.id,
    role: row.role as BssRole,
    email: null,
  };
}
