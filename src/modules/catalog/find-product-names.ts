import { pgArray, queryRows, sql, type Tx } from "../../shared/db.ts";

/** Name and SKU of each product id of `tenantId` (issue 16: the revenue figures' labels). */
export async function findProductNames(
  tx: Tx,
  tenantId: string,
  productIds: readonly string[],
): Promise<Map<string, { name: string; sku: string }>> {
  if (productIds.length === 0) return new Map();
  const rows = await queryRows<{ id: string; name: string; sku: string }>(
    tx,
    sql`select id, name, sku from products
        where tenant_id = ${tenantId} and id = any(${pgArray(productIds)}::text[])`,
  );
  return new Map(rows.map((r) => [r.id, { name: r.name, sku: r.sku }]));
}
