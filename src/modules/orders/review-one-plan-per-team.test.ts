import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { adminEmail, line, type OrderWorld, orderWorld, rowsOf } from "../../../test/order-fixtures.ts";
import { sql } from "../../shared/db.ts";
import { createAccount } from "../tenancy/index.ts";
import { placeBssOrder } from "./index.ts";

/**
 * Review: R-ORD-02 / R-CAT-06 — "One Dropbox plan per team-admin email … a second plan … is
 * refused, and no subscription is created"; "within Dropbox, the base plans are mutually
 * exclusive per team". The admin email is only REQUIRED on a customer's first order (R-ORD-06),
 * and the exclusive key is only set when an email is given — so a later order without service
 * details creates a second live Dropbox plan for the same customer/team, with no admin email.
 */
describe("review: R-ORD-02 on a customer's second Dropbox order without service details", () => {
  let ctx: TestContext;
  let w: OrderWorld;
  const place = (input: object, dryRun = false) => placeBssOrder(ctx.deps, w.actors.clerk, input, { dryRun });

  before(async () => {
    ctx = await createTestContext();
    w = await orderWorld(ctx.deps);
  });
  after(() => ctx.close());

  it("R-ORD-02 a second Dropbox plan for a customer whose team already has a live plan is refused", async () => {
    const customer = await createAccount(ctx.deps, w.actors.clerk, {
      kind: "end_customer",
      parentAccountId: w.resellerA.id,
      name: "Second Plan Test Co",
    });
    const email = adminEmail();
    const first = await place({
      accountId: customer.id,
      lines: [line(w, "DBX-STD-MCMB", 3, { serviceDetails: { resellerId: "RS-1", adminEmail: email } })],
    });
    assert.equal(first.order.status, "executed");

    // Not the first order any more: R-ORD-06 no longer asks for the email …
    const second = { accountId: customer.id, lines: [line(w, "DBX-STD-AC1Y", 3, { serviceDetails: {} })] };
    // … so nothing stops a second live Dropbox base plan for the same customer (same team).
    const preview = await place(second, true);
    const live = async () =>
      rowsOf<{ admin_email: string | null; product_id: string }>(
        ctx.deps,
        "subscriptions",
        sql`tenant_id = ${w.tenant.id} and account_id = ${customer.id} and status in ('active','suspended','pending_for_cancel')`,
      );
    assert.ok(
      preview.violations.some((v) => v.code === "R-ORD-02" || v.code === "R-ORD-06"),
      `the second Dropbox plan must be refused (R-ORD-02) or at least ask for the team admin (R-ORD-06); got ${JSON.stringify(preview.violations.map((v) => v.code))}`,
    );
    await assert.rejects(place(second));
    assert.equal((await live()).length, 1, "the customer's team still holds exactly one Dropbox plan");
  });

  it("R-ORD-02 every executed Dropbox base subscription has a team admin email (the key of the rule)", async () => {
    const customer = await createAccount(ctx.deps, w.actors.clerk, {
      kind: "end_customer",
      parentAccountId: w.resellerA.id,
      name: "No Email Co",
    });
    // A first order of another product type (Sign) makes the customer "not new" for R-ORD-06.
    await place({ accountId: customer.id, lines: [line(w, "DBXS-STD-MCMB", 2)] });
    const res = await place(
      { accountId: customer.id, lines: [line(w, "DBX-STD-MCMB", 3, { serviceDetails: {} })] },
      true,
    );
    assert.ok(
      res.violations.length > 0,
      "a Dropbox base plan without a team admin email can be neither provisioned nor checked against R-ORD-02",
    );
  });
});
