import type { Deps } from "../../deps.ts";
import type { PlainDate } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import { listPublishedProducts } from "../catalog/index.ts";
import { type CommandContext, createSubscription, exclusiveKey } from "../subscriptions/index.ts";
import { type DraftLine, ruleLine } from "./order-lines.ts";
import type { OrderProduct } from "./order-products.ts";
import { hasSubmittedOrders } from "./orders.repo.ts";
import { needsFirstOrderCheck, precheckLines } from "./orders.rules.ts";
import type { LineViolation } from "./orders.types.ts";

/**
 * The pre-check of an order with what only the database knows: the Storefront's publications
 * (R-CAT-07), whether it is the customer's first order (R-ORD-06), and which admin emails
 * already hold a live plan (R-ORD-02). The rules themselves are the pure orders.rules.
 */
export interface PrecheckInput {
  tenantId: string;
  channel: "bss" | "storefront";
  lines: readonly DraftLine[];
  products: ReadonlyMap<string, OrderProduct>;
  /** The customer when known; a new customer (created at checkout) is always a first order. */
  customer: { id: string; isNew: boolean } | null;
  /** Storefront: the reseller whose publications decide what can be ordered (R-CAT-07). */
  storeResellerId?: string | undefined;
  /** Probe the one-plan-per-admin-email constraint (R-ORD-02); needs who would create the subscription. */
  probe?: { ctx: CommandContext; today: PlainDate } | undefined;
}

export async function precheckOrder(deps: Deps, tx: Tx, input: PrecheckInput): Promise<LineViolation[]> {
  const lines = input.lines.map((l) => ruleLine(l, input.products));
  let firstOrder = false;
  if (input.customer && needsFirstOrderCheck(lines))
    firstOrder = input.customer.isNew || !(await hasSubmittedOrders(tx, input.tenantId, input.customer.id));
  const published = input.storeResellerId
    ? new Set((await listPublishedProducts(tx, input.tenantId, input.storeResellerId)).map((p) => p.id))
    : undefined;
  const takenKeys = input.probe ? await probeTakenKeys(deps, tx, input, input.probe) : undefined;
  return precheckLines(lines, { channel: input.channel, firstOrder, published, takenKeys });
}

class ProbeRollback extends Error {}

/**
 * R-ORD-02 is a unique index on live subscriptions (the rule and the constraint are one). The
 * pre-check asks the index itself: it creates each line's subscription inside a savepoint that is
 * always rolled back, so no second query can drift from the constraint and nothing is written.
 */
async function probeTakenKeys(
  deps: Deps,
  tx: Tx,
  input: PrecheckInput,
  probe: { ctx: CommandContext; today: PlainDate },
): Promise<Set<string>> {
  const taken = new Set<string>();
  const seen = new Set<string>();
  for (const line of input.lines) {
    const product = input.products.get(line.productId)!;
    const email = line.serviceDetails.adminEmail;
    const key = exclusiveKey(product.effectivePolicies, product.productType.code, product.kind, email);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    try {
      await tx.transaction(async (sp) => {
        await createSubscription(deps, sp as unknown as Tx, probe.ctx, {
          accountId:
            input.customer?.id ?? ("accountId" in probe.ctx.actor ? probe.ctx.actor.accountId : "probe"),
          resellerAccountId: null,
          orderId: null,
          orderLineId: null,
          product,
          quantity: line.quantity,
          billingPlan: line.billingPlan,
          unitPrice: 0n,
          unitCost: 0n,
          currency: product.currency,
          priceListId: null,
          adminEmail: email,
          serviceDetails: {},
          startDate: probe.today,
          addons: [],
        });
        throw new ProbeRollback();
      });
    } catch (e) {
      if (e instanceof ProbeRollback) continue;
      if (e instanceof AppError && e.code === product.effectivePolicies.oneActivePlanPerAdminEmail.code) {
        taken.add(key);
        continue;
      }
      throw e;
    }
  }
  return taken;
}
