import type { Deps } from "../../deps.ts";
import type { Tx } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import {
  findProduct,
  findProductSummariesByIds,
  findProductTypeEssentials,
  listAddonsOf,
  listExclusiveSetsOfProduct,
  listTypeUpgradeEdges,
} from "./catalog.repo.ts";
import { upgradesAndDowngrades } from "./catalog.rules.ts";
import type {
  Product,
  ProductDetails,
  ProductSummary,
  ProductTypePolicies,
  TenantScope,
} from "./catalog.types.ts";

export function toSummary(p: Product): ProductSummary {
  return {
    id: p.id,
    sku: p.sku,
    name: p.name,
    kind: p.kind,
    term: p.term,
    isTrial: p.isTrial,
    status: p.status,
  };
}

/** The product type's policies with the product's overrides (one level: a policy is replaced whole). */
export function effectivePolicies(
  typePolicies: ProductTypePolicies,
  overrides: Partial<ProductTypePolicies>,
): ProductTypePolicies {
  return { ...typePolicies, ...overrides };
}

/**
 * A product with what ordering and changes need: its add-ons, its upgrades (closure of the
 * declared paths) and downgrades (implied, R-UPG-06), its exclusive sets and effective policies.
 * Other modules call it with `{ tenantId }`.
 */
export async function getProduct(deps: Deps, scope: TenantScope, id: string): Promise<ProductDetails> {
  return loadProductDetails(deps.db, scope, id);
}

/** getProduct on a given handle: inside a transaction, other modules pass their `tx` (stack-traps #2). */
export async function loadProductDetails(db: Tx, scope: TenantScope, id: string): Promise<ProductDetails> {
  const product = await findProduct(db, scope.tenantId, id);
  if (!product) throw notFound("Product", id);
  // One query at a time: `db` is often a transaction, which runs one query at a time anyway.
  const type = await findProductTypeEssentials(db, scope.tenantId, product.productTypeId);
  const addons = await listAddonsOf(db, scope.tenantId, id);
  const edges = await listTypeUpgradeEdges(db, scope.tenantId, product.productTypeId);
  const exclusiveSets = await listExclusiveSetsOfProduct(db, scope.tenantId, id);
  const ids = new Set(edges.flatMap((e) => [e.from, e.to]));
  // Summaries only: a Dropbox type has 400+ related products, and their policies are not needed here.
  const related = new Map(
    (await findProductSummariesByIds(db, scope.tenantId, [...ids])).map((p) => [p.id, p]),
  );
  const closure = upgradesAndDowngrades(edges, id, (pid) => related.get(pid)?.isTrial ?? false);
  const pick = (list: string[]) =>
    list
      .map((pid) => related.get(pid))
      .filter((p): p is ProductSummary => p !== undefined && p.status === "active")
      .map((p) => ({ ...p }))
      .sort((a, b) => a.name.localeCompare(b.name));
  return {
    ...product,
    productType: { id: type!.id, code: type!.code, name: type!.name },
    addons: addons.filter((a) => a.status === "active").map(toSummary),
    upgrades: pick(closure.upgrades),
    downgrades: pick(closure.downgrades),
    exclusiveSets,
    effectivePolicies: effectivePolicies(type!.policies, product.policies),
  };
}
