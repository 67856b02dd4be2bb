import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import type { Violation } from "../../shared/errors.ts";
import {
  effectivePolicies,
  getProductType,
  listProducts,
  loadProductDetails,
  type Product,
  resolvePrices,
} from "../catalog/index.ts";
import { findVisible } from "./get-subscription.ts";
import { heldAddons, publishedFor } from "./plan-changes.apply.ts";
import { planUpgrade } from "./plan-changes.rules.ts";
import { todayFor } from "./subscriptions.core.ts";
import { listAddons } from "./subscriptions.repo.ts";
import type { CommandContext } from "./subscriptions.types.ts";

export interface UpgradeOption {
  product: Pick<Product, "id" | "sku" | "name" | "term" | "isTrial" | "minQuantity" | "maxQuantity">;
  /** The reseller's price per unit and commitment term (R-DSH-06). */
  unitPrice: bigint;
  currency: string;
  allowed: boolean;
  /** Why not, when not allowed (every violation, the first names the rule). */
  violations: Violation[];
}

export interface UpgradeOptions {
  subscriptionId: string;
  /** Licences the options were evaluated for (all, or the partial quantity asked). */
  quantity: number;
  mode: "full" | "partial";
  items: UpgradeOption[];
}

/**
 * The upgrade pop-up (R-DSH-06): every product on the subscription's upgrade paths (R-UPG-01,
 * R-UPG-06) with its price, each allowed or with the violations an upgrade would meet, for the
 * caller's channel (R-SGN-07 refuses monthly Sign upgrades in the Storefront, D2; a Storefront
 * lists only the targets its reseller publishes, R-CAT-07). The products
 * come from one catalogue listing rather than one detailed load each (a Dropbox Standard plan
 * has 60+ upgrades); add-ons are assumed to be offered by the target, as they are across every
 * Dropbox and Sign path — the command's preview checks the target's real add-ons.
 */
export async function listUpgradeOptions(
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string; quantity?: number | undefined },
): Promise<UpgradeOptions> {
  return transaction(deps.db, async (tx) => {
    const sub = await findVisible(tx, ctx.actor, input.subscriptionId);
    const scope = { tenantId: sub.tenantId };
    const source = await loadProductDetails(tx, scope, sub.productId);
    const addons = await listAddons(tx, sub.tenantId, sub.id);
    const today = await todayFor(deps, tx, sub.tenantId);
    const held = await heldAddons(tx, { subscription: sub, product: source, addons, today });
    const txDeps: Deps = { ...deps, db: tx };
    const type = await getProductType(txDeps, scope, source.productTypeId);
    // R-CAT-07: a Storefront offers only the targets its reseller publishes.
    const published = await publishedFor(tx, ctx, sub);
    const onPath = source.upgrades.map((u) => u.id).filter((id) => !published || published.has(id));
    const targets = await productsOf(txDeps, sub.tenantId, source.productTypeId, new Set(onPath));
    const prices = await resolvePrices({ db: tx }, sub.tenantId, [...targets.map((t) => t.id)], {
      resellerAccountId: sub.resellerAccountId,
    });
    const items = targets.map((t): UpgradeOption => {
      const plan = planUpgrade({
        channel: ctx.channel,
        today,
        sub,
        source,
        target: {
          ...t,
          upgrades: [],
          downgrades: [],
          addons: source.addons,
          effectivePolicies: effectivePolicies(type.policies, t.policies),
        },
        held,
        quantity: input.quantity,
      });
      const price = prices.get(t.id);
      return {
        product: {
          id: t.id,
          sku: t.sku,
          name: t.name,
          term: t.term,
          isTrial: t.isTrial,
          minQuantity: t.minQuantity,
          maxQuantity: t.maxQuantity,
        },
        unitPrice: price?.amount ?? t.listPrice,
        currency: price?.currency ?? t.currency,
        allowed: plan.violations.length === 0,
        violations: plan.violations,
      };
    });
    const partial = input.quantity !== undefined && input.quantity < sub.quantity; // more: a full upgrade that raises it
    return {
      subscriptionId: sub.id,
      quantity: input.quantity ?? sub.quantity,
      mode: partial ? "partial" : "full",
      items: items.sort((a, b) => a.product.name.localeCompare(b.product.name)),
    };
  });
}

/** The active base products of a product type among `ids`, page by page. */
async function productsOf(
  deps: Deps,
  tenantId: string,
  productTypeId: string,
  ids: Set<string>,
): Promise<Product[]> {
  if (ids.size === 0) return [];
  const out: Product[] = [];
  for (let offset = 0; ; offset += 500) {
    const query: Parameters<typeof listProducts>[2] = {
      productTypeId,
      kind: "base",
      status: "active",
      limit: 500,
      offset,
    };
    const page = await listProducts(deps, { tenantId }, query);
    out.push(...page.items.filter((p) => ids.has(p.id)));
    if (page.items.length === 0 || offset + page.items.length >= page.total) return out;
  }
}
