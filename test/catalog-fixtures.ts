import type { Deps } from "../src/deps.ts";
import type { App } from "../src/http/app.ts";
import type { CreateProductInput } from "../src/modules/catalog/catalog.types.ts";
import {
  createProduct,
  createProductType,
  ensureServiceManagerInstance,
  executeServicesDefinitionRun,
  listProducts,
  type Product,
  type RunView,
  requestServicesDefinition,
} from "../src/modules/catalog/index.ts";
import { buildDropboxServicesDefinition } from "../src/service-managers/dropbox/index.ts";
import { queryRows, sql } from "../src/shared/db.ts";
import { createAccount, createTenant, createUser } from "./factories.ts";
import { signIn } from "./http.ts";

/** Catalogue test helpers: install the Dropbox definition for a tenant, find products, dump the tables. */

export async function installDropboxCatalog(
  deps: Deps,
  tenantId: string,
): Promise<{ instanceId: string; run: RunView }> {
  const { instance } = await ensureServiceManagerInstance(deps, tenantId, "dropbox");
  const queued = await requestServicesDefinition(deps, { tenantId }, instance.id);
  const run = await executeServicesDefinitionRun(deps, queued.id);
  if (run.status !== "succeeded") throw new Error(`Get Services Definition failed: ${run.error}`);
  return { instanceId: instance.id, run };
}

export async function productBySku(deps: Deps, tenantId: string, sku: string): Promise<Product> {
  const page = await listProducts(deps, { tenantId }, { q: sku, limit: 500, offset: 0 });
  const p = page.items.find((x) => x.sku === sku);
  if (!p) throw new Error(`no product ${sku} in tenant ${tenantId}`);
  return p;
}

/** Every catalogue row of a tenant as text, in a stable order (for before/after comparisons). */
export async function dumpCatalog(deps: Deps, tenantId: string): Promise<string> {
  const queries = [
    sql`select * from product_types where tenant_id = ${tenantId} order by id`,
    sql`select * from products where tenant_id = ${tenantId} order by id`,
    sql`select * from product_addons where tenant_id = ${tenantId} order by parent_product_id, addon_product_id`,
    sql`select * from upgrade_paths where tenant_id = ${tenantId} order by id`,
    sql`select * from exclusive_sets where tenant_id = ${tenantId} order by id`,
    sql`select m.* from exclusive_set_members m join exclusive_sets s on s.id = m.set_id
        where s.tenant_id = ${tenantId} order by m.set_id, m.product_id`,
  ];
  const parts: string[] = [];
  for (const q of queries)
    parts.push(
      JSON.stringify(await queryRows(deps.db, q), (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
    );
  return parts.join("\n");
}

export async function countRows(deps: Deps, table: string, tenantId: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    deps.db,
    sql`select count(*)::int as n from ${sql.identifier(table)} where tenant_id = ${tenantId}`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Two tenants with staff of every role, a Standard reseller with a Storefront and its customer. */
export async function catalogWorld(t: { app: App; deps: Deps }) {
  const a = await createTenant(t.deps);
  const b = await createTenant(t.deps);
  const cookie = async (tenantId: string, role: string, accountId?: string) => {
    const u = await createUser(t.deps, { tenantId, role, ...(accountId ? { accountId } : {}) });
    return (await signIn(t.app, u.email, accountId ? "storefront" : "bss")).cookie;
  };
  const alias = `shop-${Math.random().toString(36).slice(2, 10)}`;
  const reseller = await createAccount(t.deps, {
    tenantId: a.id,
    kind: "reseller",
    edition: "standard",
    storefrontAlias: alias,
  });
  const basicReseller = await createAccount(t.deps, { tenantId: a.id, kind: "reseller", edition: "basic" });
  const customer = await createAccount(t.deps, {
    tenantId: a.id,
    kind: "end_customer",
    parentAccountId: reseller.id,
  });
  const bReseller = await createAccount(t.deps, { tenantId: b.id, kind: "reseller", edition: "standard" });
  return {
    a,
    b,
    alias,
    reseller,
    basicReseller,
    customer,
    bReseller,
    admin: await cookie(a.id, "admin"),
    clerk: await cookie(a.id, "clerk"),
    viewer: await cookie(a.id, "viewer"),
    otherAdmin: await cookie(b.id, "admin"),
    resellerUser: await cookie(a.id, "storefront_admin", reseller.id),
    customerUser: await cookie(a.id, "storefront_user", customer.id),
  };
}

/** A custom product type (with the Dropbox Sign policies) and products made through the use cases. */
export async function customCatalog(deps: Deps, tenantId: string) {
  const policies = buildDropboxServicesDefinition().productTypes[1]!.policies;
  const type = await createProductType(
    deps,
    { tenantId },
    { code: `custom_${Math.random().toString(36).slice(2, 8)}`, name: "Custom", policies },
  );
  const make = (sku: string, over: Partial<CreateProductInput> = {}) =>
    createProduct(
      deps,
      { tenantId },
      {
        productTypeId: type.id,
        sku,
        name: `Product ${sku}`,
        kind: "base",
        term: "MCMB",
        includedLicences: 1,
        minQuantity: 1,
        listPrice: "10.00",
        cost: "8.00",
        characteristics: {},
        policies: {},
        addonProductIds: [],
        excludedFromProration: false,
        ...over,
      },
    );
  const basic = await make("C-BASIC");
  const pro = await make("C-PRO", { listPrice: "20.00", cost: "16.00" });
  const addon = await make("C-ADDON", { kind: "addon", listPrice: "2.00", cost: "1.00" });
  return { type, basic, pro, addon, make };
}
