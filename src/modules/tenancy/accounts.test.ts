import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTenant, createAccount as insertAccountRow, unique } from "../../../test/factories.ts";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { buildChannel, type ChannelFixture, rejectsWith } from "../../../test/tenancy-fixtures.ts";
import type { AppError } from "../../shared/errors.ts";
import { createAccount, findAccountByAlias, listAccounts, updateAccount } from "./index.ts";

describe("tenancy: accounts", () => {
  let t: TestContext;
  let c: ChannelFixture;
  before(async () => {
    t = await createTestContext();
    c = await buildChannel(t.deps);
  });
  after(() => t.close());

  describe("createAccount", () => {
    it("creates a Standard reseller with a Storefront alias, findable by alias", async () => {
      const alias = unique("shop");
      const a = await createAccount(t.deps, c.actors.clerk, {
        kind: "reseller",
        edition: "standard",
        storefrontAlias: alias,
        name: "  Acme Cloud  ",
        email: "billing@acme.test",
        address: { city: "Athens", country: "GR" },
      });
      assert.equal(a.kind, "reseller");
      assert.equal(a.edition, "standard");
      assert.equal(a.name, "Acme Cloud");
      assert.equal(a.tenantId, c.tenant.id);
      assert.deepEqual(a.address, { city: "Athens", country: "GR" });
      assert.match(a.id, /^acc_/);
      assert.equal((await findAccountByAlias(t.deps.db, alias))?.id, a.id);
      assert.equal((await findAccountByAlias(t.deps.db, alias.toUpperCase()))?.id, a.id);
      assert.equal(await findAccountByAlias(t.deps.db, unique("nobody")), undefined);
    });

    it("refuses a Storefront alias for a Basic Edition reseller, naming the field", async () => {
      await assert.rejects(
        createAccount(t.deps, c.actors.clerk, {
          kind: "reseller",
          edition: "basic",
          storefrontAlias: unique("basic"),
          name: "B",
        }),
        rejectsWith("validation_failed", /storefrontAlias: .*Standard Edition/),
      );
    });

    it("refuses an alias that is not a lowercase slug", async () => {
      for (const alias of ["Upper-Case", "-lead", "trail-", "a", "has space", "x".repeat(41)]) {
        await assert.rejects(
          createAccount(t.deps, c.actors.clerk, {
            kind: "reseller",
            edition: "standard",
            storefrontAlias: alias,
            name: "S",
          }),
          rejectsWith("validation_failed", /storefrontAlias/),
          alias,
        );
      }
    });

    it("answers a taken alias with 409, also when another tenant holds it (aliases are installation-wide)", async () => {
      const other = await createTenant(t.deps);
      const alias = unique("taken");
      await insertAccountRow(t.deps, { tenantId: other.id, kind: "reseller", storefrontAlias: alias });
      await assert.rejects(
        createAccount(t.deps, c.actors.clerk, {
          kind: "reseller",
          edition: "standard",
          storefrontAlias: alias,
          name: "S",
        }),
        (e) => rejectsWith("conflict", /alias .* already taken/)(e) && (e as AppError).status === 409,
      );
    });

    it("R-ORD-09 creates an end customer under a reseller with order approval on by default", async () => {
      const ec = await createAccount(t.deps, c.actors.clerk, {
        kind: "end_customer",
        parentAccountId: c.resellerA.id,
        name: "Customer",
        vendorResellerId: "R-123",
      });
      assert.equal(ec.parentAccountId, c.resellerA.id);
      assert.equal(ec.orderApproval, true);
      assert.equal(ec.edition, null);
      assert.equal(ec.vendorResellerId, "R-123");
      const off = await createAccount(t.deps, c.actors.clerk, {
        kind: "end_customer",
        parentAccountId: c.resellerA.id,
        name: "No approval",
        orderApproval: false,
      });
      assert.equal(off.orderApproval, false);
    });

    it("requires an end customer's parent, and the parent must be a reseller of the same tenant", async () => {
      await assert.rejects(
        createAccount(t.deps, c.actors.clerk, { kind: "end_customer", name: "X" } as never),
        rejectsWith("validation_failed", /parentAccountId/),
      );
      await assert.rejects(
        createAccount(t.deps, c.actors.clerk, {
          kind: "end_customer",
          parentAccountId: c.direct.id,
          name: "X",
        }),
        rejectsWith("validation_failed", /parentAccountId: .*not a reseller/),
      );
      await assert.rejects(
        createAccount(t.deps, c.actors.clerk, {
          kind: "end_customer",
          parentAccountId: c.other.reseller.id,
          name: "X",
        }),
        rejectsWith("not_found"),
      );
    });

    it("creates a direct customer and refuses reseller-only fields on it", async () => {
      const d = await createAccount(t.deps, c.actors.admin, {
        kind: "direct_customer",
        name: "Direct",
        currency: "USD",
      });
      assert.equal(d.kind, "direct_customer");
      assert.equal(d.currency, "USD");
      await assert.rejects(
        createAccount(t.deps, c.actors.clerk, {
          kind: "direct_customer",
          name: "D",
          edition: "basic",
        } as never),
        rejectsWith("validation_failed", /edition/),
      );
    });

    it("refuses viewers and Storefront users", async () => {
      const input = { kind: "direct_customer", name: "D" } as const;
      await assert.rejects(createAccount(t.deps, c.actors.viewer, input), rejectsWith("forbidden"));
      await assert.rejects(createAccount(t.deps, c.actors.sfA, input), rejectsWith("forbidden"));
    });
  });

  describe("updateAccount", () => {
    it("moves a reseller Basic → Standard (alias allowed) → Basic (alias removed and free again)", async () => {
      const r = await createAccount(t.deps, c.actors.clerk, {
        kind: "reseller",
        edition: "basic",
        name: "Grows",
      });
      const alias = unique("grow");
      await assert.rejects(
        updateAccount(t.deps, c.actors.clerk, { accountId: r.id, patch: { storefrontAlias: alias } }),
        rejectsWith("validation_failed", /storefrontAlias/),
      );
      const std = await updateAccount(t.deps, c.actors.clerk, {
        accountId: r.id,
        patch: { edition: "standard", storefrontAlias: alias },
      });
      assert.equal(std.edition, "standard");
      assert.equal(std.storefrontAlias, alias);
      const renamed = await updateAccount(t.deps, c.actors.clerk, {
        accountId: r.id,
        patch: { name: "Grown" },
      });
      assert.equal(renamed.storefrontAlias, alias, "an unrelated change keeps the alias");
      const basic = await updateAccount(t.deps, c.actors.clerk, {
        accountId: r.id,
        patch: { edition: "basic" },
      });
      assert.equal(basic.storefrontAlias, null);
      assert.equal(await findAccountByAlias(t.deps.db, alias), undefined);
      const reuse = await createAccount(t.deps, c.actors.clerk, {
        kind: "reseller",
        edition: "standard",
        storefrontAlias: alias,
        name: "Reuser",
      });
      assert.equal(reuse.storefrontAlias, alias);
    });

    it("refuses Standard → Basic while keeping an alias explicitly, and 409 on a taken alias", async () => {
      await assert.rejects(
        updateAccount(t.deps, c.actors.clerk, {
          accountId: c.resellerA.id,
          patch: { edition: "basic", storefrontAlias: c.resellerA.storefrontAlias },
        }),
        rejectsWith("validation_failed", /storefrontAlias/),
      );
      const other = await createAccount(t.deps, c.actors.clerk, {
        kind: "reseller",
        edition: "standard",
        name: "O",
      });
      await assert.rejects(
        updateAccount(t.deps, c.actors.clerk, {
          accountId: other.id,
          patch: { storefrontAlias: c.resellerA.storefrontAlias },
        }),
        rejectsWith("conflict", /already taken/),
      );
    });

    it("updates contact data, clears with null, and stamps updatedAt from the clock", async () => {
      const d = await createAccount(t.deps, c.actors.clerk, {
        kind: "direct_customer",
        name: "Editable",
        email: "a@x.test",
        accountingNumber: "ACC-1",
      });
      t.clock.advance({ hours: 1 });
      const u = await updateAccount(t.deps, c.actors.clerk, {
        accountId: d.id,
        patch: {
          email: null,
          accountingNumber: "ACC-2",
          orderApproval: false,
          vendorResellerId: "VR-9",
          currency: "USD",
          status: "inactive",
          address: { line1: "1 Main St" },
        },
      });
      assert.equal(u.email, null);
      assert.equal(u.accountingNumber, "ACC-2");
      assert.equal(u.orderApproval, false);
      assert.equal(u.vendorResellerId, "VR-9");
      assert.equal(u.currency, "USD");
      assert.equal(u.status, "inactive");
      assert.deepEqual(u.address, { line1: "1 Main St" });
      assert.equal(u.name, "Editable");
      assert.equal(u.updatedAt.getTime(), t.clock.now().getTime());
    });

    it("refuses an edition on a customer, unknown fields, and another tenant's account", async () => {
      await assert.rejects(
        updateAccount(t.deps, c.actors.clerk, { accountId: c.customerA1.id, patch: { edition: "standard" } }),
        rejectsWith("validation_failed", /edition/),
      );
      await assert.rejects(
        updateAccount(t.deps, c.actors.clerk, {
          accountId: c.customerA1.id,
          patch: { kind: "reseller" } as never,
        }),
        rejectsWith("validation_failed", /kind/),
      );
      await assert.rejects(
        updateAccount(t.deps, c.actors.clerk, { accountId: c.other.reseller.id, patch: { name: "Mine" } }),
        rejectsWith("not_found"),
      );
      await assert.rejects(
        updateAccount(t.deps, c.actors.viewer, { accountId: c.customerA1.id, patch: { name: "V" } }),
        rejectsWith("forbidden"),
      );
    });
  });

  describe("listAccounts", () => {
    it("filters by kind, parent, status and q (name or email), sorts and pages", async () => {
      const tenant = await createTenant(t.deps);
      const admin = { ...c.actors.admin, tenantId: tenant.id };
      const r = await createAccount(t.deps, admin, {
        kind: "reseller",
        edition: "basic",
        name: "Zeta Reseller",
      });
      const names = ["Alpha", "Beta 100%", "Gamma"];
      for (const name of names)
        await createAccount(t.deps, admin, {
          kind: "end_customer",
          parentAccountId: r.id,
          name,
          email: `${name[0]}@mail.test`,
        });
      const d = await createAccount(t.deps, admin, {
        kind: "direct_customer",
        name: "Delta",
        email: "delta@corp.test",
      });
      await updateAccount(t.deps, admin, { accountId: d.id, patch: { status: "inactive" } });

      const all = await listAccounts(t.deps, admin, {});
      assert.equal(all.total, 5);
      assert.deepEqual(
        all.items.map((a) => a.name),
        ["Alpha", "Beta 100%", "Delta", "Gamma", "Zeta Reseller"],
      );
      const customers = await listAccounts(t.deps, admin, { kind: "end_customer", parentAccountId: r.id });
      assert.equal(customers.total, 3);
      assert.equal((await listAccounts(t.deps, admin, { status: "inactive" })).items[0]?.id, d.id);
      assert.deepEqual(
        (await listAccounts(t.deps, admin, { q: "CORP" })).items.map((a) => a.id),
        [d.id],
      );
      assert.deepEqual(
        (await listAccounts(t.deps, admin, { q: "100%" })).items.map((a) => a.name),
        ["Beta 100%"],
      );
      assert.equal((await listAccounts(t.deps, admin, { q: "%" })).total, 1, "% is matched literally");
      const page = await listAccounts(t.deps, admin, { sort: "-name", limit: 2, offset: 1 });
      assert.equal(page.total, 5);
      assert.equal(page.limit, 2);
      assert.equal(page.offset, 1);
      assert.deepEqual(
        page.items.map((a) => a.name),
        ["Gamma", "Delta"],
      );
      await assert.rejects(
        listAccounts(t.deps, admin, { limit: 501 }),
        rejectsWith("validation_failed", /limit/),
      );
    });

    it("shows a BSS actor nothing of other tenants", async () => {
      const mine = await listAccounts(t.deps, c.actors.otherAdmin, { limit: 500 });
      assert.deepEqual(
        mine.items.map((a) => a.id),
        [c.other.reseller.id],
      );
    });
  });
});
