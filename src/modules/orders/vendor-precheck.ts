import type { Deps } from "../../deps.ts";
import { precheckNewSubscription } from "../provisioning/index.ts";
import { teamName } from "../subscriptions/index.ts";
import { type Account, type Actor, getAccount, type StorefrontActor } from "../tenancy/index.ts";
import { pricingResellerOf } from "./execute-lines.ts";
import { getOrderToDecide } from "./order-access.ts";
import { type DraftLine, draftFromInput, draftFromRow, productIdsOf } from "./order-lines.ts";
import { loadOrderCatalog, type OrderProduct } from "./order-products.ts";
import { findBasket, listLines } from "./orders.repo.ts";
import type { BssOrderInput, CheckoutInput, LineViolation } from "./orders.types.ts";
import { chooseCustomer, storefrontContext } from "./storefront-context.ts";

export interface VendorPrecheckInput {
  tenantId: string;
  lines: readonly DraftLine[];
  products: ReadonlyMap<string, OrderProduct>;
  /** The customer (null id: created by this checkout) and its country for the vendor. */
  customer: { id: string | null; name: string; country: string | null };
  /** The reseller the customer buys from (the vendor's reseller, unless the line names one). */
  reseller: { id: string; name: string } | null;
}

/**
 * R-PRV-02 at checkout and at order execution (issue 13): before anything is created, every line
 * of a product a service manager provisions is put to the vendor's validate-only call, all lines at
 * once, outside any transaction. A refusal becomes a violation on its line with the vendor's own
 * text (R-EXT-03), so the order stops and nothing is written; a vendor that does not answer in time
 * does not block it (the provisioning job pre-checks again).
 */
export async function vendorPrecheck(deps: Deps, input: VendorPrecheckInput): Promise<LineViolation[]> {
  const checks = input.lines.map(async (line, index): Promise<LineViolation | null> => {
    const product = input.products.get(line.productId);
    if (!product?.serviceManagerInstanceId) return null;
    const skuOf = new Map(product.addons.map((a) => [a.id, a.sku]));
    const country = input.customer.country;
    const answer = await precheckNewSubscription(deps, input.tenantId, {
      productTypeCode: product.productType.code,
      productTypeId: product.productTypeId,
      sku: product.sku,
      quantity: line.quantity,
      addons: line.addons.map((a) => ({ sku: skuOf.get(a.productId) ?? a.productId, quantity: a.quantity })),
      adminEmail: line.serviceDetails.adminEmail ?? "",
      teamName: teamName(product.effectivePolicies, input.customer.name) ?? input.customer.name,
      country: country && /^[A-Z]{2}$/.test(country) ? country : "US",
      resellerId: line.serviceDetails.resellerId ?? null,
      fallbackResellerId: input.reseller?.id ?? input.tenantId,
      resellerName: input.reseller?.name ?? input.customer.name,
      accountId: input.customer.id,
    });
    if (answer.outcome !== "refused") return null;
    const field = answer.code === "user_on_another_team" ? "serviceDetails.adminEmail" : "productId";
    return {
      code: "R-PRV-02",
      message: answer.message,
      details: { vendor: product.productType.code, ...(answer.code ? { vendorCode: answer.code } : {}) },
      lineId: line.id,
      line: index,
      field,
    };
  });
  return (await Promise.all(checks)).filter((v): v is LineViolation => v !== null);
}

/**
 * The flows read what the vendor needs before their transaction (no network call may happen inside
 * one). A read that fails is not reported here: the command's own transaction reads again and
 * answers with the real error.
 */
async function readOrNone<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}

async function customerInput(deps: Deps, customer: Account) {
  const resellerId = pricingResellerOf(customer);
  const reseller =
    resellerId === customer.id
      ? customer
      : resellerId
        ? await getAccount(deps.db, customer.tenantId, resellerId)
        : null;
  return {
    customer: { id: customer.id, name: customer.name, country: countryOf(customer) },
    reseller: reseller ? { id: reseller.id, name: reseller.name } : null,
  };
}

const countryOf = (a: Pick<Account, "address">) =>
  (a.address as { country?: string } | null)?.country ?? null;

/** A BSS order for an existing customer (placed and executed at once). */
export async function vendorPrecheckBssOrder(deps: Deps, tenantId: string, input: BssOrderInput) {
  const read = await readOrNone(async () => {
    const customer = await getAccount(deps.db, tenantId, input.accountId);
    const { products } = await loadOrderCatalog(
      deps.db,
      tenantId,
      productIdsOf(input.lines),
      pricingResellerOf(customer),
    );
    const lines = input.lines.map((l, position) =>
      draftFromInput(l, products.get(l.productId)!, products, "bss", { id: `line-${position}`, position }),
    );
    return { ...(await customerInput(deps, customer)), lines, products };
  });
  return read ? vendorPrecheck(deps, { tenantId, ...read }) : [];
}

/** A Storefront checkout: the basket's lines for the chosen customer (maybe created by it). */
export async function vendorPrecheckCheckout(deps: Deps, actor: StorefrontActor, input: CheckoutInput) {
  const read = await readOrNone(async () => {
    const context = await storefrontContext(deps.db, actor);
    const { account } = await chooseCustomer(deps, deps.db, actor, context, input.customer, false);
    const basket = await findBasketLines(deps, actor);
    if (!basket) return undefined;
    const { products } = await loadOrderCatalog(
      deps.db,
      actor.tenantId,
      productIdsOf(basket),
      context.reseller.id,
    );
    const country =
      input.customer?.kind === "new"
        ? ((input.customer.customer.address as { country?: string } | undefined)?.country ?? null)
        : countryOf(account);
    return {
      customer: { id: input.customer?.kind === "new" ? null : account.id, name: account.name, country },
      reseller: { id: context.reseller.id, name: context.reseller.name },
      lines: basket,
      products,
    };
  });
  return read ? vendorPrecheck(deps, { tenantId: actor.tenantId, ...read }) : [];
}

async function findBasketLines(deps: Deps, actor: StorefrontActor): Promise<DraftLine[] | undefined> {
  const basket = await findBasket(deps.db, actor.tenantId, actor.userId, false);
  if (!basket) return undefined;
  return (await listLines(deps.db, actor.tenantId, basket.id)).map(draftFromRow);
}

/** A placed order about to be executed (staff execution, the reseller's approval). */
export async function vendorPrecheckPlacedOrder(deps: Deps, actor: Actor, orderId: string) {
  const tenantId = actor.tenantId;
  const read = await readOrNone(async () => {
    const order = await getOrderToDecide(deps.db, actor, orderId); // the caller may decide it
    if (!order.accountId) return undefined;
    const customer = await getAccount(deps.db, tenantId, order.accountId);
    const lines = (await listLines(deps.db, tenantId, order.id)).map(draftFromRow);
    const { products } = await loadOrderCatalog(
      deps.db,
      tenantId,
      productIdsOf(lines),
      pricingResellerOf(customer),
    );
    return { ...(await customerInput(deps, customer)), lines, products };
  });
  return read ? vendorPrecheck(deps, { tenantId, ...read }) : [];
}

/** Vendor violations found before the transaction, pointed at the lines it created. */
export function onLines(violations: readonly LineViolation[], lines: readonly DraftLine[]): LineViolation[] {
  return violations.map((v) => ({ ...v, lineId: v.line === null ? null : (lines[v.line]?.id ?? null) }));
}
