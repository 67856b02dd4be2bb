import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss, requireStorefront } from "../../http/auth.ts";
import { toMoneyJson } from "../../shared/money.ts";
import { getRevenue, type Ranked, type Revenue, RevenueQuery } from "./get-revenue.ts";
import { getSpend } from "./get-spend.ts";

/** Issue 16: revenue at a glance (BSS: the tenant; Storefront: a reseller's customers) and a customer's spend. */

const Money = z.object({ currency: z.string(), minor: z.string(), decimal: z.string() });
const RankedJson = z.object({
  id: z.string(),
  name: z.string(),
  mrr: Money,
  subscriptions: z.number().int(),
});
const RevenueJson = z.object({
  asOf: z.string(),
  months: z.array(z.string()),
  totals: z.array(
    z.object({ currency: z.string(), mrr: Money, arr: Money, subscriptions: z.number().int() }),
  ),
  documents: z.array(
    z.object({ month: z.string(), currency: z.string(), invoiced: Money, credited: Money, net: Money }),
  ),
  movements: z.array(
    z.object({
      month: z.string(),
      currency: z.string(),
      newMrr: Money,
      expansion: Money,
      contraction: Money,
      churned: Money,
      net: Money,
    }),
  ),
  top: z.object({
    resellers: z.array(RankedJson).optional(),
    products: z.array(RankedJson).optional(),
    tenantResellers: z.array(RankedJson).optional(),
    customers: z.array(RankedJson).optional(),
  }),
});
const SpendQuery = RevenueQuery.pick({ months: true });
const SpendJson = z.object({
  asOf: z.string(),
  months: z.array(z.string()),
  spend: z.array(
    z.object({ month: z.string(), currency: z.string(), invoiced: Money, credited: Money, spend: Money }),
  ),
});

const ranked = (r: Ranked) => ({
  id: r.id,
  name: r.name,
  mrr: toMoneyJson(r.mrr, r.currency),
  subscriptions: r.subscriptions,
});

export function revenueJson(r: Revenue): z.infer<typeof RevenueJson> {
  const top: z.infer<typeof RevenueJson>["top"] = {};
  for (const [k, list] of Object.entries(r.top)) top[k as keyof typeof top] = list.map(ranked);
  return {
    asOf: r.asOf,
    months: r.months,
    totals: r.totals.map((t) => ({
      currency: t.currency,
      mrr: toMoneyJson(t.mrr, t.currency),
      arr: toMoneyJson(t.arr, t.currency),
      subscriptions: t.subscriptions,
    })),
    documents: r.documents.map((d) => ({
      month: d.month,
      currency: d.currency,
      invoiced: toMoneyJson(d.invoiced, d.currency),
      credited: toMoneyJson(d.credited, d.currency),
      net: toMoneyJson(d.invoiced - d.credited, d.currency),
    })),
    movements: r.movements.map((m) => ({
      month: m.month,
      currency: m.currency,
      newMrr: toMoneyJson(m.newMrr, m.currency),
      expansion: toMoneyJson(m.expansion, m.currency),
      contraction: toMoneyJson(m.contraction, m.currency),
      churned: toMoneyJson(m.churned, m.currency),
      net: toMoneyJson(m.newMrr + m.expansion - m.contraction - m.churned, m.currency),
    })),
    top,
  };
}

export function registerRevenueRoutes(app: App, deps: Deps): void {
  app.get(
    "/api/bss/revenue",
    {
      schema: {
        tags: ["bss: revenue"],
        summary:
          "Revenue at a glance: MRR/ARR per currency, invoiced and credited per month, new/expansion/contraction/churned MRR per month, top resellers, products and tenant resellers by MRR",
        querystring: RevenueQuery,
        response: { 200: RevenueJson },
      },
    },
    async (request) => revenueJson(await getRevenue(deps, requireBss(request, "viewer"), request.query)),
  );
  app.get(
    "/api/storefront/revenue",
    {
      schema: {
        tags: ["storefront: revenue"],
        summary:
          "A reseller's revenue from its customers: MRR/ARR, invoiced and credited per month, MRR movements, top customers and products (403 for an end customer)",
        querystring: RevenueQuery,
        response: { 200: RevenueJson },
      },
    },
    async (request) => revenueJson(await getRevenue(deps, requireStorefront(request), request.query)),
  );
  app.get(
    "/api/storefront/spend",
    {
      schema: {
        tags: ["storefront: revenue"],
        summary: "The signed-in account's spend per month: issued invoices minus credit notes, tax included",
        querystring: SpendQuery,
        response: { 200: SpendJson },
      },
    },
    async (request) => {
      const s = await getSpend(deps, requireStorefront(request), request.query);
      return {
        asOf: s.asOf,
        months: s.months,
        spend: s.spend.map((m) => ({
          month: m.month,
          currency: m.currency,
          invoiced: toMoneyJson(m.invoiced, m.currency),
          credited: toMoneyJson(m.credited, m.currency),
          spend: toMoneyJson(m.invoiced - m.credited, m.currency),
        })),
      };
    },
  );
}
