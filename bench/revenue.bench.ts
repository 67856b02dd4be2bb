/**
 * `node --import tsx bench/revenue.bench.ts [--subscriptions 1000000] [--date 2026-06-15] [--runs 5]`
 *
 * Revenue at a glance at scale (issue 16). Generates N subscriptions of one tenant set-based
 * (`insert … select … from generate_series`, as bench/billing.bench.ts does) — activated over the
 * last 24 months, 60 % MCMB / 25 % AC1M / 15 % AC1Y, 20 base products, 30 % with an add-on, 5 %
 * discount on one in ten, a recurring promotion on one in twenty — through the real triggers that
 * keep `subscription_mrr_changes`; then one in ten is cancelled, one in ten grows and one in ten
 * (with more than one licence) shrinks on a later day (set-based UPDATEs, through the triggers),
 * and one issued invoice per subscription plus a credit note per twenty are spread over 14 months.
 * Then it times:
 * 1. `getRevenue` for the BSS (the whole dashboard: MRR/ARR, tops, movements, documents): the first
 *    call and the median of `--runs` more;
 * 2. `getRevenue` for one reseller's Storefront (its ~500 customers) and `getSpend` of a customer;
 * 3. the triggers' cost: an UPDATE of 100,000 subscriptions that changes no revenue (`updated_at`),
 *    with the triggers on and off; one that changes their prices with both triggers (the ledger and
 *    `subscription_arr_items`), the ledger's alone and none; and the generation's writes.
 * Checks: the ledger telescopes to the current ARR (sum of every change = today's ARR).
 *
 * PGlite (in memory, from the migrated template) by default; PostgreSQL when DATABASE_URL is set.
 */
import assert from "node:assert/strict";
import { parseArgs } from "node:util";
import { buildDeps } from "../src/deps.ts";
import { getRevenue, getSpend } from "../src/modules/revenue/index.ts";
import type { BssActor, StorefrontActor } from "../src/modules/tenancy/index.ts";
import { manualClock } from "../src/shared/clock.ts";
import { type Db, queryOne, sql, transaction } from "../src/shared/db.ts";
import { createLogger } from "../src/shared/log.ts";
import { installDropboxCatalog } from "../test/catalog-fixtures.ts";
import { createTenant } from "../test/factories.ts";
import { openTestDatabase, testConfig } from "../test/harness.ts";

const { values: args } = parseArgs({
  options: {
    subscriptions: { type: "string", default: "1000000" },
    date: { type: "string", default: "2026-06-15" },
    runs: { type: "string", default: "5" },
    /** PostgreSQL: keep the scratch database (named on stdout) for EXPLAIN by hand; drop it yourself. */
    keep: { type: "boolean", default: false },
  },
});
const N = Number(args.subscriptions);
if (!Number.isInteger(N) || N < 100) throw new Error("--subscriptions is a whole number ≥ 100");
const DAY = args.date!;
const RUNS = Number(args.runs);

const database = await openTestDatabase();
const clock = manualClock(new Date(`${DAY}T09:00:00Z`));
const deps = buildDeps({ config: testConfig(), database, log: createLogger("silent"), clock });
const db = deps.db;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const int = (n: number) => Math.round(n).toLocaleString("en-US");
const timed = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const value = await f();
  return [value, performance.now() - t0];
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  console.log(`revenue bench on ${database.kind}: ${int(N)} subscriptions, today ${DAY}`);
  const tenant = await createTenant(deps);
  await installDropboxCatalog(deps, tenant.id);
  const [shape, generateMs] = await timed(() => generate(db, tenant.id));
  const [, changeMs] = await timed(() => changeSome(db, tenant.id));
  const [, docsMs] = await timed(() => documents(db, tenant.id, shape.customerPrefix, shape.accounts));
  await db.execute(
    sql`vacuum analyze accounts, subscriptions, subscription_addons, subscription_mrr_changes, subscription_arr_items, billing_documents`,
  );
  const ledgerRows = Number(
    (await queryOne<{ n: string }>(
      db,
      sql`select count(*) as n from subscription_mrr_changes where tenant_id = ${tenant.id}`,
    ))!.n,
  );
  console.log(
    `generated ${int(N)} subscriptions (${int(shape.addons)} add-ons, ${int(shape.accounts)} customers, ${int(shape.resellers)} resellers) in ${seconds(generateMs)}; ` +
      `changes in ${seconds(changeMs)}; ${int(ledgerRows)} ledger rows; documents in ${seconds(docsMs)}`,
  );

  const bss: BssActor = {
    kind: "bss",
    tenantId: tenant.id,
    userId: null,
    apiKeyId: null,
    role: "viewer",
    email: null,
  };
  const query = { months: 12, top: 10 };
  const [first, firstMs] = await timed(() => getRevenue(deps, bss, query));
  const bssRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) bssRuns.push((await timed(() => getRevenue(deps, bss, query)))[1]);

  // The ledger telescopes: every change summed is today's ARR (the triggers missed nothing).
  const ledger = await queryOne<{ arr: string }>(
    db,
    sql`select round(sum(arr_after - arr_before) / 100000000)::text as arr
        from subscription_mrr_changes where tenant_id = ${tenant.id}`,
  );
  assert.equal(BigInt(ledger!.arr), first.totals[0]!.arr, "the ledger sums to today's ARR");
  assert.equal(first.top.resellers!.length, 10);
  assert.equal(first.documents.length, 12);

  const reseller = shape.firstReseller;
  const sf: StorefrontActor = {
    kind: "storefront",
    tenantId: tenant.id,
    userId: "usr_bench",
    accountId: reseller,
    accountKind: "reseller",
    role: "storefront_admin",
    email: "bench@example.test",
  };
  const sfRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) sfRuns.push((await timed(() => getRevenue(deps, sf, query)))[1]);
  const customer: StorefrontActor = { ...sf, accountId: shape.firstCustomer, accountKind: "end_customer" };
  const spendRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) spendRuns.push((await timed(() => getSpend(deps, customer, query)))[1]);

  // The triggers' cost on a write that changes no revenue (e.g. a sync status), 100,000 rows.
  const touch = () =>
    transaction(db, (tx) =>
      tx.execute(sql`update subscriptions set updated_at = updated_at + interval '1 second'
                     where tenant_id = ${tenant.id} and id in (select id from subscriptions
                       where tenant_id = ${tenant.id} order by id limit 100000)`),
    );
  const [, withTrigger] = await timed(touch);
  const triggers = (on: boolean) =>
    db.execute(
      sql.raw(
        `alter table subscriptions ${on ? "enable" : "disable"} trigger subscription_mrr_update_tg, ` +
          `${on ? "enable" : "disable"} trigger subscription_arr_update_tg`,
      ),
    );
  await triggers(false);
  const [, withoutTrigger] = await timed(touch);
  await triggers(true);

  // Each figure's statement alone (median of --runs).
  const { recurringRevenue, mrrMovements } = await import("../src/modules/subscriptions/index.ts");
  const { documentsPerMonth } = await import("../src/modules/billing/index.ts");
  const scope = { tenantId: tenant.id };
  const parts: Array<[string, () => Promise<unknown>]> = [
    [
      "  MRR/ARR + tops (subscriptions)",
      () => recurringRevenue(db, scope, ["reseller", "product", "tenant"], 10),
    ],
    [
      "  movements (subscriptions)",
      () =>
        mrrMovements(db, scope, {
          fromMonth: first.months[0]!,
          toMonth: first.months.at(-1)!,
          timeZone: "UTC",
        }),
    ],
    [
      "  invoiced/credited (billing)",
      () =>
        documentsPerMonth(db, {
          tenantId: tenant.id,
          fromMonth: first.months[0]!,
          toDate: DAY,
          basis: "net",
        }),
    ],
  ];
  const partRows: Array<[string, string, string]> = [];
  for (const [name, run] of parts) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push((await timed(run))[1]);
    partRows.push([name, seconds(median(times)), ""]);
  }

  // The triggers' cost on a write that changes revenue (a price change, as a repricing renewal
  // does), 100,000 rows: both triggers, the ledger's alone, none. Last: it leaves them out of step.
  const reprice = () =>
    transaction(db, (tx) =>
      tx.execute(sql`update subscriptions set unit_price = unit_price + 1
                     where tenant_id = ${tenant.id} and id in (select id from subscriptions
                       where tenant_id = ${tenant.id} order by id limit 100000)`),
    );
  const [, repriceBoth] = await timed(reprice);
  await db.execute(sql`alter table subscriptions disable trigger subscription_arr_update_tg`);
  const [, repriceLedger] = await timed(reprice);
  await triggers(false);
  const [, repriceNone] = await timed(reprice);
  await triggers(true);

  const t = first.totals[0]!;
  const rows: Array<[string, string, string]> = [
    [
      "BSS dashboard, first call",
      seconds(firstMs),
      `MRR ${t.mrr / 100n} EUR over ${int(t.subscriptions)} live subscriptions`,
    ],
    [
      `BSS dashboard, median of ${RUNS}`,
      seconds(median(bssRuns)),
      `min ${seconds(Math.min(...bssRuns))}, max ${seconds(Math.max(...bssRuns))}`,
    ],
    ...partRows,
    [`reseller Storefront, median of ${RUNS}`, seconds(median(sfRuns)), "its ~500 customers"],
    [`customer spend, median of ${RUNS}`, seconds(median(spendRuns)), ""],
    ["UPDATE 100k subscriptions, triggers on", seconds(withTrigger), "no revenue change"],
    ["UPDATE 100k subscriptions, triggers off", seconds(withoutTrigger), ""],
    ["UPDATE 100k prices, both triggers", seconds(repriceBoth), "ledger + current ARR items"],
    ["UPDATE 100k prices, ledger trigger only", seconds(repriceLedger), ""],
    ["UPDATE 100k prices, triggers off", seconds(repriceNone), ""],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  console.log(rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`.trimEnd()).join("\n"));
} finally {
  if (args.keep && database.kind === "postgres") {
    const name = await queryOne<{ n: string }>(db, sql`select current_database() as n`);
    console.log(`kept database ${name!.n} (tenant in the latest tenants row)`);
    process.exit(0);
  }
  await database.close();
}

/** Subscriptions, add-ons and customers, set-based, in one transaction (the triggers write the ledger). */
async function generate(db: Db, tenantId: string) {
  const base = deps.ids.next("acc").slice(4, 15);
  return transaction(db, async (tx) => {
    await tx.execute(sql`select setseed(0.16)`);
    await tx.execute(sql`
      create temp table bench_products on commit drop as
      select row_number() over (order by sku) as n, id, product_type_id, name, term, list_price, cost, currency
      from (select * from products where tenant_id = ${tenantId} and kind = 'base' and not is_trial
              and status = 'active' and list_price > 0 order by sku limit 20) p`);
    await tx.execute(sql`
      create temp table bench_addon on commit drop as
      select id, name, list_price, cost from products
      where tenant_id = ${tenantId} and kind = 'addon' and status = 'active' and list_price > 0 order by sku limit 1`);
    await tx.execute(sql`
      create temp table bench_plan on commit drop as
      select g, 1 + (g - 1) / 2 as acc, 1 + floor(random() * 20)::int as product,
        (${DAY}::date - floor(random() * 730)::int) as anchor,
        1 + floor(power(random(), 3) * 60)::int as quantity, random() < 0.30 as has_addon,
        case when random() < 0.10 then 500 else 0 end as discount, random() < 0.05 as promoted
      from generate_series(1, ${N}) g`);
    const accounts = Math.ceil(N / 2);
    const resellers = Math.max(1, Math.ceil(accounts / 500));
    const now = sql`${clock.now().toISOString()}::timestamptz`;
    await tx.execute(sql`
      insert into accounts (id, tenant_id, kind, parent_account_id, name, edition, payment_method, created_at, updated_at)
      select ${sql.raw(`'acc_${base}r' || lpad(g::text, 13, '0')`)}, ${tenantId}, 'reseller', null, 'Bench Reseller ' || g,
        'standard', 'cash', ${now}, ${now}
      from generate_series(1, ${resellers}) g`);
    await tx.execute(sql`
      insert into accounts (id, tenant_id, kind, parent_account_id, name, edition, created_at, updated_at)
      select ${sql.raw(`'acc_${base}c' || lpad(g::text, 13, '0')`)}, ${tenantId}, 'end_customer',
        ${sql.raw(`'acc_${base}r' || lpad((1 + (g - 1) % ${resellers})::text, 13, '0')`)},
        'Bench Customer ' || g, null, ${now}, ${now}
      from generate_series(1, ${accounts}) g`);
    const customer = sql.raw(`'acc_${base}c' || lpad(p.acc::text, 13, '0')`);
    const reseller = sql.raw(`'acc_${base}r' || lpad((1 + (p.acc - 1) % ${resellers})::text, 13, '0')`);
    const sub = sql.raw(`'sub_${base}' || lpad(p.g::text, 14, '0')`);
    await tx.execute(sql`
      insert into subscriptions (id, tenant_id, account_id, reseller_account_id, product_id, product_type_id,
        name, quantity, term, billing_plan, unit_price, unit_cost, currency, discount_basis_points,
        order_date, start_date, activation_date, term_start_date, term_end_date, term_anchor_date, term_index,
        window_start_date, auto_renew, status, sync_status, channel, promotion_id, promotion, created_at, updated_at)
      select ${sub}, ${tenantId}, ${customer}, ${reseller}, b.id, b.product_type_id, b.name, p.quantity, b.term,
        case b.term when 'AC1Y' then 'one_off' else 'monthly' end, b.list_price, b.cost, b.currency, p.discount,
        p.anchor, p.anchor, p.anchor, p.anchor, p.anchor + 27, p.anchor, 0, p.anchor, true, 'active', 'synchronized',
        'bss', case when p.promoted then 'prm_bench' end,
        case when p.promoted then jsonb_build_object('id', 'prm_bench', 'kind', 'recurring', 'valueType', 'percentage',
          'value', '1500', 'productId', b.id) end,
        p.anchor + time '09:00', p.anchor + time '09:00'
      from bench_plan p join bench_products b on b.n = p.product`);
    const addons = await tx.execute(sql`
      insert into subscription_addons (id, tenant_id, subscription_id, product_id, name, quantity, unit_price,
        unit_cost, status, added_date, window_start_date, created_at, updated_at)
      select ${sql.raw(`'add_${base}' || lpad(p.g::text, 14, '0')`)}, ${tenantId}, ${sub}, a.id, a.name, 1 + p.g % 3,
        a.list_price, a.cost, 'active', p.anchor, p.anchor, p.anchor + time '09:00', p.anchor + time '09:00'
      from bench_plan p cross join bench_addon a where p.has_addon`);
    return {
      accounts,
      resellers,
      addons: Number(
        (addons as unknown as { rowCount?: number; affectedRows?: number }).rowCount ??
          (addons as { affectedRows?: number }).affectedRows ??
          0,
      ),
      customerPrefix: `acc_${base}c`,
      firstReseller: `acc_${base}r${"1".padStart(13, "0")}`,
      firstCustomer: `acc_${base}c${"1".padStart(13, "0")}`,
    };
  });
}

/** A later day of each changed subscription: one in ten cancelled, one in ten grows, one in ten shrinks. */
async function changeSome(db: Db, tenantId: string) {
  const later = sql.raw(
    `(updated_at + floor(random() * greatest(1, '${DAY}'::date - activation_date)) * interval '1 day')`,
  );
  await db.execute(sql`
    update subscriptions set status = 'canceled', canceled_at = ${later}, cancel_effective_date = ${later}::date,
      updated_at = ${later}
    where tenant_id = ${tenantId} and right(id, 1) = '0'`);
  await db.execute(sql`
    update subscriptions set quantity = quantity + 1 + floor(random() * 5)::int, updated_at = ${later}
    where tenant_id = ${tenantId} and right(id, 1) = '1'`);
  await db.execute(sql`
    update subscriptions set quantity = quantity - 1, updated_at = ${later}
    where tenant_id = ${tenantId} and right(id, 1) = '2' and quantity > 1`);
}

/** One issued invoice per subscription and a credit note per twenty, over the last 14 months. */
async function documents(db: Db, tenantId: string, customerPrefix: string, accounts: number) {
  const base = deps.ids.next("inv").slice(4, 15);
  await db.execute(sql`select setseed(0.61)`);
  await db.execute(sql`
    insert into billing_documents (id, tenant_id, kind, status, seq, number, account_id, issue_date, due_date, currency,
      net, tax, gross, line_count, source, created_at)
    select ${sql.raw(`'doc_${base}i' || lpad(g::text, 13, '0')`)}, ${tenantId}, 'invoice', 'issued', g,
      'INV-' || lpad(g::text, 7, '0'), ${customerPrefix} || lpad((1 + (g - 1) % ${accounts})::text, 13, '0'),
      d, d + 30, 'EUR', n, 0, n, 1, 'bench', d + time '09:00'
    from (select g, (${DAY}::date - floor(random() * 425)::int) as d, (1000 + floor(random() * 100000))::bigint as n
          from generate_series(1, ${N}) g) x`);
  await db.execute(sql`
    insert into billing_documents (id, tenant_id, kind, status, seq, number, account_id, issue_date, due_date, currency,
      net, tax, gross, line_count, source, created_at)
    select ${sql.raw(`'doc_${base}c' || lpad((seq / 20)::text, 13, '0')`)}, tenant_id, 'credit_note', 'issued', seq / 20,
      'CN-' || lpad((seq / 20)::text, 7, '0'), account_id, least(issue_date + 10, ${DAY}::date), null, currency,
      -net / 4, 0, -net / 4, 1, 'bench', created_at
    from billing_documents where tenant_id = ${tenantId} and kind = 'invoice' and seq % 20 = 0`);
}
