import { and, asc, count, eq, type SQL } from "drizzle-orm";
import { queryNamed, sql, type Tx } from "../../shared/db.ts";
import { priceProtectionTerms } from "./catalog.schema.ts";

/** The only SQL of price protection terms (R-PRC-02). */

export type ProtectionTermRow = typeof priceProtectionTerms.$inferSelect;

export async function listProtectionTerms(
  tx: Tx,
  tenantId: string,
  f: { limit: number; offset: number; productId?: string | undefined; productTypeId?: string | undefined },
): Promise<{ items: ProtectionTermRow[]; total: number }> {
  const where: SQL[] = [eq(priceProtectionTerms.tenantId, tenantId)];
  if (f.productId) where.push(eq(priceProtectionTerms.productId, f.productId));
  if (f.productTypeId) where.push(eq(priceProtectionTerms.productTypeId, f.productTypeId));
  const cond = and(...where);
  const items = await tx
    .select()
    .from(priceProtectionTerms)
    .where(cond)
    .orderBy(
      asc(priceProtectionTerms.currency),
      asc(priceProtectionTerms.term),
      asc(priceProtectionTerms.createdAt),
      asc(priceProtectionTerms.id),
    )
    .limit(f.limit)
    .offset(f.offset);
  const totals = await tx.select({ n: count() }).from(priceProtectionTerms).where(cond);
  return { items, total: Number(totals[0]?.n ?? 0) };
}

export async function findProtectionTerm(
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<ProtectionTermRow | undefined> {
  const rows = await tx
    .select()
    .from(priceProtectionTerms)
    .where(and(eq(priceProtectionTerms.tenantId, tenantId), eq(priceProtectionTerms.id, id)));
  return rows[0];
}

export async function insertProtectionTerm(tx: Tx, row: ProtectionTermRow): Promise<void> {
  await tx.insert(priceProtectionTerms).values(row);
}

export async function updateProtectionTerm(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: { months: number; updatedAt: Date },
): Promise<ProtectionTermRow | undefined> {
  const rows = await tx
    .update(priceProtectionTerms)
    .set(patch)
    .where(and(eq(priceProtectionTerms.tenantId, tenantId), eq(priceProtectionTerms.id, id)))
    .returning();
  return rows[0];
}

export async function deleteProtectionTerm(tx: Tx, tenantId: string, id: string): Promise<boolean> {
  const rows = await tx
    .delete(priceProtectionTerms)
    .where(and(eq(priceProtectionTerms.tenantId, tenantId), eq(priceProtectionTerms.id, id)))
    .returning({ id: priceProtectionTerms.id });
  return rows.length > 0;
}

export interface ProtectionKey {
  productId: string;
  currency: string;
  term: string;
}

/**
 * The protection months of many (product, currency, term) in ONE statement: the product's own
 * row, else its type's, else 0 (off). Unknown products answer 0.
 */
export async function findProtectionMonthsRows(
  tx: Tx,
  tenantId: string,
  keys: readonly ProtectionKey[],
): Promise<Array<ProtectionKey & { months: number }>> {
  if (keys.length === 0) return [];
  const json = JSON.stringify(keys.map((k) => ({ p: k.productId, c: k.currency, t: k.term })));
  const rows = await queryNamed<{ p: string; c: string; t: string; months: number | string }>(
    tx,
    sql`select k.p, k.c, k.t, coalesce(pp.months, tp.months, 0) as months
        from jsonb_to_recordset(${json}::jsonb) as k(p text, c text, t text)
        left join products pr on pr.tenant_id = ${tenantId} and pr.id = k.p
        left join price_protection_terms pp on pp.tenant_id = ${tenantId} and pp.product_id = k.p
          and pp.currency = k.c and pp.term = k.t
        left join price_protection_terms tp on tp.tenant_id = ${tenantId}
          and tp.product_type_id = pr.product_type_id and tp.currency = k.c and tp.term = k.t`,
  );
  return rows.map((r) => ({ productId: r.p, currency: r.c, term: r.t, months: Number(r.months) }));
}
