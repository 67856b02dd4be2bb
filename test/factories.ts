import { sql } from "drizzle-orm";
import type { Deps } from "../src/deps.ts";
import { hashPassword } from "../src/modules/tenancy/index.ts";
import { accounts, tenants, users } from "../src/modules/tenancy/tenancy.schema.ts";

/**
 * Test data built with real rows. Every factory makes unique slugs/emails, so tests in one
 * database never collide and each test can own its tenant.
 */
let seq = 0;
export function unique(label: string): string {
  seq += 1;
  return `${label}-${process.pid}-${seq}-${Math.random().toString(36).slice(2, 7)}`;
}

export const TEST_PASSWORD = "correct horse battery";
let cachedHash: string | undefined;
async function passwordHash(): Promise<string> {
  cachedHash ??= await hashPassword(TEST_PASSWORD);
  return cachedHash;
}

export async function createTenant(
  deps: Deps,
  input: {
    kind?: "distributor" | "tenant_reseller";
    parentTenantId?: string;
    name?: string;
    /** The installation's root distributor (at most one per database; test/clock-fixtures.ts). */
    root?: boolean;
  } = {},
) {
  const id = deps.ids.next("ten");
  const slug = unique("tenant");
  const name = input.name ?? `Tenant ${slug}`;
  // A tenant reseller is represented in its parent's BSS by a reseller account (tenants_parent_account_fk).
  let parentAccountId: string | null = null;
  if (input.kind === "tenant_reseller") {
    if (!input.parentTenantId) throw new Error("a tenant reseller needs parentTenantId");
    const [account] = await deps.db
      .insert(accounts)
      .values({
        id: deps.ids.next("acc"),
        tenantId: input.parentTenantId,
        kind: "reseller",
        edition: "standard",
        paymentMethod: "cash",
        name,
        representsTenantId: id,
      })
      .returning();
    parentAccountId = account!.id;
  }
  const [row] = await deps.db
    .insert(tenants)
    .values({
      id,
      slug,
      name,
      kind: input.kind ?? "distributor",
      parentTenantId: input.parentTenantId ?? null,
      parentAccountId,
      root: input.root ?? false,
    })
    .returning();
  return row!;
}

export async function createAccount(
  deps: Deps,
  input: {
    tenantId: string;
    kind: "reseller" | "end_customer" | "direct_customer";
    edition?: "basic" | "standard";
    /** Resellers (R-PAY-02); default cash. */
    paymentMethod?: "credit_card" | "cash" | "deposit";
    parentAccountId?: string;
    name?: string;
    storefrontAlias?: string;
  },
) {
  const [row] = await deps.db
    .insert(accounts)
    .values({
      id: deps.ids.next("acc"),
      tenantId: input.tenantId,
      kind: input.kind,
      edition: input.kind === "reseller" ? (input.edition ?? "standard") : null,
      paymentMethod: input.kind === "reseller" ? (input.paymentMethod ?? "cash") : null,
      parentAccountId: input.parentAccountId ?? null,
      // R-PAY-02: a customer of a locking reseller starts locked (accounts_parent_lock_fk).
      ...(input.parentAccountId
        ? {
            orderApprovalLocked: sql`(select locks_customer_approval from accounts where id = ${input.parentAccountId})`,
          }
        : {}),
      name: input.name ?? unique(input.kind),
      storefrontAlias: input.storefrontAlias ?? null,
    })
    .returning();
  return row!;
}

export async function createUser(
  deps: Deps,
  input: { tenantId: string; accountId?: string; role?: string; email?: string },
) {
  const role = input.role ?? (input.accountId ? "storefront_admin" : "admin");
  const [row] = await deps.db
    .insert(users)
    .values({
      id: deps.ids.next("usr"),
      tenantId: input.tenantId,
      accountId: input.accountId ?? null,
      email: input.email ?? `${unique("user")}@example.test`,
      name: "Test User",
      role,
      passwordHash: await passwordHash(),
    })
    .returning();
  return row!;
}
