import { PassThrough } from "node:stream";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireStorefront } from "../../http/auth.ts";
import { ListSubscriptionsQuery, subscriptionEtag } from "../subscriptions/index.ts";
import { writeSubscriptionsWorkbook } from "./export-subscriptions.ts";
import { getOrderableProduct } from "./orderable-product.ts";
import { MoneyJson, OrderSummaryJson, pageJson } from "./orders.json.ts";
import {
  allDashboardSubscriptions,
  basketInstallments,
  getDashboardSubscription,
  getDashboardSummary,
  listDashboardSubscriptions,
} from "./storefront-dashboard.ts";

/**
 * The Storefront's billing dashboard (seed 004, R-DSH-01..06) and the reads its order form needs.
 * Every route is scoped to the signed-in user's subtree: anything outside it answers 404.
 */

const IdParams = z.strictObject({ id: z.string().min(1) });
const ExportQuery = ListSubscriptionsQuery.omit({ limit: true, offset: true });

const DashboardAddonJson = z.object({
  id: z.string(),
  productId: z.string(),
  name: z.string(),
  quantity: z.number(),
  status: z.string(),
  published: z.boolean(),
  priceVisible: z.boolean(),
  unitPrice: MoneyJson.nullable(),
  total: MoneyJson.nullable(),
});

const ActionJson = z.object({
  offered: z.boolean(),
  available: z.boolean(),
  reason: z.object({ code: z.string(), message: z.string() }).nullable(),
});

const DashboardSubscriptionJson = z.object({
  id: z.string(),
  name: z.string(),
  productId: z.string(),
  accountId: z.string(),
  accountName: z.string().nullable(),
  quantity: z.number(),
  status: z.string(),
  /** R-TEN-02 / issue 13: "Starts on 2026-03-10" while it waits for its start date; else null. */
  statusReason: z.string().nullable(),
  syncStatus: z.string(),
  term: z.string(),
  billingPlan: z.string(),
  isTrial: z.boolean(),
  startDate: z.string(),
  termEndDate: z.string(),
  priceVisible: z.boolean(),
  published: z.boolean(),
  unitPrice: MoneyJson.nullable(),
  discountBasisPoints: z.number(),
  finalUnitPrice: MoneyJson.nullable(),
  total: MoneyJson.nullable(),
  addons: z.array(DashboardAddonJson),
  /** The subscription's version: send it as If-Match (`"<version>"`) with a command (issue 12). */
  version: z.number(),
});

const DashboardSubscriptionDetailsJson = DashboardSubscriptionJson.extend({
  chargesSummary: z.object({
    count: z.number(),
    invoiced: MoneyJson,
    credited: MoneyJson,
    notYetInvoiced: MoneyJson,
    net: MoneyJson,
  }),
  availableAddons: z.array(z.object({ id: z.string(), name: z.string() })),
  /**
   * R-DSH-06 (issue 16): each *I want to…* action — offered (false: the menu hides it), available
   * (false: shown disabled), and the rule and message the command would answer.
   */
  actions: z.object({
    buyLicences: ActionJson,
    upgrade: ActionJson.extend({ targets: z.number().int() }),
    cancelAddon: ActionJson,
    cancel: ActionJson,
  }),
});

const SummaryJson = z.object({
  recentOrders: z.array(OrderSummaryJson),
  ordersTotal: z.number(),
  subscriptions: z.number(),
  liveSubscriptions: z.number(),
  assets: z.number(),
});

const OrderableProductJson = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** What the product offers (issue 16). */
  features: z.array(z.string()),
  term: z.string(),
  isTrial: z.boolean(),
  minQuantity: z.number(),
  maxQuantity: z.number().nullable(),
  unitPrice: MoneyJson,
  billingPlans: z.array(z.string()),
  addons: z.array(z.object({ id: z.string(), sku: z.string(), name: z.string(), unitPrice: MoneyJson })),
  serviceDetails: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      kind: z.string(),
      required: z.boolean(),
      firstOrderOnly: z.boolean(),
    }),
  ),
});

const InstallmentsJson = z.object({
  lines: z.array(
    z.object({ lineId: z.string(), count: z.number(), amount: MoneyJson, last: MoneyJson, total: MoneyJson }),
  ),
});

/** Pulls the first item now (so its errors are thrown here), then yields it and the rest. */
async function primed<T>(source: AsyncGenerator<T>): Promise<AsyncIterable<T>> {
  const first = await source.next();
  return {
    async *[Symbol.asyncIterator]() {
      if (first.done) return;
      yield first.value;
      yield* { [Symbol.asyncIterator]: () => source };
    },
  };
}

export function registerStorefrontDashboardRoutes(app: App, deps: Deps): void {
  const tags = ["storefront: dashboard"];

  app.get(
    "/api/storefront/dashboard",
    {
      schema: {
        tags,
        summary:
          "Billing dashboard overview (R-DSH-01): recent orders, number of subscriptions and of assets",
        response: { 200: SummaryJson },
      },
    },
    (request) => getDashboardSummary(deps, requireStorefront(request)),
  );

  app.get(
    "/api/storefront/dashboard/subscriptions",
    {
      schema: {
        tags,
        summary:
          "Subscriptions list (R-DSH-03) with prices shown only where R-DSH-04 allows (null = shown as '-'); the filters of GET /api/storefront/subscriptions",
        querystring: ListSubscriptionsQuery,
        response: { 200: pageJson(DashboardSubscriptionJson) },
      },
    },
    (request) => listDashboardSubscriptions(deps, requireStorefront(request), request.query),
  );

  app.get(
    "/api/storefront/dashboard/subscriptions/export",
    {
      schema: {
        tags,
        summary:
          "Excel file (.xlsx) of the subscriptions list: the same filters and sort, every matching row (R-DSH-03)",
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const actor = requireStorefront(request);
      // The first page is read before the first byte (issue 12): a refused filter or a failing
      // query answers in the error shape instead of a dropped, half-sent download.
      const rows = await primed(allDashboardSubscriptions(deps, actor, request.query));
      const out = new PassThrough();
      reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", 'attachment; filename="subscriptions.xlsx"');
      writeSubscriptionsWorkbook(out, rows).catch((e) => {
        request.log.error(e, "subscriptions export failed");
        out.destroy(e as Error);
      });
      return reply.send(out);
    },
  );

  app.get(
    "/api/storefront/dashboard/subscriptions/:id",
    {
      schema: {
        tags,
        summary:
          'A subscription as the dashboard shows it (R-DSH-05): prices per R-DSH-04, charges summary, add-ons that can be added; ETag: "<version>" for the commands\' If-Match',
        params: IdParams,
        response: { 200: DashboardSubscriptionDetailsJson },
      },
    },
    async (request, reply) => {
      const view = await getDashboardSubscription(deps, requireStorefront(request), request.params.id);
      reply.header("etag", subscriptionEtag(view.version));
      return view;
    },
  );

  app.get(
    "/api/storefront/catalog/products/:id",
    {
      schema: {
        tags: ["storefront: catalog"],
        summary:
          "A published product for the order form: billing plans (R-ORD-05), minimum, published add-ons, service details (R-ORD-06)",
        params: IdParams,
        response: { 200: OrderableProductJson },
      },
    },
    (request) => getOrderableProduct(deps, requireStorefront(request), request.params.id),
  );

  app.get(
    "/api/storefront/basket/installments",
    {
      schema: {
        tags: ["storefront: orders"],
        summary: "The monthly installments of my basket's AC1M lines (12, the last absorbs the remainder)",
        response: { 200: InstallmentsJson },
      },
    },
    (request) => basketInstallments(deps, requireStorefront(request)),
  );
}
