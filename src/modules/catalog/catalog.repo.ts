import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { queryRows, type Tx } from "../../shared/db.ts";
import { likePattern } from "../../shared/paging.ts";
import {
  exclusiveSetMembers,
  exclusiveSets,
  productAddons,
  products,
  productTypes,
  upgradePaths,
} from "./catalog.schema.ts";
import type {
  CancellationOptions,
  ExclusiveSet,
  ExclusiveSetSummary,
  ListProductsQuery,
  ListUpgradePathsQuery,
  Product,
  ProductSummary,
  ProductType,
  ProductTypePolicies,
  UPGRADE_PATH_SORTS,
  UpgradePath,
} from "./catalog.types.ts";

/**
 * The only SQL of products, product types, add-on links, upgrade paths and exclusive sets.
 * Every function takes the transaction (or db) and the tenant first. Bulk writes of the
 * services definition live in definition-sync.repo.ts.
 */

export type ProductRow = typeof products.$inferSelect;
export type ProductTypeRow = typeof productTypes.$inferSelect;

export function toProduct(r: ProductRow): Product {
  return {
    id: r.id,
    tenantId: r.tenantId,
    productTypeId: r.productTypeId,
    sku: r.sku,
    name: r.name,
    description: r.description,
    features: r.features ?? [],
    kind: r.kind as Product["kind"],
    term: r.term as Product["term"],
    isTrial: r.isTrial,
    trialDays: r.trialDays,
    trialPaidProductId: r.trialPaidProductId,
    includedLicences: r.includedLicences,
    minQuantity: r.minQuantity,
    maxQuantity: r.maxQuantity,
    listPrice: r.listPrice,
    cost: r.cost,
    currency: r.currency,
    characteristics: r.characteristics as Product["characteristics"],
    policies: r.policies as Product["policies"],
    excludedFromProration: r.excludedFromProration,
    status: r.status as Product["status"],
    managedBy: r.definitionHash ? "definition" : "custom",
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

function toProductType(r: ProductTypeRow, productCount: number): ProductType {
  return {
    id: r.id,
    tenantId: r.tenantId,
    code: r.code,
    name: r.name,
    serviceManagerInstanceId: r.serviceManagerInstanceId,
    policies: r.policies as ProductTypePolicies,
    status: r.status as ProductType["status"],
    productCount,
    cancellationRequests: cancellationOptionsOf(r),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** R-CRQ-01: the options of a product type row. */
export function cancellationOptionsOf(
  r: Pick<
    ProductTypeRow,
    "autoCancelSubscriptions" | "autoCancelAddons" | "cancelThreshold" | "cancelThresholdCurrency"
  >,
): CancellationOptions {
  return {
    automaticSubscriptions: r.autoCancelSubscriptions,
    automaticAddons: r.autoCancelAddons,
    threshold:
      r.cancelThreshold === null || r.cancelThresholdCurrency === null
        ? null
        : { minor: r.cancelThreshold, currency: r.cancelThresholdCurrency },
  };
}

/** R-CRQ-01: the cancellation options of a product type (undefined: no such type in the tenant). */
export async function findCancellationOptions(
  tx: Tx,
  tenantId: string,
  productTypeId: string,
): Promise<CancellationOptions | undefined> {
  const rows = await tx
    .select()
    .from(productTypes)
    .where(and(eq(productTypes.tenantId, tenantId), eq(productTypes.id, productTypeId)));
  return rows[0] ? cancellationOptionsOf(rows[0]) : undefined;
}

/** Locks a product type row and sets its name / cancellation options. */
export async function updateProductTypeRow(
  tx: Tx,
  tenantId: string,
  id: string,
  set: Partial<typeof productTypes.$inferInsert>,
): Promise<boolean> {
  const rows = await tx
    .update(productTypes)
    .set(set)
    .where(and(eq(productTypes.tenantId, tenantId), eq(productTypes.id, id)))
    .returning({ id: productTypes.id });
  return rows.length > 0;
}

// Raw column names: drizzle may render ${column} unqualified, which would bind to p inside the subquery.
const activeCount = sql<number>`(select count(*)::int from products p where p.tenant_id = product_types.tenant_id and p.product_type_id = product_types.id and p.status = 'active')`;

export async function listProductTypes(tx: Tx, tenantId: string): Promise<ProductType[]> {
  const rows = await tx
    .select({ t: productTypes, n: activeCount })
    .from(productTypes)
    .where(eq(productTypes.tenantId, tenantId))
    .orderBy(asc(productTypes.name), asc(productTypes.id));
  return rows.map((r) => toProductType(r.t, Number(r.n)));
}

export async function findProductType(
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<ProductType | undefined> {
  const rows = await tx
    .select({ t: productTypes, n: activeCount })
    .from(productTypes)
    .where(and(eq(productTypes.tenantId, tenantId), eq(productTypes.id, id)));
  const r = rows[0];
  return r ? toProductType(r.t, Number(r.n)) : undefined;
}

export async function insertProductType(tx: Tx, row: typeof productTypes.$inferInsert): Promise<void> {
  await tx.insert(productTypes).values(row);
}

export async function findProduct(tx: Tx, tenantId: string, id: string): Promise<Product | undefined> {
  const rows = await tx
    .select()
    .from(products)
    .where(and(eq(products.tenantId, tenantId), eq(products.id, id)));
  return rows[0] ? toProduct(rows[0]) : undefined;
}

export async function findProductsByIds(
  tx: Tx,
  tenantId: string,
  ids: readonly string[],
): Promise<Product[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select()
    .from(products)
    .where(and(eq(products.tenantId, tenantId), inArray(products.id, [...ids])));
  return rows.map(toProduct);
}

/** Only what a summary (and the upgrade closure's trial check) needs: no policies or characteristics. */
export async function findProductSummariesByIds(
  tx: Tx,
  tenantId: string,
  ids: readonly string[],
): Promise<ProductSummary[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<ProductSummary>(
    tx,
    sql`select id, sku, name, kind, term, is_trial as "isTrial", status from products
        where tenant_id = ${tenantId} and id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
  );
  return rows.map((r) => ({
    id: r.id,
    sku: r.sku,
    name: r.name,
    kind: r.kind,
    term: r.term,
    isTrial: r.isTrial,
    status: r.status,
  }));
}

/** What a product's details need of its type (no product count, which scans the type's products). */
export async function findProductTypeEssentials(
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<Pick<ProductType, "id" | "code" | "name" | "policies" | "serviceManagerInstanceId"> | undefined> {
  const rows = await tx
    .select({
      id: productTypes.id,
      code: productTypes.code,
      name: productTypes.name,
      policies: productTypes.policies,
      serviceManagerInstanceId: productTypes.serviceManagerInstanceId,
    })
    .from(productTypes)
    .where(and(eq(productTypes.tenantId, tenantId), eq(productTypes.id, id)));
  const r = rows[0];
  return r ? { ...r, policies: r.policies as ProductTypePolicies } : undefined;
}

export async function findProductBySku(tx: Tx, tenantId: string, sku: string): Promise<Product | undefined> {
  const rows = await tx
    .select()
    .from(products)
    .where(and(eq(products.tenantId, tenantId), eq(products.sku, sku)));
  return rows[0] ? toProduct(rows[0]) : undefined;
}

const PRODUCT_SORT_COLUMNS = {
  name: products.name,
  sku: products.sku,
  term: products.term,
  listPrice: products.listPrice,
  createdAt: products.createdAt,
} as const;

export async function listProducts(
  tx: Tx,
  tenantId: string,
  f: ListProductsQuery,
): Promise<{ items: Product[]; total: number }> {
  const where: SQL[] = [eq(products.tenantId, tenantId)];
  if (f.productTypeId) where.push(eq(products.productTypeId, f.productTypeId));
  if (f.term) where.push(eq(products.term, f.term));
  if (f.kind) where.push(eq(products.kind, f.kind));
  if (f.isTrial !== undefined) where.push(eq(products.isTrial, f.isTrial));
  if (f.status) where.push(eq(products.status, f.status));
  if (f.sku) where.push(eq(products.sku, f.sku));
  if (f.q) {
    const pattern = likePattern(f.q);
    where.push(or(ilike(products.name, pattern), ilike(products.sku, pattern))!);
  }
  // "kind" (the default): base plans, then trials, then add-ons, each by name.
  const sort = f.sort ?? "kind";
  const dir = sort.startsWith("-") ? desc : asc;
  const sortKey = sort.replace(/^-/, "") as keyof typeof PRODUCT_SORT_COLUMNS | "kind";
  const order =
    sortKey === "kind"
      ? [
          dir(sql`case when ${products.kind} = 'addon' then 2 when ${products.isTrial} then 1 else 0 end`),
          asc(products.name),
        ]
      : [dir(PRODUCT_SORT_COLUMNS[sortKey])];
  const cond = and(...where);
  // One query after the other: callers may pass a transaction, which runs one query at a time.
  const rows = await tx
    .select()
    .from(products)
    .where(cond)
    .orderBy(...order, asc(products.id))
    .limit(f.limit)
    .offset(f.offset);
  const totals = await tx.select({ n: count() }).from(products).where(cond);
  return { items: rows.map(toProduct), total: Number(totals[0]?.n ?? 0) };
}

export async function insertProduct(tx: Tx, row: typeof products.$inferInsert): Promise<void> {
  await tx.insert(products).values(row);
}

export async function updateProductRow(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: Partial<typeof products.$inferInsert>,
): Promise<void> {
  await tx
    .update(products)
    .set(patch)
    .where(and(eq(products.tenantId, tenantId), eq(products.id, id)));
}

/** Add-on products attachable to `parentId`, by name. */
export async function listAddonsOf(tx: Tx, tenantId: string, parentId: string): Promise<Product[]> {
  const rows = await tx
    .select({ p: products })
    .from(productAddons)
    .innerJoin(
      products,
      and(eq(products.tenantId, productAddons.tenantId), eq(products.id, productAddons.addonProductId)),
    )
    .where(and(eq(productAddons.tenantId, tenantId), eq(productAddons.parentProductId, parentId)))
    .orderBy(asc(products.name));
  return rows.map((r) => toProduct(r.p));
}

/**
 * Replaces a product's add-on links under the product's row lock: two replacements at once would
 * otherwise both insert the same (product, add-on) key.
 */
export async function replaceAddonsOf(
  tx: Tx,
  tenantId: string,
  parentId: string,
  addonIds: readonly string[],
) {
  await tx
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.tenantId, tenantId), eq(products.id, parentId)))
    .for("update");
  await tx
    .delete(productAddons)
    .where(and(eq(productAddons.tenantId, tenantId), eq(productAddons.parentProductId, parentId)));
  if (addonIds.length > 0)
    await tx
      .insert(productAddons)
      .values(addonIds.map((addonProductId) => ({ tenantId, parentProductId: parentId, addonProductId })));
}

/** Declared edges among the products of one product type (paths never cross types, R-UPG-06). */
export async function listTypeUpgradeEdges(
  tx: Tx,
  tenantId: string,
  productTypeId: string,
): Promise<{ from: string; to: string }[]> {
  return queryRows<{ from: string; to: string }>(
    tx,
    sql`select u.from_product_id as "from", u.to_product_id as "to"
        from upgrade_paths u join products p on p.tenant_id = u.tenant_id and p.id = u.from_product_id
        where u.tenant_id = ${tenantId} and p.product_type_id = ${productTypeId}`,
  );
}

function toUpgradePath(r: typeof upgradePaths.$inferSelect): UpgradePath {
  return {
    id: r.id,
    fromProductId: r.fromProductId,
    toProductId: r.toProductId,
    source: r.source as UpgradePath["source"],
    createdAt: r.createdAt,
  };
}

export async function listUpgradePaths(
  tx: Tx,
  tenantId: string,
  f: ListUpgradePathsQuery,
): Promise<{ items: UpgradePath[]; total: number }> {
  const where: SQL[] = [eq(upgradePaths.tenantId, tenantId)];
  if (f.productId)
    where.push(or(eq(upgradePaths.fromProductId, f.productId), eq(upgradePaths.toProductId, f.productId))!);
  if (f.source) where.push(eq(upgradePaths.source, f.source));
  if (f.productTypeId)
    where.push(
      sql`exists (select 1 from products p where p.tenant_id = upgrade_paths.tenant_id and p.id = upgrade_paths.from_product_id and p.product_type_id = ${f.productTypeId})`,
    );
  const cond = and(...where);
  const nameOf = (column: AnyPgColumn) =>
    sql`(select p.name from products p where p.tenant_id = ${upgradePaths.tenantId} and p.id = ${column})`;
  const sort = f.sort ?? "from";
  const dir = sort.startsWith("-") ? desc : asc;
  const field = sort.replace(/^-/, "") as (typeof UPGRADE_PATH_SORTS)[number];
  // Then by source product (the default alone keeps each source product's paths together).
  const first = {
    from: [],
    to: [dir(nameOf(upgradePaths.toProductId))],
    source: [dir(upgradePaths.source)],
    createdAt: [dir(upgradePaths.createdAt)],
  }[field];
  // One query after the other: callers may pass a transaction, which runs one query at a time.
  const rows = await tx
    .select()
    .from(upgradePaths)
    .where(cond)
    .orderBy(
      ...first,
      dir(nameOf(upgradePaths.fromProductId)),
      asc(upgradePaths.fromProductId),
      asc(nameOf(upgradePaths.toProductId)),
      asc(upgradePaths.id),
    )
    .limit(f.limit)
    .offset(f.offset);
  const totals = await tx.select({ n: count() }).from(upgradePaths).where(cond);
  return { items: rows.map(toUpgradePath), total: Number(totals[0]?.n ?? 0) };
}

export async function findUpgradePath(
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<UpgradePath | undefined> {
  const rows = await tx
    .select()
    .from(upgradePaths)
    .where(and(eq(upgradePaths.tenantId, tenantId), eq(upgradePaths.id, id)));
  return rows[0] ? toUpgradePath(rows[0]) : undefined;
}

export async function insertUpgradePath(tx: Tx, row: typeof upgradePaths.$inferInsert): Promise<UpgradePath> {
  const [r] = await tx.insert(upgradePaths).values(row).returning();
  return toUpgradePath(r!);
}

export async function deleteUpgradePath(tx: Tx, tenantId: string, id: string): Promise<void> {
  await tx.delete(upgradePaths).where(and(eq(upgradePaths.tenantId, tenantId), eq(upgradePaths.id, id)));
}

export async function listExclusiveSets(tx: Tx, tenantId: string): Promise<ExclusiveSet[]> {
  const rows = await queryRows<{
    id: string;
    code: string;
    name: string;
    scope: ExclusiveSet["scope"];
    product_type_id: string | null;
    created_at: string | Date;
    product_ids: string[] | null;
  }>(
    tx,
    sql`select s.id, s.code, s.name, s.scope, s.product_type_id, s.created_at,
          (select coalesce(array_agg(m.product_id order by m.product_id), '{}') from exclusive_set_members m where m.set_id = s.id) as product_ids
        from exclusive_sets s where s.tenant_id = ${tenantId} order by s.code`,
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    scope: r.scope,
    productTypeId: r.product_type_id,
    productIds: r.product_ids ?? [],
    createdAt: new Date(r.created_at),
  }));
}

export async function listExclusiveSetsOfProduct(
  tx: Tx,
  tenantId: string,
  productId: string,
): Promise<ExclusiveSetSummary[]> {
  const rows = await tx
    .select({
      id: exclusiveSets.id,
      code: exclusiveSets.code,
      name: exclusiveSets.name,
      scope: exclusiveSets.scope,
    })
    .from(exclusiveSetMembers)
    .innerJoin(exclusiveSets, eq(exclusiveSets.id, exclusiveSetMembers.setId))
    .where(and(eq(exclusiveSets.tenantId, tenantId), eq(exclusiveSetMembers.productId, productId)))
    .orderBy(asc(exclusiveSets.code));
  return rows.map((r) => ({ ...r, scope: r.scope as ExclusiveSetSummary["scope"] }));
}
