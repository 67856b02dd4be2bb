import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import { insertAccount } from "./accounts.repo.ts";
import { assertPasswordPolicy } from "./password-policy.ts";
import { hashPassword } from "./passwords.ts";
import {
  aliasTaken,
  asBss,
  emailTaken,
  parseInput,
  slugTaken,
  withUniqueConflicts,
} from "./tenancy.guards.ts";
import { type UserView, userView } from "./tenancy.json.ts";
import { type AccountRow, insertTenant, insertUser, type TenantRow } from "./tenancy.repo.ts";
import { aliasError } from "./tenancy.rules.ts";
import { getTenant } from "./tenancy.scope.ts";
import { type Actor, CreateTenantResellerInput, DEFAULT_PAYMENT_METHOD } from "./tenancy.types.ts";

export interface CreatedTenantReseller {
  tenant: TenantRow;
  /** The reseller account representing the new tenant in the distributor's BSS. */
  account: AccountRow;
  admin: UserView;
}

/**
 * A distributor admin creates a tenant reseller: its own BSS (a tenant whose parent is the
 * distributor's), the reseller account that represents it in the distributor's BSS (R-TEN-01
 * bills copied subscriptions to it), and the tenant's first admin — all or nothing.
 */
export async function createTenantReseller(
  deps: Deps,
  actor: Actor,
  rawInput: CreateTenantResellerInput,
): Promise<CreatedTenantReseller> {
  const bss = asBss(actor, "admin");
  const input = parseInput(CreateTenantResellerInput, rawInput);
  const parent = await getTenant(deps.db, bss.tenantId);
  // One level: the distributor → tenant reseller → end customer chain of spec section 6.
  if (parent.kind !== "distributor")
    throw new AppError("forbidden", "Only a distributor's BSS can create tenant resellers");
  const aliasProblem = aliasError("reseller", input.edition, input.storefrontAlias);
  if (aliasProblem) throw aliasProblem;
  assertPasswordPolicy("admin.password", input.admin.password, input.admin);
  const passwordHash = await hashPassword(input.admin.password);
  const now = deps.clock.now();
  const tenantId = deps.ids.next("ten");
  const accountId = deps.ids.next("acc");
  return withUniqueConflicts(
    {
      tenants_slug_uq: slugTaken(input.slug),
      users_email_uq: emailTaken(input.admin.email),
      accounts_storefront_alias_uq: aliasTaken(input.storefrontAlias ?? ""),
    },
    () =>
      transaction(deps.db, async (tx) => {
        // The account first: the tenant row references it (tenants_parent_account_fk).
        const account = await insertAccount(tx, {
          id: accountId,
          tenantId: parent.id,
          kind: "reseller",
          edition: input.edition,
          paymentMethod: input.paymentMethod ?? DEFAULT_PAYMENT_METHOD, // R-PAY-02
          storefrontAlias: input.storefrontAlias ?? null,
          name: input.name,
          email: input.email ?? input.admin.email,
          accountingNumber: input.accountingNumber ?? null,
          vendorResellerId: input.vendorResellerId ?? null,
          // null = the distributor's currency; set only when the tenant reseller works in another one.
          currency: input.currency && input.currency !== parent.currency ? input.currency : null,
          representsTenantId: tenantId,
          createdAt: now,
          updatedAt: now,
        });
        const tenant = await insertTenant(tx, {
          id: tenantId,
          slug: input.slug,
          name: input.name,
          kind: "tenant_reseller",
          parentTenantId: parent.id,
          parentAccountId: accountId,
          currency: input.currency ?? parent.currency,
          timeZone: input.timeZone ?? parent.timeZone,
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
        return { tenant, account, admin: userView(admin) };
      }),
  );
}
