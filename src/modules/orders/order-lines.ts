import { AppError } from "../../shared/errors.ts";
import type { Channel } from "../subscriptions/index.ts";
import type { LinePrice, OrderProduct } from "./order-products.ts";
import { addonQuantity, defaultBillingPlan, type RuleLine } from "./orders.rules.ts";
import type { BillingPlan, LineAddon, LineInput, LinePatch, OrderLineRow } from "./orders.types.ts";

/**
 * Lines as the use cases handle them: the shape checks that make a request malformed (400,
 * naming the field) rather than a rule violation (422), and the conversion to rule input and
 * priced rows.
 */

export interface DraftLine {
  id: string;
  position: number;
  productId: string;
  quantity: number;
  billingPlan: BillingPlan;
  addons: LineAddon[];
  serviceDetails: Record<string, string>;
  unitPrice: bigint | null;
  /**
   * The snapshot taken when the line is priced for good (submission; checkout for the Storefront):
   * execution uses it rather than reading today's cost and price list. Null until then (a basket).
   */
  unitCost: bigint | null;
  priceListId: string | null;
  subscriptionId: string | null;
  /** R-TEN-02 / issue 13: the day the subscription starts (BSS lines); null = when executed. */
  startDate: string | null;
  /** R-PRM-01, views only (order-promotions.ts): the promotion snapshot the line's subscription gets. */
  promotion?: Record<string, unknown> | null;
}

function fieldError(path: string, message: string): AppError {
  return new AppError("validation_failed", `Invalid input — ${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

/**
 * A line's product must be a base product, its add-ons attachable to it (once each), its service
 * details keys the product type's. `prefix` is where the line sits in the body ("" or "lines.2.").
 */
export function assertLineShape(
  product: OrderProduct,
  products: ReadonlyMap<string, OrderProduct>,
  addons: ReadonlyArray<{ productId: string }>,
  serviceDetails: Readonly<Record<string, string>>,
  prefix: string,
): void {
  if (product.kind !== "base")
    throw fieldError(`${prefix}productId`, `${product.name} is an add-on; order it on a plan's line`);
  const attachable = new Set(product.addons.map((a) => a.id));
  const seen = new Set<string>();
  addons.forEach((a, i) => {
    // A trial has no add-ons of its own; the pre-check says why (R-TRL-01) rather than a 400.
    const ok = product.isTrial ? products.get(a.productId)?.kind === "addon" : attachable.has(a.productId);
    if (!ok)
      throw fieldError(
        `${prefix}addons.${i}.productId`,
        `${a.productId} is not an add-on of ${product.name}`,
      );
    if (seen.has(a.productId))
      throw fieldError(`${prefix}addons.${i}.productId`, `${a.productId} is listed twice; give it once`);
    seen.add(a.productId);
  });
  const keys = new Set(product.effectivePolicies.serviceDetails.map((d) => d.key));
  for (const key of Object.keys(serviceDetails)) {
    if (!keys.has(key))
      throw fieldError(
        `${prefix}serviceDetails.${key}`,
        `not a service detail of ${product.name} (expected ${[...keys].join(", ") || "none"})`,
      );
  }
}

/** A new line from input: default billing plan (R-ORD-05) and add-on quantities (R-ORD-04, R-SGN-04). */
export function draftFromInput(
  input: LineInput & { startDate?: string | undefined },
  product: OrderProduct,
  products: ReadonlyMap<string, OrderProduct>,
  channel: Channel,
  ids: { id: string; position: number },
): DraftLine {
  return {
    id: ids.id,
    position: ids.position,
    productId: input.productId,
    quantity: input.quantity,
    billingPlan: input.billingPlan ?? defaultBillingPlan(product),
    addons: (input.addons ?? []).map((a) =>
      lineAddon(a, addonQuantity(product, products.get(a.productId)!, channel, input.quantity, a.quantity)),
    ),
    serviceDetails: cleanDetails(input.serviceDetails ?? {}),
    unitPrice: null,
    unitCost: null,
    priceListId: null,
    subscriptionId: null,
    startDate: input.startDate ?? null,
  };
}

/** A basket line with a patch applied (add-ons given anew are re-resolved like on a new line). */
export function applyPatch(
  line: DraftLine,
  patch: LinePatch,
  product: OrderProduct,
  products: ReadonlyMap<string, OrderProduct>,
  channel: Channel,
): DraftLine {
  const quantity = patch.quantity ?? line.quantity;
  const addons = patch.addons
    ? patch.addons.map((a) =>
        lineAddon(a, addonQuantity(product, products.get(a.productId)!, channel, quantity, a.quantity)),
      )
    : line.addons;
  return {
    ...line,
    quantity,
    billingPlan: patch.billingPlan ?? line.billingPlan,
    addons,
    serviceDetails: patch.serviceDetails ? cleanDetails(patch.serviceDetails) : line.serviceDetails,
  };
}

/** An add-on with the quantity it gets, remembering the one asked when that differs (R-SGN-04). */
function lineAddon(asked: { productId: string; quantity?: number | undefined }, quantity: number): LineAddon {
  return {
    productId: asked.productId,
    quantity,
    ...(asked.quantity !== undefined && asked.quantity !== quantity
      ? { requestedQuantity: asked.quantity }
      : {}),
  };
}

/** Empty values mean "not given" (a form's cleared field). */
function cleanDetails(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ""));
}

export function draftFromRow(row: OrderLineRow): DraftLine {
  return {
    id: row.id,
    position: row.position,
    productId: row.productId,
    quantity: row.quantity,
    billingPlan: row.billingPlan as BillingPlan,
    addons: (row.addons as LineAddon[]) ?? [],
    serviceDetails: (row.serviceDetails as Record<string, string>) ?? {},
    unitPrice: row.unitPrice,
    unitCost: row.unitCost,
    priceListId: row.priceListId,
    subscriptionId: row.subscriptionId,
    startDate: row.startDate,
  };
}

/** Every product a set of lines mentions (plans and add-ons). */
export function productIdsOf(
  lines: ReadonlyArray<{ productId: string; addons?: ReadonlyArray<{ productId: string }> }>,
) {
  return lines.flatMap((l) => [l.productId, ...(l.addons ?? []).map((a) => a.productId)]);
}

export function ruleLine(line: DraftLine, products: ReadonlyMap<string, OrderProduct>): RuleLine {
  return {
    lineId: line.id,
    product: products.get(line.productId)!,
    quantity: line.quantity,
    billingPlan: line.billingPlan,
    addons: line.addons.map((a) => ({
      product: products.get(a.productId)!,
      quantity: a.quantity,
      ...(a.requestedQuantity !== undefined ? { requestedQuantity: a.requestedQuantity } : {}),
    })),
    serviceDetails: line.serviceDetails,
  };
}

/**
 * The line with its prices set (plan and each add-on), from the order's price resolution, and the
 * snapshot of costs and price list that execution uses (R-ORD-08 creates the subscriptions with it).
 */
export function pricedLine(line: DraftLine, prices: ReadonlyMap<string, LinePrice>): DraftLine {
  const price = prices.get(line.productId)!;
  return {
    ...line,
    unitPrice: price.unitPrice,
    unitCost: price.unitCost,
    priceListId: price.priceListId,
    addons: line.addons.map((a) => {
      const p = prices.get(a.productId)!;
      return { ...a, unitPrice: p.unitPrice.toString(), unitCost: p.unitCost.toString() };
    }),
  };
}

/** A line's amount: plan price × quantity plus each add-on's price × its quantity (null if unpriced). */
export function lineTotal(line: Pick<DraftLine, "unitPrice" | "quantity" | "addons">): bigint | null {
  if (line.unitPrice === null) return null;
  let total = line.unitPrice * BigInt(line.quantity);
  for (const a of line.addons) {
    if (a.unitPrice === undefined) return null;
    total += BigInt(a.unitPrice) * BigInt(a.quantity);
  }
  return total;
}

export function orderTotal(lines: ReadonlyArray<Pick<DraftLine, "unitPrice" | "quantity" | "addons">>) {
  let total = 0n;
  for (const l of lines) {
    const t = lineTotal(l);
    if (t === null) return null;
    total += t;
  }
  return total;
}
