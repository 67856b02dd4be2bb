import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import { findProductsByIds } from "./catalog.repo.ts";
import type { TenantScope } from "./catalog.types.ts";
import { amountOf } from "./catalog.validate.ts";
import type { EntryInput } from "./price-list-entry.view.ts";
import { findPriceList, upsertEntries } from "./pricing.repo.ts";

/** Adds or replaces many entries at once (one statement); every product must be the tenant's. */
export async function upsertPriceListEntries(
  deps: Deps,
  actor: TenantScope,
  priceListId: string,
  entries: readonly EntryInput[],
): Promise<{ upserted: number }> {
  return transaction(deps.db, async (tx) => {
    const list = await findPriceList(tx, actor.tenantId, priceListId);
    if (!list) throw notFound("Price list", priceListId);
    // One entry per product (a single upsert statement cannot touch one row twice): 400, not a 500.
    const seen = new Set<string>();
    const twice = entries.findIndex((e) => seen.size === seen.add(e.productId).size);
    if (twice >= 0) {
      const message = `${entries[twice]!.productId} is listed twice; give it once`;
      throw new AppError("validation_failed", `Invalid input — entries.${twice}.productId: ${message}`, {
        issues: [{ path: `entries.${twice}.productId`, message }],
      });
    }
    const ids = entries.map((e) => e.productId);
    const found = new Set((await findProductsByIds(tx, actor.tenantId, ids)).map((p) => p.id));
    const missing = ids.find((id) => !found.has(id));
    if (missing) throw notFound("Product", missing);
    const rows = entries.map((e, i) => ({
      productId: e.productId,
      unitPrice: amountOf(e.unitPrice, list.currency, `entries.${i}.unitPrice`),
      cost: e.cost == null ? null : amountOf(e.cost, list.currency, `entries.${i}.cost`),
    }));
    await upsertEntries(tx, actor.tenantId, priceListId, rows, deps.clock.now());
    return { upserted: rows.length };
  });
}
