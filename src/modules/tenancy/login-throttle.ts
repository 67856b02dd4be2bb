import type { Deps } from "../../deps.ts";
import { AppError } from "../../shared/errors.ts";
import {
  deleteLoginAttempts,
  deleteLoginAttemptsOfKey,
  foldEmail,
  insertLoginAttempts,
  type LoginAttemptScope,
  pruneLoginAttempts,
  recentLoginAttempts,
} from "./login-attempts.repo.ts";

/**
 * Sign-in throttling: at most LOGIN_MAX_FAILURES_PER_EMAIL failed sign-ins per typed email and
 * LOGIN_MAX_FAILURES_PER_ADDRESS per client address within LOGIN_WINDOW_MINUTES (real time); past
 * that, every attempt for that key — the right password included — answers 429 rate_limited with
 * Retry-After until the oldest counted failure leaves the window.
 *
 * The attempt is recorded *before* the password is checked and counted against the others, so
 * concurrent guesses cannot all slip past a count taken before any of them failed: the k-th
 * concurrent attempt sees at least k-1 others. A refused attempt deletes its row (waiting the
 * window out is enough); a successful one deletes its address row and clears the email's
 * failures; a failed one stays and counts.
 */
export interface LoginAttempt {
  email: string;
  ids: { scope: LoginAttemptScope; id: string }[];
}

interface Budget {
  scope: LoginAttemptScope;
  key: string;
  max: number;
}

export async function beginLoginAttempt(
  deps: Pick<Deps, "db" | "ids" | "config">,
  input: { email: string; address?: string | undefined },
): Promise<LoginAttempt> {
  const { config } = deps;
  // Folded as the account lookup folds it (one budget per account, whatever the spelling).
  const email = await foldEmail(deps.db, input.email.trim());
  const budgets: Budget[] = [{ scope: "email", key: email, max: config.LOGIN_MAX_FAILURES_PER_EMAIL }];
  if (input.address)
    budgets.push({ scope: "address", key: input.address, max: config.LOGIN_MAX_FAILURES_PER_ADDRESS });
  // Real time, never deps.clock: the manual business clock may jump by months.
  const now = new Date();
  const windowMs = config.LOGIN_WINDOW_MINUTES * 60_000;
  const rows = budgets.map((b) => ({
    id: deps.ids.next("lga"),
    scope: b.scope,
    key: b.key,
    attemptedAt: now,
  }));
  await insertLoginAttempts(deps.db, rows);
  const attempt: LoginAttempt = { email, ids: rows.map((r) => ({ scope: r.scope, id: r.id })) };

  let retryAt: Date | undefined;
  let blockedScope: LoginAttemptScope | undefined;
  for (const [i, budget] of budgets.entries()) {
    const recent = await recentLoginAttempts(deps.db, {
      scope: budget.scope,
      key: budget.key,
      since: new Date(now.getTime() - windowMs),
      exceptId: rows[i]!.id,
      limit: budget.max,
    });
    if (recent.length < budget.max) continue;
    // The budget frees up when the max-th newest counted attempt leaves the window.
    const freeAt = new Date(recent[budget.max - 1]!.getTime() + windowMs);
    if (!retryAt || freeAt > retryAt) {
      retryAt = freeAt;
      blockedScope = budget.scope;
    }
  }
  if (retryAt && blockedScope) {
    await deleteLoginAttempts(
      deps.db,
      rows.map((r) => r.id),
    );
    const retryAfterSeconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
    const minutes = Math.ceil(retryAfterSeconds / 60);
    throw new AppError(
      "rate_limited",
      `Too many failed sign-ins ${blockedScope === "email" ? "for this email" : "from this address"}; try again in ${minutes} minute${minutes === 1 ? "" : "s"}`,
      { scope: blockedScope, retryAfterSeconds },
    );
  }
  return attempt;
}

/** Settles an attempt begun with beginLoginAttempt: a failure keeps counting, a success clears. */
export async function settleLoginAttempt(
  deps: Pick<Deps, "db" | "config">,
  attempt: LoginAttempt,
  outcome: "failed" | "succeeded",
): Promise<void> {
  if (outcome === "failed") {
    // Housekeeping on the (rare) failure path keeps the table to one window of failures.
    await pruneLoginAttempts(deps.db, new Date(Date.now() - deps.config.LOGIN_WINDOW_MINUTES * 60_000));
    return;
  }
  await deleteLoginAttempts(
    deps.db,
    attempt.ids.filter((a) => a.scope === "address").map((a) => a.id),
  );
  await deleteLoginAttemptsOfKey(deps.db, "email", attempt.email);
}
