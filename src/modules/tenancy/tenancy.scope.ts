import type { Db } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import { findAccount, findAccountByAliasRow, listAccountIds } from "./accounts.repo.ts";
import {
  type AccountRow,
  findRootTenant,
  findTenantById,
  findTenantBySlug as findTenantBySlugRow,
  type TenantRow,
} from "./tenancy.repo.ts";
import { tenants } from "./tenancy.schema.ts";
import type { Actor } from "./tenancy.types.ts";

/**
 * Lookups other modules use, and THE place where "which accounts may this actor see" is decided
 * (DESIGN.md "Tenancy and access"). Everything outside the scope is not_found, exactly like a
 * missing id, so ids of other tenants and subtrees cannot be probed.
 */

export type Account = AccountRow;
export type Tenant = TenantRow;

/** An account of `tenantId`; not_found when missing or in another tenant. */
export async function getAccount(db: Db, tenantId: string, accountId: string): Promise<Account> {
  const account = await findAccount(db, tenantId, accountId);
  if (!account) throw notFound("Account", accountId);
  return account;
}

/** The account whose Storefront is /store/<alias> (any tenant: aliases are installation-wide). */
export async function findAccountByAlias(db: Db, alias: string): Promise<Account | undefined> {
  return findAccountByAliasRow(db, alias.trim().toLowerCase());
}

export async function getTenant(db: Db, tenantId: string): Promise<Tenant> {
  const tenant = await findTenantById(db, tenantId);
  if (!tenant) throw notFound("Tenant", tenantId);
  return tenant;
}

export async function findTenantBySlug(db: Db, slug: string): Promise<Tenant | undefined> {
  return findTenantBySlugRow(db, slug.trim().toLowerCase());
}

/**
 * Whether `tenantId` is the installation's root distributor (the first one bootstrapped): its
 * admins operate the installation, e.g. move the sandbox clock, which acts on every tenant.
 */
export async function isRootTenant(db: Db, tenantId: string): Promise<boolean> {
  return (await findRootTenant(db))?.id === tenantId;
}

/**
 * The account if `actor` may see it, else not_found.
 * - BSS actor: any account of its tenant.
 * - Storefront actor: its own account; a reseller's user also its end customers.
 */
export async function assertAccountVisible(db: Db, actor: Actor, accountId: string): Promise<Account> {
  const account = await findAccount(db, actor.tenantId, accountId);
  if (!account || !isVisible(actor, account)) throw notFound("Account", accountId);
  return account;
}

export function isVisible(
  actor: Actor,
  account: Pick<Account, "id" | "tenantId" | "parentAccountId">,
): boolean {
  if (account.tenantId !== actor.tenantId) return false;
  if (actor.kind === "bss") return true;
  if (account.id === actor.accountId) return true;
  return actor.accountKind === "reseller" && account.parentAccountId === actor.accountId;
}

/**
 * Every account id the actor may see, for other modules' list queries. For a BSS actor this is
 * every account of the tenant; prefer filtering by tenant there and use this for the Storefront.
 */
export async function visibleAccountIds(db: Db, actor: Actor): Promise<string[]> {
  return listAccountIds(db, actor.tenantId, storefrontScope(actor));
}

/** The repository filter for the actor's scope (none beyond the tenant for BSS). */
export function storefrontScope(actor: Actor): { subtreeOf?: string; onlyId?: string } {
  if (actor.kind === "bss") return {};
  return actor.accountKind === "reseller" ? { subtreeOf: actor.accountId } : { onlyId: actor.accountId };
}

/** Every tenant with its time zone: the billing run and the manual clock act on each. */
export async function listAllTenants(db: Db): Promise<Array<Pick<Tenant, "id" | "slug" | "timeZone">>> {
  return db
    .select({ id: tenants.id, slug: tenants.slug, timeZone: tenants.timeZone })
    .from(tenants)
    .orderBy(tenants.createdAt, tenants.id);
}
