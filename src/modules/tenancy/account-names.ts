import type { Db } from "../../shared/db.ts";
import { findAccountNames } from "./accounts.repo.ts";

/**
 * The names of accounts of `tenantId`, by id, in one query: list endpoints of other modules
 * (orders, subscriptions) show the customer's name beside each row without a lookup per row.
 * Ids of other tenants or unknown ids are left out. The caller has already scoped the rows it
 * lists (a row's account is visible to whoever may see the row).
 */
export async function accountNames(
  db: Db,
  tenantId: string,
  ids: Iterable<string | null | undefined>,
): Promise<Map<string, string>> {
  const unique = [...new Set([...ids].filter((id): id is string => Boolean(id)))];
  if (unique.length === 0) return new Map();
  const rows = await findAccountNames(db, tenantId, unique);
  return new Map(rows.map((r) => [r.id, r.name]));
}
