import { and, asc, count, eq } from "drizzle-orm";
import { queryRows, sql, type Tx } from "../../shared/db.ts";
import { toProduct } from "./catalog.repo.ts";
import { productGroupMembers, productGroups, products, storefrontPublications } from "./catalog.schema.ts";
import type { Product } from "./catalog.types.ts";

/** The only SQL of product groups and Storefront publications (R-CAT-07). */

export interface GroupRow {
  id: string;
  name: string;
  description: string | null;
  productIds: string[];
  createdAt: Date;
}

const groupSelect = (tenantId: string) => sql`
  select g.id, g.name, g.description, g.created_at as "createdAt",
    coalesce((select array_agg(m.product_id order by m.position, m.product_id)
              from product_group_members m where m.group_id = g.id), '{}') as "productIds"
  from product_groups g where g.tenant_id = ${tenantId}`;

function toGroup(r: GroupRow): GroupRow {
  return { ...r, createdAt: new Date(r.createdAt), productIds: r.productIds ?? [] };
}

export async function listGroups(
  tx: Tx,
  tenantId: string,
  page: { limit: number; offset: number },
): Promise<{ items: GroupRow[]; total: number }> {
  const rows = await queryRows<GroupRow>(
    tx,
    sql`${groupSelect(tenantId)} order by g.name, g.id limit ${page.limit} offset ${page.offset}`,
  );
  const totals = await tx
    .select({ n: count() })
    .from(productGroups)
    .where(eq(productGroups.tenantId, tenantId));
  return { items: rows.map(toGroup), total: Number(totals[0]?.n ?? 0) };
}

export async function findGroup(tx: Tx, tenantId: string, id: string): Promise<GroupRow | undefined> {
  const rows = await queryRows<GroupRow>(tx, sql`${groupSelect(tenantId)} and g.id = ${id}`);
  return rows[0] ? toGroup(rows[0]) : undefined;
}

export async function insertGroup(tx: Tx, row: typeof productGroups.$inferInsert): Promise<void> {
  await tx.insert(productGroups).values(row);
}

export async function updateGroupRow(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: { name?: string; description?: string | null },
) {
  await tx
    .update(productGroups)
    .set(patch)
    .where(and(eq(productGroups.tenantId, tenantId), eq(productGroups.id, id)));
}

/**
 * Replaces the members (in the given order) with one delete and one insert, under the group's row
 * lock: two replacements at once would otherwise both insert the same (group, product) key.
 */
export async function replaceGroupMembers(
  tx: Tx,
  groupId: string,
  productIds: readonly string[],
): Promise<void> {
  await tx
    .select({ id: productGroups.id })
    .from(productGroups)
    .where(eq(productGroups.id, groupId))
    .for("update");
  await tx.delete(productGroupMembers).where(eq(productGroupMembers.groupId, groupId));
  if (productIds.length > 0)
    await tx
      .insert(productGroupMembers)
      .values(productIds.map((productId, position) => ({ groupId, productId, position })));
}

export type PublicationRow = typeof storefrontPublications.$inferSelect;

export async function listPublications(
  tx: Tx,
  tenantId: string,
  resellerAccountId: string,
): Promise<PublicationRow[]> {
  return tx
    .select()
    .from(storefrontPublications)
    .where(
      and(
        eq(storefrontPublications.tenantId, tenantId),
        eq(storefrontPublications.resellerAccountId, resellerAccountId),
      ),
    )
    .orderBy(asc(storefrontPublications.publishedAt), asc(storefrontPublications.id));
}

export async function findPublication(tx: Tx, tenantId: string, resellerAccountId: string, id: string) {
  const rows = await tx
    .select()
    .from(storefrontPublications)
    .where(
      and(
        eq(storefrontPublications.tenantId, tenantId),
        eq(storefrontPublications.resellerAccountId, resellerAccountId),
        eq(storefrontPublications.id, id),
      ),
    );
  return rows[0];
}

export async function insertPublication(
  tx: Tx,
  row: typeof storefrontPublications.$inferInsert,
): Promise<PublicationRow> {
  const [r] = await tx.insert(storefrontPublications).values(row).returning();
  return r!;
}

export async function deletePublication(tx: Tx, tenantId: string, id: string): Promise<void> {
  await tx
    .delete(storefrontPublications)
    .where(and(eq(storefrontPublications.tenantId, tenantId), eq(storefrontPublications.id, id)));
}

/**
 * R-CAT-07: the active products a reseller publishes, directly or through a published group
 * (each once, by name).
 */
export async function publishedProducts(
  tx: Tx,
  tenantId: string,
  resellerAccountId: string,
): Promise<Product[]> {
  const published = sql`${products.id} in (
    select sp.product_id from storefront_publications sp
    where sp.tenant_id = ${tenantId} and sp.reseller_account_id = ${resellerAccountId} and sp.product_id is not null
    union
    select m.product_id from storefront_publications sp
    join product_groups g on g.id = sp.product_group_id and g.tenant_id = sp.tenant_id
    join product_group_members m on m.group_id = g.id
    where sp.tenant_id = ${tenantId} and sp.reseller_account_id = ${resellerAccountId})`;
  const rows = await tx
    .select()
    .from(products)
    .where(and(eq(products.tenantId, tenantId), eq(products.status, "active"), published))
    .orderBy(asc(products.name), asc(products.id));
  return rows.map(toProduct);
}
