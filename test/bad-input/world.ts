import type { LightMyRequestResponse } from "fastify";
import { loadProductDetails, type ProductDetails } from "../../src/modules/catalog/index.ts";
import { insertCancellationRequest } from "../../src/modules/subscriptions/cancellation-requests.repo.ts";
import { createApiKey } from "../../src/modules/tenancy/index.ts";
import { emitWebhookEvent } from "../../src/modules/webhooks/index.ts";
import { queryRows, sql, transaction } from "../../src/shared/db.ts";
import { createTenant, createUser, unique } from "../factories.ts";
import { signIn, type TestApp } from "../http.ts";
import { line, orderWorld, type Sku } from "../order-fixtures.ts";
import { createTestSubscription } from "../subscription-fixtures.ts";
import { freshCurrency } from "./operations.ts";

/**
 * The world the bad-input sweep runs in: one distributor tenant with the Dropbox catalogue, its
 * BSS admin (a Bearer API key), Standard reseller A with a Storefront alias and its storefront
 * admin (a session cookie), end customers, a price list, product groups and publications, an
 * executed order with its subscription, invoice, confirmation email and provisioning job,
 * orders waiting for the reseller's approval, a basket line, a tenant reseller, a billing run.
 * Every path parameter of the API resolves to a real id of this world (`resolveParam`), and the
 * targets a request may destroy (an API key to revoke, a user to disable, a session to end, a
 * subscription to cancel…) are throwaway rows made for the one operation that uses them.
 */

export type Headers = Record<string, string>;

/** The Storefront's CSRF defence wants a same-origin browser request (issue 12). */
export const SAME_ORIGIN: Headers = {
  host: "localhost",
  origin: "http://localhost",
  "sec-fetch-site": "same-origin",
};

export async function buildWorld(t: TestApp) {
  const { app, deps } = t;
  const w = await orderWorld(deps);
  const tenantId = w.tenant.id;
  const key = await createApiKey(deps, w.actors.admin, { name: unique("bad-input"), role: "admin" });
  const bss: Headers = { authorization: `Bearer ${key.key}` };
  const sfAdmin = await createUser(deps, { tenantId, accountId: w.resellerA.id, role: "storefront_admin" });
  const storefront: Headers = { ...SAME_ORIGIN, ...(await signIn(app, sfAdmin.email, "storefront")) };
  const sfCustomer: Headers = { ...SAME_ORIGIN, ...(await signIn(app, w.sfA1.email, "storefront")) };

  const call = async (method: string, url: string, body: unknown, headers: Headers) => {
    const res: LightMyRequestResponse = await app.inject({
      method: method as "GET",
      url,
      headers,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    if (res.statusCode >= 300)
      throw new Error(`world setup: ${method} ${url} → ${res.statusCode} ${res.body}`);
    return res.body ? res.json() : null;
  };
  const api = (method: string, url: string, body?: unknown) => call(method, url, body, bss);
  const firstId = async (table: string, where = sql`tenant_id = ${tenantId}`) => {
    const rows = await queryRows<{ id: string }>(
      deps.db,
      sql`select id from ${sql.identifier(table)} where ${where} order by id limit 1`,
    );
    if (!rows[0]) throw new Error(`world setup: no row in ${table}`);
    return rows[0].id;
  };

  // An executed BSS order (subscription, invoice, confirmation email, provisioning job).
  const order = await api("POST", "/api/bss/orders", {
    accountId: w.customerA3.id,
    lines: [line(w, "DBX-STD-MCMB", 3, { addons: [{ sku: "DBX-1TB-MCMB", quantity: 1 }] })],
  });
  const executedSubscriptionId = await firstId("subscriptions", sql`order_id = ${order.id}`);
  const contact = await api("POST", `/api/bss/accounts/${w.customerA1.id}/contacts`, {
    name: "Bad Input",
    email: "contact@example.test",
  });
  const priceList = await api("POST", "/api/bss/catalog/price-lists", {
    name: unique("list"),
    ownerAccountId: w.resellerA.id,
  });
  await api("PUT", `/api/bss/catalog/price-lists/${priceList.id}/entries`, {
    entries: [{ productId: w.id("DBX-STD-MCMB"), unitPrice: "11.00" }],
  });
  const protectionTerm = await api("POST", "/api/bss/catalog/price-protection-terms", {
    productId: w.id("DBX-STD-MCMB"),
    currency: "EUR",
    term: "MCMB",
    months: 12,
  });
  const group = await api("POST", "/api/bss/catalog/product-groups", {
    name: unique("group"),
    productIds: [w.id("DBX-EDU-MCMB")],
  });
  const upgradePath = await api("POST", "/api/bss/catalog/upgrade-paths", {
    fromProductId: w.id("DBX-EDU-MCMB"),
    toProductId: w.id("DBX-BUS-MCMB"),
  });
  const productTypeId = (
    await queryRows<{ id: string }>(
      deps.db,
      sql`select product_type_id as id from products where id = ${w.id("DBX-STD-MCMB")}`,
    )
  )[0]!.id;
  const serviceManagerId = await firstId("service_manager_instances");
  const serviceManagerRunId = await firstId("service_manager_runs");
  const run = await api("POST", "/api/bss/billing/runs", { date: "2026-01-15" });
  const tenantReseller = await createTenant(deps, { kind: "tenant_reseller", parentTenantId: tenantId });
  await call("POST", "/api/storefront/basket/lines", line(w, "DBX-STD-MCMB", 3), storefront);
  const products = new Map<string, ProductDetails>();
  const subscriptionOfA1 = await createTestSubscription(deps, subscriptionWorld(), {
    sku: "DBX-STD-MCMB",
    quantity: 3,
    addons: [{ sku: "DBX-1TB-MCMB", quantity: 1 }],
  });

  /** An order of end customer A1 waiting for reseller A's approval (R-ORD-09), with its confirmation email. */
  async function pendingOrder() {
    await call("POST", "/api/storefront/basket/lines", line(w, "DBX-STD-MCMB", 3), sfCustomer);
    const o = await call("POST", "/api/storefront/basket/checkout", {}, sfCustomer);
    if (o.status !== "pending_reseller_approval") throw new Error(`world setup: order is ${o.status}`);
    return o.id as string;
  }
  await pendingOrder();

  /** Issue 15: a pending cancellation request of end customer A1 (rows as the Storefront writes them). */
  async function pendingCancellationRequest(subscriptionId: string, addonId: string | null = null) {
    const row = await insertCancellationRequest(deps.db, {
      id: deps.ids.next("crq"),
      tenantId,
      subscriptionId,
      addonId,
      accountId: w.customerA1.id,
      quantity: null,
      mode: "end_of_billing_period",
      instructions: "bad-input world",
      status: "pending",
      reason: "not_automatic",
      estimatedCredit: 0n,
      currency: "EUR",
      submittedAt: deps.clock.now(),
      submittedOn: deps.clock.today("UTC").toString(),
      submittedByUserId: null,
      submittedByEmail: null,
    });
    return row.id;
  }

  function subscriptionWorld() {
    return {
      tenant: w.tenant,
      reseller: w.resellerA,
      customer: w.customerA1,
      actors: w.actors,
      product: async (sku: string) => {
        let hit = products.get(sku);
        if (!hit) {
          hit = await loadProductDetails(deps.db, { tenantId }, w.id(sku as Sku));
          products.set(sku, hit);
        }
        return hit;
      },
    };
  }

  /** A draft credit note (R-DOC-01) of A1's invoice: every line of it, so a line can be removed. */
  const invoiceOfA1 = await firstId(
    "billing_documents",
    sql`id in (select document_id from billing_charges where subscription_id = ${subscriptionOfA1.subscription.id})`,
  );
  async function creditNote() {
    const cn = await api("POST", "/api/bss/credit-notes", {
      invoiceId: invoiceOfA1,
      reason: "Sweep",
      whole: true,
    });
    return { id: cn.id as string, lineId: cn.lines[0].id as string };
  }
  const draftCreditNote = await creditNote();

  // Webhooks (issue 15.5): an endpoint on a closed local port with one delivery in its log.
  const newWebhookEndpoint = async () =>
    (
      await api("POST", "/api/bss/webhooks/endpoints", {
        url: "http://127.0.0.1:9/hook",
        eventTypes: ["payment.recorded"],
      })
    ).id as string;
  const webhookEndpointId = await newWebhookEndpoint();
  await transaction(deps.db, (tx) =>
    emitWebhookEvent(deps, tx, { tenantId, type: "payment.recorded", data: { orderId: order.id } }),
  );

  // A recorded payment (R-PAY-01) of the account the first invoice is billed to, left unallocated.
  const payment = (await api("POST", "/api/bss/payments", {
    accountId: (
      await queryRows<{ account_id: string }>(
        deps.db,
        sql`select account_id from billing_documents where tenant_id = ${tenantId} order by id limit 1`,
      )
    )[0]!.account_id,
    method: "bank_transfer",
    paidOn: "2026-01-15",
    amount: "10.00",
    reference: "WORLD",
    auto: false,
  })) as { id: string };
  const ids = {
    tenantId,
    invoiceId: invoiceOfA1,
    creditNoteId: draftCreditNote.id,
    creditNoteLineId: draftCreditNote.lineId,
    webhookEndpointId,
    webhookDeliveryId: await firstId("webhook_deliveries"),
    alias: w.resellerA.storefrontAlias!,
    resellerA: w.resellerA.id,
    resellerB: w.resellerB.id,
    customerA1: w.customerA1.id,
    customerA2: w.customerA2.id,
    customerA3: w.customerA3.id,
    adminUserId: w.admin.id,
    contactId: contact.id as string,
    orderId: order.id as string,
    subscriptionId: subscriptionOfA1.subscription.id,
    addonId: subscriptionOfA1.addons[0]!.id,
    executedSubscriptionId,
    productId: w.id("DBX-STD-MCMB"),
    addonProductId: w.id("DBX-1TB-MCMB"),
    upgradeProductId: w.id("DBX-BUS-MCMB"),
    productTypeId,
    priceListId: priceList.id as string,
    protectionTermId: protectionTerm.id as string,
    productGroupId: group.id as string,
    upgradePathId: upgradePath.id as string,
    serviceManagerId,
    serviceManagerRunId,
    billingRunId: run.id as string,
    tenantResellerId: tenantReseller.id,
    documentId: await firstId("billing_documents"),
    paymentId: payment.id,
    messageId: await firstId("messages"),
    jobId: await firstId("jobs"),
    cancellationRequestId: await pendingCancellationRequest(subscriptionOfA1.subscription.id),
    basketLineId: await firstId(
      "order_lines",
      sql`tenant_id = ${tenantId} and order_id in
      (select id from orders where status = 'draft' and placed_by_user_id = ${sfAdmin.id})`,
    ),
  };

  /** Throwaway targets, made for the one operation that may destroy or change them. */
  const fresh = {
    webhookEndpoint: newWebhookEndpoint,
    subscription: async () => {
      const s = await createTestSubscription(deps, subscriptionWorld(), {
        sku: "DBX-STD-MCMB",
        quantity: 3,
        addons: [{ sku: "DBX-1TB-MCMB", quantity: 1 }],
      });
      return { id: s.subscription.id, addonId: s.addons[0]!.id };
    },
    pendingOrder,
    creditNote,
    cancellationRequest: async () => {
      const s = await createTestSubscription(deps, subscriptionWorld(), { sku: "DBX-STD-MCMB", quantity: 3 });
      return pendingCancellationRequest(s.subscription.id);
    },
    productType: async () => {
      const dropbox = await api("GET", `/api/bss/catalog/product-types/${productTypeId}`);
      return (
        await api("POST", "/api/bss/catalog/product-types", {
          code: unique("crq_type")
            .replace(/[^a-z0-9_]/g, "_")
            .toLowerCase(),
          name: "Throwaway type",
          policies: dropbox.policies,
        })
      ).id as string;
    },
    apiKey: async () =>
      (await createApiKey(deps, w.actors.admin, { name: unique("doomed"), role: "viewer" })).apiKey.id,
    user: async () => (await createUser(deps, { tenantId, role: "clerk" })).id,
    account: async () => w.customerA2.id,
    product: async () => {
      const p = await api("POST", "/api/bss/catalog/products", {
        productTypeId,
        sku: unique("SKU"),
        name: "Throwaway",
        kind: "base",
        term: "MCMB",
        listPrice: "10.00",
        cost: "8.00",
      });
      return p.id as string;
    },
    productGroup: async () =>
      (await api("POST", "/api/bss/catalog/product-groups", { name: unique("group"), productIds: [] }))
        .id as string,
    protectionTerm: async () =>
      (
        await api("POST", "/api/bss/catalog/price-protection-terms", {
          productId: w.id("DBX-STD-AC1Y"),
          currency: freshCurrency(),
          term: "AC1Y",
          months: 12,
        })
      ).id as string,
    publication: async () =>
      (
        await api("POST", `/api/bss/catalog/storefronts/${w.resellerA.id}/publications`, {
          productId: w.id("DBX-EDU-MCMB"),
        })
      ).id as string,
    basketLine: async () => {
      const basket = await call(
        "POST",
        "/api/storefront/basket/lines",
        line(w, "DBX-STD-AC1M", 3),
        storefront,
      );
      return basket.lines.at(-1).id as string;
    },
    bssSession: async () => ({
      ...SAME_ORIGIN,
      ...(await signIn(app, (await createUser(deps, { tenantId, role: "viewer" })).email, "bss")),
    }),
    storefrontSession: async () => ({
      ...SAME_ORIGIN,
      ...(await signIn(
        app,
        (
          await createUser(deps, { tenantId, accountId: w.customerA1.id, role: "storefront_user" })
        ).email,
        "storefront",
      )),
    }),
    loginEmail: async () => (await createUser(deps, { tenantId, role: "viewer" })).email,
  };

  return { ids, fresh, credentials: { bss, storefront }, sfAdminEmail: sfAdmin.email };
}
export type World = Awaited<ReturnType<typeof buildWorld>>;
