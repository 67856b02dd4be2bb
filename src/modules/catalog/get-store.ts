import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import { findAccountByAlias } from "../tenancy/index.ts";
import { buildStoreView, type StoreView } from "./store.view.ts";
import { isStorefrontReseller } from "./storefront-reseller.ts";

/** The public Storefront of /store/<alias>: not_found for an unknown alias or a reseller without a Storefront. */
export async function getStore(deps: Deps, alias: string): Promise<StoreView> {
  const account = await findAccountByAlias(deps.db, alias);
  if (!account || !isStorefrontReseller(account)) throw notFound("Store", alias);
  return buildStoreView(deps, account);
}
