import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { buildChannel, type ChannelFixture, rejectsWith } from "../../../test/tenancy-fixtures.ts";
import { sql } from "../../shared/db.ts";
import {
  createAccount,
  createStorefrontCustomer,
  getAccount,
  updateAccount,
  updateStorefrontCustomer,
} from "./index.ts";

/**
 * R-PAY-02: a reseller's payment method, and the Order Approval lock it puts on its customers
 * (Standard Edition + Credit Card), in the use cases and as a database invariant.
 */
describe("tenancy: R-PAY-02 payment method and Order Approval lock", () => {
  let t: TestContext;
  let c: ChannelFixture;
  before(async () => {
    t = await createTestContext();
    c = await buildChannel(t.deps);
  });
  after(() => t.close());

  const newReseller = (edition: "basic" | "standard", paymentMethod?: "credit_card" | "cash" | "deposit") =>
    createAccount(t.deps, c.actors.clerk, {
      kind: "reseller",
      edition,
      name: `Reseller ${edition} ${paymentMethod ?? "default"}`,
      ...(paymentMethod ? { paymentMethod } : {}),
    });
  const newCustomer = (parentAccountId: string, orderApproval?: boolean) =>
    createAccount(t.deps, c.actors.clerk, {
      kind: "end_customer",
      parentAccountId,
      name: "Customer",
      ...(orderApproval === undefined ? {} : { orderApproval }),
    });

  it("R-PAY-02 a reseller is created with a payment method; without one it pays by Cash", async () => {
    assert.equal((await newReseller("basic")).paymentMethod, "cash");
    assert.equal((await newReseller("standard", "deposit")).paymentMethod, "deposit");
    const cc = await newReseller("standard", "credit_card");
    assert.equal(cc.paymentMethod, "credit_card");
    assert.equal(cc.locksCustomerApproval, true);
    // Customers carry none.
    const customer = await newCustomer(cc.id);
    assert.equal(customer.paymentMethod, null);
  });

  it("R-PAY-02 refuses a payment method for a non-reseller account, naming the field", async () => {
    await assert.rejects(
      updateAccount(t.deps, c.actors.clerk, {
        accountId: c.customerA1.id,
        patch: { paymentMethod: "cash" },
      }),
      (e: unknown) => rejectsWith("validation_failed", /paymentMethod/)(e),
    );
    await assert.rejects(
      updateAccount(t.deps, c.actors.clerk, { accountId: c.direct.id, patch: { paymentMethod: "deposit" } }),
      rejectsWith("validation_failed", /paymentMethod/),
    );
    await assert.rejects(
      createAccount(t.deps, c.actors.clerk, {
        kind: "direct_customer",
        name: "Direct",
        paymentMethod: "cash",
      } as never),
      rejectsWith("validation_failed", /paymentMethod/),
    );
    await assert.rejects(
      updateAccount(t.deps, c.actors.clerk, {
        accountId: c.resellerA.id,
        patch: { paymentMethod: "cheque" as never },
      }),
      rejectsWith("validation_failed", /paymentMethod/),
    );
  });

  // Every combination: only Standard + Credit Card locks.
  for (const edition of ["basic", "standard"] as const) {
    for (const paymentMethod of ["credit_card", "cash", "deposit"] as const) {
      const locks = edition === "standard" && paymentMethod === "credit_card";
      it(`R-PAY-02 ${edition} × ${paymentMethod}: Order Approval ${locks ? "is locked on" : "may be switched off"} (BSS and Storefront)`, async () => {
        const reseller = await newReseller(edition, paymentMethod);
        const customer = await newCustomer(reseller.id);
        assert.equal(customer.orderApproval, true);
        assert.equal(customer.orderApprovalLocked, locks);
        const sf = {
          kind: "storefront" as const,
          tenantId: c.tenant.id,
          userId: "usr_test",
          accountId: reseller.id,
          accountKind: "reseller" as const,
          role: "storefront_admin" as const,
          email: "sf@reseller.test",
        };
        const bssOff = updateAccount(t.deps, c.actors.clerk, {
          accountId: customer.id,
          patch: { orderApproval: false },
        });
        const sfOff = () =>
          updateStorefrontCustomer(t.deps, sf, { accountId: customer.id, patch: { orderApproval: false } });
        if (locks) {
          await assert.rejects(bssOff, rejectsWith("R-PAY-02", /Credit Card/));
          await assert.rejects(sfOff(), rejectsWith("R-PAY-02"));
          await assert.rejects(newCustomer(reseller.id, false), rejectsWith("R-PAY-02"));
          await assert.rejects(
            createStorefrontCustomer(t.deps, sf, { name: "Checkout", orderApproval: false }),
            rejectsWith("R-PAY-02"),
          );
          assert.equal((await getAccount(t.deps.db, c.tenant.id, customer.id)).orderApproval, true);
        } else {
          assert.equal((await bssOff).orderApproval, false);
          const on = await updateStorefrontCustomer(t.deps, sf, {
            accountId: customer.id,
            patch: { orderApproval: true },
          });
          assert.equal(on.orderApproval, true);
          assert.equal((await sfOff()).orderApproval, false);
          assert.equal((await newCustomer(reseller.id, false)).orderApproval, false);
        }
      });
    }
  }

  it("R-PAY-02 switching a Standard reseller to Credit Card switches its customers' approval on, in one go", async () => {
    const reseller = await newReseller("standard", "cash");
    const off1 = await newCustomer(reseller.id, false);
    const off2 = await newCustomer(reseller.id, false);
    const on = await newCustomer(reseller.id);
    const other = await newCustomer(c.resellerA.id, false); // another reseller's: untouched
    const updated = await updateAccount(t.deps, c.actors.clerk, {
      accountId: reseller.id,
      patch: { paymentMethod: "credit_card" },
    });
    assert.equal(updated.paymentMethod, "credit_card");
    assert.equal(updated.locksCustomerApproval, true);
    for (const id of [off1.id, off2.id, on.id]) {
      const a = await getAccount(t.deps.db, c.tenant.id, id);
      assert.equal(a.orderApproval, true, id);
      assert.equal(a.orderApprovalLocked, true, id);
    }
    assert.ok((await getAccount(t.deps.db, c.tenant.id, off1.id)).updatedAt >= off1.updatedAt);
    const untouched = await getAccount(t.deps.db, c.tenant.id, other.id);
    assert.equal(untouched.orderApproval, false);
    assert.equal(untouched.orderApprovalLocked, false);

    // Back to Deposit: the lock goes, approval stays on until someone switches it off.
    await updateAccount(t.deps, c.actors.clerk, {
      accountId: reseller.id,
      patch: { paymentMethod: "deposit" },
    });
    const after = await getAccount(t.deps.db, c.tenant.id, off1.id);
    assert.equal(after.orderApprovalLocked, false);
    assert.equal(after.orderApproval, true);
    const freed = await updateAccount(t.deps, c.actors.clerk, {
      accountId: off1.id,
      patch: { orderApproval: false },
    });
    assert.equal(freed.orderApproval, false);
  });

  it("R-PAY-02 a Credit Card reseller upgraded from Basic to Standard locks its customers on", async () => {
    const reseller = await newReseller("basic", "credit_card");
    const off = await newCustomer(reseller.id, false);
    assert.equal(off.orderApprovalLocked, false);
    await updateAccount(t.deps, c.actors.clerk, { accountId: reseller.id, patch: { edition: "standard" } });
    const locked = await getAccount(t.deps.db, c.tenant.id, off.id);
    assert.equal(locked.orderApproval, true);
    assert.equal(locked.orderApprovalLocked, true);
    // And back to Basic unlocks.
    await updateAccount(t.deps, c.actors.clerk, { accountId: reseller.id, patch: { edition: "basic" } });
    assert.equal((await getAccount(t.deps.db, c.tenant.id, off.id)).orderApprovalLocked, false);
  });

  it("R-PAY-02 the database refuses a locked customer with approval off, and a customer out of step with its reseller", async () => {
    const reseller = await newReseller("standard", "credit_card");
    const customer = await newCustomer(reseller.id);
    await assert.rejects(
      t.deps.db.execute(sql`update accounts set order_approval = false where id = ${customer.id}`),
      (e: Error) => /accounts_approval_lock_ck/.test(`${e.message} ${(e.cause as Error)?.message}`),
    );
    await assert.rejects(
      t.deps.db.execute(sql`update accounts set order_approval_locked = false where id = ${customer.id}`),
      (e: Error) => /accounts_parent_lock_fk/.test(`${e.message} ${(e.cause as Error)?.message}`),
    );
    // A reseller cannot start locking while a customer's approval is off (the use case switches it on first).
    const cash = await newReseller("standard", "cash");
    await newCustomer(cash.id, false);
    await assert.rejects(
      t.deps.db.execute(sql`update accounts set payment_method = 'credit_card' where id = ${cash.id}`),
      (e: Error) => /accounts_approval_lock_ck/.test(`${e.message} ${(e.cause as Error)?.message}`),
    );
    await assert.rejects(
      t.deps.db.execute(sql`update accounts set payment_method = 'cash' where id = ${c.customerA1.id}`),
      (e: Error) => /accounts_payment_method_ck/.test(`${e.message} ${(e.cause as Error)?.message}`),
    );
  });

  it("R-PAY-02 the Storefront switch is for a reseller's own end customers only", async () => {
    const sfA1 = c.actors.sfA1; // an end customer's user
    await assert.rejects(
      updateStorefrontCustomer(t.deps, sfA1, { accountId: c.customerA1.id, patch: { orderApproval: false } }),
      rejectsWith("forbidden"),
    );
    // Reseller B cannot touch reseller A's customer; reseller A cannot "switch" its own account.
    await assert.rejects(
      updateStorefrontCustomer(t.deps, c.actors.sfB, {
        accountId: c.customerA1.id,
        patch: { orderApproval: false },
      }),
      rejectsWith("not_found"),
    );
    await assert.rejects(
      updateStorefrontCustomer(t.deps, c.actors.sfA, {
        accountId: c.resellerA.id,
        patch: { orderApproval: false },
      }),
      rejectsWith("not_found"),
    );
    await assert.rejects(
      updateStorefrontCustomer(t.deps, c.actors.otherSf, {
        accountId: c.customerA1.id,
        patch: { orderApproval: false },
      }),
      rejectsWith("not_found"),
    );
    await assert.rejects(
      updateStorefrontCustomer(t.deps, c.actors.clerk, {
        accountId: c.customerA1.id,
        patch: { orderApproval: false },
      }),
      rejectsWith("forbidden"),
    );
  });

  it("R-PAY-02 a customer switched off concurrently with its reseller starting to lock ends up on (never off and locked)", async () => {
    const reseller = await newReseller("standard", "cash");
    const customers = await Promise.all([1, 2, 3].map(() => newCustomer(reseller.id)));
    const sf = { ...c.actors.sfA, accountId: reseller.id };
    const results = await Promise.allSettled([
      ...customers.map((cu) =>
        updateStorefrontCustomer(t.deps, sf, { accountId: cu.id, patch: { orderApproval: false } }),
      ),
      updateAccount(t.deps, c.actors.clerk, {
        accountId: reseller.id,
        patch: { paymentMethod: "credit_card" },
      }),
    ]);
    // The reseller's change never fails on the constraint; a switch-off either ran first (and was undone) or was refused.
    assert.equal(results[3]!.status, "fulfilled", String((results[3] as PromiseRejectedResult).reason));
    for (const r of results.slice(0, 3)) if (r.status === "rejected") rejectsWith("R-PAY-02")(r.reason);
    for (const cu of customers) {
      const a = await getAccount(t.deps.db, c.tenant.id, cu.id);
      assert.equal(a.orderApproval, true);
      assert.equal(a.orderApprovalLocked, true);
    }
  });
});
