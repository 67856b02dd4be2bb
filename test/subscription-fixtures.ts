import assert from "node:assert/strict";
import type { Deps } from "../src/deps.ts";
import type { App } from "../src/http/app.ts";
import {
  loadProductDetails,
  type ProductDetails,
  publishToStorefront,
} from "../src/modules/catalog/index.ts";
import {
  type CommandContext,
  type CommandOutcome,
  createSubscription,
  recordProvisioningResult,
  type SubscriptionAddonRow,
  type SubscriptionRow,
  todayFor,
} from "../src/modules/subscriptions/index.ts";
import { listAddons } from "../src/modules/subscriptions/subscriptions.repo.ts";
import { parseDate } from "../src/shared/dates.ts";
import { queryRows, sql, transaction } from "../src/shared/db.ts";
import { installDropboxCatalog, productBySku } from "./catalog-fixtures.ts";
import { createAccount, createUser, unique } from "./factories.ts";
import { signIn } from "./http.ts";
import { buildChannel, storefrontActor } from "./tenancy-fixtures.ts";

/**
 * Subscription test helpers shared by the subscription commands and plan changes:
 * a tenant with the Dropbox + Sign catalogue installed and the tenancy channel
 * (staff of every role, reseller A with two end customers, Basic reseller B with one, a direct
 * customer, Storefront users, another tenant), and executed subscriptions made directly through
 * `createSubscription` + `recordProvisioningResult` (no order needed).
 */

export async function setupSubscriptionWorld(deps: Deps) {
  const channel = await buildChannel(deps);
  await installDropboxCatalog(deps, channel.tenant.id);
  // An end-customer user of A2 (a sibling of A1): proves end customers see only themselves.
  const sfA2 = await createUser(deps, {
    tenantId: channel.tenant.id,
    accountId: channel.customerA2.id,
    role: "storefront_user",
  });
  const products = new Map<string, ProductDetails>();
  return {
    ...channel,
    sfA2,
    /** The default customer of a test subscription: reseller A's end customer A1. */
    reseller: channel.resellerA,
    customer: channel.customerA1,
    actors: { ...channel.actors, sfA2: storefrontActor(sfA2, "end_customer") },
    /** A product of the installed catalogue by SKU, with its policies (cached per world). */
    async product(sku: string): Promise<ProductDetails> {
      const hit = products.get(sku);
      if (hit) return hit;
      const p = await productBySku(deps, channel.tenant.id, sku);
      const details = await loadProductDetails(deps.db, { tenantId: channel.tenant.id }, p.id);
      products.set(sku, details);
      return details;
    },
  };
}
export type SubscriptionWorld = Awaited<ReturnType<typeof setupSubscriptionWorld>>;

/** Session cookies for every caller of the world (HTTP tests). */
export async function signInWorld(app: App, w: SubscriptionWorld) {
  const [admin, clerk, viewer, sfA, sfA1, sfA2, sfB, otherAdmin, otherSf] = await Promise.all([
    signIn(app, w.admin.email, "bss"),
    signIn(app, w.clerk.email, "bss"),
    signIn(app, w.viewer.email, "bss"),
    signIn(app, w.sfA.email, "storefront"),
    signIn(app, w.sfA1.email, "storefront"),
    signIn(app, w.sfA2.email, "storefront"),
    signIn(app, w.sfB.email, "storefront"),
    signIn(app, w.other.admin.email, "bss"),
    signIn(app, w.other.sf.email, "storefront"),
  ]);
  return { admin, clerk, viewer, sfA, sfA1, sfA2, sfB, otherAdmin, otherSf };
}

export interface TestSubscriptionOptions {
  sku: string;
  quantity: number;
  /** Defaults to the first plan the term allows (MCMB/AC1M monthly, AC1Y one_off). */
  billingPlan?: "monthly" | "one_off";
  /** Defaults to the tenant's today. */
  startDate?: string;
  addons?: Array<{ sku: string; quantity: number }>;
  channel?: "bss" | "storefront";
  /** Record the vendor's confirmation (default true); false leaves the sync Pending. */
  synchronized?: boolean;
  /** Defaults to the world's customer (A1, an end customer of reseller A). */
  accountId?: string;
  /** Team admin email (Dropbox: unique per live plan, R-ORD-02); a fresh one by default. */
  adminEmail?: string;
}

/** An executed subscription (Active; Synchronized unless told otherwise), with its add-ons. */
export async function createTestSubscription(
  deps: Deps,
  world: Pick<SubscriptionWorld, "tenant" | "reseller" | "customer" | "product" | "actors">,
  options: TestSubscriptionOptions,
): Promise<{ subscription: SubscriptionRow; addons: SubscriptionAddonRow[] }> {
  const tenantId = world.tenant.id;
  const product = await world.product(options.sku);
  const addonProducts = await Promise.all(
    (options.addons ?? []).map(async (a) => ({ product: await world.product(a.sku), quantity: a.quantity })),
  );
  const channel = options.channel ?? "bss";
  const ctx: CommandContext = {
    actor: channel === "bss" ? world.actors.clerk : world.actors.sfA,
    channel,
  };
  const accountId = options.accountId ?? world.customer.id;
  const created = await transaction(deps.db, async (tx) => {
    const today = await todayFor(deps, tx, tenantId);
    return createSubscription(deps, tx, ctx, {
      accountId,
      resellerAccountId: accountId === world.reseller.id ? null : world.reseller.id,
      orderId: null,
      orderLineId: null,
      product,
      quantity: options.quantity,
      billingPlan:
        options.billingPlan ?? product.effectivePolicies.billingPlans[product.term]?.allowed[0] ?? "monthly",
      unitPrice: product.listPrice,
      unitCost: product.cost,
      currency: product.currency,
      priceListId: null,
      adminEmail: options.adminEmail ?? `${unique("admin")}@example.test`,
      serviceDetails: {},
      startDate: options.startDate ? parseDate(options.startDate) : today,
      today,
      addons: addonProducts.map((a) => ({
        product: a.product,
        quantity: a.quantity,
        unitPrice: a.product.listPrice,
        unitCost: a.product.cost,
      })),
    });
  });
  if (options.synchronized === false) return created;
  const subscription = await recordProvisioningResult(deps, {
    tenantId,
    subscriptionId: created.subscription.id,
    outcome: "synchronized",
    externalId: `dbtid:${created.subscription.id}`,
  });
  return { subscription, addons: await listAddons(deps.db, tenantId, subscription.id) };
}

/** Another end customer of reseller A (a fresh account: R-ORD-02 keys are per admin email anyway). */
export async function createCustomer(deps: Deps, world: Pick<SubscriptionWorld, "tenant" | "reseller">) {
  return createAccount(deps, {
    tenantId: world.tenant.id,
    kind: "end_customer",
    parentAccountId: world.reseller.id,
  });
}

/** The command context of a world's caller: BSS clerk by default, or a Storefront user. */
export function bssCtx(w: Pick<SubscriptionWorld, "actors">): CommandContext {
  return { actor: w.actors.clerk, channel: "bss" };
}
export function storefrontCtx(
  w: Pick<SubscriptionWorld, "actors">,
  who: "sfA" | "sfA1" | "sfA2" | "sfB" = "sfA",
): CommandContext {
  return { actor: w.actors[who], channel: "storefront" };
}

/** Every row a command may write for one subscription, as text (preview must leave it unchanged). */
export async function subscriptionState(
  deps: Deps,
  tenantId: string,
  subscriptionId: string,
): Promise<string> {
  const queries = [
    sql`select * from subscriptions where tenant_id = ${tenantId} and id = ${subscriptionId}`,
    sql`select * from subscription_addons where tenant_id = ${tenantId} and subscription_id = ${subscriptionId} order by id`,
    sql`select * from scheduled_changes where tenant_id = ${tenantId} and subscription_id = ${subscriptionId} order by id`,
    sql`select * from subscription_history where tenant_id = ${tenantId} and subscription_id = ${subscriptionId} order by id`,
  ];
  const parts: string[] = [];
  for (const q of queries)
    parts.push(
      JSON.stringify(await queryRows(deps.db, q), (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
    );
  return parts.join("\n");
}

/**
 * An outcome without what legitimately differs between a preview and its commit: the preview
 * flag and the ids generated for new rows (scheduled changes).
 */
export function comparable(o: CommandOutcome): unknown {
  const { preview: _preview, ...rest } = o;
  const billing = billingComparable(rest.billing);
  return JSON.parse(
    JSON.stringify(
      {
        ...rest,
        subscription: {
          ...rest.subscription,
          scheduledChanges: rest.subscription.scheduledChanges.map(({ id: _id, ...c }) => c),
        },
        billing,
      },
      (_k, v) => (typeof v === "bigint" ? v.toString() : v),
    ),
  );
}

/** Billing lines and documents get new ids (and the command a new key) in each transaction. */
export function billingComparable(b: CommandOutcome["billing"]): Record<string, unknown> {
  return {
    charges: b.charges.map(
      ({ id: _i, itemId: _t, documentId: _d, creditsChargeId: _c, dedupeKey: _k, ...c }) => c,
    ),
    documents: b.documents.map(({ id: _i, ...d }) => d),
    ...(b.onVendorConfirmation ? { onVendorConfirmation: billingComparable(b.onVendorConfirmation) } : {}),
  };
}

/**
 * Runs `command` as a preview, proves it wrote nothing, then commits it and proves the preview
 * returned exactly what the commit did (DESIGN.md "Preview before commit").
 */
export async function previewThenCommit(
  deps: Deps,
  tenantId: string,
  subscriptionId: string,
  command: (options: { dryRun: boolean }) => Promise<CommandOutcome>,
): Promise<{ preview: CommandOutcome; commit: CommandOutcome }> {
  const before = await subscriptionState(deps, tenantId, subscriptionId);
  const preview = await command({ dryRun: true });
  assert.equal(preview.preview, true);
  assert.equal(await subscriptionState(deps, tenantId, subscriptionId), before, "a preview writes nothing");
  const commit = await command({ dryRun: false });
  assert.equal(commit.preview, false);
  assert.deepEqual(
    comparable(preview),
    comparable(commit),
    "the preview returns exactly what the commit does",
  );
  return { preview, commit };
}

/** The history actions of a subscription, oldest first. */
export async function historyActions(
  deps: Deps,
  tenantId: string,
  subscriptionId: string,
): Promise<string[]> {
  const rows = await queryRows<{ action: string }>(
    deps.db,
    sql`select action from subscription_history where tenant_id = ${tenantId} and subscription_id = ${subscriptionId} order by at, id`,
  );
  return rows.map((r) => r.action);
}

/**
 * The latest history record of `action` (records written by one command share their instant, and
 * ids within one millisecond are random, so tests pick records by action, not by position).
 */
export async function historyRecord(deps: Deps, tenantId: string, subscriptionId: string, action: string) {
  const rows = await queryRows<{
    action: string;
    summary: string;
    channel: string;
    effective_date: string;
    actor_kind: string;
    actor_user_id: string | null;
    changes: Record<string, unknown>;
  }>(
    deps.db,
    sql`select action, summary, channel, effective_date::text as effective_date, actor_kind, actor_user_id, changes
        from subscription_history
        where tenant_id = ${tenantId} and subscription_id = ${subscriptionId} and action = ${action}
        order by at desc, id desc limit 1`,
  );
  const row = rows[0];
  assert.ok(row, `no history record ${action}`);
  return row;
}

/** Publishes products in reseller A's Storefront: Storefront users may buy licences only of those (R-DSH-06). */
export async function publishInStorefront(
  deps: Deps,
  w: Pick<SubscriptionWorld, "tenant" | "reseller" | "product">,
  skus: readonly string[],
): Promise<void> {
  for (const sku of skus)
    await publishToStorefront(deps, { tenantId: w.tenant.id }, w.reseller.id, {
      productId: (await w.product(sku)).id,
    });
}
