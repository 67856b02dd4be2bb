import type { Tx } from "../../shared/db.ts";
import { AppError, conflict } from "../../shared/errors.ts";
import { getAccount } from "../tenancy/index.ts";
import { findEffectivePriceList, lockPriceListOwner } from "./pricing.repo.ts";

/**
 * A price list may belong to one reseller of the tenant (its markup list), one list per reseller —
 * under a per-owner lock, so concurrent requests for one owner cannot all pass the check.
 */
export async function checkPriceListOwner(
  tx: Tx,
  tenantId: string,
  accountId: string,
  exceptListId?: string,
): Promise<void> {
  const account = await getAccount(tx, tenantId, accountId); // not_found for another tenant's account
  if (account.kind !== "reseller")
    throw new AppError("validation_failed", "A price list can only belong to a reseller account.", {
      field: "ownerAccountId",
    });
  await lockPriceListOwner(tx, tenantId, accountId); // held until commit: the check below stays true
  const existing = await findEffectivePriceList(tx, tenantId, accountId);
  if (existing && existing.ownerAccountId === accountId && existing.id !== exceptListId)
    throw conflict(`${account.name} already has a price list.`, {
      field: "ownerAccountId",
      priceListId: existing.id,
    });
}
