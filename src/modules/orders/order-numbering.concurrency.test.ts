import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestApp, type TestApp } from "../../../test/http.ts";
import {
  adminEmail,
  line,
  type OrderWorld,
  orderWorld,
  signInOrderWorld,
} from "../../../test/order-fixtures.ts";
import { send } from "../../../test/tenancy-fixtures.ts";
import { pgArray, queryRows, sql } from "../../shared/db.ts";
import { changeQuantity } from "../subscriptions/index.ts";

/**
 * Issue 17: an executed BSS order writes its invoice(s) and then the order itself, each with its
 * gapless per-tenant number, as the transaction's last two statements (the counter rows are held
 * for those and the commit only). Numbering stays inside the order's transaction, so there is no
 * moment after a commit where a document or an order lacks its number (no crash window).
 * Concurrent orders — one and two lines, some refused by R-ORD-02 after their subscriptions were
 * written, some previews — together with Storefront checkouts and licence increases, which take the
 * invoice counter in the middle of their transaction: numbers stay 1..n without gap or double,
 * every executed order has its invoice(s), and nothing deadlocks.
 */
describe("issue 17: gapless numbers with the counters taken at commit", () => {
  let t: TestApp;
  let w: OrderWorld;
  let as: Awaited<ReturnType<typeof signInOrderWorld>>;

  before(async () => {
    t = await createTestApp();
    w = await orderWorld(t.deps);
    as = await signInOrderWorld(t.app, w);
  });
  after(() => t.close());

  const bssOrder = (body: unknown, query = "") =>
    send(t.app, { method: "POST", url: `/api/bss/orders${query}`, body }, as.clerk);

  it("parallel orders, previews, refusals, checkouts and increases: invoice and order numbers 1..n, one invoice per billed subscription", async () => {
    // Subscriptions to increase while the orders run (their invoices are numbered mid-transaction).
    const existing: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await bssOrder({ accountId: w.direct.id, lines: [line(w, "DBX-STD-MCMB", 3)] });
      assert.equal(res.statusCode, 201, res.body);
      existing.push(res.json().lines[0].subscriptionId);
    }
    // As if the vendor had confirmed them (R-QTY-03: a change waits for Synchronized).
    await t.deps.db.execute(
      sql`update subscriptions set sync_status = 'synchronized', external_id = 'team-' || id
          where id = any(${pgArray(existing)}::text[])`,
    );
    const taken = adminEmail();
    assert.equal(
      (
        await bssOrder({
          accountId: w.customerA3.id,
          lines: [line(w, "DBX-STD-MCMB", 3, { serviceDetails: { resellerId: "R", adminEmail: taken } })],
        })
      ).statusCode,
      201,
    );
    await send(
      t.app,
      { method: "POST", url: "/api/storefront/basket/lines", body: line(w, "DBXS-STD-MCMB", 2) },
      as.sfA2,
    );

    const work: Array<Promise<{ statusCode: number; body: string }>> = [];
    for (let i = 0; i < 16; i++) {
      const lines =
        i % 3 === 0
          ? [line(w, "DBX-STD-MCMB", 3), line(w, "DBXS-STD-MCMB", 2)]
          : [line(w, i % 2 === 0 ? "DBX-STD-AC1Y" : "DBX-STD-MCMB", 3 + (i % 4))];
      work.push(bssOrder({ accountId: i % 2 === 0 ? w.direct.id : w.customerA3.id, lines }));
      // A refusal after the first line's subscription was written (the second line's email is taken).
      if (i % 5 === 0)
        work.push(
          bssOrder({
            accountId: w.customerA3.id,
            lines: [
              line(w, "DBX-STD-MCMB", 3),
              line(w, "DBX-STD-AC1Y", 3, { serviceDetails: { resellerId: "R", adminEmail: taken } }),
            ],
          }),
        );
      if (i % 4 === 1)
        work.push(bssOrder({ accountId: w.direct.id, lines: [line(w, "DBX-STD-MCMB", 4)] }, "?dryRun=true"));
    }
    work.push(send(t.app, { method: "POST", url: "/api/storefront/basket/checkout", body: {} }, as.sfA2));
    const increases = existing.map((id, i) =>
      changeQuantity(
        t.deps,
        { actor: w.actors.clerk, channel: "bss" },
        { subscriptionId: id, quantity: 5 + i },
      ),
    );
    const [results, increased] = await Promise.all([Promise.all(work), Promise.all(increases)]);
    assert.deepEqual(
      increased.map((o) => o.billing.documents.length),
      [1, 1, 1],
      "each increase issued its invoice",
    );

    const codes = results.map((r) => r.statusCode);
    assert.equal(codes.filter((c) => c === 422).length, 4, results.map((r) => r.body).join("\n"));
    assert.equal(codes.filter((c) => c === 201).length, 16 + 1, "16 orders and the checkout");
    assert.equal(codes.filter((c) => c === 200).length, 4, "the previews");

    // Order numbers: 1..n, and each response carried its order's number.
    const orders = await queryRows<{ id: string; number: number }>(
      t.deps.db,
      sql`select id, number from orders where tenant_id = ${w.tenant.id} and number is not null order by number`,
    );
    assert.deepEqual(
      orders.map((o) => Number(o.number)),
      orders.map((_, i) => i + 1),
    );
    const numberOf = new Map(orders.map((o) => [o.id, Number(o.number)]));
    for (const r of results.filter((x) => x.statusCode === 201)) {
      const body = JSON.parse(r.body);
      assert.equal(body.number, numberOf.get(body.id), `the response of order ${body.id} shows its number`);
    }

    // Invoice numbers: 1..n without a gap or a double, seq and number agreeing.
    const docs = await queryRows<{ seq: number; number: string; status: string }>(
      t.deps.db,
      sql`select seq, number, status from billing_documents
          where tenant_id = ${w.tenant.id} and kind = 'invoice' order by seq`,
    );
    assert.ok(docs.length >= 16 + 3 + 1 + 3, `${docs.length} invoices`);
    assert.deepEqual(
      docs.map((d) => [Number(d.seq), d.number, d.status]),
      docs.map((_, i) => [i + 1, `INV-${String(i + 1).padStart(6, "0")}`, "issued"]),
    );
    // Every billed subscription's first period is on an issued invoice; no charge waits unnumbered.
    const unbilled = await queryRows<{ id: string }>(
      t.deps.db,
      sql`select s.id from subscriptions s
          where s.tenant_id = ${w.tenant.id} and not s.is_trial and not exists (
            select 1 from billing_charges c join billing_documents d
              on d.tenant_id = c.tenant_id and d.id = c.document_id
            where c.tenant_id = s.tenant_id and c.subscription_id = s.id and d.status = 'issued')`,
    );
    assert.deepEqual(unbilled, []);
    const refused = await queryRows<{ n: number }>(
      t.deps.db,
      sql`select count(*)::int as n from subscriptions
          where tenant_id = ${w.tenant.id} and lower(admin_email) = lower(${taken})`,
    );
    assert.equal(refused[0]!.n, 1, "the refused orders left no subscription behind");
  });
  it("a failure in the tail (the order's own insert, after the invoice was numbered) rolls everything back: no number is used up", async () => {
    const counters = async () =>
      queryRows<{ invoices: number; orders: number; subs: number }>(
        t.deps.db,
        sql`select (select coalesce(max(seq), 0)::int from billing_documents where tenant_id = ${w.tenant.id} and kind = 'invoice') as invoices,
                   (select coalesce(max(number), 0)::int from orders where tenant_id = ${w.tenant.id}) as orders,
                   (select count(*)::int from subscriptions where tenant_id = ${w.tenant.id}) as subs`,
      );
    // The last statement of the order's transaction fails (as a crash before COMMIT would end it).
    await t.deps.db.execute(sql`
      create function fail_tail() returns trigger language plpgsql as $$
      begin
        if new.note = 'fail the tail' then raise exception 'the tail fails'; end if;
        return new;
      end $$`);
    await t.deps.db.execute(
      sql`create trigger orders_fail_tail before insert on orders for each row execute function fail_tail()`,
    );
    const before = await counters();
    const failed = await bssOrder({
      accountId: w.direct.id,
      note: "fail the tail",
      lines: [line(w, "DBX-STD-MCMB", 3), line(w, "DBX-STD-AC1Y", 4)],
    });
    assert.equal(failed.statusCode, 500, failed.body);
    assert.deepEqual(await counters(), before, "no invoice, order or subscription was kept");
    const next = await bssOrder({ accountId: w.direct.id, lines: [line(w, "DBX-STD-MCMB", 3)] });
    assert.equal(next.statusCode, 201, next.body);
    const after = (await counters())[0]!;
    assert.equal(after.orders, before[0]!.orders + 1, "the next order takes the next number");
    assert.equal(after.invoices, before[0]!.invoices + 1, "and its invoice the next invoice number");
    assert.equal(next.json().number, after.orders);
  });
});
