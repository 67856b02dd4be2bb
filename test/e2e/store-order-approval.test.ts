import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { getAccount } from "../../src/modules/tenancy/index.ts";
import { createAccount, createUser, unique } from "../factories.ts";
import { buildChannel, type ChannelFixture } from "../tenancy-fixtures.ts";
import { type StoreE2E, startStoreE2E } from "./store-harness.ts";

/**
 * R-PAY-02 in the browser: a Cash reseller switches Order Approval off for one of its customers
 * from its Storefront; a Standard Edition reseller paying by Credit Card sees the switch locked on,
 * with the reason.
 */
describe("Storefront: Order Approval per customer (R-PAY-02, Chromium)", () => {
  let e: StoreE2E;
  let c: ChannelFixture;
  let card: { alias: string; customerName: string; customerId: string; email: string };

  before(async () => {
    e = await startStoreE2E();
    c = await buildChannel(e.ctx.deps);
    const alias = unique("cardshop");
    const reseller = await createAccount(e.ctx.deps, {
      tenantId: c.tenant.id,
      kind: "reseller",
      edition: "standard",
      paymentMethod: "credit_card",
      storefrontAlias: alias,
      name: `Card Reseller ${unique("c")}`,
    });
    const customerName = `Card Customer ${unique("cc")}`;
    const customer = await createAccount(e.ctx.deps, {
      tenantId: c.tenant.id,
      kind: "end_customer",
      parentAccountId: reseller.id,
      name: customerName,
    });
    const user = await createUser(e.ctx.deps, { tenantId: c.tenant.id, accountId: reseller.id });
    card = { alias, customerName, customerId: customer.id, email: user.email };
  });
  after(async () => {
    await e?.close();
  });

  it("R-PAY-02 a Cash reseller switches a customer's approval off; a Credit Card Standard reseller sees it locked", async () => {
    const { page, base } = e;
    const aliasA = c.resellerA.storefrontAlias!;
    await e.signIn(aliasA, c.sfA.email);
    await page.goto(`${base}/store/${aliasA}/account`);
    const toggle = page.getByRole("switch", { name: `Order Approval for ${c.customerA1.name}` });
    await toggle.waitFor();
    assert.equal(await toggle.isChecked(), true, "on by default (R-ORD-09)");
    assert.equal(await toggle.isDisabled(), false);
    await toggle.click({ force: true });
    await page.getByText(`${c.customerA1.name}'s orders now run without your approval.`).waitFor();
    assert.equal(await toggle.isChecked(), false);
    assert.equal((await getAccount(e.ctx.deps.db, c.tenant.id, c.customerA1.id)).orderApproval, false);
    // The reseller's own account has no switch.
    assert.equal(
      await page.getByRole("switch", { name: `Order Approval for ${c.resellerA.name}` }).count(),
      0,
    );
    await e.screenshot("store-order-approval-cash");

    await page.getByRole("button", { name: "Sign out" }).click();
    await e.signIn(card.alias, card.email);
    await page.goto(`${base}/store/${card.alias}/account`);
    const locked = page.getByRole("switch", { name: `Order Approval for ${card.customerName}` });
    await locked.waitFor();
    assert.equal(await locked.isChecked(), true);
    assert.equal(await locked.isDisabled(), true);
    await page
      .getByText(/paying by Credit Card, every order of your customers waits for your approval/)
      .waitFor();
    await page
      .getByTestId(`approval-locked-${card.customerId}`)
      .filter({ visible: true })
      .getByText("Locked on (Credit Card)")
      .waitFor();
    await locked.click({ force: true }).catch(() => {});
    assert.equal((await getAccount(e.ctx.deps.db, c.tenant.id, card.customerId)).orderApproval, true);
    await e.screenshot("store-order-approval-locked");
  });
});
