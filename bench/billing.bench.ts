/**
 * `npm run bench:billing [-- --subscriptions 100000 --date 2026-06-15 --chunk-size N --lanes N --workers N --profile f.cpuprofile]`
 *
 * The billing run at scale (issue 4, item 9). Generates N active subscriptions of one tenant,
 * set-based (`insert … select … from generate_series`) straight into `accounts`, `subscriptions`,
 * `subscription_addons` and `billing_items`: 60 % MCMB, 25 % AC1M, 15 % AC1Y, 30 % with one add-on,
 * every item due on the run date (MCMB and AC1Y terms end the day before, so they renew too; AC1M
 * bills installment 1–12, renewing when its year ends), one paying account per 1–3 subscriptions
 * (a quarter of them with 21 % tax), a 5 % discount on one subscription in ten. The tenant and its
 * Dropbox catalogue come from the test factories. Then:
 * 1. runs `runBillingDay` for the date and reports wall time per phase, subscriptions/s, documents/s;
 * 2. checks the ledger (one invoice per paying account, every charge invoiced, sums agree);
 * 3. reruns the same day and asserts it creates 0 charges and 0 documents;
 * 4. measures the floor on this machine: a raw `INSERT … SELECT` of as many document and line rows
 *    into scratch copies of `billing_documents` and `billing_charges` (`like … including all`:
 *    same columns, checks and indexes, logged tables like the real ones), and the ratio run/floor.
 *
 * `--lanes N`: chunks in flight in the run's process (default 2 on PostgreSQL, as `openbss bill` and the
 * worker run it; PGlite always 1). `--workers N` (PostgreSQL): N more processes (bench/billing-worker.ts)
 * join the run's invoicing and claim chunks beside it (issue 17, scale-out).
 *
 * PGlite (in memory, from the migrated template) by default; PostgreSQL when DATABASE_URL is set (a
 * scratch database copied from the migrated template, dropped afterwards).
 * Goals on the 2-core machine: 1,000,000 subscriptions in < 60 s on PostgreSQL, 100,000 in < 30 s on
 * PGlite (docs/performance.md, "Billing run").
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { buildDeps } from "../src/deps.ts";
import { defaultLanes, type RunProgress, runBillingDay } from "../src/modules/billing-run/index.ts";
import { manualClock } from "../src/shared/clock.ts";
import { parseDate } from "../src/shared/dates.ts";
import { type Database, type Db, queryOne, sql, transaction } from "../src/shared/db.ts";
import { createLogger } from "../src/shared/log.ts";
import { installDropboxCatalog } from "../test/catalog-fixtures.ts";
import { createTenant } from "../test/factories.ts";
import { openTestDatabase, testConfig } from "../test/harness.ts";

const { values: args } = parseArgs({
  options: {
    subscriptions: { type: "string", default: "100000" },
    date: { type: "string", default: "2026-06-15" },
    "chunk-size": { type: "string" },
    profile: { type: "string" },
    "pglite-memory": { type: "boolean", default: false },
    lanes: { type: "string" },
    workers: { type: "string", default: "0" },
  },
});
const N = Number(args.subscriptions);
if (!Number.isInteger(N) || N < 6) throw new Error("--subscriptions is a whole number ≥ 6");
const DATE = parseDate(args.date!);
const CHUNK = args["chunk-size"] ? Number(args["chunk-size"]) : undefined;
const WORKERS = Number(args.workers);

const database = await openBenchDatabase();
const clock = manualClock(new Date(`${DATE.toString()}T06:00:00Z`));
const config = testConfig();
const deps = buildDeps({ config, database, log: createLogger("silent"), clock });
const db = deps.db;
const LANES = args.lanes ? Number(args.lanes) : defaultLanes(deps);
if (WORKERS > 0 && database.kind !== "postgres") throw new Error("--workers needs PostgreSQL (DATABASE_URL)");

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const int = (n: number) => Math.round(n).toLocaleString("en-US");
const count = async (query: ReturnType<typeof sql>) =>
  Number((await queryOne<{ n: string | number }>(db, query))?.n ?? 0);

try {
  console.log(
    `billing bench on ${database.kind}${database.kind === "pglite" ? (args["pglite-memory"] ? " (in memory)" : " (temp data dir)") : ""}: ${int(N)} subscriptions due ${DATE}` +
      (CHUNK ? `, chunk ${CHUNK} accounts` : "") +
      `, ${database.kind === "pglite" ? 1 : LANES} lane(s)${WORKERS ? ` + ${WORKERS} worker process(es)` : ""}; load ${loadavg()}`,
  );

  // ---- setup --------------------------------------------------------------------------------
  let t0 = performance.now();
  const tenant = await createTenant(deps);
  await installDropboxCatalog(deps, tenant.id);
  const plans = await pickProducts(db, tenant.id);
  const shape = await generate(db, tenant.id, plans);
  await analyzeTables(db);
  const setupMs = performance.now() - t0;
  console.log(
    `generated in ${seconds(setupMs)}: ${int(shape.items)} billing items (${int(shape.addons)} add-ons), ` +
      `${int(shape.accounts)} paying accounts under ${int(shape.resellers)} resellers; ` +
      `products ${plans.map((p) => `${p.term} ${p.baseSku} + ${p.addonSku}`).join(", ")}`,
  );

  // ---- the run ------------------------------------------------------------------------------
  const phases = new Map<string, number>();
  const onProgress = (p: RunProgress) => {
    if (!phases.has(p.phase)) phases.set(p.phase, performance.now());
  };
  const profiler = args.profile ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.start");
  }
  const runId = deps.ids.next("brn");
  const workers = Array.from({ length: WORKERS }, () => startWorker(tenant.id, runId));
  const cpu0 = process.cpuUsage();
  t0 = performance.now();
  const run = await runBillingDay(deps, {
    tenantId: tenant.id,
    date: DATE,
    trigger: "cli",
    runId,
    lanes: LANES,
    onProgress,
    ...(CHUNK ? { chunkSize: CHUNK } : {}),
  });
  const runMs = performance.now() - t0;
  const shares = await Promise.all(workers);
  const cpu = process.cpuUsage(cpu0);
  if (profiler) {
    const { profile } = await profiler.post("Profiler.stop");
    writeFileSync(args.profile!, JSON.stringify(profile));
    profiler.disconnect();
  }
  assert.equal(run.status, "completed");
  const at = (phase: string) => phases.get(phase) ?? t0 + runMs;
  const phaseMs = {
    changes: at("renewals") - at("changes"),
    renewals: at("invoicing") - at("renewals"),
    invoicing: at("done") - at("invoicing"),
  };

  // ---- the ledger ---------------------------------------------------------------------------
  const ledger = await queryOne<{
    charges: string;
    uninvoiced: string;
    documents: string;
    doc_lines: string;
    net: string;
    charged: string;
    items_left: string;
    renewed: string;
  }>(
    db,
    sql`select
      (select count(*) from billing_charges where tenant_id = ${tenant.id}) as charges,
      (select count(*) from billing_charges where tenant_id = ${tenant.id} and document_id is null) as uninvoiced,
      (select count(*) from billing_documents where tenant_id = ${tenant.id}) as documents,
      (select coalesce(sum(line_count), 0) from billing_documents where tenant_id = ${tenant.id}) as doc_lines,
      (select coalesce(sum(net), 0) from billing_documents where tenant_id = ${tenant.id})::text as net,
      (select coalesce(sum(amount), 0) from billing_charges where tenant_id = ${tenant.id})::text as charged,
      (select count(*) from billing_items where tenant_id = ${tenant.id} and status = 'active'
         and next_period_start <= ${DATE.toString()}::date) as items_left,
      (select count(*) from subscriptions where tenant_id = ${tenant.id} and term_start_date = ${DATE.toString()}::date) as renewed`,
  );
  const charges = Number(ledger!.charges);
  const documents = Number(ledger!.documents);
  assert.equal(charges, shape.items, "one charge per billing item");
  assert.equal(Number(ledger!.uninvoiced), 0, "every charge invoiced");
  assert.equal(documents, shape.accounts, "one invoice per paying account");
  assert.equal(Number(ledger!.doc_lines), charges, "documents count their lines");
  assert.equal(ledger!.net, ledger!.charged, "documents sum their lines");
  assert.equal(Number(ledger!.items_left), 0, "every item advanced");
  assert.equal(Number(ledger!.renewed), shape.renewals, "every term ending yesterday renewed");
  assert.equal(run.chargesCreated, charges);
  assert.equal(run.documentsCreated, documents);
  assert.equal(run.renewed, shape.renewals);
  const numbers = await queryOne<{ first: number; last: number }>(
    db,
    sql`select min(seq) as first, max(seq) as last from billing_documents
        where tenant_id = ${tenant.id} and kind = 'invoice'`,
  );
  assert.equal(Number(numbers!.first), 1);
  assert.equal(Number(numbers!.last), documents, "gapless invoice numbers");

  // ---- the rerun: exactly once --------------------------------------------------------------
  t0 = performance.now();
  const rerun = await runBillingDay(deps, { tenantId: tenant.id, date: DATE, trigger: "cli" });
  const rerunMs = performance.now() - t0;
  assert.equal(rerun.chargesCreated, 0, "a rerun creates no charge");
  assert.equal(rerun.documentsCreated, 0, "a rerun creates no document");
  assert.equal(rerun.renewed, 0, "a rerun renews nothing");
  assert.equal(
    await count(sql`select count(*) as n from billing_charges where tenant_id = ${tenant.id}`),
    charges,
  );
  assert.equal(
    await count(sql`select count(*) as n from billing_documents where tenant_id = ${tenant.id}`),
    documents,
  );

  // ---- the floor ----------------------------------------------------------------------------
  const floor = await measureFloor(db, tenant.id, documents, charges);

  // ---- report -------------------------------------------------------------------------------
  const rows: Array<[string, string, string]> = [
    ["subscriptions", int(N), `${int(shape.items)} items, ${int(shape.accounts)} paying accounts`],
    [
      "run (runBillingDay)",
      seconds(runMs),
      `${int(N / (runMs / 1000))} subs/s, ${int(documents / (runMs / 1000))} docs/s`,
    ],
    ["  changes", seconds(phaseMs.changes), `${run.changesApplied} applied`],
    ["  renewals", seconds(phaseMs.renewals), `${int(run.renewed)} renewed, ${run.inactivated} inactivated`],
    [
      "  invoicing",
      seconds(phaseMs.invoicing),
      `${int(charges)} charges, ${int(documents)} invoices; ${int(charges / (phaseMs.invoicing / 1000))} lines/s`,
    ],
    ["  Node CPU", seconds((cpu.user + cpu.system) / 1000), "user + system of this process"],
    ...shares.map((w, i): [string, string, string] => [
      `  worker ${i + 1}`,
      `${w.chunks} chunks`,
      `${int(w.charges)} charges, ${int(w.documents)} documents claimed by process ${w.pid}`,
    ]),
    ["rerun (same day)", seconds(rerunMs), "0 charges, 0 documents"],
    [
      "floor (INSERT … SELECT)",
      seconds(floor.documentsMs + floor.chargesMs),
      `${int(documents)} documents ${seconds(floor.documentsMs)} + ${int(charges)} lines ${seconds(floor.chargesMs)}`,
    ],
    [
      "ratio run / floor",
      `${(runMs / (floor.documentsMs + floor.chargesMs)).toFixed(1)} ×`,
      `load ${loadavg()}`,
    ],
    [
      "ratio invoicing / floor",
      `${(phaseMs.invoicing / (floor.documentsMs + floor.chargesMs)).toFixed(1)} ×`,
      "the money part alone",
    ],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  console.log(rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`.trimEnd()).join("\n"));
} finally {
  await database.close();
}

function loadavg(): string {
  return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

/** A worker process joining the run (bench/billing-worker.ts) on this bench's scratch database. */
async function startWorker(
  tenantId: string,
  runId: string,
): Promise<{ pid: number; chunks: number; charges: number; documents: number }> {
  const name = (await queryOne<{ name: string }>(db, sql`select current_database() as name`))!.name;
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "billing-worker.ts"), tenantId, runId],
    {
      env: { ...process.env, DATABASE_URL: url.toString() },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout.on("data", (b) => {
    out += b;
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`billing worker exited with ${code}`);
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

/**
 * PostgreSQL: a scratch copy of the migrated template (dropped on close). PGlite: the migrated
 * template loaded into a temporary data directory, as `openbss serve` runs embedded (on disk), or
 * with `--pglite-memory` kept in memory (Emscripten's MEMFS grows files by copying them, which
 * costs seconds at this volume).
 */
async function openBenchDatabase(): Promise<Database> {
  const template = await openTestDatabase();
  if (template.kind === "postgres" || args["pglite-memory"]) return template;
  const dump = await template.pglite!.dumpDataDir("none");
  await template.close();
  const dir = mkdtempSync(join(tmpdir(), "openbss-bench-"));
  const client = new PGlite(join(dir, "pg"), { loadDataDir: dump });
  await client.waitReady;
  return {
    kind: "pglite",
    db: drizzle({ client, casing: "snake_case" }) as unknown as Db,
    pglite: client,
    async close() {
      try {
        await client.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

// ---- data ----------------------------------------------------------------------------------------

interface Plan {
  term: "MCMB" | "AC1M" | "AC1Y";
  baseId: string;
  baseSku: string;
  addonId: string;
  addonSku: string;
}

/** A paid base product per term that has an add-on (Dropbox Standard when it has one). */
async function pickProducts(db: Db, tenantId: string): Promise<Plan[]> {
  const plans: Plan[] = [];
  for (const term of ["MCMB", "AC1M", "AC1Y"] as const) {
    const row = await queryOne<{ base_id: string; base_sku: string; addon_id: string; addon_sku: string }>(
      db,
      sql`select b.id as base_id, b.sku as base_sku, a.id as addon_id, a.sku as addon_sku
          from products b
          join product_addons pa on pa.tenant_id = b.tenant_id and pa.parent_product_id = b.id
          join products a on a.tenant_id = pa.tenant_id and a.id = pa.addon_product_id
          where b.tenant_id = ${tenantId} and b.term = ${term} and b.kind = 'base' and not b.is_trial
            and b.status = 'active' and a.status = 'active' and a.list_price > 0
          order by b.sku <> ${`DBX-STD-${term}`}, b.sku, a.sku limit 1`,
    );
    if (!row) throw new Error(`no ${term} base product with an add-on in the catalogue`);
    plans.push({
      term,
      baseId: row.base_id,
      baseSku: row.base_sku,
      addonId: row.addon_id,
      addonSku: row.addon_sku,
    });
  }
  return plans;
}

/**
 * Every row in a handful of set-based statements, in one transaction (a temp plan table lives in
 * one session). Subscription g (1…N) belongs to paying account a(g): accounts take 1, 2, 3, 1, 2, 3, …
 * subscriptions (two on average).
 */
async function generate(db: Db, tenantId: string, plans: Plan[]) {
  const day = DATE.toString();
  const base = deps.ids.next("acc").slice(4, 15); // 11 chars of time + randomness: ids of this run
  const id = (prefix: string, tag: string, width: number) =>
    sql.raw(`'${prefix}_${base}${tag}' || lpad(g::text, ${width}, '0')`);
  const now = sql`${clock.now().toISOString()}::timestamptz`;
  return transaction(db, async (tx) => {
    await tx.execute(sql`select setseed(0.42)`);
    // The plan: one row per subscription with its term, months since its anchor, quantity, add-on.
    await tx.execute(sql`
      create temp table bench_plan on commit drop as
      with raw as (
        select g, random() as r_term, random() as r_age, random() as r_qty, random() as r_addon,
          random() as r_disc, random() as r_aqty,
          3 * ((g - 1) / 6) + case when (g - 1) % 6 = 0 then 1 when (g - 1) % 6 < 3 then 2 else 3 end as acc
        from generate_series(1, ${N}) g
      ), termed as (
        select *, case when r_term < 0.60 then 'MCMB' when r_term < 0.85 then 'AC1M' else 'AC1Y' end as term
        from raw
      )
      select g, acc, term,
        -- months from the anchor to the run date: MCMB 1–36, AC1M 1–35, AC1Y 12/24/36
        case term when 'MCMB' then 1 + floor(r_age * 36)::int
                  when 'AC1M' then 1 + floor(r_age * 35)::int
                  else 12 * (1 + floor(r_age * 3)::int) end as age,
        1 + floor(power(r_qty, 3) * 60)::int as quantity,
        r_addon < 0.30 as has_addon,
        1 + floor(r_aqty * 3)::int as addon_quantity,
        case when r_disc < 0.10 then 500 else 0 end as discount
      from termed`);
    await tx.execute(sql`
      alter table bench_plan add column anchor date, add column term_index int, add column term_start date,
        add column term_end date`);
    // AC1M commits for 12 months: term i of the anchor; MCMB and AC1Y terms end yesterday.
    await tx.execute(sql`
      update bench_plan set
        anchor = (${day}::date - make_interval(months => age))::date,
        term_index = case term when 'MCMB' then age - 1 when 'AC1Y' then age / 12 - 1 else (age - 1) / 12 end`);
    await tx.execute(sql`
      update bench_plan set
        term_start = (anchor + make_interval(months => term_index * case term when 'MCMB' then 1 else 12 end))::date,
        term_end = (anchor + make_interval(months => (term_index + 1) * case term when 'MCMB' then 1 else 12 end))::date - 1`);
    const accounts = (await queryOne<{ n: number }>(tx, sql`select max(acc) as n from bench_plan`))!.n;
    const resellers = Math.max(1, Math.ceil(accounts / 500));
    await tx.execute(sql`
      insert into accounts (id, tenant_id, kind, parent_account_id, name, edition, payment_method, created_at, updated_at)
      select ${id("acc", "r", 13)}, ${tenantId}, 'reseller', null, 'Bench Reseller ' || g, 'standard', 'cash', ${now}, ${now}
      from generate_series(1, ${resellers}) g`);
    await tx.execute(sql`
      insert into accounts (id, tenant_id, kind, parent_account_id, name, edition, created_at, updated_at)
      select ${id("acc", "c", 13)}, ${tenantId}, 'end_customer',
        ${sql.raw(`'acc_${base}r' || lpad((1 + (g - 1) % ${resellers})::text, 13, '0')`)},
        'Bench Customer ' || g || ' GmbH', null, ${now}, ${now}
      from generate_series(1, ${accounts}) g`);
    // A quarter of the paying accounts have billing options: 21 % tax.
    await tx.execute(sql`
      insert into billing_accounts (tenant_id, account_id, tax_rate_basis_points, updated_at)
      select ${tenantId}, ${id("acc", "c", 13)}, 2100, ${now}
      from generate_series(1, ${accounts}) g where g % 4 = 0`);
    const products = sql`(values
      ${sql.join(
        plans.map((p) => sql`(${p.term}, ${p.baseId}, ${p.addonId})`),
        sql`, `,
      )}) as pp(term, base_id, addon_id)`;
    const customer = sql.raw(`'acc_${base}c' || lpad(p.acc::text, 13, '0')`);
    const reseller = sql.raw(`'acc_${base}r' || lpad((1 + (p.acc - 1) % ${resellers})::text, 13, '0')`);
    const sub = sql.raw(`'sub_${base}' || lpad(p.g::text, 14, '0')`);
    const addon = sql.raw(`'add_${base}' || lpad(p.g::text, 14, '0')`);
    await tx.execute(sql`
      insert into subscriptions (id, tenant_id, account_id, reseller_account_id, product_id, product_type_id,
        name, quantity, term, billing_plan, unit_price, unit_cost, currency, discount_basis_points,
        order_date, start_date, activation_date, term_start_date, term_end_date, term_anchor_date, term_index,
        window_start_date, auto_renew, status, sync_status, external_id, admin_email, exclusive_key, channel,
        created_at, updated_at)
      select ${sub}, ${tenantId}, ${customer}, ${reseller}, b.id, b.product_type_id,
        b.name, greatest(p.quantity, b.min_quantity), p.term,
        case p.term when 'AC1Y' then 'one_off' else 'monthly' end, b.list_price, b.cost, b.currency, p.discount,
        p.anchor, p.anchor, p.anchor, p.term_start, p.term_end, p.anchor, p.term_index,
        p.term_start, true, 'active', 'synchronized', 'dbmid:bench' || p.g, 'admin' || p.g || '@bench.example',
        'dropbox:admin' || p.g || '@bench.example', 'bss', ${now}, ${now}
      from bench_plan p join ${products} on pp.term = p.term join products b on b.id = pp.base_id`);
    await tx.execute(sql`
      insert into subscription_addons (id, tenant_id, subscription_id, product_id, name, quantity, unit_price,
        unit_cost, status, added_date, window_start_date, created_at, updated_at)
      select ${addon}, ${tenantId}, ${sub}, a.id, a.name, least(p.addon_quantity, coalesce(a.max_quantity, 99)),
        a.list_price, a.cost, 'active', p.anchor, p.term_start, ${now}, ${now}
      from bench_plan p join ${products} on pp.term = p.term join products a on a.id = pp.addon_id
      where p.has_addon`);
    // Billing items as openBilling writes them: the base and each add-on, cycle anchored on the
    // subscription's anchor, the next period starting on the run date.
    await tx.execute(sql`
      insert into billing_items (id, tenant_id, account_id, bill_to_account_id, subscription_id, addon_id,
        product_id, description, term, quantity, unit_price, discount_basis_points, currency, cycle_anchor,
        next_period_start, status, created_at, updated_at)
      select ${sql.raw(`'bit_${base}b' || lpad(s.g::text, 13, '0')`)}, ${tenantId}, s.account_id, s.account_id,
        s.id, null, s.product_id, s.name, s.term, s.quantity, s.unit_price, s.discount_basis_points, s.currency,
        s.term_anchor_date, ${day}::date, 'active', ${now}, ${now}
      from (select p.g, sb.* from bench_plan p join subscriptions sb on sb.id = ${sub}) s
      union all
      select ${sql.raw(`'bit_${base}a' || lpad(p.g::text, 13, '0')`)}, ${tenantId}, ${customer}, ${customer},
        ${sub}, ${addon}, sa.product_id, sa.name, p.term, sa.quantity, sa.unit_price, p.discount, 'EUR',
        p.anchor, ${day}::date, 'active', ${now}, ${now}
      from bench_plan p join subscription_addons sa on sa.id = ${addon}
      where p.has_addon`);
    const shape = (await queryOne<{ items: number; addons: number; renewals: number }>(
      tx,
      sql`select
        (select count(*) from bench_plan)::int + (select count(*) from bench_plan where has_addon)::int as items,
        (select count(*) from bench_plan where has_addon)::int as addons,
        (select count(*) from bench_plan where term_end < ${day}::date)::int as renewals`,
    ))!;
    return { ...shape, accounts, resellers };
  });
}

/**
 * Fresh statistics, as autovacuum would have gathered while the rows arrived over the years: the
 * planner must not think a million-row table is empty.
 */
async function analyzeTables(db: Db) {
  await db.execute(
    sql`analyze accounts, billing_accounts, subscriptions, subscription_addons, billing_items, billing_charges, billing_documents`,
  );
}

/**
 * The floor: the same number of documents and lines written with one raw INSERT … SELECT each, into
 * copies of the real tables (`like … including all`: columns, defaults, checks, indexes), then dropped.
 */
async function measureFloor(db: Db, tenantId: string, documents: number, lines: number) {
  await db.execute(sql`drop table if exists bench_floor_documents, bench_floor_charges`);
  await db.execute(sql`create table bench_floor_documents (like billing_documents including all)`);
  await db.execute(sql`create table bench_floor_charges (like billing_charges including all)`);
  try {
    const day = DATE.toString();
    let t = performance.now();
    await db.execute(sql`
      insert into bench_floor_documents (id, tenant_id, kind, seq, number, account_id, issue_date, due_date,
        currency, net, tax, gross, line_count, run_id, source, created_at)
      select 'inv_floor' || lpad(g::text, 20, '0'), ${tenantId}, 'invoice', g, 'INV-' || lpad(g::text, 6, '0'),
        'acc_floor' || lpad(g::text, 20, '0'), ${day}::date, ${day}::date + 30, 'EUR', 4500 + g % 1000, 0, 4500 + g % 1000, 2,
        'brn_floor0000000000000000000', ${`billing run ${day}`}, now()
      from generate_series(1, ${documents}) g`);
    const documentsMs = performance.now() - t;
    t = performance.now();
    await db.execute(sql`
      insert into bench_floor_charges (id, tenant_id, account_id, bill_to_account_id, item_id, subscription_id,
        addon_id, product_id, kind, description, period_start, period_end, from_date, to_date, days, period_days,
        quantity, unit_price, periods_per_term, discount_basis_points, installment_no, prorated, amount,
        tax_rate_basis_points, tax, currency, explanation, credited_amount, credits_charge_id, dedupe_key,
        invoice_on, document_id, source, created_at)
      select 'chg_floor' || lpad(g::text, 20, '0'), ${tenantId}, 'acc_floor' || lpad((g / 2)::text, 20, '0'),
        'acc_floor' || lpad((g / 2)::text, 20, '0'), 'bit_floor' || lpad(g::text, 20, '0'),
        'sub_floor' || lpad(g::text, 20, '0'), null, 'prd_floor0000000000000000000', 'recurring',
        'Dropbox Standard, monthly commitment, monthly billing', ${day}::date, (${day}::date + 29), ${day}::date,
        (${day}::date + 29), 30, 30, 1 + g % 20, 1500, 1, 0, null, false, 1500 * (1 + g % 20), 0, 0, 'EUR',
        (1 + g % 20) || ' × 15.00 (15 Jun – 14 Jul 2026)', 0, null, 'rec:bit_floor' || lpad(g::text, 20, '0') || ':' || ${day},
        ${day}::date, 'inv_floor' || lpad((g / 2)::text, 20, '0'), ${`billing run ${day}`}, now()
      from generate_series(1, ${lines}) g`);
    const chargesMs = performance.now() - t;
    return { documentsMs, chargesMs };
  } finally {
    await db.execute(sql`drop table if exists bench_floor_documents, bench_floor_charges`);
  }
}
