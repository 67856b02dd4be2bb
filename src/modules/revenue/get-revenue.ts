import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { forbidden } from "../../shared/errors.ts";
import { type DocumentsMonth, documentsPerMonth } from "../billing/index.ts";
import { findProductNames } from "../catalog/index.ts";
import {
  mrrMovements,
  type RecurringTop,
  type RecurringTotal,
  type RevenueDimension,
  type RevenueScope,
  recurringRevenue,
} from "../subscriptions/index.ts";
import {
  type Actor,
  findAccountNames,
  findTenantResellerNames,
  getTenant,
  visibleAccountIds,
} from "../tenancy/index.ts";

/**
 * Issue 16 "Revenue at a glance": composes the figures each module computes in the database —
 * subscriptions (MRR/ARR, movements, tops), billing (invoiced/credited per month) — and the
 * names from tenancy and catalog. BSS: the tenant. Storefront: a reseller's customers (its own
 * account excluded: what it buys itself is its spend, not its revenue); end customers are refused.
 */

export const RevenueQuery = z.strictObject({
  months: z.coerce.number().int().min(1).max(24).default(12),
  top: z.coerce.number().int().min(1).max(50).default(10),
});
export type RevenueQuery = z.infer<typeof RevenueQuery>;

export interface Ranked {
  id: string;
  name: string;
  currency: string;
  mrr: bigint;
  subscriptions: number;
}

export interface Revenue {
  asOf: string;
  months: string[];
  totals: RecurringTotal[];
  documents: DocumentsMonth[];
  movements: Array<{
    month: string;
    currency: string;
    newMrr: bigint;
    expansion: bigint;
    contraction: bigint;
    churned: bigint;
  }>;
  top: Partial<Record<"resellers" | "products" | "tenantResellers" | "customers", Ranked[]>>;
}

/** The first days of the `count` months ending with today's (oldest first), YYYY-MM-01. */
export function monthsUntil(today: string, count: number): string[] {
  const [y, m] = today.split("-").map(Number) as [number, number];
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const index = y * 12 + (m - 1) - i;
    out.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}-01`);
  }
  return out;
}

/** Every (month, currency) pair of `currencies`, the rows found filled in and the rest zero. */
export function fillMonths<T extends { month: string; currency: string }>(
  months: string[],
  currencies: string[],
  rows: T[],
  zero: (month: string, currency: string) => T,
): T[] {
  const found = new Map(rows.map((r) => [`${r.month}|${r.currency}`, r]));
  return currencies.flatMap((c) => months.map((m) => found.get(`${m}|${c}`) ?? zero(m, c)));
}

async function scopeOf(deps: Deps, actor: Actor): Promise<RevenueScope> {
  if (actor.kind === "bss") return { tenantId: actor.tenantId };
  if (actor.accountKind !== "reseller")
    throw forbidden("Revenue figures are for resellers: see your spend instead");
  const ids = await visibleAccountIds(deps.db, actor);
  return { tenantId: actor.tenantId, accountIds: ids.filter((id) => id !== actor.accountId) };
}

export async function getRevenue(deps: Deps, actor: Actor, query: RevenueQuery): Promise<Revenue> {
  const scope = await scopeOf(deps, actor);
  const tenant = await getTenant(deps.db, actor.tenantId);
  const asOf = deps.clock.today(tenant.timeZone).toString();
  const months = monthsUntil(asOf, query.months);
  const dimensions: RevenueDimension[] =
    actor.kind === "bss" ? ["reseller", "product", "tenant"] : ["account", "product"];
  // Three independent reads: on PostgreSQL at once, each on its own pooled connection; on PGlite
  // (one connection) in turn — queued behind each other they measured twice as slow.
  const recurringRead = () => recurringRevenue(deps.db, scope, dimensions, query.top);
  const documentsRead = () =>
    documentsPerMonth(deps.db, {
      tenantId: scope.tenantId,
      accountIds: scope.accountIds,
      fromMonth: months[0]!,
      toDate: asOf,
      basis: "net",
    });
  const movementsRead = () =>
    mrrMovements(deps.db, scope, {
      fromMonth: months[0]!,
      toMonth: months.at(-1)!,
      timeZone: tenant.timeZone,
    });
  const [recurring, documents, movements] =
    deps.dbKind === "postgres"
      ? await Promise.all([recurringRead(), documentsRead(), movementsRead()])
      : [await recurringRead(), await documentsRead(), await movementsRead()];
  const currencies = [
    ...new Set([...recurring.totals, ...documents, ...movements].map((r) => r.currency)),
  ].sort();
  const top = await namedTops(deps, actor.tenantId, dimensions, recurring.tops);
  return {
    asOf,
    months,
    totals: recurring.totals,
    documents: fillMonths(months, currencies, documents, (month, currency) => ({
      month,
      currency,
      invoiced: 0n,
      credited: 0n,
    })),
    movements: fillMonths(months, currencies, movements, (month, currency) => ({
      month,
      currency,
      newMrr: 0n,
      expansion: 0n,
      contraction: 0n,
      churned: 0n,
    })),
    top,
  };
}

const LIST: Record<RevenueDimension, keyof Revenue["top"]> = {
  reseller: "resellers",
  product: "products",
  tenant: "tenantResellers",
  account: "customers",
};

async function namedTops(
  deps: Deps,
  tenantId: string,
  dimensions: RevenueDimension[],
  tops: RecurringTop[],
): Promise<Revenue["top"]> {
  const ids = (d: RevenueDimension) => [...new Set(tops.filter((t) => t.dimension === d).map((t) => t.key))];
  const accountIds = [...ids("reseller"), ...ids("account")];
  const [accounts, products, tenants] = [
    await findAccountNames(deps.db, tenantId, accountIds),
    await findProductNames(deps.db, tenantId, ids("product")),
    await findTenantResellerNames(deps.db, tenantId, ids("tenant")),
  ];
  const nameOf = (t: RecurringTop) =>
    t.dimension === "product"
      ? products.get(t.key)?.name
      : t.dimension === "tenant"
        ? tenants.get(t.key)
        : accounts.get(t.key);
  const out: Revenue["top"] = Object.fromEntries(dimensions.map((d) => [LIST[d], []]));
  for (const t of tops) {
    const name = LIST[t.dimension];
    const list = out[name] ?? [];
    out[name] = list;
    list.push({
      id: t.key,
      name: nameOf(t) ?? t.key,
      currency: t.currency,
      mrr: t.mrr,
      subscriptions: t.subscriptions,
    });
  }
  return out;
}
