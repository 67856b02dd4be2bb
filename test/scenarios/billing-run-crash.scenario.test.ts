import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runBillingDay } from "../../src/modules/billing-run/index.ts";
import { parseDate } from "../../src/shared/dates.ts";
import { findPgError, queryRows, sql } from "../../src/shared/db.ts";
import { createTestContext, type TestContext } from "../harness.ts";
import { createCustomer, createTestSubscription, setupSubscriptionWorld } from "../subscription-fixtures.ts";

/**
 * Exactly once (spec/billing.md "The billing run"): a run that dies part-way (after some chunks
 * committed) and is run again yields the same ledger as an uninterrupted run — one charge per
 * item and period, one invoice per paying account, gapless numbers — and a third run of the same
 * day creates nothing.
 */
describe("billing run: crash and rerun", () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof setupSubscriptionWorld>>;
  const subs: string[] = [];
  before(async () => {
    t = await createTestContext({ start: "2026-01-15T09:00:00Z" });
    w = await setupSubscriptionWorld(t.deps);
    for (let i = 0; i < 7; i++) {
      const customer = await createCustomer(t.deps, w);
      const { subscription } = await createTestSubscription(t.deps, w, {
        sku: i % 2 ? "DBX-STD-MCMB" : "DBX-BUS-AC1M",
        quantity: 3 + i,
        accountId: customer.id,
      });
      subs.push(subscription.id);
    }
    t.clock.advance({ days: 31 }); // 2026-02-15: every subscription has its second period due
  });
  after(() => t.close());

  const ledger = () =>
    queryRows<{ subscription_id: string; period_start: string; amount: string; number: string | null }>(
      t.deps.db,
      sql`select c.subscription_id, c.period_start::text as period_start, c.amount::text as amount, d.number
          from billing_charges c left join billing_documents d on d.id = c.document_id
          where c.tenant_id = ${w.tenant.id} order by c.subscription_id, c.period_start`,
    );

  it("dies after two committed chunks, then a rerun completes the day exactly once", async () => {
    let chunks = 0;
    await assert.rejects(
      runBillingDay(t.deps, {
        tenantId: w.tenant.id,
        date: parseDate("2026-02-15"),
        trigger: "cli",
        chunkSize: 2,
        onProgress: ({ phase }) => {
          if (phase === "invoicing" && ++chunks === 3) throw new Error("process killed");
        },
      }),
      /process killed/,
    );
    const [failed] = await queryRows<{ status: string; error: string }>(
      t.deps.db,
      sql`select status, error from billing_runs where tenant_id = ${w.tenant.id}`,
    );
    assert.deepEqual([failed!.status, failed!.error], ["failed", "process killed"]);
    const partial = (await ledger()).filter((r) => r.period_start === "2026-02-15");
    assert.equal(partial.length, 4, "two chunks of two accounts were committed before the crash");

    const rerun = await runBillingDay(t.deps, {
      tenantId: w.tenant.id,
      date: parseDate("2026-02-15"),
      trigger: "cli",
    });
    assert.deepEqual([rerun.status, rerun.chargesCreated, rerun.documentsCreated], ["completed", 3, 3]);
    const rows = await ledger();
    assert.equal(rows.length, 14, "one charge per subscription and period: 7 × 2");
    for (const id of subs)
      assert.deepEqual(
        rows.filter((r) => r.subscription_id === id).map((r) => r.period_start),
        ["2026-01-15", "2026-02-15"],
      );
    const numbers = [...new Set(rows.map((r) => r.number))].sort();
    assert.deepEqual(
      numbers,
      Array.from({ length: 14 }, (_, i) => `INV-${String(i + 1).padStart(6, "0")}`),
      "gapless invoice numbers, one invoice per account and day",
    );

    const again = await runBillingDay(t.deps, {
      tenantId: w.tenant.id,
      date: parseDate("2026-02-15"),
      trigger: "cli",
    });
    assert.deepEqual([again.chargesCreated, again.documentsCreated, again.renewed], [0, 0, 0]);
    assert.equal((await ledger()).length, 14);
  });

  it("a run after days without runs catches up every term and every period, once", async () => {
    const customer = await createCustomer(t.deps, w);
    const { subscription } = await createTestSubscription(t.deps, w, {
      sku: "DBX-STD-MCMB",
      quantity: 3,
      accountId: customer.id,
    });
    t.clock.advance({ days: 92 }); // 2026-05-18: three monthly terms ended meanwhile, none billed
    const run = await runBillingDay(t.deps, {
      tenantId: w.tenant.id,
      date: parseDate("2026-05-18"),
      trigger: "cli",
    });
    assert.equal(run.status, "completed");
    const rows = (await ledger()).filter((r) => r.subscription_id === subscription.id);
    assert.deepEqual(
      rows.map((r) => [r.period_start, r.amount]),
      [
        ["2026-02-15", "4500"],
        ["2026-03-15", "4500"],
        ["2026-04-15", "4500"],
        ["2026-05-15", "4500"],
      ],
    );
    const [term] = await queryRows<{ term_start_date: string; term_end_date: string }>(
      t.deps.db,
      sql`select term_start_date::text, term_end_date::text from subscriptions where id = ${subscription.id}`,
    );
    assert.deepEqual(term, { term_start_date: "2026-05-15", term_end_date: "2026-06-14" });
  });

  it("issued documents and their lines are immutable (a database trigger)", async () => {
    await assert.rejects(
      t.deps.db.execute(sql`update billing_documents set gross = gross + 1 where tenant_id = ${w.tenant.id}`),
      dbError(/immutable/),
    );
    await assert.rejects(
      t.deps.db.execute(sql`update billing_charges set amount = amount + 1 where tenant_id = ${w.tenant.id}`),
      dbError(/immutable/),
    );
    await assert.rejects(
      t.deps.db.execute(sql`delete from billing_charges where tenant_id = ${w.tenant.id}`),
      dbError(/immutable/),
    );
  });

  it("a credit can never exceed what was charged (a database constraint)", async () => {
    await assert.rejects(
      t.deps.db.execute(
        sql`update billing_charges set credited_amount = amount + 1 where tenant_id = ${w.tenant.id}`,
      ),
      dbError(/billing_charges_credited_ck/),
    );
  });
});

/** The database's own error (drizzle wraps it), matched on its message or constraint. */
function dbError(pattern: RegExp) {
  return (e: unknown) => {
    const pg = findPgError(e);
    return pattern.test(`${pg?.message ?? ""} ${pg?.constraint ?? ""}`);
  };
}
