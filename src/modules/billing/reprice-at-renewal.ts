import { sql, type Tx } from "../../shared/db.ts";

/** A renewal's new unit price (per unit and commitment term) for a subscription's base or an add-on. */
export interface RenewalPrice {
  subscriptionId: string;
  /** null: the base item. */
  addonId: string | null;
  unitPrice: bigint;
}

/**
 * R-PRC-01 (issue 14): the renewed term bills its new price. Set-based — one UPDATE … FROM
 * (values) for the base items and one for the add-ons of a whole renewal chunk, no round trip
 * per subscription. The run renews a term on its first day before it invoices that day, and
 * billing is in advance, so every period not billed yet (the new term's first period on) takes
 * the new price, and licences added later cost it too (R-QTY-01: the item's own price). Billed
 * periods never change. An item with a scheduled next price (`next_price_from`) keeps it: the
 * pending change wins. Returns the number of items repriced.
 */
export async function repriceAtRenewal(
  tx: Tx,
  tenantId: string,
  rows: readonly RenewalPrice[],
  now: Date,
): Promise<number> {
  let n = 0;
  const base = rows.filter((r) => r.addonId === null);
  const addons = rows.filter((r) => r.addonId !== null);
  const at = now.toISOString();
  if (base.length > 0) {
    const json = JSON.stringify(base.map((r) => ({ s: r.subscriptionId, p: r.unitPrice.toString() })));
    const result = await tx.execute(sql`
      update billing_items b set unit_price = v.p, updated_at = ${at}::timestamptz
      from jsonb_to_recordset(${json}::jsonb) as v(s text, p bigint)
      where b.tenant_id = ${tenantId} and b.addon_id is null and b.subscription_id = v.s
        and b.status = 'active' and b.next_price_from is null and b.unit_price <> v.p`);
    n += affected(result);
  }
  if (addons.length > 0) {
    const json = JSON.stringify(addons.map((r) => ({ a: r.addonId, p: r.unitPrice.toString() })));
    const result = await tx.execute(sql`
      update billing_items b set unit_price = v.p, updated_at = ${at}::timestamptz
      from jsonb_to_recordset(${json}::jsonb) as v(a text, p bigint)
      where b.tenant_id = ${tenantId} and b.addon_id = v.a
        and b.status = 'active' and b.next_price_from is null and b.unit_price <> v.p`);
    n += affected(result);
  }
  return n;
}

function affected(result: unknown): number {
  const r = result as { rowCount?: number | null; affectedRows?: number };
  return Number(r.rowCount ?? r.affectedRows ?? 0);
}
