import { addMonths, type PlainDate } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import { findProtectionMonthsRows, type ProtectionKey } from "./price-protection.repo.ts";

export type { ProtectionKey };

export const protectionKey = (k: ProtectionKey) => `${k.productId}|${k.currency}|${k.term}`;

/**
 * R-PRC-02: the protection months of many (productId, currency, term) at once — the product's own
 * term, else its product type's, else 0 (off). One statement; read the map with `protectionKey`.
 */
export async function findProtectionMonths(
  tx: Tx,
  tenantId: string,
  keys: readonly ProtectionKey[],
): Promise<Map<string, number>> {
  const unique = new Map(keys.map((k) => [protectionKey(k), k]));
  const rows = await findProtectionMonthsRows(tx, tenantId, [...unique.values()]);
  return new Map(rows.map((r) => [protectionKey(r), r.months]));
}

/** The protection anniversary of a purchase on `start`: start + months (month ends clamp), or null when off. */
export function protectedUntil(start: PlainDate, months: number | undefined): string | null {
  return months && months > 0 ? addMonths(start, months).toString() : null;
}
