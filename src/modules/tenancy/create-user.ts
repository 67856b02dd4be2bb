import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { assertPasswordPolicy } from "./password-policy.ts";
import { hashPassword } from "./passwords.ts";
import { asBss, emailTaken, fieldError, parseInput, withUniqueConflicts } from "./tenancy.guards.ts";
import { type UserView, userView } from "./tenancy.json.ts";
import { insertUser } from "./tenancy.repo.ts";
import { getAccount } from "./tenancy.scope.ts";
import { type Actor, BSS_ROLES, CreateUserInput, STOREFRONT_ROLES } from "./tenancy.types.ts";

/**
 * An admin creates a staff user (no account; admin | clerk | viewer) or a Storefront user of one
 * of the tenant's accounts (storefront_admin | storefront_user). Emails are unique across the
 * installation because sign-in is by email alone.
 */
export async function createUser(deps: Deps, actor: Actor, rawInput: CreateUserInput): Promise<UserView> {
  const bss = asBss(actor, "admin");
  const input = parseInput(CreateUserInput, rawInput);
  const isStorefront = input.accountId !== undefined;
  const allowed: readonly string[] = isStorefront ? STOREFRONT_ROLES : BSS_ROLES;
  if (!allowed.includes(input.role)) {
    throw fieldError(
      "role",
      isStorefront
        ? `A Storefront user (with accountId) has role ${STOREFRONT_ROLES.join(" or ")}`
        : `A staff user (without accountId) has role ${BSS_ROLES.join(", ")}`,
    );
  }
  assertPasswordPolicy("password", input.password, input);
  const passwordHash = await hashPassword(input.password);
  return withUniqueConflicts({ users_email_uq: emailTaken(input.email) }, () =>
    transaction(deps.db, async (tx) => {
      if (input.accountId) await getAccount(tx, bss.tenantId, input.accountId);
      const row = await insertUser(tx, {
        id: deps.ids.next("usr"),
        tenantId: bss.tenantId,
        accountId: input.accountId ?? null,
        email: input.email,
        name: input.name,
        role: input.role,
        passwordHash,
        createdAt: deps.clock.now(),
      });
      return userView(row);
    }),
  );
}
