import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import { getAccount } from "../tenancy/index.ts";
import type { TenantScope } from "./catalog.types.ts";
import { deletePublication, findPublication } from "./storefront.repo.ts";

export async function unpublishFromStorefront(
  deps: Deps,
  actor: TenantScope,
  resellerAccountId: string,
  publicationId: string,
): Promise<void> {
  await getAccount(deps.db, actor.tenantId, resellerAccountId);
  const row = await findPublication(deps.db, actor.tenantId, resellerAccountId, publicationId);
  if (!row) throw notFound("Publication", publicationId);
  await deletePublication(deps.db, actor.tenantId, publicationId);
}
