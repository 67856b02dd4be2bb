import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import { toMoneyJson } from "../../shared/money.ts";
import { getStorefrontCatalog, loadProductDetails } from "../catalog/index.ts";
import type { StorefrontActor } from "../tenancy/index.ts";

/**
 * What the Storefront's "add to basket" form needs about one published product: the billing
 * plans its term allows (R-ORD-05), its minimum, its published add-ons with their prices, and
 * the service details its product type asks for (R-ORD-06). The rules themselves stay in the
 * pre-check; this only lets the form offer the right fields. Unpublished products are 404.
 */
export async function getOrderableProduct(deps: Deps, actor: StorefrontActor, productId: string) {
  const { store } = await getStorefrontCatalog(deps, actor);
  const listed = store?.products.find((p) => p.id === productId);
  if (!store || !listed || listed.kind === "addon") throw notFound("Product", productId);
  const product = await loadProductDetails(deps.db, { tenantId: actor.tenantId }, productId);
  const policies = product.effectivePolicies;
  const plans = policies.billingPlans[product.term]?.allowed ?? ["monthly", "one_off"];
  const byId = new Map(store.products.map((p) => [p.id, p]));
  return {
    id: listed.id,
    sku: listed.sku,
    name: listed.name,
    description: listed.description,
    features: listed.features,
    term: listed.term,
    isTrial: listed.isTrial,
    minQuantity: listed.minQuantity,
    maxQuantity: listed.maxQuantity,
    unitPrice: toMoneyJson(listed.unitPrice.amount, listed.unitPrice.currency),
    billingPlans: plans,
    addons: product.addons.flatMap((a) => {
      const p = byId.get(a.id);
      return p
        ? [
            {
              id: p.id,
              sku: p.sku,
              name: p.name,
              unitPrice: toMoneyJson(p.unitPrice.amount, p.unitPrice.currency),
            },
          ]
        : [];
    }),
    serviceDetails: policies.serviceDetails.map((d) => ({
      key: d.key,
      label: d.label,
      kind: d.kind,
      required: d.required,
      firstOrderOnly: d.firstOrderOnly,
    })),
  };
}
