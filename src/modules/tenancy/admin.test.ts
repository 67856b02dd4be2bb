import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { createTenant, createUser as insertUserRow, TEST_PASSWORD, unique } from "../../../test/factories.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { bssActor, buildChannel, type ChannelFixture, rejectsWith } from "../../../test/tenancy-fixtures.ts";
import {
  actorFromApiKey,
  actorFromSession,
  bootstrapDistributor,
  createApiKey,
  createTenantReseller,
  createUser,
  findTenantBySlug,
  getAccount,
  getMyTenant,
  hashToken,
  listAccounts,
  listApiKeys,
  listTenantResellers,
  listUsers,
  login,
  revokeApiKey,
  updateUser,
} from "./index.ts";
import { apiKeys, users } from "./tenancy.schema.ts";

const PASSWORD = "long enough password";

describe("tenancy: tenants, users and API keys", () => {
  let t: TestContext;
  let c: ChannelFixture;
  before(async () => {
    t = await createTestContext();
    c = await buildChannel(t.deps);
  });
  after(() => t.close());

  describe("bootstrapDistributor", () => {
    it("creates a distributor and its first admin, who can sign in to the BSS", async () => {
      const slug = unique("dist");
      const email = `${unique("boss")}@dist.test`;
      const { tenant, admin } = await bootstrapDistributor(t.deps, {
        name: "Dist",
        slug,
        currency: "USD",
        timeZone: "Europe/Athens",
        admin: { email, name: "Boss", password: PASSWORD },
      });
      assert.equal(tenant.kind, "distributor");
      assert.equal(tenant.currency, "USD");
      assert.equal(tenant.timeZone, "Europe/Athens");
      assert.equal(admin.role, "admin");
      assert.equal("passwordHash" in admin, false);
      const session = await login(t.deps, { email, password: PASSWORD, area: "bss" });
      assert.equal(session.actor.tenantId, tenant.id);
    });

    it("refuses a taken slug or email with 409 and writes nothing", async () => {
      await assert.rejects(
        bootstrapDistributor(t.deps, {
          name: "Dup",
          slug: c.tenant.slug,
          admin: { email: `${unique("x")}@x.test`, name: "X", password: PASSWORD },
        }),
        rejectsWith("conflict", /slug/),
      );
      const slug = unique("dist");
      await assert.rejects(
        bootstrapDistributor(t.deps, {
          name: "Dup",
          slug,
          admin: { email: c.admin.email.toUpperCase(), name: "X", password: PASSWORD },
        }),
        rejectsWith("conflict", /email/),
      );
      assert.equal(await findTenantBySlug(t.deps.db, slug), undefined, "the tenant was rolled back");
      await assert.rejects(
        bootstrapDistributor(t.deps, {
          name: "Bad",
          slug: unique("dist"),
          timeZone: "Mars/Olympus",
          admin: { email: "a@b.test", name: "X", password: "short" },
        }),
        rejectsWith("validation_failed", /timeZone.*admin\.password|admin\.password.*timeZone/),
      );
    });
  });

  describe("tenant resellers", () => {
    it("creates the tenant, its reseller account in the distributor's BSS, the link, and its admin", async () => {
      const alias = unique("tr");
      const email = `${unique("tradmin")}@tr.test`;
      const created = await createTenantReseller(t.deps, c.actors.admin, {
        name: "Tenant Reseller",
        slug: unique("tr"),
        storefrontAlias: alias,
        admin: { email, name: "TR admin", password: PASSWORD },
      });
      assert.equal(created.tenant.kind, "tenant_reseller");
      assert.equal(created.tenant.parentTenantId, c.tenant.id);
      assert.equal(created.tenant.parentAccountId, created.account.id);
      assert.equal(created.tenant.currency, c.tenant.currency);
      const account = await getAccount(t.deps.db, c.tenant.id, created.account.id);
      assert.equal(account.kind, "reseller");
      assert.equal(account.edition, "standard");
      assert.equal(account.storefrontAlias, alias);
      assert.equal(account.representsTenantId, created.tenant.id);
      assert.equal(created.admin.tenantId, created.tenant.id);
      const session = await login(t.deps, { email, password: PASSWORD, area: "bss" });
      assert.equal(session.actor.tenantId, created.tenant.id);
      assert.equal((await getMyTenant(t.deps, session.actor)).kind, "tenant_reseller");
      const listed = await listTenantResellers(t.deps, c.actors.viewer, {});
      assert.ok(listed.items.some((x) => x.id === created.tenant.id));
      assert.equal((await listTenantResellers(t.deps, c.actors.otherAdmin, {})).total, 0);
    });

    it("keeps the two BSS instances apart: neither sees the other's accounts", async () => {
      const created = await createTenantReseller(t.deps, c.actors.admin, {
        name: "Separate",
        slug: unique("sep"),
        edition: "basic",
        admin: { email: `${unique("sep")}@tr.test`, name: "S", password: PASSWORD },
      });
      const trAdmin = bssActor(created.tenant.id, "admin", created.admin.id);
      const trAccounts = await listAccounts(t.deps, trAdmin, {});
      assert.equal(trAccounts.total, 0, "the tenant reseller's BSS starts empty");
      await assert.rejects(
        getAccount(t.deps.db, created.tenant.id, c.resellerA.id),
        rejectsWith("not_found"),
      );
      const mine = await listAccounts(t.deps, c.actors.admin, { limit: 500 });
      assert.ok(mine.items.every((a) => a.tenantId === c.tenant.id));
    });

    it("is for a distributor's admins only and writes nothing when any part fails", async () => {
      const input = () => ({
        name: "TR",
        slug: unique("tr"),
        admin: { email: `${unique("a")}@tr.test`, name: "A", password: PASSWORD },
      });
      await assert.rejects(createTenantReseller(t.deps, c.actors.clerk, input()), rejectsWith("forbidden"));
      await assert.rejects(createTenantReseller(t.deps, c.actors.sfA, input()), rejectsWith("forbidden"));
      const child = await createTenant(t.deps, { kind: "tenant_reseller", parentTenantId: c.tenant.id });
      await assert.rejects(
        createTenantReseller(t.deps, bssActor(child.id, "admin"), input()),
        rejectsWith("forbidden", /distributor/),
      );
      const before = (await listAccounts(t.deps, c.actors.admin, { kind: "reseller", limit: 500 })).total;
      const dup = { ...input(), admin: { email: c.clerk.email, name: "A", password: PASSWORD } };
      await assert.rejects(
        createTenantReseller(t.deps, c.actors.admin, dup),
        rejectsWith("conflict", /email/),
      );
      assert.equal(await findTenantBySlug(t.deps.db, dup.slug), undefined);
      const after = (await listAccounts(t.deps, c.actors.admin, { kind: "reseller", limit: 500 })).total;
      assert.equal(after, before, "no representing account was left behind");
      await assert.rejects(
        createTenantReseller(t.deps, c.actors.admin, {
          ...input(),
          edition: "basic",
          storefrontAlias: unique("x"),
        }),
        rejectsWith("validation_failed", /storefrontAlias/),
      );
    });
  });

  describe("users", () => {
    it("creates staff and Storefront users who can sign in to their area; no hash is handed out", async () => {
      const staff = await createUser(t.deps, c.actors.admin, {
        email: `${unique("clerk")}@x.test`,
        name: "New clerk",
        role: "clerk",
        password: PASSWORD,
      });
      assert.equal(staff.accountId, null);
      assert.equal("passwordHash" in staff, false);
      const shop = await createUser(t.deps, c.actors.admin, {
        email: `${unique("shop")}@x.test`,
        name: "Shop user",
        role: "storefront_user",
        password: PASSWORD,
        accountId: c.resellerA.id,
      });
      const session = await login(t.deps, { email: shop.email, password: PASSWORD, area: "storefront" });
      assert.equal(session.actor.kind === "storefront" && session.actor.accountId, c.resellerA.id);
      const list = await listUsers(t.deps, c.actors.admin, { limit: 500 });
      assert.ok(list.items.some((u) => u.id === staff.id) && list.items.some((u) => u.id === shop.id));
      assert.ok(list.items.every((u) => !("passwordHash" in u) && u.tenantId === c.tenant.id));
      const ofA = await listUsers(t.deps, c.actors.admin, { accountId: c.resellerA.id });
      assert.deepEqual(new Set(ofA.items.map((u) => u.id)), new Set([c.sfA.id, shop.id]));
      const staffOnly = await listUsers(t.deps, c.actors.admin, { area: "bss", limit: 500 });
      assert.ok(staffOnly.items.every((u) => u.accountId === null));
      assert.deepEqual(
        (await listUsers(t.deps, c.actors.admin, { q: "new clerk" })).items.map((u) => u.id),
        [staff.id],
      );
    });

    it("refuses a mismatched role, a short password, a taken email (any case) and another tenant's account", async () => {
      const base = { email: `${unique("u")}@x.test`, name: "U", password: PASSWORD };
      await assert.rejects(
        createUser(t.deps, c.actors.admin, { ...base, role: "storefront_admin" }),
        rejectsWith("validation_failed", /role/),
      );
      await assert.rejects(
        createUser(t.deps, c.actors.admin, { ...base, role: "admin", accountId: c.resellerA.id }),
        rejectsWith("validation_failed", /role/),
      );
      await assert.rejects(
        createUser(t.deps, c.actors.admin, { ...base, role: "clerk", password: "123456789" }),
        rejectsWith("validation_failed", /password: Use at least 10/),
      );
      await assert.rejects(
        createUser(t.deps, c.actors.admin, {
          ...base,
          role: "clerk",
          email: c.other.admin.email.toUpperCase(),
        }),
        rejectsWith("conflict", /already exists/),
      );
      await assert.rejects(
        createUser(t.deps, c.actors.admin, {
          ...base,
          role: "storefront_user",
          accountId: c.other.reseller.id,
        }),
        rejectsWith("not_found"),
      );
      await assert.rejects(
        createUser(t.deps, c.actors.clerk, { ...base, role: "clerk" }),
        rejectsWith("forbidden"),
      );
      await assert.rejects(listUsers(t.deps, c.actors.clerk, {}), rejectsWith("forbidden"));
    });

    it("renames, changes role within the area, disables (ending sessions) and re-enables", async () => {
      const u = await insertUserRow(t.deps, { tenantId: c.tenant.id, role: "viewer" });
      const session = await login(t.deps, { email: u.email, password: TEST_PASSWORD, area: "bss" });
      const changed = await updateUser(t.deps, c.actors.admin, {
        userId: u.id,
        patch: { name: "Renamed", role: "clerk" },
      });
      assert.equal(changed.name, "Renamed");
      assert.equal(changed.role, "clerk");
      assert.equal(
        (await actorFromSession(t.deps, session.token))?.role,
        "clerk",
        "the role applies at once",
      );
      await assert.rejects(
        updateUser(t.deps, c.actors.admin, { userId: u.id, patch: { role: "storefront_user" } }),
        rejectsWith("validation_failed", /role/),
      );
      const disabled = await updateUser(t.deps, c.actors.admin, { userId: u.id, patch: { disabled: true } });
      assert.ok(disabled.disabledAt);
      assert.equal(await actorFromSession(t.deps, session.token), undefined);
      await assert.rejects(
        login(t.deps, { email: u.email, password: TEST_PASSWORD, area: "bss" }),
        rejectsWith("unauthenticated"),
      );
      const enabled = await updateUser(t.deps, c.actors.admin, { userId: u.id, patch: { disabled: false } });
      assert.equal(enabled.disabledAt, null);
      await login(t.deps, { email: u.email, password: TEST_PASSWORD, area: "bss" });
    });

    it("refuses disabling oneself or dropping one's own admin role, and another tenant's user", async () => {
      await assert.rejects(
        updateUser(t.deps, c.actors.admin, { userId: c.admin.id, patch: { disabled: true } }),
        rejectsWith("conflict", /your own user/),
      );
      await assert.rejects(
        updateUser(t.deps, c.actors.admin, { userId: c.admin.id, patch: { role: "viewer" } }),
        rejectsWith("conflict", /own admin role/),
      );
      assert.equal(
        (await updateUser(t.deps, c.actors.admin, { userId: c.admin.id, patch: { name: "Me" } })).name,
        "Me",
      );
      await assert.rejects(
        updateUser(t.deps, c.actors.admin, { userId: c.other.admin.id, patch: { name: "X" } }),
        rejectsWith("not_found"),
      );
    });
  });

  describe("API keys", () => {
    it("returns the key once, stores only its hash, authenticates with it, and lists it without the key", async () => {
      const { apiKey, key } = await createApiKey(t.deps, c.actors.admin, { name: "CRM", role: "clerk" });
      assert.match(key, /^obss_[A-Za-z0-9_-]{40,}$/);
      assert.equal(apiKey.prefix, key.slice(0, 13));
      assert.equal("keyHash" in apiKey, false);
      const [row] = await t.deps.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
      assert.equal(row?.keyHash, hashToken(key));
      assert.notEqual(row?.keyHash, key);
      const actor = await actorFromApiKey(t.deps, key);
      assert.deepEqual(actor && { kind: actor.kind, tenantId: actor.tenantId, role: actor.role }, {
        kind: "bss",
        tenantId: c.tenant.id,
        role: "clerk",
      });
      const list = await listApiKeys(t.deps, c.actors.admin, {});
      const listed = list.items.find((k) => k.id === apiKey.id);
      assert.ok(listed?.lastUsedAt, "use is recorded");
      assert.ok(list.items.every((k) => !("keyHash" in k)));
      assert.ok(!JSON.stringify(list).includes(key));
    });

    it("revokes a key (it stops working, revoking again is fine) and keeps other tenants out", async () => {
      const { apiKey, key } = await createApiKey(t.deps, c.actors.admin, { name: "Temp" });
      assert.equal(apiKey.role, "admin");
      await revokeApiKey(t.deps, c.actors.admin, { apiKeyId: apiKey.id });
      await revokeApiKey(t.deps, c.actors.admin, { apiKeyId: apiKey.id });
      assert.equal(await actorFromApiKey(t.deps, key), undefined);
      const listed = (await listApiKeys(t.deps, c.actors.admin, { limit: 500 })).items.find(
        (k) => k.id === apiKey.id,
      );
      assert.ok(listed?.revokedAt);
      const other = await createApiKey(t.deps, c.actors.admin, { name: "Keep" });
      await assert.rejects(
        revokeApiKey(t.deps, c.actors.otherAdmin, { apiKeyId: other.apiKey.id }),
        rejectsWith("not_found"),
      );
      assert.ok(await actorFromApiKey(t.deps, other.key));
      assert.equal((await listApiKeys(t.deps, c.actors.otherAdmin, {})).total, 0);
      await assert.rejects(createApiKey(t.deps, c.actors.clerk, { name: "No" }), rejectsWith("forbidden"));
      await assert.rejects(
        createApiKey(t.deps, c.actors.admin, { name: "Bad", role: "owner" as never }),
        rejectsWith("validation_failed", /role/),
      );
    });
  });

  it("stores user emails as typed but matches them case-insensitively", async () => {
    const email = `${unique("Mixed")}@Case.test`;
    await createUser(t.deps, c.actors.admin, { email, name: "M", role: "viewer", password: PASSWORD });
    const [row] = await t.deps.db.select().from(users).where(eq(users.email, email));
    assert.equal(row?.email, email);
    await login(t.deps, { email: email.toLowerCase(), password: PASSWORD, area: "bss" });
  });
});
