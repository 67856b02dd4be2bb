import { and, asc, eq, inArray } from "drizzle-orm";
import { queryNamed, queryRows, sql, type Tx } from "../../shared/db.ts";
import { promotionProducts, promotions } from "./catalog.schema.ts";

/** The only SQL of promotions (R-PRM-01) and their products. */

export type PromotionRow = typeof promotions.$inferSelect;
export type PromotionProductRow = typeof promotionProducts.$inferSelect;

export async function insertPromotion(tx: Tx, row: PromotionRow): Promise<void> {
  await tx.insert(promotions).values(row);
}

export async function updatePromotionRow(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: Partial<Omit<PromotionRow, "id" | "tenantId">>,
): Promise<void> {
  await tx
    .update(promotions)
    .set(patch)
    .where(and(eq(promotions.tenantId, tenantId), eq(promotions.id, id)));
}

export async function findPromotion(
  tx: Tx,
  tenantId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<PromotionRow | undefined> {
  const q = tx
    .select()
    .from(promotions)
    .where(and(eq(promotions.tenantId, tenantId), eq(promotions.id, id)));
  const rows = options.lock ? await q.for("update") : await q;
  return rows[0];
}

/** Replaces a promotion's products of both roles. */
export async function setPromotionProducts(
  tx: Tx,
  tenantId: string,
  promotionId: string,
  products: { eligible: readonly string[]; prerequisite: readonly string[] },
): Promise<void> {
  await tx
    .delete(promotionProducts)
    .where(and(eq(promotionProducts.tenantId, tenantId), eq(promotionProducts.promotionId, promotionId)));
  const rows: PromotionProductRow[] = [
    ...products.eligible.map((productId) => ({ tenantId, promotionId, productId, role: "eligible" })),
    ...products.prerequisite.map((productId) => ({ tenantId, promotionId, productId, role: "prerequisite" })),
  ];
  if (rows.length) await tx.insert(promotionProducts).values(rows);
}

export async function listPromotionProducts(
  tx: Tx,
  tenantId: string,
  promotionIds: readonly string[],
): Promise<PromotionProductRow[]> {
  if (promotionIds.length === 0) return [];
  return tx
    .select()
    .from(promotionProducts)
    .where(
      and(
        eq(promotionProducts.tenantId, tenantId),
        inArray(promotionProducts.promotionId, [...promotionIds]),
      ),
    )
    .orderBy(asc(promotionProducts.role), asc(promotionProducts.productId));
}

export interface PromotionFilter {
  /** Active on this day (start ≤ day ≤ end). */
  activeOn?: string | undefined;
  productId?: string | undefined;
  /** Relative to `today`: scheduled (starts later), active, ended. */
  status?: "scheduled" | "active" | "ended" | undefined;
  today: string;
  /** One of PROMOTION_SORTS (`-` descending); newest start first without one. */
  sort?: string | undefined;
  limit: number;
  offset: number;
}

const PROMOTION_SORT_SQL = {
  startDate: sql`p.start_date`,
  endDate: sql`p.end_date`,
  name: sql`p.name`,
} as const;

/** A page of promotions, newest start first unless `sort` says otherwise. */
export async function listPromotionRows(
  tx: Tx,
  tenantId: string,
  f: PromotionFilter,
): Promise<{ items: PromotionRow[]; total: number }> {
  const conds = [sql`p.tenant_id = ${tenantId}`];
  if (f.activeOn)
    conds.push(
      sql`p.start_date <= ${f.activeOn}::date and (p.end_date is null or p.end_date >= ${f.activeOn}::date)`,
    );
  if (f.productId)
    conds.push(
      sql`exists (select 1 from promotion_products pp where pp.tenant_id = p.tenant_id and pp.promotion_id = p.id
                  and pp.role = 'eligible' and pp.product_id = ${f.productId})`,
    );
  if (f.status === "scheduled") conds.push(sql`p.start_date > ${f.today}::date`);
  if (f.status === "active")
    conds.push(
      sql`p.start_date <= ${f.today}::date and (p.end_date is null or p.end_date >= ${f.today}::date)`,
    );
  if (f.status === "ended") conds.push(sql`p.end_date < ${f.today}::date`);
  const where = sql.join(conds, sql` and `);
  const sort = f.sort ?? "-startDate";
  const column =
    PROMOTION_SORT_SQL[sort.replace(/^-/, "") as keyof typeof PROMOTION_SORT_SQL] ?? sql`p.start_date`;
  // An open end (null) is the latest end: last ascending, first descending.
  const dir = sort.startsWith("-") ? sql`desc nulls first` : sql`asc nulls last`;
  const ids = await queryRows<{ id: string; total: string | number }>(
    tx,
    sql`select p.id, count(*) over () as total from promotions p where ${where}
        order by ${column} ${dir}, p.start_date desc, p.id limit ${f.limit} offset ${f.offset}`,
  );
  let total = Number(ids[0]?.total ?? 0);
  if (ids.length === 0 && f.offset > 0) {
    const n = await queryRows<{ n: string | number }>(
      tx,
      sql`select count(*) as n from promotions p where ${where}`,
    );
    total = Number(n[0]?.n ?? 0);
  }
  if (ids.length === 0) return { items: [], total };
  const rows = await tx
    .select()
    .from(promotions)
    .where(
      and(
        eq(promotions.tenantId, tenantId),
        inArray(
          promotions.id,
          ids.map((r) => r.id),
        ),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { items: ids.map((r) => byId.get(r.id)!), total };
}

/**
 * Promotions of `tenantId` active on `day` whose eligible products include `productId`, with their
 * prerequisite products (the candidates of choosePromotion).
 */
export async function findActivePromotionsFor(
  tx: Tx,
  tenantId: string,
  productId: string,
  day: string,
): Promise<Array<PromotionRow & { prerequisites: string[] }>> {
  const ids = await queryNamed<{ id: string }>(
    tx,
    sql`select p.id from promotions p
        join promotion_products pp on pp.tenant_id = p.tenant_id and pp.promotion_id = p.id
          and pp.role = 'eligible' and pp.product_id = ${productId}
        where p.tenant_id = ${tenantId} and p.start_date <= ${day}::date
          and (p.end_date is null or p.end_date >= ${day}::date)`,
  );
  if (ids.length === 0) return [];
  const rows = await tx
    .select()
    .from(promotions)
    .where(
      and(
        eq(promotions.tenantId, tenantId),
        inArray(
          promotions.id,
          ids.map((r) => r.id),
        ),
      ),
    );
  const products = await listPromotionProducts(
    tx,
    tenantId,
    rows.map((r) => r.id),
  );
  return rows
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((r) => ({
      ...r,
      prerequisites: products
        .filter((p) => p.promotionId === r.id && p.role === "prerequisite")
        .map((p) => p.productId),
    }));
}
