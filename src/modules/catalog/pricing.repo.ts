import { and, asc, count, eq, ilike, or, type SQL } from "drizzle-orm";
import { queryRows, sql, type Tx } from "../../shared/db.ts";
import { likePattern } from "../../shared/paging.ts";
import { type ProductRow, toProduct } from "./catalog.repo.ts";
import { priceListEntries, priceLists, products } from "./catalog.schema.ts";
import type { Product } from "./catalog.types.ts";

/** The only SQL of price lists and their entries. */

export type PriceListRow = typeof priceLists.$inferSelect;

export async function listPriceLists(
  tx: Tx,
  tenantId: string,
  page: { limit: number; offset: number },
): Promise<{ items: PriceListRow[]; total: number }> {
  const cond = eq(priceLists.tenantId, tenantId);
  const [items, totals] = await Promise.all([
    tx
      .select()
      .from(priceLists)
      .where(cond)
      .orderBy(asc(priceLists.name), asc(priceLists.id))
      .limit(page.limit)
      .offset(page.offset),
    tx.select({ n: count() }).from(priceLists).where(cond),
  ]);
  return { items, total: Number(totals[0]?.n ?? 0) };
}

export async function findPriceList(tx: Tx, tenantId: string, id: string): Promise<PriceListRow | undefined> {
  const rows = await tx
    .select()
    .from(priceLists)
    .where(and(eq(priceLists.tenantId, tenantId), eq(priceLists.id, id)));
  return rows[0];
}

/** The list that prices a reseller's sales: its own list, else the tenant's default. */
export async function findEffectivePriceList(
  tx: Tx,
  tenantId: string,
  resellerAccountId: string | null,
): Promise<PriceListRow | undefined> {
  const rows = await tx
    .select()
    .from(priceLists)
    .where(
      and(
        eq(priceLists.tenantId, tenantId),
        resellerAccountId
          ? or(eq(priceLists.ownerAccountId, resellerAccountId), eq(priceLists.isDefault, true))
          : eq(priceLists.isDefault, true),
      ),
    )
    .orderBy(sql`(${priceLists.ownerAccountId} is null)`, asc(priceLists.createdAt), asc(priceLists.id))
    .limit(1);
  return rows[0];
}

export async function insertPriceList(tx: Tx, row: typeof priceLists.$inferInsert): Promise<void> {
  await tx.insert(priceLists).values(row);
}

export async function updatePriceListRow(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: Partial<typeof priceLists.$inferInsert>,
): Promise<void> {
  await tx
    .update(priceLists)
    .set(patch)
    .where(and(eq(priceLists.tenantId, tenantId), eq(priceLists.id, id)));
}

/** One default per tenant (also a partial unique index): clears the flag on the others. */
export async function clearDefaultPriceList(tx: Tx, tenantId: string, exceptId: string): Promise<void> {
  await tx.execute(
    sql`update price_lists set is_default = false where tenant_id = ${tenantId} and is_default and id <> ${exceptId}`,
  );
}

export interface EntryRow {
  product: Product;
  unitPrice: bigint;
  cost: bigint | null;
  updatedAt: Date;
}

export async function listEntries(
  tx: Tx,
  tenantId: string,
  priceListId: string,
  f: { limit: number; offset: number; q?: string | undefined },
): Promise<{ items: EntryRow[]; total: number }> {
  const where: SQL[] = [
    eq(priceListEntries.tenantId, tenantId),
    eq(priceListEntries.priceListId, priceListId),
  ];
  if (f.q) {
    const pattern = likePattern(f.q);
    where.push(or(ilike(products.name, pattern), ilike(products.sku, pattern))!);
  }
  const cond = and(...where);
  const join = and(
    eq(products.tenantId, priceListEntries.tenantId),
    eq(products.id, priceListEntries.productId),
  );
  const [rows, totals] = await Promise.all([
    tx
      .select({ e: priceListEntries, p: products })
      .from(priceListEntries)
      .innerJoin(products, join)
      .where(cond)
      .orderBy(asc(products.name), asc(products.id))
      .limit(f.limit)
      .offset(f.offset),
    tx.select({ n: count() }).from(priceListEntries).innerJoin(products, join).where(cond),
  ]);
  return {
    items: rows.map((r) => ({
      product: toProduct(r.p as ProductRow),
      unitPrice: r.e.unitPrice,
      cost: r.e.cost,
      updatedAt: r.e.updatedAt,
    })),
    total: Number(totals[0]?.n ?? 0),
  };
}

/** Set-based upsert of many entries in one statement (stack-traps #9). */
export async function upsertEntries(
  tx: Tx,
  tenantId: string,
  priceListId: string,
  entries: readonly { productId: string; unitPrice: bigint; cost: bigint | null }[],
  now: Date,
): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((e) => ({
    p: e.productId,
    u: e.unitPrice.toString(),
    c: e.cost?.toString() ?? null,
  }));
  await tx.execute(sql`
    insert into price_list_entries (price_list_id, tenant_id, product_id, unit_price, cost, updated_at)
    select ${priceListId}, ${tenantId}, x.p, x.u, x.c, ${now.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(p text, u bigint, c bigint)
    on conflict (price_list_id, product_id) do update set
      unit_price = excluded.unit_price, cost = excluded.cost, updated_at = excluded.updated_at`);
}

export async function deleteEntry(
  tx: Tx,
  tenantId: string,
  priceListId: string,
  productId: string,
): Promise<boolean> {
  const rows = await tx
    .delete(priceListEntries)
    .where(
      and(
        eq(priceListEntries.tenantId, tenantId),
        eq(priceListEntries.priceListId, priceListId),
        eq(priceListEntries.productId, productId),
      ),
    )
    .returning({ p: priceListEntries.productId });
  return rows.length > 0;
}

/** Entries of one list for the given products (price resolution). */
export async function findEntries(
  tx: Tx,
  tenantId: string,
  priceListId: string,
  productIds: readonly string[],
): Promise<Map<string, { unitPrice: bigint; cost: bigint | null }>> {
  if (productIds.length === 0) return new Map();
  const rows = await queryRows<{ product_id: string; unit_price: string; cost: string | null }>(
    tx,
    sql`select product_id, unit_price::text, cost::text from price_list_entries
        where tenant_id = ${tenantId} and price_list_id = ${priceListId}
          and product_id in (select jsonb_array_elements_text(${JSON.stringify(productIds)}::jsonb))`,
  );
  return new Map(
    rows.map((r) => [
      r.product_id,
      { unitPrice: BigInt(r.unit_price), cost: r.cost === null ? null : BigInt(r.cost) },
    ]),
  );
}
