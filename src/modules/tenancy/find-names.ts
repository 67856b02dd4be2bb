import { pgArray, queryRows, sql, type Tx } from "../../shared/db.ts";

/** Name of each account id of `tenantId` (issue 16: the revenue figures' labels). */
export async function findAccountNames(
  tx: Tx,
  tenantId: string,
  accountIds: readonly string[],
): Promise<Map<string, string>> {
  if (accountIds.length === 0) return new Map();
  const rows = await queryRows<{ id: string; name: string }>(
    tx,
    sql`select id, name from accounts
        where tenant_id = ${tenantId} and id = any(${pgArray(accountIds)}::text[])`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Name of each tenant reseller of `parentTenantId` among `tenantIds` (others are left out). */
export async function findTenantResellerNames(
  tx: Tx,
  parentTenantId: string,
  tenantIds: readonly string[],
): Promise<Map<string, string>> {
  if (tenantIds.length === 0) return new Map();
  const rows = await queryRows<{ id: string; name: string }>(
    tx,
    sql`select id, name from tenants
        where parent_tenant_id = ${parentTenantId} and id = any(${pgArray(tenantIds)}::text[])`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
