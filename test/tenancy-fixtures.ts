import assert from "node:assert/strict";
import type { LightMyRequestResponse } from "fastify";
import type { Deps } from "../src/deps.ts";
import type { App } from "../src/http/app.ts";
import type { BssActor, BssRole, StorefrontActor } from "../src/modules/tenancy/index.ts";
import { createApiKey, revokeApiKey } from "../src/modules/tenancy/index.ts";
import { AppError } from "../src/shared/errors.ts";
import { createAccount, createTenant, createUser, unique } from "./factories.ts";
import { signIn } from "./http.ts";

/**
 * A small channel for tenancy tests: a distributor tenant with staff of every role, a Standard
 * reseller A (Storefront alias) with two end customers, a Basic reseller B with one, a direct
 * customer, Storefront users, and a second distributor tenant to prove isolation.
 */

/** For assert.rejects: an AppError with `code` whose message matches `pattern`. */
export function rejectsWith(code: string, pattern?: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof AppError, `expected AppError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

export interface Req {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  url: string;
  body?: unknown;
}

export function send(app: App, req: Req, cred: Credential): Promise<LightMyRequestResponse> {
  return app.inject({
    method: req.method,
    url: req.url,
    headers: cred,
    ...(req.body === undefined ? {} : { payload: req.body as object }),
  });
}

/** Which of `ids` appear in the answer, except those the caller sent (a 404 names the id asked for). */
export function leaks(res: LightMyRequestResponse, ids: string[], req?: Req): string[] {
  const sent = req ? req.url + JSON.stringify(req.body ?? null) : "";
  return ids.filter((id) => res.body.includes(id) && !sent.includes(id));
}

/** A 404 for an id out of scope must read exactly like the one for an id that never existed. */
export function assertLikeMissing(res: LightMyRequestResponse): void {
  assert.equal(res.statusCode, 404, res.body);
  const { code, message } = res.json().error;
  assert.equal(code, "not_found");
  assert.match(message, /^(Account|Contact|User|API key) \S+ was not found$/);
}

/** The field paths a 400 names (body.x, querystring.y). */
export function issuePaths(res: LightMyRequestResponse): string[] {
  return (res.json().error?.details?.issues ?? []).map((i: { path: string }) => i.path);
}

export function bssActor(tenantId: string, role: BssRole = "admin", userId: string | null = null): BssActor {
  return { kind: "bss", tenantId, userId, apiKeyId: userId ? null : "key_test", role, email: null };
}

export function storefrontActor(
  user: {
    id: string;
    tenantId: string;
    accountId: string | null;
    email: string;
    role: string;
  },
  accountKind: StorefrontActor["accountKind"],
): StorefrontActor {
  return {
    kind: "storefront",
    tenantId: user.tenantId,
    userId: user.id,
    accountId: user.accountId!,
    accountKind,
    role: user.role as StorefrontActor["role"],
    email: user.email,
  };
}

export async function buildChannel(deps: Deps) {
  const tenant = await createTenant(deps);
  const admin = await createUser(deps, { tenantId: tenant.id, role: "admin" });
  const clerk = await createUser(deps, { tenantId: tenant.id, role: "clerk" });
  const viewer = await createUser(deps, { tenantId: tenant.id, role: "viewer" });
  const resellerA = await createAccount(deps, {
    tenantId: tenant.id,
    kind: "reseller",
    edition: "standard",
    storefrontAlias: unique("store"),
    name: `Reseller A ${unique("a")}`,
  });
  const customerA1 = await createAccount(deps, {
    tenantId: tenant.id,
    kind: "end_customer",
    parentAccountId: resellerA.id,
  });
  const customerA2 = await createAccount(deps, {
    tenantId: tenant.id,
    kind: "end_customer",
    parentAccountId: resellerA.id,
  });
  const resellerB = await createAccount(deps, { tenantId: tenant.id, kind: "reseller", edition: "basic" });
  const customerB1 = await createAccount(deps, {
    tenantId: tenant.id,
    kind: "end_customer",
    parentAccountId: resellerB.id,
  });
  const direct = await createAccount(deps, { tenantId: tenant.id, kind: "direct_customer" });
  const sfA = await createUser(deps, {
    tenantId: tenant.id,
    accountId: resellerA.id,
    role: "storefront_user",
  });
  const sfA1 = await createUser(deps, { tenantId: tenant.id, accountId: customerA1.id });
  const sfB = await createUser(deps, { tenantId: tenant.id, accountId: resellerB.id });

  const otherTenant = await createTenant(deps);
  const otherAdmin = await createUser(deps, { tenantId: otherTenant.id, role: "admin" });
  const otherReseller = await createAccount(deps, { tenantId: otherTenant.id, kind: "reseller" });
  const otherSf = await createUser(deps, { tenantId: otherTenant.id, accountId: otherReseller.id });

  return {
    tenant,
    admin,
    clerk,
    viewer,
    resellerA,
    customerA1,
    customerA2,
    resellerB,
    customerB1,
    direct,
    sfA,
    sfA1,
    sfB,
    other: { tenant: otherTenant, admin: otherAdmin, reseller: otherReseller, sf: otherSf },
    actors: {
      admin: bssActor(tenant.id, "admin", admin.id),
      clerk: bssActor(tenant.id, "clerk", clerk.id),
      viewer: bssActor(tenant.id, "viewer", viewer.id),
      sfA: storefrontActor(sfA, "reseller"),
      sfA1: storefrontActor(sfA1, "end_customer"),
      sfB: storefrontActor(sfB, "reseller"),
      otherAdmin: bssActor(otherTenant.id, "admin", otherAdmin.id),
      otherSf: storefrontActor(otherSf, "reseller"),
    },
  };
}
export type ChannelFixture = Awaited<ReturnType<typeof buildChannel>>;

export type Credential = { cookie: string } | { authorization: string } | Record<string, never>;

/** The channel plus a signed-in session (or API key) for every kind of caller. */
export async function buildSignedInChannel(deps: Deps, app: App) {
  const c = await buildChannel(deps);
  const [admin, clerk, viewer, sfA, sfA1, sfB, otherAdmin, otherSf] = await Promise.all([
    signIn(app, c.admin.email, "bss"),
    signIn(app, c.clerk.email, "bss"),
    signIn(app, c.viewer.email, "bss"),
    signIn(app, c.sfA.email, "storefront"),
    signIn(app, c.sfA1.email, "storefront"),
    signIn(app, c.sfB.email, "storefront"),
    signIn(app, c.other.admin.email, "bss"),
    signIn(app, c.other.sf.email, "storefront"),
  ]);
  const adminKey = await createApiKey(deps, c.actors.admin, { name: "integration", role: "admin" });
  const revoked = await createApiKey(deps, c.actors.admin, { name: "old", role: "admin" });
  await revokeApiKey(deps, c.actors.admin, { apiKeyId: revoked.apiKey.id });
  return {
    ...c,
    as: {
      anonymous: {} as Record<string, never>,
      admin,
      clerk,
      viewer,
      sfA,
      sfA1,
      sfB,
      otherAdmin,
      otherSf,
      apiKey: { authorization: `Bearer ${adminKey.key}` },
      revokedKey: { authorization: `Bearer ${revoked.key}` },
    } satisfies Record<string, Credential>,
  };
}
export type SignedInChannel = Awaited<ReturnType<typeof buildSignedInChannel>>;
