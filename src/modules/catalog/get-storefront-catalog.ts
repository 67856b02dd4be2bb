import type { Deps } from "../../deps.ts";
import { getAccount, type StorefrontActor } from "../tenancy/index.ts";
import { buildStoreView, type StoreView } from "./store.view.ts";
import { isStorefrontReseller } from "./storefront-reseller.ts";

/**
 * What a signed-in Storefront user can order: the published products of their reseller (the
 * reseller itself, or an end customer's reseller). A direct customer, or the customer of a
 * reseller without a Storefront, sees an empty catalogue (store null).
 */
export async function getStorefrontCatalog(
  deps: Deps,
  actor: StorefrontActor,
): Promise<{ store: StoreView | null }> {
  const own = await getAccount(deps.db, actor.tenantId, actor.accountId);
  const resellerId =
    own.kind === "reseller" ? own.id : own.kind === "end_customer" ? own.parentAccountId : null;
  if (!resellerId) return { store: null };
  const reseller = resellerId === own.id ? own : await getAccount(deps.db, actor.tenantId, resellerId);
  if (!isStorefrontReseller(reseller)) return { store: null };
  return { store: await buildStoreView(deps, reseller) };
}
