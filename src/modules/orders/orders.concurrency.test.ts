import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  adminEmail,
  line,
  type OrderWorld,
  orderWorld,
  rowsOf,
  signInOrderWorld,
} from "../../../test/order-fixtures.ts";
import { send } from "../../../test/tenancy-fixtures.ts";
import { sql } from "../../shared/db.ts";

/**
 * R-ORD-02 under concurrency: the one-plan-per-admin-email rule is a unique index, so two orders
 * racing for one email can never both get a plan — whatever the pre-checks saw. On PostgreSQL the
 * two requests really run in parallel (the loser waits on the winner's uncommitted row, then fails
 * on the index); on PGlite they are serialised. Both must give exactly one subscription.
 */

describe("orders under concurrency", () => {
  let t: TestApp;
  let w: OrderWorld;
  let as: Awaited<ReturnType<typeof signInOrderWorld>>;

  before(async () => {
    t = await createTestApp();
    w = await orderWorld(t.deps);
    as = await signInOrderWorld(t.app, w);
  });
  after(() => t.close());

  it("R-ORD-02 two BSS orders in parallel for one admin email: exactly one subscription, the other refused", async () => {
    for (let round = 0; round < 5; round++) {
      const email = adminEmail();
      const order = (accountId: string, sku: "DBX-STD-MCMB" | "DBX-STD-AC1Y") =>
        send(
          t.app,
          {
            method: "POST",
            url: "/api/bss/orders",
            body: {
              accountId,
              lines: [line(w, sku, 3, { serviceDetails: { resellerId: "R", adminEmail: email } })],
            },
          },
          as.clerk,
        );
      const results = await Promise.all([
        order(w.customerA1.id, "DBX-STD-MCMB"),
        order(w.customerA2.id, "DBX-STD-AC1Y"),
      ]);
      const statuses = results.map((r) => r.statusCode).sort();
      assert.deepEqual(statuses, [201, 422], results.map((r) => r.body).join("\n"));
      const refused = results.find((r) => r.statusCode === 422)!.json().error;
      assert.equal(refused.code, "R-ORD-02");
      assert.equal(refused.details.violations[0].field, "serviceDetails.adminEmail");
      const subs = await rowsOf(
        t.deps,
        "subscriptions",
        sql`tenant_id = ${w.tenant.id} and admin_email = ${email}`,
      );
      assert.equal(subs.length, 1);
      const orders = await rowsOf<{ id: string }>(
        t.deps,
        "order_lines",
        sql`tenant_id = ${w.tenant.id} and service_details->>'adminEmail' = ${email}`,
      );
      assert.equal(orders.length, 1, "the refused order left nothing behind");
    }
  });

  it("R-ORD-02 two Storefront checkouts in parallel for one admin email: one executed, one refused", async () => {
    const email = adminEmail();
    const details = { serviceDetails: { resellerId: "R", adminEmail: email } };
    await send(
      t.app,
      { method: "POST", url: "/api/storefront/basket/lines", body: line(w, "DBX-STD-MCMB", 3, details) },
      as.sfA,
    );
    await send(
      t.app,
      { method: "POST", url: "/api/storefront/basket/lines", body: line(w, "DBX-STD-AC1Y", 3, details) },
      as.sfA3,
    );
    const checkout = (cred: { cookie: string }) =>
      send(t.app, { method: "POST", url: "/api/storefront/basket/checkout", body: {} }, cred);
    const results = await Promise.all([checkout(as.sfA), checkout(as.sfA3)]);
    assert.deepEqual(
      results.map((r) => r.statusCode).sort(),
      [201, 422],
      results.map((r) => r.body).join("\n"),
    );
    assert.equal(results.find((r) => r.statusCode === 422)!.json().error.code, "R-ORD-02");
    const subs = await rowsOf(
      t.deps,
      "subscriptions",
      sql`tenant_id = ${w.tenant.id} and admin_email = ${email}`,
    );
    assert.equal(subs.length, 1);
  });

  it("the same basket checked out twice at once becomes one order (the basket row is locked)", async () => {
    await send(
      t.app,
      { method: "POST", url: "/api/storefront/basket/lines", body: line(w, "DBXS-STD-MCMB", 2) },
      as.sfA2,
    );
    const checkout = () =>
      send(t.app, { method: "POST", url: "/api/storefront/basket/checkout", body: {} }, as.sfA2);
    const results = await Promise.all([checkout(), checkout()]);
    assert.deepEqual(
      results.map((r) => r.statusCode).sort(),
      [201, 409],
      results.map((r) => r.body).join("\n"),
    );
  });

  it("a retried BSS order with the same Idempotency-Key is placed once (the replay returns the same order)", async () => {
    const email = adminEmail();
    const req = {
      method: "POST" as const,
      url: "/api/bss/orders",
      body: {
        accountId: w.customerA2.id,
        lines: [line(w, "DBX-STD-MCMB", 3, { serviceDetails: { resellerId: "R", adminEmail: email } })],
      },
    };
    const cred = { ...as.clerk, "idempotency-key": `order-${email}` };
    const first = await send(t.app, req, cred as never);
    const retry = await send(t.app, req, cred as never);
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(retry.statusCode, 201);
    assert.equal(retry.headers["idempotent-replayed"], "true");
    assert.equal(retry.json().id, first.json().id);
    const subs = await rowsOf(
      t.deps,
      "subscriptions",
      sql`tenant_id = ${w.tenant.id} and admin_email = ${email}`,
    );
    assert.equal(subs.length, 1);
  });

  it("order numbers stay gapless and unique under parallel orders", async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        send(
          t.app,
          {
            method: "POST",
            url: "/api/bss/orders",
            body: { accountId: w.direct.id, lines: [line(w, "DBX-STD-MCMB", 3)] },
          },
          as.clerk,
        ),
      ),
    );
    assert.ok(results.every((r) => r.statusCode === 201));
    const numbers = (
      await rowsOf<{ number: number }>(
        t.deps,
        "orders",
        sql`tenant_id = ${w.tenant.id} and number is not null order by number`,
      )
    ).map((r) => Number(r.number));
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => i + 1),
      "1..n without a gap, although refused orders happened earlier",
    );
  });
});
