import type { Deps } from "../../deps.ts";
import type { PlainDate } from "../../shared/dates.ts";
import { queryRows, sql, type Tx, transaction } from "../../shared/db.ts";
import { type RenewalPrice, repriceAtRenewal } from "../billing/index.ts";
import { findProtectionMonths, protectionKey, type ResolvedPrice, resolvePrices } from "../catalog/index.ts";
import {
  describeRenewalPrice,
  isProtectedOn,
  type RenewalPricing,
  renewalPrice,
} from "./renewal-pricing.rules.ts";

/** Terms per product term: MCMB commits for a month, AC1M and AC1Y for twelve (R-CAT-04). */
const TERM_MONTHS = sql.raw(`(case s.term when 'MCMB' then 1 else 12 end)`);

interface DueRow {
  id: string;
  product_id: string;
  price_list_id: string | null;
  currency: string;
  term: string;
  unit_price: string;
  unit_cost: string;
  price_user_defined: boolean;
  price_protected_until: string | null;
  next_start: string;
}

interface AddonRow {
  id: string;
  subscription_id: string;
  product_id: string;
  name: string;
  unit_price: string;
  unit_cost: string;
  price_user_defined: boolean;
  price_protected_until: string | null;
}

/**
 * Renews, set-based, every term of the tenant that ended before `date` and renews automatically:
 * the next term from the anchor (never chained), a new change window (D6), one history record each
 * — a few statements per chunk, repeated while terms are still behind (a run after a gap).
 *
 * R-PRC-01/02 (issue 14): each renewal takes the current price (renewalPrice). Per chunk, the
 * current prices are resolved once per distinct price list for the distinct products (catalog
 * resolvePrices; a subscription without a list takes the list price), the protection months in one
 * lookup, then one UPDATE … FROM (values) per table — subscriptions (with the history insert),
 * add-ons, and billing items (billing repriceAtRenewal). No round trip per subscription.
 */
export async function renewDue(
  deps: Deps,
  tenantId: string,
  date: PlainDate,
  options: { chunk?: number; lanes?: number } = {},
): Promise<number> {
  const chunk = options.chunk ?? 5000;
  // Lanes (PostgreSQL, issue 17): chunks renewed at once, each in its own transaction; SKIP LOCKED
  // keeps them apart. Each lane runs until a whole pass finds nothing it can take; the run waits
  // for all of them before invoicing.
  const lanes = deps.dbKind === "pglite" ? 1 : Math.max(1, options.lanes ?? 1);
  let failed = false;
  const lane = async () => {
    let renewed = 0;
    // Keyset paging: each chunk starts after the last id done, never re-reading what is behind.
    let after = "";
    while (!failed) {
      const ids = await transaction(deps.db, (tx) => renewChunk(deps, tx, tenantId, date, after, chunk));
      renewed += ids.length;
      if (ids.length === 0) {
        // A pass over every id is done; terms still behind (a run after a long gap) need another.
        if (after === "") return renewed;
        after = "";
        continue;
      }
      after = ids.reduce((max, id) => (id > max ? id : max), after);
    }
    return renewed;
  };
  const results = await Promise.allSettled(
    Array.from({ length: lanes }, () =>
      lane().catch((e) => {
        failed = true;
        throw e;
      }),
    ),
  );
  const error = results.find((r) => r.status === "rejected");
  if (error) throw (error as PromiseRejectedResult).reason;
  return results.reduce((n, r) => n + (r.status === "fulfilled" ? r.value : 0), 0);
}

async function renewChunk(
  deps: Deps,
  tx: Tx,
  tenantId: string,
  date: PlainDate,
  after: string,
  chunk: number,
): Promise<string[]> {
  const due = await queryRows<DueRow>(
    tx,
    sql`select s.id, s.product_id, s.price_list_id, s.currency, s.term, s.unit_price::text as unit_price,
          s.unit_cost::text as unit_cost, s.price_user_defined, s.price_protected_until::text as price_protected_until,
          (s.term_anchor_date + make_interval(months => (s.term_index + 1) * ${TERM_MONTHS}))::date::text as next_start
        from subscriptions s
        where s.tenant_id = ${tenantId} and s.term_end_date < ${date.toString()}::date
          and s.status in ('active', 'suspended') and s.auto_renew and not s.is_trial
          and s.id > ${after}
        order by s.id limit ${chunk}
        for update skip locked`,
  );
  if (due.length === 0) return [];
  const addons = await queryRows<AddonRow>(
    tx,
    sql`select a.id, a.subscription_id, a.product_id, a.name, a.unit_price::text as unit_price,
          a.unit_cost::text as unit_cost, a.price_user_defined, a.price_protected_until::text as price_protected_until
        from subscription_addons a
        where a.tenant_id = ${tenantId} and a.status = 'active'
          and a.subscription_id in (select jsonb_array_elements_text(${JSON.stringify(due.map((d) => d.id))}::jsonb))`,
  );
  const subOf = new Map(due.map((d) => [d.id, d]));
  // What needs a current price: neither user-defined nor protected on the new term's first day.
  const needs = (r: { price_user_defined: boolean; price_protected_until: string | null }, start: string) =>
    !r.price_user_defined && !isProtectedOn(r.price_protected_until, start);
  const wanted = new Map<string, Set<string>>(); // price list ("" = none) → product ids
  const want = (list: string | null, productId: string) => {
    const key = list ?? "";
    if (!wanted.has(key)) wanted.set(key, new Set());
    wanted.get(key)!.add(productId);
  };
  const keys: Array<{ productId: string; currency: string; term: string }> = [];
  for (const d of due)
    if (needs(d, d.next_start)) {
      want(d.price_list_id, d.product_id);
      keys.push({ productId: d.product_id, currency: d.currency, term: d.term });
    }
  for (const a of addons) {
    const d = subOf.get(a.subscription_id)!;
    if (needs(a, d.next_start)) {
      want(d.price_list_id, a.product_id);
      keys.push({ productId: a.product_id, currency: d.currency, term: d.term });
    }
  }
  const prices = new Map<string, Map<string, ResolvedPrice>>();
  for (const [list, productIds] of wanted)
    prices.set(
      list,
      await resolvePrices(
        { db: tx },
        tenantId,
        [...productIds],
        list ? { priceListId: list } : { listPriceOnly: true },
      ),
    );
  const months = await findProtectionMonths(tx, tenantId, keys);

  const price = (
    d: DueRow,
    r: { product_id: string; unit_price: string; unit_cost: string } & Parameters<typeof needs>[0],
  ): RenewalPricing => {
    const current = prices.get(d.price_list_id ?? "")?.get(r.product_id);
    return renewalPrice({
      unitPrice: BigInt(r.unit_price),
      unitCost: BigInt(r.unit_cost),
      currency: d.currency,
      userDefined: r.price_user_defined,
      protectedUntil: r.price_protected_until,
      termStart: d.next_start,
      current: current && { amount: current.amount, cost: current.cost, currency: current.currency },
      protectionMonths:
        months.get(protectionKey({ productId: r.product_id, currency: d.currency, term: d.term })) ?? 0,
    });
  };

  const billing: RenewalPrice[] = [];
  const addonValues: Array<{ id: string; p: string; c: string; u: string | null }> = [];
  const addonWords = new Map<string, string[]>();
  for (const a of addons) {
    const d = subOf.get(a.subscription_id)!;
    const next = price(d, a);
    const before = BigInt(a.unit_price);
    if (next.reason === "current_price" || next.reason === "no_price_in_currency") {
      if (
        next.unitPrice !== before ||
        next.unitCost !== BigInt(a.unit_cost) ||
        next.protectedUntil !== a.price_protected_until
      )
        addonValues.push({
          id: a.id,
          p: next.unitPrice.toString(),
          c: next.unitCost.toString(),
          u: next.protectedUntil,
        });
      if (next.unitPrice !== before)
        billing.push({ subscriptionId: d.id, addonId: a.id, unitPrice: next.unitPrice });
    }
    if (next.unitPrice !== before || next.reason === "no_price_in_currency") {
      const words = addonWords.get(d.id) ?? [];
      words.push(
        `add-on ${a.name} ${describeRenewalPrice({ unitPrice: before, currency: d.currency }, next)}`,
      );
      addonWords.set(d.id, words);
    }
  }
  const subValues = due.map((d) => {
    const next = price(d, d);
    const before = BigInt(d.unit_price);
    if (next.unitPrice !== before)
      billing.push({ subscriptionId: d.id, addonId: null, unitPrice: next.unitPrice });
    const words = [
      describeRenewalPrice({ unitPrice: before, currency: d.currency }, next),
      ...(addonWords.get(d.id) ?? []),
    ];
    return {
      id: d.id,
      p: next.unitPrice.toString(),
      c: next.unitCost.toString(),
      u: next.protectedUntil,
      w: ` ${words.join("; ")}`,
      ch: {
        unitPrice: { from: d.unit_price, to: next.unitPrice.toString() },
        priceReason: next.reason,
        priceProtectedUntil: next.protectedUntil,
      },
    };
  });

  const now = deps.clock.now().toISOString();
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`
    with v as (
      select * from jsonb_to_recordset(${JSON.stringify(subValues)}::jsonb) as v(id text, p bigint, c bigint, u date, w text, ch jsonb)
    ), renewed as (
      update subscriptions s set
        term_index = s.term_index + 1,
        term_start_date = (s.term_anchor_date + make_interval(months => (s.term_index + 1) * ${TERM_MONTHS}))::date,
        term_end_date = (s.term_anchor_date + make_interval(months => (s.term_index + 2) * ${TERM_MONTHS}))::date - 1,
        window_start_date = (s.term_anchor_date + make_interval(months => (s.term_index + 1) * ${TERM_MONTHS}))::date,
        unit_price = v.p,
        unit_cost = v.c,
        price_protected_until = v.u,
        version = s.version + 1,
        updated_at = ${now}::timestamptz
      from v where s.tenant_id = ${tenantId} and s.id = v.id
      returning s.id, s.tenant_id, s.term_start_date, s.term_end_date, s.term_index
    )
    insert into subscription_history (id, tenant_id, subscription_id, at, action, channel, actor_user_id,
      actor_kind, effective_date, summary, changes)
    select 'his_ren' || substr(md5(r.id || ':' || r.term_index), 1, 21), r.tenant_id, r.id,
      ${now}::timestamptz, 'renewed', 'bss', null, 'system', r.term_start_date,
      'Renewed automatically: new term ' || r.term_start_date || ' – ' || r.term_end_date || v.w,
      jsonb_build_object('termStartDate', r.term_start_date, 'termEndDate', r.term_end_date, 'termIndex', r.term_index) || v.ch
    from renewed r join v on v.id = r.id
    returning subscription_id as id`,
  );
  if (addonValues.length > 0)
    await tx.execute(sql`
      update subscription_addons a set unit_price = v.p, unit_cost = v.c, price_protected_until = v.u,
        updated_at = ${now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(addonValues)}::jsonb) as v(id text, p bigint, c bigint, u date)
      where a.tenant_id = ${tenantId} and a.id = v.id`);
  await repriceAtRenewal(tx, tenantId, billing, deps.clock.now());
  return rows.map((r) => r.id);
}
