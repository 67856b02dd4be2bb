import { and, eq, inArray } from "drizzle-orm";
import type { Deps } from "../../deps.ts";
import { enqueueJob } from "../../jobs/index.ts";
import { queryRows, sql, type Tx } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import { findContact, insertAccount, updateAccountRow } from "./accounts.repo.ts";
import { fieldError } from "./tenancy.guards.ts";
import { type AccountRow, findUser } from "./tenancy.repo.ts";
import { accounts } from "./tenancy.schema.ts";
import { getTenant } from "./tenancy.scope.ts";

/**
 * Distributor copies of a tenant reseller's end customers (issue 6, R-TEN-01). The copy lives
 * under the tenant reseller's account in the distributor's BSS; name, accounting number, email and
 * address are the tenant's (locked here, kept in step by `account.changed` events); its currency
 * is the tenant's currency in the distributor's BSS.
 */

export const ACCOUNT_CHANGED = "account.changed";

/** The fields a copy takes from its source and keeps locked. */
export const LOCKED_ACCOUNT_FIELDS = ["name", "accountingNumber", "email", "address"] as const;

export interface AccountChanged {
  tenantId: string;
  accountId: string;
}

export async function findAccountCopy(
  tx: Tx,
  distributorTenantId: string,
  sourceAccountId: string,
): Promise<AccountRow | undefined> {
  const [row] = await tx
    .select()
    .from(accounts)
    .where(and(eq(accounts.tenantId, distributorTenantId), eq(accounts.sourceAccountId, sourceAccountId)));
  return row;
}

/** Creates the copy, or brings its locked fields in line with the source. Reports what changed. */
export async function upsertAccountCopy(
  deps: Deps,
  tx: Tx,
  input: { source: AccountRow; tenantResellerAccount: AccountRow },
): Promise<{ account: AccountRow; outcome: "created" | "updated" | "unchanged" }> {
  const { source, tenantResellerAccount: parent } = input;
  const distributorTenantId = parent.tenantId;
  const managedByTenantId = parent.representsTenantId;
  if (!managedByTenantId) throw new TypeError(`Account ${parent.id} does not represent a tenant reseller`);
  const now = deps.clock.now();
  const locked = {
    name: source.name,
    accountingNumber: source.accountingNumber,
    email: source.email,
    address: source.address,
  };
  const existing = await findAccountCopy(tx, distributorTenantId, source.id);
  if (!existing) {
    const distributor = await getTenant(tx, distributorTenantId);
    const account = await insertAccount(tx, {
      id: deps.ids.next("acc"),
      tenantId: distributorTenantId,
      kind: "end_customer",
      parentAccountId: parent.id,
      ...locked,
      // The tenant's currency in the distributor's BSS (its account's, else the distributor's).
      currency: parent.currency ?? distributor.currency,
      // The copy's orders are the tenant's; approval stays off unless R-PAY-02 locks it on here.
      orderApproval: parent.locksCustomerApproval,
      orderApprovalLocked: parent.locksCustomerApproval,
      managedByTenantId,
      sourceAccountId: source.id,
      createdAt: now,
      updatedAt: now,
    });
    return { account, outcome: "created" };
  }
  const same = LOCKED_ACCOUNT_FIELDS.every(
    (f) => JSON.stringify(existing[f] ?? null) === JSON.stringify(locked[f] ?? null),
  );
  if (same) return { account: existing, outcome: "unchanged" };
  const account = await updateAccountRow(tx, distributorTenantId, existing.id, { ...locked, updatedAt: now });
  return { account, outcome: "updated" };
}

/** A copy's locked fields change only through its tenant reseller's BSS (issue 6). */
export async function assertCopyEditable(
  tx: Tx,
  account: AccountRow,
  patch: Record<string, unknown>,
): Promise<void> {
  if (!account.managedByTenantId) return;
  const touched = [...LOCKED_ACCOUNT_FIELDS, "currency" as const].filter((f) => patch[f] !== undefined);
  if (touched.length === 0) return;
  const tenant = await getTenant(tx, account.managedByTenantId);
  throw new AppError(
    "R-TEN-05",
    `This customer is managed by ${tenant.name} Tenant Reseller: ${touched.join(", ")} change only in the reseller's BSS.`,
    { fields: touched, managedByTenantId: account.managedByTenantId },
  );
}

/** In a tenant reseller's BSS, an end customer's change is an event for the distributor's copy. */
export async function noteAccountChange(deps: Deps, tx: Tx, account: AccountRow): Promise<void> {
  if (account.kind === "reseller") return;
  const tenant = await getTenant(tx, account.tenantId);
  if (tenant.kind !== "tenant_reseller") return;
  const event: AccountChanged = { tenantId: account.tenantId, accountId: account.id };
  await enqueueJob(tx, deps.ids, {
    tenantId: account.tenantId,
    kind: ACCOUNT_CHANGED,
    key: deps.ids.next("evt"),
    queue: `accevents:${account.id}`,
    payload: event,
  });
}

/** Ids of a tenant's end customers with at least one paid, live subscription — filled by the caller's query. */
export async function listEndCustomers(tx: Tx, tenantId: string): Promise<AccountRow[]> {
  return tx
    .select()
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), inArray(accounts.kind, ["end_customer", "direct_customer"])));
}

/** Copies of a tenant's customers in the distributor's BSS, keyed by their source id. */
export async function listAccountCopies(
  tx: Tx,
  distributorTenantId: string,
  managedByTenantId: string,
): Promise<
  Array<{
    id: string;
    sourceAccountId: string;
    name: string;
    accountingNumber: string | null;
    email: string | null;
    address: unknown;
  }>
> {
  const rows = await queryRows<{
    id: string;
    source_account_id: string;
    name: string;
    accounting_number: string | null;
    email: string | null;
    address: unknown;
  }>(
    tx,
    sql`select id, source_account_id, name, accounting_number, email, address from accounts
        where tenant_id = ${distributorTenantId} and managed_by_tenant_id = ${managedByTenantId}`,
  );
  return rows.map((r) => ({
    id: r.id,
    sourceAccountId: r.source_account_id,
    name: r.name,
    accountingNumber: r.accounting_number,
    email: r.email,
    address: r.address,
  }));
}

/** A contact of an account in the tenant (a bill-to contact), else a field error. */
export async function assertContactOf(
  tx: Tx,
  tenantId: string,
  accountId: string,
  contactId: string,
): Promise<void> {
  if (!(await findContact(tx, tenantId, accountId, contactId)))
    throw fieldError("billToContactId", `Contact ${contactId} is not a contact of the paying account`);
}

/** A BSS staff user of the tenant (a responsible user), else a field error. */
export async function assertStaffUser(tx: Tx, tenantId: string, userId: string): Promise<void> {
  const user = await findUser(tx, tenantId, userId);
  if (!user || user.accountId !== null || user.disabledAt)
    throw fieldError("responsibleUserId", `User ${userId} is not an active staff user of this BSS`);
}
