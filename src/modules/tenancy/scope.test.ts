import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { buildChannel, type ChannelFixture, rejectsWith } from "../../../test/tenancy-fixtures.ts";
import {
  assertAccountVisible,
  createAccount,
  createStorefrontCustomer,
  findTenantBySlug,
  getAccount,
  getTenant,
  listAccounts,
  updateAccount,
  viewAccount,
  visibleAccountIds,
} from "./index.ts";

/** The one place that decides which accounts an actor sees, and the Storefront's own customers. */
describe("tenancy: scope", () => {
  let t: TestContext;
  let c: ChannelFixture;
  before(async () => {
    t = await createTestContext();
    c = await buildChannel(t.deps);
  });
  after(() => t.close());

  describe("scope (assertAccountVisible, visibleAccountIds)", () => {
    it("a BSS actor sees every account of its tenant and none of another", async () => {
      for (const a of [c.resellerA, c.customerA1, c.direct])
        assert.equal((await assertAccountVisible(t.deps.db, c.actors.viewer, a.id)).id, a.id);
      await assert.rejects(
        assertAccountVisible(t.deps.db, c.actors.viewer, c.other.reseller.id),
        rejectsWith("not_found"),
      );
      await assert.rejects(
        assertAccountVisible(t.deps.db, c.actors.otherAdmin, c.resellerA.id),
        rejectsWith("not_found"),
      );
      await assert.rejects(
        assertAccountVisible(t.deps.db, c.actors.viewer, "acc_missing"),
        rejectsWith("not_found"),
      );
      const ids = await visibleAccountIds(t.deps.db, c.actors.viewer);
      assert.ok(ids.includes(c.resellerB.id) && ids.includes(c.customerA2.id));
      assert.ok(!ids.includes(c.other.reseller.id));
    });

    it("a reseller's Storefront user sees itself and its end customers only", async () => {
      for (const a of [c.resellerA, c.customerA1, c.customerA2])
        assert.equal((await assertAccountVisible(t.deps.db, c.actors.sfA, a.id)).id, a.id);
      for (const a of [c.resellerB, c.customerB1, c.direct, c.other.reseller])
        await assert.rejects(assertAccountVisible(t.deps.db, c.actors.sfA, a.id), rejectsWith("not_found"));
      const ids = new Set(await visibleAccountIds(t.deps.db, c.actors.sfB));
      assert.deepEqual(ids, new Set([c.resellerB.id, c.customerB1.id]));
    });

    it("an end customer's Storefront user sees only its own account (not its siblings, not its reseller)", async () => {
      assert.equal(
        (await viewAccount(t.deps, c.actors.sfA1, { accountId: c.customerA1.id })).id,
        c.customerA1.id,
      );
      for (const a of [c.customerA2, c.resellerA])
        await assert.rejects(
          viewAccount(t.deps, c.actors.sfA1, { accountId: a.id }),
          rejectsWith("not_found"),
        );
      assert.deepEqual(await visibleAccountIds(t.deps.db, c.actors.sfA1), [c.customerA1.id]);
      const list = await listAccounts(t.deps, c.actors.sfA1, {});
      assert.deepEqual(
        list.items.map((a) => a.id),
        [c.customerA1.id],
      );
    });

    it("getAccount, getTenant and findTenantBySlug look up by id / slug, throwing or returning undefined", async () => {
      assert.equal((await getAccount(t.deps.db, c.tenant.id, c.direct.id)).kind, "direct_customer");
      await assert.rejects(getAccount(t.deps.db, c.other.tenant.id, c.direct.id), rejectsWith("not_found"));
      assert.equal((await getTenant(t.deps.db, c.tenant.id)).slug, c.tenant.slug);
      await assert.rejects(getTenant(t.deps.db, "ten_missing"), rejectsWith("not_found"));
      assert.equal((await findTenantBySlug(t.deps.db, c.tenant.slug))?.id, c.tenant.id);
      assert.equal(await findTenantBySlug(t.deps.db, "no-such-tenant"), undefined);
    });
  });

  describe("createStorefrontCustomer", () => {
    it("R-ORD-11 a reseller's Storefront user creates an end customer under its own account", async () => {
      const ec = await createStorefrontCustomer(t.deps, c.actors.sfA, {
        name: "Shop customer",
        email: "x@shop.test",
      });
      assert.equal(ec.kind, "end_customer");
      assert.equal(ec.parentAccountId, c.resellerA.id);
      assert.equal(ec.tenantId, c.tenant.id);
      assert.equal(ec.orderApproval, true);
      const list = await listAccounts(t.deps, c.actors.sfA, { kind: "end_customer" });
      assert.ok(list.items.some((a) => a.id === ec.id));
    });

    it("refuses end customers, BSS actors, an unknown field, and a reseller made inactive", async () => {
      await assert.rejects(
        createStorefrontCustomer(t.deps, c.actors.sfA1, { name: "N" }),
        rejectsWith("forbidden"),
      );
      await assert.rejects(
        createStorefrontCustomer(t.deps, c.actors.admin, { name: "N" }),
        rejectsWith("forbidden"),
      );
      await assert.rejects(
        createStorefrontCustomer(t.deps, c.actors.sfA, {
          name: "N",
          parentAccountId: c.resellerB.id,
        } as never),
        rejectsWith("validation_failed", /parentAccountId/),
      );
      const r = await createAccount(t.deps, c.actors.clerk, {
        kind: "reseller",
        edition: "standard",
        name: "Soon off",
      });
      const actor = { ...c.actors.sfA, accountId: r.id };
      await updateAccount(t.deps, c.actors.clerk, { accountId: r.id, patch: { status: "inactive" } });
      await assert.rejects(
        createStorefrontCustomer(t.deps, actor, { name: "N" }),
        rejectsWith("forbidden", /inactive/),
      );
    });
  });
});
