import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { createTestContext, type TestContext } from "../../../test/harness.ts";
import { createTestSubscription, setupSubscriptionWorld } from "../../../test/subscription-fixtures.ts";
import { queryOne, sql } from "../../shared/db.ts";
import { isAppError } from "../../shared/errors.ts";
import { formatAmount } from "../../shared/money.ts";
import { listDocuments } from "./billing-reads.ts";
import { recordPayment } from "./record-payment.ts";
import { settlementOf } from "./settlement.ts";

/**
 * R-PAY-01 as properties: payments and credits never settle more than an invoice's gross —
 * in the arithmetic (any paid/credit sums) and in the database (any sequence of payments with
 * explicit or automatic allocations, refused ones included; the trigger refuses a raw insert
 * beyond the gross too).
 */
describe("R-PAY-01 properties: never settled beyond the gross", () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof setupSubscriptionWorld>>;
  before(async () => {
    t = await createTestContext({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
  });
  after(() => t.close());

  it("R-PAY-01 settlementOf: paid + credited + outstanding = gross, nothing negative, status consistent", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 2n * 10n ** 12n }),
        fc.boolean(),
        (gross, paidRaw, credits, late) => {
          const paid = paidRaw > gross ? gross : paidRaw; // the trigger keeps paid ≤ gross
          const s = settlementOf(
            { kind: "invoice", gross, dueDate: "2026-02-01" },
            paid,
            credits,
            late ? "2026-02-02" : "2026-02-01",
          );
          assert.equal(s.paid + s.credited + s.outstanding, gross);
          assert.ok(s.credited >= 0n && s.outstanding >= 0n && s.credited <= credits);
          assert.equal(s.status === "paid", s.outstanding === 0n);
          if (s.outstanding > 0n) assert.equal(s.status === "overdue", late);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("R-PAY-01 any sequence of payments leaves each invoice settled at most to its gross", async () => {
    const first = await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 1 });
    const payer = (await listDocuments(t.deps, w.actors.clerk, {})).items[0]!.accountId;
    assert.ok(first);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(
          fc.record({
            amount: fc.integer({ min: 1, max: 9000 }),
            explicit: fc.boolean(),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        async (quantity, attempts) => {
          await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity });
          const page = await listDocuments(t.deps, w.actors.clerk, {
            kind: "invoice",
            sort: "-number",
            limit: 1,
          });
          const invoice = page.items[0]!;
          for (const a of attempts) {
            const amount = BigInt(a.amount);
            try {
              await recordPayment(t.deps, w.actors.clerk, {
                accountId: payer,
                method: "card",
                paidOn: "2026-01-15",
                amount: formatAmount(amount, "EUR"),
                reference: "PROP",
                ...(a.explicit
                  ? {
                      allocations: [
                        {
                          documentId: invoice.id,
                          amount: formatAmount(amount, "EUR"),
                        },
                      ],
                    }
                  : {}),
              });
            } catch (e) {
              assert.ok(isAppError(e) && e.code === "R-PAY-01", String(e));
            }
          }
          const row = await queryOne<{ paid: string; gross: string }>(
            t.deps.db,
            sql`select coalesce(sum(a.amount), 0)::text as paid, d.gross::text as gross
                from billing_documents d left join payment_allocations a on a.tenant_id = d.tenant_id and a.document_id = d.id
                where d.id = ${invoice.id} group by d.gross`,
          );
          assert.ok(BigInt(row!.paid) <= BigInt(row!.gross), `${row!.paid} > ${row!.gross}`);
          // Every payment's allocations stay within it.
          const over = await queryOne<{ n: string }>(
            t.deps.db,
            sql`select count(*)::text as n from payments p where p.allocated > p.amount
                or p.allocated <> (select coalesce(sum(a.amount), 0) from payment_allocations a where a.payment_id = p.id)`,
          );
          assert.equal(over!.n, "0");
        },
      ),
      { numRuns: 15 },
    );
  });

  it("R-PAY-01 the database refuses a raw allocation beyond the gross", async () => {
    const page = await listDocuments(t.deps, w.actors.clerk, {
      kind: "invoice",
      paymentStatus: "unpaid",
      limit: 1,
    });
    const invoice =
      page.items[0] ??
      (await (async () => {
        await createTestSubscription(t.deps, w, { sku: "DBX-STD-MCMB", quantity: 1 });
        return (
          await listDocuments(t.deps, w.actors.clerk, { kind: "invoice", paymentStatus: "unpaid", limit: 1 })
        ).items[0]!;
      })());
    const { payment } = await recordPayment(t.deps, w.actors.clerk, {
      accountId: invoice.accountId,
      method: "cash",
      paidOn: "2026-01-15",
      amount: "100000.00",
      reference: "RAW",
      auto: false,
    });
    await assert.rejects(
      t.deps.db.execute(sql`insert into payment_allocations (id, tenant_id, payment_id, document_id, amount, created_at)
        values ('pal_raw', ${w.tenant.id}, ${payment.id}, ${invoice.id}, ${invoice.gross + 1n}, now())`),
      (e: Error & { cause?: Error }) => /R-PAY-01/.test(`${e.message} ${e.cause?.message ?? ""}`),
    );
  });
});
