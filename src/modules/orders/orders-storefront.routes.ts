import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireStorefront } from "../../http/auth.ts";
import { addBasketLine } from "./add-basket-line.ts";
import { approveOrder } from "./approve-order.ts";
import { checkoutBasket } from "./checkout-basket.ts";
import { getBasket, precheckBasket } from "./get-basket.ts";
import { getOrder } from "./get-order.ts";
import { listOrders } from "./list-orders.ts";
import { BasketJson, OrderJson, OrderSummaryJson, PreviewJson, pageJson } from "./orders.json.ts";
import {
  CheckoutInput,
  DryRunQuery,
  LineInput,
  LinePatch,
  ListOrdersQuery,
  PrecheckInput,
  RejectInput,
} from "./orders.types.ts";
import { rejectOrder } from "./reject-order.ts";
import { removeBasketLine } from "./remove-basket-line.ts";
import { updateBasketLine } from "./update-basket-line.ts";

const IdParams = z.strictObject({ id: z.string().min(1) });
const LineParams = z.strictObject({ lineId: z.string().min(1) });

/**
 * Storefront ordering: the signed-in user's basket, its pre-check and checkout; orders of the
 * user's scope; a reseller's approval of its end customers' orders (R-ORD-09).
 */
export function registerStorefrontOrderRoutes(app: App, deps: Deps): void {
  const tags = ["storefront: orders"];

  app.get(
    "/api/storefront/basket",
    {
      schema: {
        tags,
        summary: "My basket, priced, with every pre-check violation",
        response: { 200: BasketJson },
      },
    },
    (request) => getBasket(deps, requireStorefront(request)),
  );

  app.post(
    "/api/storefront/basket/lines",
    {
      schema: {
        tags,
        summary: "Add a published product (with add-ons and service details) to my basket (R-CAT-07)",
        body: LineInput,
        response: { 201: BasketJson },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addBasketLine(deps, requireStorefront(request), request.body)),
  );

  app.patch(
    "/api/storefront/basket/lines/:lineId",
    {
      schema: {
        tags,
        summary: "Edit a basket line (quantity, billing plan, add-ons, service details)",
        params: LineParams,
        body: LinePatch,
        response: { 200: BasketJson },
      },
    },
    (request) => updateBasketLine(deps, requireStorefront(request), request.params.lineId, request.body),
  );

  app.delete(
    "/api/storefront/basket/lines/:lineId",
    {
      schema: { tags, summary: "Remove a basket line", params: LineParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await removeBasketLine(deps, requireStorefront(request), request.params.lineId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/storefront/basket/precheck",
    {
      schema: {
        tags,
        summary: "Pre-check my basket for a customer (R-ORD-11): every violation with its line and field",
        body: PrecheckInput.nullish(),
        response: { 200: BasketJson },
      },
    },
    (request) => precheckBasket(deps, requireStorefront(request), request.body ?? {}),
  );

  app.post(
    "/api/storefront/basket/checkout",
    {
      schema: {
        tags,
        summary: "Check out my basket (?dryRun=true previews the priced order and its violations)",
        querystring: DryRunQuery,
        body: CheckoutInput.nullish(),
        response: { 200: PreviewJson, 201: OrderJson },
      },
    },
    async (request, reply) => {
      const dryRun = request.query.dryRun;
      const result = await checkoutBasket(deps, requireStorefront(request), request.body ?? {}, { dryRun });
      if (result.preview)
        return reply.status(200).send({ preview: true, violations: result.violations, order: result.order });
      return reply.status(201).send(result.order);
    },
  );

  app.get(
    "/api/storefront/orders",
    {
      schema: {
        tags,
        summary:
          "Orders of my scope (a reseller: also its customers'; status=pending_reseller_approval: waiting for me)",
        querystring: ListOrdersQuery,
        response: { 200: pageJson(OrderSummaryJson) },
      },
    },
    (request) => listOrders(deps, requireStorefront(request), request.query),
  );

  app.get(
    "/api/storefront/orders/:id",
    {
      schema: {
        tags,
        summary: "An order of my scope (no amounts on orders my reseller placed for me, R-DSH-02)",
        params: IdParams,
        response: { 200: OrderJson },
      },
    },
    (request) => getOrder(deps, requireStorefront(request), request.params.id),
  );

  app.post(
    "/api/storefront/orders/:id/approve",
    {
      schema: {
        tags,
        summary: "Approve my customer's order (R-ORD-09); it is executed at once",
        params: IdParams,
        response: { 200: OrderJson },
      },
    },
    (request) => approveOrder(deps, requireStorefront(request), request.params.id),
  );

  app.post(
    "/api/storefront/orders/:id/reject",
    {
      schema: {
        tags,
        summary: "Reject my customer's order, with a reason (R-ORD-09)",
        params: IdParams,
        body: RejectInput,
        response: { 200: OrderJson },
      },
    },
    (request) => rejectOrder(deps, requireStorefront(request), request.params.id, request.body),
  );
}
