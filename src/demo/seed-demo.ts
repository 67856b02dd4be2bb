import type { Deps } from "../deps.ts";
import { drainJobs } from "../jobs/index.ts";
import { jobHandlers } from "../jobs/registry.ts";
import {
  createPriceList,
  createProductGroup,
  ensureServiceManagerInstance,
  getServiceManagerRun,
  listProducts,
  publishToStorefront,
  requestServicesDefinition,
} from "../modules/catalog/index.ts";
import { setBackOrdering } from "../modules/distribution/index.ts";
import { addBasketLine, checkoutBasket, placeBssOrder } from "../modules/orders/index.ts";
import {
  type BssActor,
  bootstrapDistributor,
  createAccount,
  createTenantReseller,
  createUser,
  findTenantBySlug,
  type StorefrontActor,
} from "../modules/tenancy/index.ts";

/**
 * The demo data of the README: a distributor with staff in every role, a tenant reseller with
 * its own BSS, a Standard Edition reseller with a Storefront, a Basic reseller, end customers,
 * price lists, and the Dropbox catalogue installed by running Get Services Definition.
 * Built only through the modules' public use cases, so it is valid by construction.
 */
export const DEMO_SLUG = "demo-distributor";

export const DEMO_USERS = {
  storefrontAlias: "skyline",
  list: [
    {
      area: "BSS",
      email: "admin@distributor.demo",
      description: "administrator, Northwind Cloud Distribution",
    },
    {
      area: "BSS",
      email: "clerk@distributor.demo",
      description: "billing clerk, Northwind Cloud Distribution",
    },
    {
      area: "BSS",
      email: "viewer@distributor.demo",
      description: "read-only staff, Northwind Cloud Distribution",
    },
    {
      area: "BSS",
      email: "admin@nimbus.demo",
      description: "administrator of Nimbus Partners (tenant reseller)",
    },
    {
      area: "Storefront",
      email: "owner@skyline.demo",
      description: "Skyline IT, Standard Edition reseller (/store/skyline)",
    },
    { area: "Storefront", email: "owner@harbor.demo", description: "Harbor Tech, Basic Edition reseller" },
    {
      area: "Storefront",
      email: "it@acme.demo",
      description: "Acme Manufacturing, end customer of Skyline IT",
    },
  ],
} as const;

export interface SeedResult {
  created: boolean;
  tenantId: string;
}

export async function seedDemo(deps: Deps): Promise<SeedResult> {
  const existing = await findTenantBySlug(deps.db, DEMO_SLUG);
  if (existing) return { created: false, tenantId: existing.id };
  const password = deps.config.OPENBSS_DEMO_PASSWORD;

  const { tenant, admin } = await bootstrapDistributor(deps, {
    name: "Northwind Cloud Distribution",
    slug: DEMO_SLUG,
    currency: "EUR",
    timeZone: "Europe/Athens",
    admin: { email: "admin@distributor.demo", name: "Dana Papadopoulou", password },
  });
  const actor: BssActor = {
    kind: "bss",
    tenantId: tenant.id,
    userId: admin.id,
    apiKeyId: null,
    role: "admin",
    email: admin.email,
  };
  await createUser(deps, actor, {
    email: "clerk@distributor.demo",
    name: "Chris Clerk",
    password,
    role: "clerk",
  });
  await createUser(deps, actor, {
    email: "viewer@distributor.demo",
    name: "Vera Viewer",
    password,
    role: "viewer",
  });

  await installDropboxCatalogue(deps, actor);

  const skyline = await createAccount(deps, actor, {
    kind: "reseller",
    edition: "standard",
    name: "Skyline IT",
    storefrontAlias: DEMO_USERS.storefrontAlias,
    email: "billing@skyline.demo",
    vendorResellerId: "DBX-RS-1001",
    accountingNumber: "RS-1001",
  });
  const harbor = await createAccount(deps, actor, {
    kind: "reseller",
    edition: "basic",
    name: "Harbor Tech",
    email: "billing@harbor.demo",
    vendorResellerId: "DBX-RS-1002",
    accountingNumber: "RS-1002",
  });
  const acme = await createAccount(deps, actor, {
    kind: "end_customer",
    parentAccountId: skyline.id,
    name: "Acme Manufacturing",
    email: "it@acme.demo",
  });
  await createAccount(deps, actor, {
    kind: "end_customer",
    parentAccountId: skyline.id,
    name: "Blue River Dental Clinic Group", // longer than 20 characters: R-ORD-07 cuts the team name
    email: "office@blueriver.demo",
    orderApproval: false,
  });
  await createAccount(deps, actor, {
    kind: "end_customer",
    parentAccountId: harbor.id,
    name: "Cedar Law Partners",
    email: "admin@cedarlaw.demo",
  });
  const delta = await createAccount(deps, actor, {
    kind: "direct_customer",
    name: "Delta Logistics",
    email: "it@delta.demo",
  });

  await createUser(deps, actor, {
    email: "owner@skyline.demo",
    name: "Sofia Skyline",
    password,
    role: "storefront_admin",
    accountId: skyline.id,
  });
  await createUser(deps, actor, {
    email: "owner@harbor.demo",
    name: "Hector Harbor",
    password,
    role: "storefront_admin",
    accountId: harbor.id,
  });
  const acmeUser = await createUser(deps, actor, {
    email: "it@acme.demo",
    name: "Alex Acme",
    password,
    role: "storefront_admin",
    accountId: acme.id,
  });

  await createPriceList(deps, actor, { name: "Distributor list (EUR)", isDefault: true });
  await createPriceList(deps, actor, {
    name: "Skyline IT: cost + 15 %",
    ownerAccountId: skyline.id,
    markupBasisPoints: 1500,
  });
  await publishSkylineStorefront(deps, actor, skyline.id);
  await placeDemoOrders(deps, actor, { acmeId: acme.id, acmeUserId: acmeUser.id, deltaId: delta.id });

  const nimbus = await createTenantReseller(deps, actor, {
    name: "Nimbus Partners",
    slug: "nimbus",
    edition: "standard",
    email: "billing@nimbus.demo",
    vendorResellerId: "DBX-RS-1003",
    admin: { email: "admin@nimbus.demo", name: "Nikos Nimbus", password },
  });
  const nimbusActor: BssActor = {
    kind: "bss",
    tenantId: nimbus.tenant.id,
    userId: nimbus.admin.id,
    apiKeyId: null,
    role: "admin",
    email: nimbus.admin.email,
  };
  await installDropboxCatalogue(deps, nimbusActor);
  const orion = await createAccount(deps, nimbusActor, {
    kind: "direct_customer",
    name: "Orion Retail",
    email: "it@orion.demo",
  });
  await createPriceList(deps, nimbusActor, { name: "Nimbus list (EUR)", isDefault: true });
  // Nimbus sells in its own BSS; with back ordering on, the distributor's books get a copy (issue 6).
  await placeBssOrder(deps, nimbusActor, {
    accountId: orion.id,
    lines: [
      {
        productId: await productIdOf(deps, nimbusActor, "DBX-BUS-MCMB"),
        quantity: 10,
        billingPlan: "monthly",
        serviceDetails: { resellerId: "DBX-RS-1003", adminEmail: "it@orion.demo" },
      },
    ],
    note: "Demo order in the tenant reseller's own BSS",
  });
  await setBackOrdering(deps, actor, { tenantId: nimbus.tenant.id, enabled: true });
  await drainJobs(deps, jobHandlers);

  return { created: true, tenantId: tenant.id };
}

async function productIdOf(deps: Deps, actor: BssActor, sku: string): Promise<string> {
  const page = await listProducts(deps, actor, { q: sku, limit: 50, offset: 0, sort: "name" } as never);
  const product = page.items.find((p) => p.sku === sku);
  if (!product) throw new Error(`demo seed: product ${sku} not in the catalogue`);
  return product.id;
}

/** Runs Get Services Definition through the outbox, exactly as the API does. */
async function installDropboxCatalogue(deps: Deps, actor: BssActor): Promise<void> {
  const { instance } = await ensureServiceManagerInstance(deps, actor.tenantId, "dropbox");
  const run = await requestServicesDefinition(deps, actor, instance.id);
  await drainJobs(deps, jobHandlers);
  const done = await getServiceManagerRun(deps, actor, run.id);
  if (done.status !== "succeeded")
    throw new Error(`Get Services Definition failed: ${done.error ?? done.status}`);
}

const STOREFRONT_SKUS = {
  group: ["DBX-STD-MCMB", "DBX-BUS-MCMB", "DBX-ADV-MCMB", "DBX-BPL-MCMB", "DBX-BUS-AC1M", "DBX-BUS-AC1Y"],
  single: ["DBX-BUS-MCMB-TRIAL", "DBXS-STD-MCMB", "DBXS-PRE-MCMB", "DBXS-STD-AC1Y", "DBXS-PRE-AC1Y"],
};

async function publishSkylineStorefront(deps: Deps, actor: BssActor, resellerId: string): Promise<void> {
  const idOf = async (sku: string) => {
    const page = await listProducts(deps, actor, { q: sku, limit: 50, offset: 0, sort: "name" } as never);
    const product = page.items.find((p) => p.sku === sku);
    if (!product) throw new Error(`demo seed: product ${sku} not in the catalogue`);
    return product.id;
  };
  const groupIds = await Promise.all(STOREFRONT_SKUS.group.map(idOf));
  const group = await createProductGroup(deps, actor, {
    name: "Dropbox for teams",
    description: "Dropbox plans for teams of every size",
    productIds: groupIds,
  });
  await publishToStorefront(deps, actor, resellerId, { productGroupId: group.id });
  for (const sku of STOREFRONT_SKUS.single) {
    await publishToStorefront(deps, actor, resellerId, { productId: await idOf(sku) });
  }
}

/**
 * A few orders so every screen has something to show: executed BSS orders for Acme (Dropbox
 * Business with licences above the minimum, Dropbox Sign Standard with the SharePoint add-on) and
 * for Delta Logistics, and an order Acme placed in Skyline's Storefront that waits for Skyline's
 * approval (R-ORD-09). Their subscriptions stay "Pending" sync until a vendor confirms them.
 */
async function placeDemoOrders(
  deps: Deps,
  actor: BssActor,
  ids: { acmeId: string; acmeUserId: string; deltaId: string },
): Promise<void> {
  const productId = (sku: string) => productIdOf(deps, actor, sku);
  await placeBssOrder(deps, actor, {
    accountId: ids.acmeId,
    lines: [
      {
        productId: await productId("DBX-BUS-AC1M"),
        quantity: 12,
        billingPlan: "monthly",
        serviceDetails: { resellerId: "DBX-RS-1001", adminEmail: "it@acme.demo" },
      },
      {
        productId: await productId("DBXS-STD-MCMB"),
        quantity: 4,
        addons: [{ productId: await productId("DBXS-SP-MCMB") }],
        serviceDetails: { resellerId: "DBX-RS-1001", adminEmail: "it@acme.demo" },
      },
    ],
    note: "Demo order placed by the distributor's staff",
  });
  await placeBssOrder(deps, actor, {
    accountId: ids.deltaId,
    lines: [
      {
        productId: await productId("DBX-ADV-AC1Y"),
        quantity: 25,
        billingPlan: "one_off",
        serviceDetails: { resellerId: "DBX-RS-1000", adminEmail: "it@delta.demo" },
      },
    ],
  });
  const acme: StorefrontActor = {
    kind: "storefront",
    tenantId: actor.tenantId,
    userId: ids.acmeUserId,
    accountId: ids.acmeId,
    accountKind: "end_customer",
    role: "storefront_admin",
    email: "it@acme.demo",
  };
  await addBasketLine(deps, acme, {
    productId: await productId("DBXS-PRE-AC1Y"),
    quantity: 5,
    billingPlan: "one_off",
    // The vendor needs the team's admin (R-ORD-06); the Storefront's checkout asks for it.
    serviceDetails: { adminEmail: "sign@acme.demo" },
  });
  await checkoutBasket(deps, acme, {});
}
