import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import { assertPasswordPolicy } from "./password-policy.ts";
import { hashPassword } from "./passwords.ts";
import { emailTaken, parseInput, slugTaken, withUniqueConflicts } from "./tenancy.guards.ts";
import { type UserView, userView } from "./tenancy.json.ts";
import { findRootTenant, insertTenant, insertUser, type TenantRow } from "./tenancy.repo.ts";
import { BootstrapDistributorInput } from "./tenancy.types.ts";

/**
 * Creates a distributor tenant and its first admin. There is no actor: nobody exists yet, so this
 * is reachable only from the CLI and the demo seed, never over HTTP. The first distributor
 * bootstrapped is the installation's root: its admins operate the installation (the sandbox clock).
 */
export async function bootstrapDistributor(
  deps: Pick<Deps, "db" | "ids" | "clock">,
  rawInput: BootstrapDistributorInput,
): Promise<{ tenant: TenantRow; admin: UserView }> {
  const input = parseInput(BootstrapDistributorInput, rawInput);
  assertPasswordPolicy("admin.password", input.admin.password, input.admin);
  // Hash outside the transaction: scrypt takes tens of milliseconds and needs no lock.
  const passwordHash = await hashPassword(input.admin.password);
  const now = deps.clock.now();
  return withUniqueConflicts(
    {
      tenants_slug_uq: slugTaken(input.slug),
      users_email_uq: emailTaken(input.admin.email),
      tenants_root_uq: () =>
        new AppError("conflict", "Another distributor was bootstrapped at the same time; try again"),
    },
    () =>
      transaction(deps.db, async (tx) => {
        const tenant = await insertTenant(tx, {
          id: deps.ids.next("ten"),
          slug: input.slug,
          name: input.name,
          kind: "distributor",
          root: !(await findRootTenant(tx)),
          currency: input.currency ?? "EUR",
          timeZone: input.timeZone ?? "UTC",
          createdAt: now,
        });
        const admin = await insertUser(tx, {
          id: deps.ids.next("usr"),
          tenantId: tenant.id,
          accountId: null,
          email: input.admin.email,
          name: input.admin.name,
          role: "admin",
          passwordHash,
          createdAt: now,
        });
        return { tenant, admin: userView(admin) };
      }),
  );
}
