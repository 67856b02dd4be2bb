import { and, asc, count, desc, eq, ilike, inArray, or, type SQL } from "drizzle-orm";
import type { Tx } from "../../shared/db.ts";
import type { AccountRow } from "./tenancy.repo.ts";
import { likePattern } from "./tenancy.repo.ts";
import { accounts, contacts } from "./tenancy.schema.ts";
import type { ACCOUNT_SORTS, AccountKind, AccountStatus } from "./tenancy.types.ts";

/** The only SQL of the accounts and contacts tables; every function takes the tenant. */

export type ContactRow = typeof contacts.$inferSelect;

export async function findAccount(tx: Tx, tenantId: string, id: string): Promise<AccountRow | undefined> {
  const rows = await tx
    .select()
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), eq(accounts.id, id)))
    .limit(1);
  return rows[0];
}

/** The account row locked FOR UPDATE (R-PAY-02: a reseller is locked before its customers). */
/** Ids and names of the given accounts of `tenantId` (one query). */
export async function findAccountNames(
  tx: Tx,
  tenantId: string,
  ids: readonly string[],
): Promise<Array<{ id: string; name: string }>> {
  return tx
    .select({ id: accounts.id, name: accounts.name })
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), inArray(accounts.id, [...ids])));
}

export async function findAccountForUpdate(
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<AccountRow | undefined> {
  const rows = await tx
    .select()
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), eq(accounts.id, id)))
    .for("update");
  return rows[0];
}

/** Aliases are unique across the installation: the Storefront URL /store/<alias> names one account. */
export async function findAccountByAliasRow(tx: Tx, alias: string): Promise<AccountRow | undefined> {
  const rows = await tx.select().from(accounts).where(eq(accounts.storefrontAlias, alias)).limit(1);
  return rows[0];
}

export async function insertAccount(tx: Tx, row: typeof accounts.$inferInsert): Promise<AccountRow> {
  const [inserted] = await tx.insert(accounts).values(row).returning();
  return inserted!;
}

export async function updateAccountRow(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: Partial<typeof accounts.$inferInsert>,
): Promise<AccountRow> {
  const [row] = await tx
    .update(accounts)
    .set(patch)
    .where(and(eq(accounts.tenantId, tenantId), eq(accounts.id, id)))
    .returning();
  return row!;
}

export interface AccountFilter {
  kind?: AccountKind | undefined;
  parentAccountId?: string | undefined;
  status?: AccountStatus | undefined;
  q?: string | undefined;
  /** Storefront scope: only this account and its direct children. */
  subtreeOf?: string | undefined;
  /** Storefront scope of an end customer: only this account. */
  onlyId?: string | undefined;
}

const SORT_COLUMNS = { name: accounts.name, createdAt: accounts.createdAt, kind: accounts.kind } as const;

export async function listAccountRows(
  tx: Tx,
  tenantId: string,
  filter: AccountFilter,
  page: { limit: number; offset: number; sort: (typeof ACCOUNT_SORTS)[number] },
): Promise<{ rows: AccountRow[]; total: number }> {
  const where = and(...accountConditions(tenantId, filter));
  const descending = page.sort.startsWith("-");
  const column = SORT_COLUMNS[page.sort.replace(/^-/, "") as keyof typeof SORT_COLUMNS];
  const rows = await tx
    .select()
    .from(accounts)
    .where(where)
    .orderBy(descending ? desc(column) : asc(column), asc(accounts.id))
    .limit(page.limit)
    .offset(page.offset);
  const [c] = await tx.select({ n: count() }).from(accounts).where(where);
  return { rows, total: Number(c?.n ?? 0) };
}

/** Ids only: the Storefront scope for other modules' queries (`visibleAccountIds`). */
export async function listAccountIds(tx: Tx, tenantId: string, filter: AccountFilter): Promise<string[]> {
  const rows = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(...accountConditions(tenantId, filter)))
    .orderBy(asc(accounts.id));
  return rows.map((r) => r.id);
}

function accountConditions(tenantId: string, filter: AccountFilter): SQL[] {
  const conds: SQL[] = [eq(accounts.tenantId, tenantId)];
  if (filter.onlyId) conds.push(eq(accounts.id, filter.onlyId));
  if (filter.subtreeOf)
    conds.push(or(eq(accounts.id, filter.subtreeOf), eq(accounts.parentAccountId, filter.subtreeOf))!);
  if (filter.kind) conds.push(eq(accounts.kind, filter.kind));
  if (filter.parentAccountId) conds.push(eq(accounts.parentAccountId, filter.parentAccountId));
  if (filter.status) conds.push(eq(accounts.status, filter.status));
  if (filter.q) {
    const pattern = likePattern(filter.q);
    conds.push(or(ilike(accounts.name, pattern), ilike(accounts.email, pattern))!);
  }
  return conds;
}

// ---- contacts ----

export async function findContact(
  tx: Tx,
  tenantId: string,
  accountId: string,
  id: string,
): Promise<ContactRow | undefined> {
  const rows = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.accountId, accountId), eq(contacts.id, id)))
    .limit(1);
  return rows[0];
}

export async function hasPrimaryContact(tx: Tx, tenantId: string, accountId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(
      and(eq(contacts.tenantId, tenantId), eq(contacts.accountId, accountId), eq(contacts.isPrimary, true)),
    )
    .limit(1);
  return rows.length > 0;
}

/** Clears the primary flag so another contact can take it (contacts_one_primary_uq). */
export async function clearPrimaryContact(tx: Tx, tenantId: string, accountId: string): Promise<void> {
  await tx
    .update(contacts)
    .set({ isPrimary: false })
    .where(
      and(eq(contacts.tenantId, tenantId), eq(contacts.accountId, accountId), eq(contacts.isPrimary, true)),
    );
}

export async function insertContact(tx: Tx, row: typeof contacts.$inferInsert): Promise<ContactRow> {
  const [inserted] = await tx.insert(contacts).values(row).returning();
  return inserted!;
}

export async function updateContactRow(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: Partial<Pick<ContactRow, "name" | "email" | "phone" | "isPrimary">>,
): Promise<ContactRow> {
  const [row] = await tx
    .update(contacts)
    .set(patch)
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, id)))
    .returning();
  return row!;
}

/** The primary contact first, then by name. */
export async function listContactRows(
  tx: Tx,
  tenantId: string,
  accountId: string,
  page: { limit: number; offset: number },
): Promise<{ rows: ContactRow[]; total: number }> {
  const where = and(eq(contacts.tenantId, tenantId), eq(contacts.accountId, accountId));
  const rows = await tx
    .select()
    .from(contacts)
    .where(where)
    .orderBy(desc(contacts.isPrimary), asc(contacts.name), asc(contacts.id))
    .limit(page.limit)
    .offset(page.offset);
  const [c] = await tx.select({ n: count() }).from(contacts).where(where);
  return { rows, total: Number(c?.n ?? 0) };
}
