import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  createPriceList,
  createProductGroup,
  loadProductDetails,
  publishToStorefront,
} from "../src/modules/catalog/index.ts";
import { addContact } from "../src/modules/tenancy/index.ts";
import { queryRows, sql } from "../src/shared/db.ts";
import { customCatalog, installDropboxCatalog, productBySku } from "./catalog-fixtures.ts";
import { createAccount, createTenant, createUser } from "./factories.ts";
import { createTestApp, signIn, type TestApp } from "./http.ts";
import {
  createTestSubscription,
  type SubscriptionWorld,
  setupSubscriptionWorld,
} from "./subscription-fixtures.ts";
import { bssActor } from "./tenancy-fixtures.ts";

/**
 * Issue 12: every id a request body carries must name a row of the caller's tenant (and subtree),
 * of the right kind. For each such field, another tenant's id of the same kind (here: the same
 * SKU, installed by the same services definition) and a made-up id are refused with a 4xx, and
 * nothing is written — every table's content is compared before and after.
 */
describe("body references stay inside the caller's tenant (every id field)", () => {
  let t: TestApp;
  let w: SubscriptionWorld;
  type Cred = Record<string, string>;
  let clerk: Cred;
  let admin: Cred;
  let sfA: Cred;
  /** Ids of the caller's tenant (good) and of the other tenant (foreign), by name. */
  const good: Record<string, string> = {};
  const foreign: Record<string, string> = {};
  const NONSENSE = "not-a-real-id";

  /** Every table's rows (as text) except the ones each request touches by design. */
  async function fingerprint(): Promise<Map<string, string>> {
    const tables = await queryRows<{ name: string }>(
      t.deps.db,
      sql`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE'
            and table_name not in ('sessions', 'idempotency_keys', 'openbss_migrations')
          order by table_name`,
    );
    const out = new Map<string, string>();
    for (const { name } of tables) {
      const [row] = await queryRows<{ digest: string | null; n: string }>(
        t.deps.db,
        sql.raw(
          `select md5(string_agg(x::text, '|' order by x::text)) as digest, count(*)::text as n from "${name}" x`,
        ),
      );
      out.set(name, `${row?.n}:${row?.digest}`);
    }
    return out;
  }

  /** The request is refused with a 4xx for each bad id, and no table changes. */
  async function refuses(
    label: string,
    cred: Cred,
    method: "POST" | "PUT" | "PATCH",
    url: string,
    body: (bad: string) => object,
    bads: string[],
  ): Promise<void> {
    for (const bad of bads) {
      const before = await fingerprint();
      const res = await t.app.inject({ method, url, headers: cred, payload: body(bad) });
      assert.ok(
        res.statusCode >= 400 && res.statusCode < 500,
        `${label} with ${bad}: expected a 4xx, got ${res.statusCode} ${res.body}`,
      );
      assert.ok(res.json().error?.code, `${label}: the product's error shape`);
      const after = await fingerprint();
      const changed = [...after.keys()].filter((k) => after.get(k) !== before.get(k));
      assert.deepEqual(changed, [], `${label} with ${bad}: nothing written (${res.statusCode} ${res.body})`);
    }
  }

  before(async () => {
    t = await createTestApp({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
    const other = w.other.tenant.id;
    await installDropboxCatalog(t.deps, other);
    clerk = await signIn(t.app, w.clerk.email, "bss");
    admin = await signIn(t.app, w.admin.email, "bss");
    sfA = await signIn(t.app, w.sfA.email, "storefront");

    for (const [key, sku] of [
      ["product", "DBX-STD-MCMB"],
      ["upgrade", "DBX-BUS-MCMB"],
      ["addon", "DBXS-SP-MCMB"],
      ["signBase", "DBXS-STD-MCMB"],
    ] as const) {
      const mine = await productBySku(t.deps, w.tenant.id, sku);
      const theirs = await productBySku(t.deps, other, sku);
      good[key] = mine.id;
      foreign[key] = theirs.id;
      good[`${key}Type`] = mine.productTypeId;
      foreign[`${key}Type`] = theirs.productTypeId;
    }
    // Custom products (made in the BSS, so their add-ons can be edited there).
    const mineCustom = await customCatalog(t.deps, w.tenant.id);
    const theirsCustom = await customCatalog(t.deps, other);
    good.customType = mineCustom.type.id;
    good.customBase = mineCustom.basic.id;
    good.customAddon = mineCustom.addon.id;
    foreign.customAddon = theirsCustom.addon.id;
    const otherActor = bssActor(other, "admin");
    foreign.priceList = (await createPriceList(t.deps, { tenantId: other }, { name: "Theirs" })).id;
    good.priceList = (await createPriceList(t.deps, { tenantId: w.tenant.id }, { name: "Ours" })).id;
    foreign.group = (await createProductGroup(t.deps, { tenantId: other }, { name: "Theirs" })).id;
    good.group = (await createProductGroup(t.deps, { tenantId: w.tenant.id }, { name: "Ours" })).id;
    const otherCustomer = await createAccount(t.deps, {
      tenantId: other,
      kind: "end_customer",
      parentAccountId: w.other.reseller.id,
    });
    foreign.reseller = w.other.reseller.id;
    foreign.customer = otherCustomer.id;
    foreign.contact = (
      await addContact(t.deps, otherActor, {
        accountId: otherCustomer.id,
        contact: { name: "Their contact", email: "their@contact.test" },
      })
    ).id;
    foreign.staff = w.other.admin.id;
    // Ours, but of the wrong kind or place: a contact of another account, a Storefront user.
    good.contactElsewhere = (
      await addContact(t.deps, w.actors.clerk, {
        accountId: w.customerA2.id,
        contact: { name: "A2's contact", email: "a2@contact.test" },
      })
    ).id;
    good.storefrontUser = w.sfA.id;

    const { subscription, addons } = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-MCMB",
      quantity: 5,
      addons: [{ sku: "DBXS-SP-MCMB", quantity: 5 }],
    });
    good.subscription = subscription.id;
    good.subscriptionAddon = addons[0]!.id;
    const second = await createTestSubscription(t.deps, w, {
      sku: "DBXS-STD-MCMB",
      quantity: 5,
      addons: [{ sku: "DBXS-SP-MCMB", quantity: 5 }],
    });
    good.otherSubscriptionAddon = second.addons[0]!.id;
    good.dropboxSubscription = (
      await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 3 })
    ).subscription.id;
    await publishToStorefront(t.deps, { tenantId: w.tenant.id }, w.resellerA.id, {
      productId: good.product!,
    });
    // A tenant reseller of the caller's tenant (its back ordering names a responsible user).
    good.tenantReseller = (
      await createTenant(t.deps, { kind: "tenant_reseller", parentTenantId: w.tenant.id })
    ).id;
    foreign.otherTenantUser = (await createUser(t.deps, { tenantId: other, role: "clerk" })).id;
  });
  after(() => t.close());

  const two = (key: string) => [foreign[key]!, NONSENSE];

  it("billing options: noProrationProductIds (the issue's example) — 400 naming the entry", async () => {
    const url = `/api/bss/accounts/${w.customerA1.id}/billing-options`;
    await refuses(
      "noProrationProductIds",
      clerk,
      "PUT",
      url,
      (bad) => ({ noProrationProductIds: [good.product, bad] }),
      two("product"),
    );
    const res = await t.app.inject({
      method: "PUT",
      url,
      headers: clerk,
      payload: { noProrationProductIds: [good.product, foreign.product] },
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, "validation_failed");
    assert.deepEqual(
      res.json().error.details.issues.map((i: { path: string }) => i.path),
      ["noProrationProductIds.1"],
    );
    const ok = await t.app.inject({
      method: "PUT",
      url,
      headers: clerk,
      payload: { noProrationProductIds: [good.product] },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json().noProrationProductIds, [good.product]);
  });

  it("catalogue: product type, trial twin, add-ons, upgrade paths, price lists, entries, groups, publications", async () => {
    const base = "/api/bss/catalog";
    const product = (extra: object) => ({
      productTypeId: good.productType,
      sku: "REF-TEST-1",
      name: "Reference test",
      kind: "base",
      term: "MCMB",
      listPrice: "10.00",
      cost: "5.00",
      ...extra,
    });
    await refuses(
      "productTypeId",
      admin,
      "POST",
      `${base}/products`,
      (bad) => product({ productTypeId: bad }),
      two("productType"),
    );
    await refuses(
      "trial.paidProductId",
      admin,
      "POST",
      `${base}/products`,
      (bad) => product({ trial: { days: 30, paidProductId: bad } }),
      two("product"),
    );
    await refuses(
      "addonProductIds (create)",
      admin,
      "POST",
      `${base}/products`,
      (bad) => product({ productTypeId: good.customType, addonProductIds: [good.customAddon, bad] }),
      two("customAddon"),
    );
    await refuses(
      "addonProductIds (update)",
      admin,
      "PATCH",
      `${base}/products/${good.customBase}`,
      (bad) => ({ addonProductIds: [good.customAddon, bad] }),
      two("customAddon"),
    );
    await refuses(
      "fromProductId",
      admin,
      "POST",
      `${base}/upgrade-paths`,
      (bad) => ({ fromProductId: bad, toProductId: good.upgrade }),
      two("product"),
    );
    await refuses(
      "toProductId",
      admin,
      "POST",
      `${base}/upgrade-paths`,
      (bad) => ({ fromProductId: good.product, toProductId: bad }),
      two("upgrade"),
    );
    await refuses(
      "ownerAccountId (create)",
      clerk,
      "POST",
      `${base}/price-lists`,
      (bad) => ({ name: "Owned", ownerAccountId: bad }),
      [...two("reseller"), w.customerA1.id],
    );
    await refuses(
      "ownerAccountId (update)",
      clerk,
      "PATCH",
      `${base}/price-lists/${good.priceList}`,
      (bad) => ({ ownerAccountId: bad }),
      [...two("reseller"), w.customerA1.id],
    );
    await refuses(
      "entries.productId",
      clerk,
      "PUT",
      `${base}/price-lists/${good.priceList}/entries`,
      (bad) => ({
        entries: [
          { productId: good.product, unitPrice: "9.00" },
          { productId: bad, unitPrice: "9.00" },
        ],
      }),
      two("product"),
    );
    await refuses(
      "productIds (group)",
      clerk,
      "POST",
      `${base}/product-groups`,
      (bad) => ({ name: "Group", productIds: [good.product, bad] }),
      two("product"),
    );
    await refuses(
      "productIds (members)",
      clerk,
      "PUT",
      `${base}/product-groups/${good.group}/members`,
      (bad) => ({ productIds: [good.product, bad] }),
      two("product"),
    );
    const pubs = `${base}/storefronts/${w.resellerA.id}/publications`;
    await refuses(
      "publication productId",
      clerk,
      "POST",
      pubs,
      (bad) => ({ productId: bad }),
      two("product"),
    );
    await refuses(
      "publication productGroupId",
      clerk,
      "POST",
      pubs,
      (bad) => ({ productGroupId: bad }),
      two("group"),
    );
  });

  it("accounts and users: parentAccountId, a Storefront user's accountId", async () => {
    await refuses(
      "parentAccountId",
      clerk,
      "POST",
      "/api/bss/accounts",
      (bad) => ({ kind: "end_customer", name: "Child", parentAccountId: bad }),
      [...two("reseller"), w.customerA1.id],
    );
    await refuses(
      "accountId (user)",
      admin,
      "POST",
      "/api/bss/users",
      (bad) => ({
        email: "new.user@example.test",
        name: "New User",
        password: "a long enough password",
        role: "storefront_user",
        accountId: bad,
      }),
      two("customer"),
    );
  });

  it("orders: the customer, each line's product and add-ons; the Storefront's basket and customer", async () => {
    const lineOf = (productId: string, addons?: object[]) => ({
      productId,
      quantity: 3,
      serviceDetails: { resellerId: "RS-1", adminEmail: "team.admin@example.test" },
      ...(addons ? { addons } : {}),
    });
    await refuses(
      "accountId (BSS order)",
      clerk,
      "POST",
      "/api/bss/orders",
      (bad) => ({ accountId: bad, lines: [lineOf(good.product!)] }),
      two("customer"),
    );
    await refuses(
      "lines.productId",
      clerk,
      "POST",
      "/api/bss/orders",
      (bad) => ({ accountId: w.customerA1.id, lines: [lineOf(bad)] }),
      two("product"),
    );
    await refuses(
      "lines.addons.productId",
      clerk,
      "POST",
      "/api/bss/orders",
      (bad) => ({
        accountId: w.customerA1.id,
        lines: [{ ...lineOf(good.signBase!), addons: [{ productId: bad }] }],
      }),
      two("addon"),
    );
    await refuses(
      "basket productId",
      sfA,
      "POST",
      "/api/storefront/basket/lines",
      (bad) => lineOf(bad),
      two("product"),
    );
    await refuses(
      "basket addons.productId",
      sfA,
      "POST",
      "/api/storefront/basket/lines",
      (bad) => lineOf(good.product!, [{ productId: bad }]),
      two("addon"),
    );
    const added = await t.app.inject({
      method: "POST",
      url: "/api/storefront/basket/lines",
      headers: sfA,
      payload: lineOf(good.product!),
    });
    assert.equal(added.statusCode, 201, added.body);
    const lineId = (added.json().lines as Array<{ id: string }>).at(-1)!.id;
    await refuses(
      "basket line addons.productId",
      sfA,
      "PATCH",
      `/api/storefront/basket/lines/${lineId}`,
      (bad) => ({ addons: [{ productId: bad }] }),
      two("addon"),
    );
    for (const step of ["precheck", "checkout"]) {
      await refuses(
        `${step} customer.accountId`,
        sfA,
        "POST",
        `/api/storefront/basket/${step}`,
        (bad) => ({ customer: { kind: "existing", accountId: bad } }),
        [...two("customer"), w.customerB1.id],
      );
    }
  });

  it("subscriptions: upgrade/downgrade targets, add-ons, add-on quantities, price list, responsible user, bill-to contact", async () => {
    const sub = `/api/bss/subscriptions/${good.subscription}`;
    const dbx = `/api/bss/subscriptions/${good.dropboxSubscription}`;
    await refuses(
      "upgrade targetProductId",
      clerk,
      "POST",
      `${dbx}/upgrade`,
      (bad) => ({ targetProductId: bad }),
      two("upgrade"),
    );
    await refuses(
      "downgrade targetProductId",
      clerk,
      "POST",
      `${dbx}/downgrade`,
      (bad) => ({ targetProductId: bad }),
      two("product"),
    );
    await refuses("add-on productId", clerk, "POST", `${sub}/addons`, (bad) => ({ productId: bad }), [
      ...two("addon"),
      good.product!,
    ]);
    await refuses(
      "addons.addonId",
      clerk,
      "POST",
      `${sub}/quantity`,
      (bad) => ({ quantity: 6, addons: [{ addonId: bad, quantity: 6 }] }),
      [NONSENSE, good.otherSubscriptionAddon!],
    );
    await refuses(
      "priceListId",
      clerk,
      "POST",
      `${sub}/pricing`,
      (bad) => ({ applyTo: "next", priceListId: bad }),
      two("priceList"),
    );
    await refuses("responsibleUserId", clerk, "POST", `${sub}/edit`, (bad) => ({ responsibleUserId: bad }), [
      ...two("staff"),
      good.storefrontUser!,
    ]);
    await refuses("billToContactId", clerk, "POST", `${sub}/edit`, (bad) => ({ billToContactId: bad }), [
      ...two("contact"),
      good.contactElsewhere!,
    ]);
  });

  it("billing: a hand-made credit note's invoice and lines (R-DOC-01)", async () => {
    const other = w.other.tenant.id;
    const otherCustomer = await createAccount(t.deps, {
      tenantId: other,
      kind: "end_customer",
      parentAccountId: w.other.reseller.id,
    });
    // An invoice of the other tenant (the same SKU from the same definition).
    const theirs = await createTestSubscription(
      t.deps,
      {
        tenant: w.other.tenant,
        reseller: w.other.reseller,
        customer: otherCustomer,
        actors: { ...w.actors, clerk: bssActor(other, "clerk") },
        product: async (sku: string) =>
          loadProductDetails(t.deps.db, { tenantId: other }, (await productBySku(t.deps, other, sku)).id),
      } as unknown as SubscriptionWorld,
      { sku: "DBX-STD-MCMB", quantity: 2 },
    );
    const chargeOf = async (subscriptionId: string) =>
      (
        await queryRows<{ id: string; document_id: string }>(
          t.deps.db,
          sql`select id, document_id from billing_charges where subscription_id = ${subscriptionId}`,
        )
      )[0]!;
    const foreignCharge = await chargeOf(theirs.subscription.id);
    const mine = await chargeOf(good.dropboxSubscription!);
    const another = await chargeOf(
      (await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 1 })).subscription.id,
    );
    await refuses(
      "invoiceId (credit note)",
      clerk,
      "POST",
      "/api/bss/credit-notes",
      (bad) => ({ invoiceId: bad, reason: "x", whole: true }),
      [foreignCharge.document_id, NONSENSE],
    );
    await refuses(
      "lines.chargeId (credit note)",
      clerk,
      "POST",
      "/api/bss/credit-notes",
      (bad) => ({ invoiceId: mine.document_id, reason: "x", lines: [{ chargeId: bad }] }),
      [foreignCharge.id, NONSENSE, another.id],
    );
  });

  it("tenant resellers: back ordering's responsible user", async () => {
    await refuses(
      "responsibleUserId (back ordering)",
      admin,
      "PUT",
      `/api/bss/tenant-resellers/${good.tenantReseller}/back-ordering`,
      (bad) => ({ enabled: false, responsibleUserId: bad }),
      [foreign.otherTenantUser!, NONSENSE, good.storefrontUser!],
    );
  });
});
