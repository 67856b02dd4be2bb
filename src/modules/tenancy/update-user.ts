import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import { asBss, fieldError, parseInput } from "./tenancy.guards.ts";
import { type UserView, userView } from "./tenancy.json.ts";
import { deleteSessionsOfUser, findUser, type UserRow, updateUserRow } from "./tenancy.repo.ts";
import { type Actor, BSS_ROLES, STOREFRONT_ROLES, UpdateUserInput } from "./tenancy.types.ts";

/**
 * An admin renames a user, changes its role (within its area: staff roles for staff, Storefront
 * roles for Storefront users) or disables / re-enables it. Admins cannot disable themselves or
 * drop their own admin role, so a tenant cannot lock its last admin out by accident.
 */
export async function updateUser(
  deps: Deps,
  actor: Actor,
  input: { userId: string; patch: UpdateUserInput },
): Promise<UserView> {
  const bss = asBss(actor, "admin");
  const patch = parseInput(UpdateUserInput, input.patch);
  return transaction(deps.db, async (tx) => {
    const user = await findUser(tx, bss.tenantId, input.userId);
    if (!user) throw notFound("User", input.userId);
    const isSelf = bss.userId === user.id;
    if (isSelf && patch.disabled === true) throw new AppError("conflict", "You cannot disable your own user");
    if (isSelf && patch.role !== undefined && patch.role !== "admin")
      throw new AppError("conflict", "You cannot remove your own admin role; ask another admin");
    if (patch.role !== undefined) {
      const allowed: readonly string[] = user.accountId ? STOREFRONT_ROLES : BSS_ROLES;
      if (!allowed.includes(patch.role))
        throw fieldError("role", `This user's role is one of ${allowed.join(", ")}`);
    }
    const changes: Partial<Pick<UserRow, "name" | "role" | "disabledAt">> = {};
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.role !== undefined) changes.role = patch.role;
    if (patch.disabled !== undefined) {
      // Keep the original time when disabling twice.
      changes.disabledAt = patch.disabled ? (user.disabledAt ?? deps.clock.now()) : null;
      if (patch.disabled) await deleteSessionsOfUser(tx, user.id);
    }
    if (Object.keys(changes).length === 0) return userView(user);
    return userView(await updateUserRow(tx, bss.tenantId, user.id, changes));
  });
}
