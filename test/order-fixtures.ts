import type { Deps } from "../src/deps.ts";
import type { App } from "../src/http/app.ts";
import { createProductGroup, listProducts, publishToStorefront } from "../src/modules/catalog/index.ts";
import type { BssLineInput } from "../src/modules/orders/index.ts";
import { createAccount as createAccountUseCase } from "../src/modules/tenancy/index.ts";
import { queryRows, sql } from "../src/shared/db.ts";
import { installDropboxCatalog } from "./catalog-fixtures.ts";
import { createUser, unique } from "./factories.ts";
import { signIn } from "./http.ts";
import { buildChannel, storefrontActor } from "./tenancy-fixtures.ts";

/**
 * Order test helpers: the tenancy channel (staff of every role; Standard reseller A with end
 * customers A1 (approval on, the default) and A3 (approval off); Basic reseller B; a direct
 * customer; another tenant) with the Dropbox + Sign catalogue installed and a selection published
 * in A's Storefront. DBX-BUS-MCMB is deliberately NOT published (R-CAT-07).
 */

export const PUBLISHED_SKUS = [
  "DBX-STD-MCMB",
  "DBX-STD-AC1M",
  "DBX-STD-AC1Y",
  "DBX-EDU-MCMB",
  "DBX-ASV-MCMB",
  "DBX-ASV-10TB-MCMB",
  "DBX-ASV-50TB-MCMB",
  "DBX-1TB-MCMB",
  "DBX-STD-MCMB-TRIAL",
  "DBXS-STD-MCMB",
  "DBXS-PRE-MCMB",
  "DBXS-SFDC-MCMB",
  "DBXS-CPQ-MCMB",
  "DBXS-SP-MCMB",
  "DBXS-TP15-MCMB",
  "DBXS-STD-MCMB-TRIAL",
] as const;
const UNPUBLISHED_SKUS = ["DBX-BUS-MCMB"] as const;
export type Sku = (typeof PUBLISHED_SKUS)[number] | (typeof UNPUBLISHED_SKUS)[number];

export async function orderWorld(deps: Deps) {
  const channel = await buildChannel(deps);
  const tenantId = channel.tenant.id;
  await installDropboxCatalog(deps, tenantId);
  const ids = new Map<string, string>();
  for (const sku of [...PUBLISHED_SKUS, ...UNPUBLISHED_SKUS]) {
    const page = await listProducts(deps, { tenantId }, { q: sku, limit: 50, offset: 0 } as never);
    const p = page.items.find((x) => x.sku === sku);
    if (!p) throw new Error(`no product ${sku}`);
    ids.set(sku, p.id);
  }
  const group = await createProductGroup(
    deps,
    { tenantId },
    { name: "Everything we sell", productIds: PUBLISHED_SKUS.map((s) => ids.get(s)!) },
  );
  await publishToStorefront(deps, { tenantId }, channel.resellerA.id, { productGroupId: group.id });

  // A3: an end customer of A whose orders need no approval; a user for A2 (a sibling of A1).
  const customerA3 = await createAccountUseCase(deps, channel.actors.clerk, {
    kind: "end_customer",
    parentAccountId: channel.resellerA.id,
    name: `Customer A3 ${unique("a3")}`,
    orderApproval: false,
  });
  const sfA2 = await createUser(deps, {
    tenantId,
    accountId: channel.customerA2.id,
    role: "storefront_user",
  });
  const sfA3 = await createUser(deps, { tenantId, accountId: customerA3.id, role: "storefront_user" });
  const sfB1 = await createUser(deps, {
    tenantId,
    accountId: channel.customerB1.id,
    role: "storefront_user",
  });
  return {
    ...channel,
    customerA3,
    sfA2,
    sfA3,
    sfB1,
    actors: {
      ...channel.actors,
      sfA2: storefrontActor(sfA2, "end_customer"),
      sfA3: storefrontActor(sfA3, "end_customer"),
      sfB1: storefrontActor(sfB1, "end_customer"),
    },
    /** The product id of a SKU of the world's catalogue. */
    id(sku: Sku): string {
      return ids.get(sku)!;
    },
  };
}
export type OrderWorld = Awaited<ReturnType<typeof orderWorld>>;

/** A fresh team-admin email (R-ORD-02 keys are per tenant and email). */
export const adminEmail = () => `${unique("admin")}@team.test`;

/** A line input by SKU, with the R-ORD-06 service details filled unless told otherwise. */
export function line(
  w: Pick<OrderWorld, "id">,
  sku: Sku,
  quantity: number,
  extra: Partial<Omit<BssLineInput, "productId" | "quantity" | "addons">> & {
    addons?: Array<{ sku: Sku; quantity?: number }>;
  } = {},
): BssLineInput {
  const { addons, ...rest } = extra;
  return {
    productId: w.id(sku),
    quantity,
    serviceDetails: { resellerId: "RS-1", adminEmail: adminEmail() },
    ...rest,
    ...(addons
      ? {
          addons: addons.map((a) => ({
            productId: w.id(a.sku),
            ...(a.quantity === undefined ? {} : { quantity: a.quantity }),
          })),
        }
      : {}),
  };
}

/** Session cookies for every caller of the world (HTTP tests). */
export async function signInOrderWorld(app: App, w: OrderWorld) {
  const names = ["admin", "clerk", "viewer"] as const;
  const bss = await Promise.all(names.map((n) => signIn(app, w[n].email, "bss")));
  const sf = await Promise.all(
    [w.sfA, w.sfA1, w.sfA2, w.sfA3, w.sfB, w.sfB1, w.other.sf].map((u) => signIn(app, u.email, "storefront")),
  );
  return {
    admin: bss[0]!,
    clerk: bss[1]!,
    viewer: bss[2]!,
    sfA: sf[0]!,
    sfA1: sf[1]!,
    sfA2: sf[2]!,
    sfA3: sf[3]!,
    sfB: sf[4]!,
    sfB1: sf[5]!,
    otherSf: sf[6]!,
    otherAdmin: await signIn(app, w.other.admin.email, "bss"),
  };
}

/** Rows of a table of the world's tenant (assertions on what was written). */
export async function rowsOf<T = Record<string, unknown>>(deps: Deps, table: string, where = sql`true`) {
  return queryRows<T>(deps.db, sql`select * from ${sql.identifier(table)} where ${where}`);
}
