import type { Deps } from "../src/deps.ts";
import { drainJobs } from "../src/jobs/index.ts";
import { jobHandlers } from "../src/jobs/registry.ts";
import { advanceClock } from "../src/modules/billing-run/index.ts";
import { loadProductDetails, type ProductDetails } from "../src/modules/catalog/index.ts";
import { checkConsistency, setBackOrdering } from "../src/modules/distribution/index.ts";
import {
  type CommandContext,
  createSubscription,
  findCopyOf,
  recordProvisioningResult,
  type SubscriptionRow,
  todayFor,
} from "../src/modules/subscriptions/index.ts";
import type { BssActor } from "../src/modules/tenancy/index.ts";
import { parseDate } from "../src/shared/dates.ts";
import { transaction } from "../src/shared/db.ts";
import { installDropboxCatalog, productBySku } from "./catalog-fixtures.ts";
import { createAccount, createTenant, createUser, unique } from "./factories.ts";
import { bssActor } from "./tenancy-fixtures.ts";

/**
 * Tenant-reseller test world (issue 6): a distributor and one of its tenant resellers, each with
 * the Dropbox catalogue installed (so products match by SKU), staff in both, and a customer in the
 * tenant's BSS. Subscriptions are made in the tenant's BSS and changed with its commands; the
 * outbox carries every change to the distributor's copies.
 */
export async function tenantWorld(deps: Deps, options: { backOrdering?: boolean } = {}) {
  const distributor = await createTenant(deps, { name: unique("Distributor") });
  const tenant = await createTenant(deps, {
    kind: "tenant_reseller",
    parentTenantId: distributor.id,
    name: unique("Nimbus"),
  });
  await installDropboxCatalog(deps, distributor.id);
  await installDropboxCatalog(deps, tenant.id);
  const [dAdmin, dViewer, tClerk] = await Promise.all([
    createUser(deps, { tenantId: distributor.id, role: "admin" }),
    createUser(deps, { tenantId: distributor.id, role: "viewer" }),
    createUser(deps, { tenantId: tenant.id, role: "clerk" }),
  ]);
  const customer = await createAccount(deps, {
    tenantId: tenant.id,
    kind: "direct_customer",
    name: unique("Orion"),
  });
  const actors = {
    distributorAdmin: bssActor(distributor.id, "admin", dAdmin.id),
    distributorViewer: bssActor(distributor.id, "viewer", dViewer.id),
    tenantClerk: bssActor(tenant.id, "clerk", tClerk.id),
  };
  const products = new Map<string, ProductDetails>();
  const world = {
    distributor,
    tenant,
    /** The tenant reseller's account in the distributor's BSS (it pays for the copies). */
    resellerAccountId: tenant.parentAccountId ?? "",
    customer,
    users: { dAdmin, dViewer, tClerk },
    actors,
    tenantCtx: { actor: actors.tenantClerk, channel: "bss" } as CommandContext,
    /** A product by SKU in either BSS, with its policies (cached per world). */
    async product(tenantId: string, sku: string): Promise<ProductDetails> {
      const key = `${tenantId}:${sku}`;
      let hit = products.get(key);
      if (!hit) {
        const p = await productBySku(deps, tenantId, sku);
        hit = await loadProductDetails(deps.db, { tenantId }, p.id);
        products.set(key, hit);
      }
      return hit;
    },
  };
  if (options.backOrdering !== false)
    await setBackOrdering(deps, actors.distributorAdmin, { tenantId: tenant.id, enabled: true });
  return world;
}
export type TenantWorld = Awaited<ReturnType<typeof tenantWorld>>;

/** Runs every queued job (the copies follow the tenant's changes through the outbox). */
export const drain = (deps: Deps) => drainJobs(deps, jobHandlers, { includeDelayed: true });

/** Moves the manual clock day by day: every tenant's billing, then the outbox, each day. */
export const advance = (deps: Deps, by: { days?: number; months?: number }) =>
  advanceClock(deps, by, { drain: () => drain(deps) });

/** A paid (or trial) subscription sold in the tenant's BSS, confirmed by the vendor. */
export async function tenantSubscription(
  deps: Deps,
  w: TenantWorld,
  options: {
    sku: string;
    quantity: number;
    addons?: Array<{ sku: string; quantity: number }>;
    accountId?: string;
    synchronized?: boolean;
  },
): Promise<SubscriptionRow> {
  const product = await w.product(w.tenant.id, options.sku);
  const addons = await Promise.all(
    (options.addons ?? []).map(async (a) => ({
      product: await w.product(w.tenant.id, a.sku),
      quantity: a.quantity,
    })),
  );
  const created = await transaction(deps.db, async (tx) => {
    const today = await todayFor(deps, tx, w.tenant.id);
    return createSubscription(deps, tx, w.tenantCtx, {
      accountId: options.accountId ?? w.customer.id,
      resellerAccountId: null,
      orderId: null,
      orderLineId: null,
      product,
      quantity: options.quantity,
      billingPlan: product.effectivePolicies.billingPlans[product.term]?.allowed[0] ?? "monthly",
      unitPrice: product.listPrice,
      unitCost: product.cost,
      currency: product.currency,
      priceListId: null,
      adminEmail: `${unique("admin")}@orion.test`,
      serviceDetails: {},
      startDate: parseDate(today.toString()),
      today,
      addons: addons.map((a) => ({
        product: a.product,
        quantity: a.quantity,
        unitPrice: a.product.listPrice,
        unitCost: a.product.cost,
      })),
    });
  });
  if (options.synchronized === false) return created.subscription;
  return recordProvisioningResult(deps, {
    tenantId: w.tenant.id,
    subscriptionId: created.subscription.id,
    outcome: "synchronized",
    externalId: `dbtid:${created.subscription.id}`,
  });
}

export async function copyOf(
  deps: Deps,
  w: TenantWorld,
  sourceId: string,
): Promise<SubscriptionRow | undefined> {
  return findCopyOf(deps.db, w.distributor.id, sourceId);
}

/** The consistency report's differences (after draining the outbox). */
export async function differences(deps: Deps, w: TenantWorld, actor: BssActor = w.actors.distributorViewer) {
  await drain(deps);
  const report = await checkConsistency(deps, actor, w.tenant.id);
  return report.differences;
}
