import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { adminEmail, line, type OrderWorld, orderWorld, rowsOf } from "../../../test/order-fixtures.ts";
import { rejectsWith } from "../../../test/tenancy-fixtures.ts";
import { sql } from "../../shared/db.ts";
import { publishToStorefront, unpublishFromStorefront } from "../catalog/index.ts";
import type { StorefrontActor } from "../tenancy/index.ts";
import {
  addBasketLine,
  checkoutBasket,
  getBasket,
  placeBssOrder,
  precheckBasket,
  removeBasketLine,
  updateBasketLine,
} from "./index.ts";

/** The Storefront basket: one per user, published products only, and the pre-check of every rule. */

describe("Storefront basket and pre-check", () => {
  let ctx: TestContext;
  let w: OrderWorld;
  const add = (actor: StorefrontActor, input: object) => addBasketLine(ctx.deps, actor, input);
  const codesOf = (b: { violations: { code: string; line: number | null; field: string }[] }) =>
    b.violations.map((v) => `${v.line} ${v.code} ${v.field}`);
  /** Empties an actor's basket (tests share users). */
  async function clear(actor: StorefrontActor) {
    for (const l of (await getBasket(ctx.deps, actor)).lines) await removeBasketLine(ctx.deps, actor, l.id);
  }

  before(async () => {
    ctx = await createTestContext();
    w = await orderWorld(ctx.deps);
  });
  after(() => ctx.close());

  it("one basket per user: created on the first add, edited, emptied; another user's lines are not found", async () => {
    const empty = await getBasket(ctx.deps, w.actors.sfA2);
    assert.deepEqual(empty, { id: null, currency: "EUR", lines: [], total: null, violations: [] });
    const first = await add(w.actors.sfA2, line(w, "DBX-STD-MCMB", 3));
    const second = await add(w.actors.sfA2, line(w, "DBX-STD-AC1Y", 4));
    assert.equal(second.id, first.id);
    assert.deepEqual(
      second.lines.map((l) => [l.sku, l.quantity, l.billingPlan, l.position]),
      [
        ["DBX-STD-MCMB", 3, "monthly", 0],
        ["DBX-STD-AC1Y", 4, "one_off", 1],
      ],
    );
    assert.equal(second.total!.decimal, (3 * 15 + 4 * 162).toFixed(2), "priced at the Storefront's prices");
    const lineId = second.lines[1]!.id;
    const edited = await updateBasketLine(ctx.deps, w.actors.sfA2, lineId, { quantity: 6 });
    assert.equal(edited.lines[1]!.quantity, 6);
    await assert.rejects(
      updateBasketLine(ctx.deps, w.actors.sfA1, lineId, { quantity: 7 }),
      rejectsWith("not_found"),
    );
    await assert.rejects(removeBasketLine(ctx.deps, w.actors.sfA, lineId), rejectsWith("not_found"));
    await removeBasketLine(ctx.deps, w.actors.sfA2, lineId);
    assert.deepEqual(
      (await getBasket(ctx.deps, w.actors.sfA2)).lines.map((l) => l.sku),
      ["DBX-STD-MCMB"],
    );
    const baskets = await rowsOf(
      ctx.deps,
      "orders",
      sql`placed_by_user_id = ${w.sfA2.id} and status = 'draft'`,
    );
    assert.equal(baskets.length, 1);
    await clear(w.actors.sfA2);
  });

  it("R-CAT-07 an unpublished product or add-on cannot be added; without a Storefront nothing can", async () => {
    await assert.rejects(
      add(w.actors.sfA1, line(w, "DBX-BUS-MCMB", 3)),
      rejectsWith("R-CAT-07", /not offered in this Storefront/),
    );
    // A Basic Edition reseller has no Storefront, so neither it nor its customers can order there.
    await assert.rejects(
      add(w.actors.sfB, line(w, "DBX-STD-MCMB", 3)),
      rejectsWith("R-CAT-07", /no Storefront/),
    );
    await assert.rejects(add(w.actors.sfB1, line(w, "DBX-STD-MCMB", 3)), rejectsWith("R-CAT-07"));
    // Published then withdrawn: the basket line stays, the pre-check refuses it.
    const pub = await publishToStorefront(ctx.deps, { tenantId: w.tenant.id }, w.resellerA.id, {
      productId: w.id("DBX-BUS-MCMB"),
    });
    await add(w.actors.sfA1, line(w, "DBX-BUS-MCMB", 3));
    await unpublishFromStorefront(ctx.deps, { tenantId: w.tenant.id }, w.resellerA.id, pub.id);
    const basket = await getBasket(ctx.deps, w.actors.sfA1);
    assert.deepEqual(codesOf(basket), ["0 R-CAT-07 productId"]);
    await assert.rejects(checkoutBasket(ctx.deps, w.actors.sfA1, {}), rejectsWith("R-CAT-07"));
    await clear(w.actors.sfA1);
  });

  it("the pre-check reports every violation at once, each with its line and field (R-ORD-01/03/05, R-SGN-01/02/03/04)", async () => {
    const actor = w.actors.sfA3;
    await add(actor, line(w, "DBX-STD-AC1M", 2, { billingPlan: "one_off" }));
    await add(
      actor,
      line(w, "DBX-ASV-MCMB", 3, { addons: [{ sku: "DBX-ASV-10TB-MCMB" }, { sku: "DBX-ASV-50TB-MCMB" }] }),
    );
    await add(
      actor,
      line(w, "DBXS-STD-MCMB", 3, {
        addons: [
          { sku: "DBXS-SFDC-MCMB", quantity: 3 },
          { sku: "DBXS-CPQ-MCMB", quantity: 2 },
        ],
      }),
    );
    await add(actor, line(w, "DBXS-PRE-MCMB", 3));
    const basket = await precheckBasket(ctx.deps, actor, {});
    assert.deepEqual(codesOf(basket), [
      "0 R-ORD-01 quantity",
      "0 R-ORD-05 billingPlan",
      "1 R-ORD-03 addons",
      "2 R-SGN-02 addons",
      "2 R-SGN-03 addons",
      "2 R-SGN-04 addons",
      "3 R-SGN-01 quantity",
    ]);
    assert.equal(basket.violations[0]!.lineId, basket.lines[0]!.id);
    assert.equal(
      basket.violations[1]!.message,
      "This product supports only the AC1M billing option. For AC1Y, please choose the corresponding “Annual Commitment, Billed Annually” product.",
    );
    assert.match(basket.violations[5]!.message, /same quantity as the subscription's seats/);
    // The checkout refuses with all of them (422, the first one's code names the error).
    await assert.rejects(
      checkoutBasket(ctx.deps, actor, {}),
      (e: Error & { code?: string; details?: { violations: unknown[] } }) => {
        assert.equal(e.code, "R-ORD-01");
        assert.equal(e.details!.violations.length, 7);
        return true;
      },
    );
    await clear(actor);
  });

  it("R-SGN-04 Storefront: an add-on quantity other than the plan's is refused; R-ORD-04 a Dropbox add-on is 1", async () => {
    const actor = w.actors.sfA3;
    const b = await add(
      actor,
      line(w, "DBXS-PRE-MCMB", 6, { addons: [{ sku: "DBXS-SP-MCMB", quantity: 4 }] }),
    );
    assert.deepEqual(codesOf(b), ["0 R-SGN-04 addons"]);
    const fixed = await updateBasketLine(ctx.deps, actor, b.lines[0]!.id, {
      addons: [{ productId: w.id("DBXS-SP-MCMB") }],
    });
    assert.deepEqual(codesOf(fixed), [], "omitted = the plan's quantity");
    assert.equal(fixed.lines[0]!.addons[0]!.quantity, 6);
    const raised = await updateBasketLine(ctx.deps, actor, b.lines[0]!.id, { quantity: 8 });
    assert.deepEqual(
      codesOf(raised),
      ["0 R-SGN-04 addons"],
      "the Storefront does not raise add-ons by itself",
    );
    await clear(actor);
    const pack = await add(
      actor,
      line(w, "DBX-STD-MCMB", 5, { addons: [{ sku: "DBX-1TB-MCMB", quantity: 3 }] }),
    );
    assert.deepEqual(codesOf(pack), ["0 R-ORD-04 addons.0.quantity"]);
    await clear(actor);
  });

  it("R-TRL-01 trial lines: the minimum licences, no add-ons", async () => {
    const actor = w.actors.sfA3;
    const b = await add(actor, line(w, "DBX-STD-MCMB-TRIAL", 4));
    assert.deepEqual(codesOf(b), ["0 R-TRL-01 quantity"]);
    await updateBasketLine(ctx.deps, actor, b.lines[0]!.id, { quantity: 3 });
    const sign = await add(
      actor,
      line(w, "DBXS-STD-MCMB-TRIAL", 2, { addons: [{ sku: "DBXS-SP-MCMB", quantity: 2 }] }),
    );
    assert.deepEqual(codesOf(sign), ["1 R-TRL-01 addons"]);
    await clear(actor);
  });

  it("R-ORD-02 in a basket: the same admin email twice, or one that already holds a live plan, is refused", async () => {
    const actor = w.actors.sfA3;
    const email = adminEmail();
    await add(actor, line(w, "DBX-STD-MCMB", 3, { serviceDetails: { resellerId: "R", adminEmail: email } }));
    const twice = await add(
      actor,
      line(w, "DBX-STD-AC1Y", 3, { serviceDetails: { resellerId: "R", adminEmail: email } }),
    );
    assert.deepEqual(codesOf(twice), ["1 R-ORD-02 serviceDetails.adminEmail"]);
    await removeBasketLine(ctx.deps, actor, twice.lines[1]!.id);
    // A live plan for the email (ordered in the back office) makes the basket line fail the pre-check.
    const subsBefore = (await rowsOf(ctx.deps, "subscriptions", sql`tenant_id = ${w.tenant.id}`)).length;
    await placeBssOrder(ctx.deps, w.actors.clerk, {
      accountId: w.customerA2.id,
      lines: [line(w, "DBX-STD-MCMB", 3, { serviceDetails: { resellerId: "R", adminEmail: email } })],
    });
    const basket = await getBasket(ctx.deps, actor);
    assert.deepEqual(codesOf(basket), ["0 R-ORD-02 serviceDetails.adminEmail"]);
    assert.equal(
      (await rowsOf(ctx.deps, "subscriptions", sql`tenant_id = ${w.tenant.id}`)).length,
      subsBefore + 1,
      "the pre-check's probe of the unique index writes nothing",
    );
    await assert.rejects(checkoutBasket(ctx.deps, actor, {}), rejectsWith("R-ORD-02"));
    await clear(actor);
  });

  it("R-ORD-06 Reseller ID is required on a new customer's first order, not later; R-ORD-02 the Dropbox team admin Email always", async () => {
    const actor = w.actors.sfA;
    await add(actor, line(w, "DBX-STD-MCMB", 3, { serviceDetails: {} }));
    const forNew = await precheckBasket(ctx.deps, actor, {
      customer: { kind: "new", customer: { name: "Newco" } },
    });
    assert.deepEqual(codesOf(forNew), [
      "0 R-ORD-06 serviceDetails.resellerId",
      "0 R-ORD-02 serviceDetails.adminEmail",
    ]);
    assert.equal(forNew.violations[0]!.message, "Reseller ID is required for a new customer's first order.");
    assert.match(forNew.violations[1]!.message, /^Email \(team admin\) is required for every Dropbox plan/);
    await assert.rejects(
      checkoutBasket(ctx.deps, actor, { customer: { kind: "new", customer: { name: "Newco" } } }),
      rejectsWith("R-ORD-06"),
    );
    assert.equal(
      (await rowsOf(ctx.deps, "accounts", sql`tenant_id = ${w.tenant.id} and name = 'Newco'`)).length,
      0,
      "a refused checkout creates no customer",
    );
    // A customer that has ordered before needs no Reseller ID any more — but a Dropbox plan still
    // needs its team admin email (R-ORD-02: the email is the team's one-plan key).
    await placeBssOrder(ctx.deps, w.actors.clerk, {
      accountId: w.customerA2.id,
      lines: [line(w, "DBXS-STD-MCMB", 2)],
    });
    const existing = await precheckBasket(ctx.deps, actor, {
      customer: { kind: "existing", accountId: w.customerA2.id },
    });
    assert.deepEqual(codesOf(existing), ["0 R-ORD-02 serviceDetails.adminEmail"]);
    const [basketLine] = (await getBasket(ctx.deps, actor)).lines;
    await updateBasketLine(ctx.deps, actor, basketLine!.id, { serviceDetails: { adminEmail: adminEmail() } });
    const withEmail = await precheckBasket(ctx.deps, actor, {
      customer: { kind: "existing", accountId: w.customerA2.id },
    });
    assert.deepEqual(codesOf(withEmail), []);
    await clear(actor);
  });
});
