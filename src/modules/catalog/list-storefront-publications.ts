import type { Deps } from "../../deps.ts";
import { getAccount } from "../tenancy/index.ts";
import type { TenantScope } from "./catalog.types.ts";
import { type Publication, toPublication } from "./publication.view.ts";
import { listPublications } from "./storefront.repo.ts";

/** A reseller's publications (empty for a reseller without a Storefront). */
export async function listStorefrontPublications(
  deps: Deps,
  actor: TenantScope,
  resellerAccountId: string,
): Promise<Publication[]> {
  await getAccount(deps.db, actor.tenantId, resellerAccountId); // not_found outside the tenant
  return (await listPublications(deps.db, actor.tenantId, resellerAccountId)).map(toPublication);
}
