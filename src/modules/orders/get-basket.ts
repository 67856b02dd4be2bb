import type { Deps } from "../../deps.ts";
import { type Tx, transaction } from "../../shared/db.ts";
import { toMoneyJson } from "../../shared/money.ts";
import { parseInput } from "../../shared/parse-input.ts";
import type { StorefrontActor } from "../tenancy/index.ts";
import { draftFromRow, orderTotal, pricedLine, productIdsOf } from "./order-lines.ts";
import { loadOrderCatalog, loadTenantSettings } from "./order-products.ts";
import { withPromotions } from "./order-promotions.ts";
import { type BasketJson, lineJson, violationJson } from "./orders.json.ts";
import { findBasket, listLines } from "./orders.repo.ts";
import { type CustomerChoice, PrecheckInput } from "./orders.types.ts";
import { precheckOrder } from "./precheck-order.ts";
import { asStorefront, chooseCustomer, storefrontContext } from "./storefront-context.ts";

/**
 * The signed-in Storefront user's basket (one per user): its lines priced at the Storefront's
 * current prices, and the pre-check — every violation, each naming its line and field.
 * Without a basket yet, an empty one (id null).
 */
export async function getBasket(deps: Deps, actor: StorefrontActor): Promise<BasketJson> {
  return inRolledBackTransaction(deps, (tx) => buildBasketView(deps, tx, asStorefront(actor), undefined));
}

/**
 * The pre-check for a given customer choice (R-ORD-06 depends on whether it is the customer's
 * first order, R-ORD-11). Runs in a transaction that is always rolled back: the R-ORD-02 probe
 * writes nothing that survives.
 */
export async function precheckBasket(
  deps: Deps,
  actor: StorefrontActor,
  rawInput: unknown,
): Promise<BasketJson> {
  const input = parseInput(PrecheckInput, rawInput ?? {});
  return inRolledBackTransaction(deps, (tx) =>
    buildBasketView(deps, tx, asStorefront(actor), input.customer),
  );
}

class Rollback extends Error {
  constructor(readonly value: unknown) {
    super("rollback");
  }
}

/** The basket view inside the caller's transaction (also the answer of the line routes). */
export async function buildBasketView(
  deps: Deps,
  tx: Tx,
  actor: StorefrontActor,
  choice: CustomerChoice | undefined,
): Promise<BasketJson> {
  const context = await storefrontContext(tx, actor);
  const basket = await findBasket(tx, actor.tenantId, actor.userId);
  const tenant = await loadTenantSettings(tx, actor.tenantId);
  if (!basket) return { id: null, currency: tenant.currency, lines: [], total: null, violations: [] };
  const rows = await listLines(tx, actor.tenantId, basket.id);
  const { products, prices } = await loadOrderCatalog(
    tx,
    actor.tenantId,
    productIdsOf(rows.map(draftFromRow)),
    context.reseller.id,
  );
  const lines = rows.map((r) => pricedLine(draftFromRow(r), prices));
  const customer = await chooseCustomer(deps, tx, actor, context, choice, false);
  const violations =
    lines.length === 0
      ? []
      : await precheckOrder(deps, tx, {
          tenantId: actor.tenantId,
          channel: "storefront",
          lines,
          products,
          customer: { id: customer.account.id, isNew: customer.isNew },
          storeResellerId: context.reseller.id,
          probe: { ctx: { actor, channel: "storefront" }, today: deps.clock.today(tenant.timeZone) },
        });
  const total = orderTotal(lines);
  return {
    id: basket.id,
    currency: basket.currency,
    lines: (
      await withPromotions(tx, {
        tenantId: actor.tenantId,
        accountId: customer.account.id,
        lines,
        products,
        today: deps.clock.today(tenant.timeZone),
        currency: basket.currency,
      })
    ).map((l) => lineJson(l, products, basket.currency)),
    total: total === null ? null : toMoneyJson(total, basket.currency),
    violations: violations.map(violationJson),
  };
}

/** Reads that probe constraints (R-ORD-02) run in a transaction that is always rolled back. */
async function inRolledBackTransaction<T>(deps: Deps, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    await transaction(deps.db, async (tx) => {
      throw new Rollback(await fn(tx));
    });
  } catch (e) {
    if (e instanceof Rollback) return e.value as T;
    throw e;
  }
  throw new Error("unreachable: the transaction always throws");
}
