import type { PlainDate } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import { findProtectionMonths, protectedUntil, protectionKey } from "../catalog/index.ts";

/**
 * R-PRC-02: the protection anniversary of a purchase of `productId` on `start` for a subscription
 * in `currency` on `term` (start + the product's — else its type's — months), null when off.
 * For one purchase at a time (an add-on, a product switch); renewals look up a chunk at once.
 */
export async function protectionFor(
  tx: Tx,
  sub: { tenantId: string; currency: string; term: string },
  productId: string,
  start: PlainDate,
): Promise<string | null> {
  const key = { productId, currency: sub.currency, term: sub.term };
  const months = await findProtectionMonths(tx, sub.tenantId, [key]);
  return protectedUntil(start, months.get(protectionKey(key)));
}
