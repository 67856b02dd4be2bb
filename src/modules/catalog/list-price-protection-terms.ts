import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import type { ListResult, TenantScope } from "./catalog.types.ts";
import { findProtectionTerm, listProtectionTerms } from "./price-protection.repo.ts";
import { type PriceProtectionTerm, protectionTermView } from "./price-protection.view.ts";

export async function listPriceProtectionTerms(
  deps: Deps,
  actor: TenantScope,
  f: { limit: number; offset: number; productId?: string | undefined; productTypeId?: string | undefined },
): Promise<ListResult<PriceProtectionTerm>> {
  const page = await listProtectionTerms(deps.db, actor.tenantId, f);
  return { items: page.items.map(protectionTermView), total: page.total, limit: f.limit, offset: f.offset };
}

export async function getPriceProtectionTerm(
  deps: Deps,
  actor: TenantScope,
  id: string,
): Promise<PriceProtectionTerm> {
  const row = await findProtectionTerm(deps.db, actor.tenantId, id);
  if (!row) throw notFound("Price protection term", id);
  return protectionTermView(row);
}
