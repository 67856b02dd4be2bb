import { pgArray, queryRows, sql, type Tx } from "../../shared/db.ts";

/**
 * Products of two BSSs are the same service when their SKUs match (a tenant reseller installs the
 * distributor's service definitions): SKU → product id (and status) of `tenantId`, for `skus`.
 */
export async function findProductsBySku(
  tx: Tx,
  tenantId: string,
  skus: readonly string[],
): Promise<Map<string, { id: string; sku: string; status: string }>> {
  if (skus.length === 0) return new Map();
  const rows = await queryRows<{ id: string; sku: string; status: string }>(
    tx,
    sql`select id, sku, status from products
        where tenant_id = ${tenantId} and sku = any(${pgArray(skus)}::text[])`,
  );
  return new Map(rows.map((r) => [r.sku, r]));
}

/** SKU of each product id of `tenantId`. */
export async function findSkus(
  tx: Tx,
  tenantId: string,
  productIds: readonly string[],
): Promise<Map<string, string>> {
  if (productIds.length === 0) return new Map();
  const rows = await queryRows<{ id: string; sku: string }>(
    tx,
    sql`select id, sku from products
        where tenant_id = ${tenantId} and id = any(${pgArray(productIds)}::text[])`,
  );
  return new Map(rows.map((r) => [r.id, r.sku]));
}

/** Which of `productIds` are products of `tenantId` (any kind or status): other modules check references with it. */
export async function findExistingProductIds(
  tx: Tx,
  tenantId: string,
  productIds: readonly string[],
): Promise<Set<string>> {
  if (productIds.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select id from products
        where tenant_id = ${tenantId} and id = any(${pgArray(productIds)}::text[])`,
  );
  return new Set(rows.map((r) => r.id));
}
