import { and, asc, count, desc, eq, ilike, or, type SQL } from "drizzle-orm";
import { sql, type Tx } from "../../shared/db.ts";
import { likePattern } from "../../shared/paging.ts";
import { type ProductRow, toProduct } from "./catalog.repo.ts";
import { priceListEntries, priceLists, products } from "./catalog.schema.ts";
import type { ENTRY_SORTS, PRICE_LIST_SORTS, Product } from "./catalog.types.ts";

/** The only SQL of price lists and their entries. */

export type PriceListRow = typeof priceLists.$inferSelect;

/** `field` / `-field` → the direction and the field (unknown fields were refused by the route). */
function sortOf<F extends string>(sort: string | undefined, fallback: F): { field: F; dir: typeof asc } {
  const s = sort ?? fallback;
  return { field: s.replace(/^-/, "") as F, dir: s.startsWith("-") ? desc : asc };
}

export async function listPriceLists(
  tx: Tx,
  tenantId: string,
  page: { limit: number; offset: number; sort?: string | undefined },
): Promise<{ items: PriceListRow[]; total: number }> {
  const cond = eq(priceLists.tenantId, tenantId);
  const { field, dir } = sortOf<(typeof PRICE_LIST_SORTS)[number]>(page.sort, "name");
  const column = { name: priceLists.name, currency: priceLists.currency, createdAt: priceLists.createdAt }[
    field
  ];
  // One query after the other: callers may pass a transaction, which runs one query at a time.
  const items = await tx
    .select()
    .from(priceLists)
    .where(cond)
    .orderBy(dir(column), asc(priceLists.name), asc(priceLists.id))
    .limit(page.limit)
    .offset(page.offset);
  const totals = await tx.select({ n: count() }).from(priceLists).where(cond);
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
/**
 * Serialises, until the transaction ends, the requests that give `accountId` a price list: "one
 * price list per reseller" is checked by reading, and two creations checking at once both passed.
 */
export async function lockPriceListOwner(tx: Tx, tenantId: string, accountId: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`price-list-owner:${tenantId}:${accountId}`}))`,
  );
}

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
  f: { limit: number; offset: number; q?: string | undefined; sort?: string | undefined },
): Promise<{ items: EntryRow[]; total: number }> {
  const { field, dir } = sortOf<(typeof ENTRY_SORTS)[number]>(f.sort, "name");
  const column = {
    name: products.name,
    sku: products.sku,
    unitPrice: priceListEntries.unitPrice,
    listPrice: products.listPrice,
  }[field];
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
  const rows = await tx
    .select({ e: priceListEntries, p: products })
    .from(priceListEntries)
    .innerJoin(products, join)
    .where(cond)
    .orderBy(dir(column), asc(products.name), asc(products.id))
    .limit(f.limit)
    .offset(f.offset);
  const totals = await tx.select({ n: count() }).from(priceListEntries).innerJoin(products, join).where(cond);
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

/** A product's price inputs: its list price and cost, the effective list, and the list's entry. */
export interface PricingRow {
  id: string;
  listPrice: bigint;
  cost: bigint;
  currency: string;
  list: { id: string; currency: string; markupBasisPoints: number | null } | undefined;
  entry: { unitPrice: bigint; cost: bigint | null } | undefined;
  /** Only with `withVersions`: changes whenever anything a SaleProduct holds changes (see below). */
  version?: string;
}

interface RawPricingRow {
  id: string;
  list_price: string;
  cost: string;
  currency: string;
  list_id: string | null;
  list_currency: string | null;
  markup_basis_points: number | null;
  entry_price: string | null;
  entry_cost: string | null;
  version?: string;
}

// $1 tenant, $2 explicit price list (or null), $3 reseller whose own list comes first (or null),
// $4 product ids (a text[] parameter: the driver gets the array itself, not drizzle's expansion of
// it, stack-traps #8). The effective list is findEffectivePriceList's: the reseller's
// own, else the tenant's default; an explicit list wins (none when it does not exist).
const PRICING_SQL = (versions: boolean) => `
with l as (
  select id, currency, markup_basis_points from price_lists
  where tenant_id = $1
    and case when $2::text is null then owner_account_id = $3::text or is_default else id = $2::text end
  order by (owner_account_id is null), created_at, id
  limit 1
)
select p.id, p.list_price::text as list_price, p.cost::text as cost, p.currency,
  l.id as list_id, l.currency as list_currency, l.markup_basis_points,
  e.unit_price::text as entry_price, e.cost::text as entry_cost${
    versions
      ? `,
  -- Row versions (xmin changes on every insert and update) of everything a SaleProduct is made of:
  -- the product, its type, its add-on links and the add-on products. Clocks play no part (the
  -- manual clock may stamp two edits with the same updated_at).
  p.xmin::text || '.' || t.xmin::text || coalesce((
    select string_agg(pa.addon_product_id || '.' || pa.xmin::text || '.' || ap.xmin::text, ',' order by pa.addon_product_id)
    from product_addons pa join products ap on ap.tenant_id = pa.tenant_id and ap.id = pa.addon_product_id
    where pa.tenant_id = p.tenant_id and pa.parent_product_id = p.id), '') as version`
      : ""
  }
from products p
${versions ? "join product_types t on t.tenant_id = p.tenant_id and t.id = p.product_type_id" : ""}
left join l on true
left join price_list_entries e on e.price_list_id = l.id and e.tenant_id = p.tenant_id and e.product_id = p.id
where p.tenant_id = $1 and p.id = any($4::text[])`;
const PRICING = PRICING_SQL(false);
const PRICING_WITH_VERSIONS = PRICING_SQL(true);

/**
 * Everything price resolution needs for `productIds`, in ONE statement (a prepared one: it is on
 * the order path): the products' list prices and costs, the effective price list and its entries.
 * Unknown ids are left out. `withVersions` adds each product's row version (load-products-for-sale).
 */
export async function findPricingRows(
  tx: Tx,
  tenantId: string,
  productIds: readonly string[],
  options: {
    priceListId?: string | undefined;
    resellerAccountId?: string | null | undefined;
    withVersions?: boolean;
  },
): Promise<PricingRow[]> {
  if (productIds.length === 0) return [];
  const rows = await preparedRows<RawPricingRow>(
    tx,
    options.withVersions ? "catalog_pricing_versions" : "catalog_pricing",
    options.withVersions ? PRICING_WITH_VERSIONS : PRICING,
    [tenantId, options.priceListId ?? null, options.resellerAccountId ?? null, [...productIds]],
  );
  return rows.map((r) => ({
    id: r.id,
    listPrice: BigInt(r.list_price),
    cost: BigInt(r.cost),
    currency: r.currency,
    list:
      r.list_id === null
        ? undefined
        : { id: r.list_id, currency: r.list_currency!, markupBasisPoints: r.markup_basis_points },
    entry:
      r.entry_price === null
        ? undefined
        : { unitPrice: BigInt(r.entry_price), cost: r.entry_cost === null ? null : BigInt(r.entry_cost) },
    ...(r.version === undefined ? {} : { version: r.version }),
  }));
}

/**
 * Runs a fixed SQL text as a NAMED statement: PostgreSQL parses and plans it once per connection
 * instead of on every call (for these hot statements planning cost more than executing), and no
 * query builder runs. PGlite ignores the name. Rows come as the driver gives them, so the SQL casts
 * bigints to text (pg gives strings, PGlite numbers). The text of a name must never change.
 */
async function preparedRows<T>(tx: Tx, name: string, text: string, params: unknown[]): Promise<T[]> {
  const query = tx._.session.prepareQuery<{ execute: { rows: T[] }; all: unknown; values: unknown }>(
    { sql: text, params },
    undefined,
    name,
    false,
  );
  return (await query.execute()).rows;
}
