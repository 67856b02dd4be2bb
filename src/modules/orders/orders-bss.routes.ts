import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss } from "../../http/auth.ts";
import { approveOrder } from "./approve-order.ts";
import { cancelOrder } from "./cancel-order.ts";
import { executeOrder } from "./execute-order.ts";
import { getOrder } from "./get-order.ts";
import { listOrders } from "./list-orders.ts";
import { OrderJson, OrderSummaryJson, PreviewJson, pageJson } from "./orders.json.ts";
import { BssOrderInput, CancelInput, DryRunQuery, ListOrdersQuery, RejectInput } from "./orders.types.ts";
import { placeBssOrder } from "./place-bss-order.ts";
import { rejectOrder } from "./reject-order.ts";

const IdParams = z.strictObject({ id: z.string().min(1) });

/** Back-office orders: viewers read; clerks place, execute, cancel, approve and reject. */
export function registerBssOrderRoutes(app: App, deps: Deps): void {
  const tags = ["bss: orders"];

  app.get(
    "/api/bss/orders",
    {
      schema: {
        tags,
        summary: "List orders (filter by status, customer, channel, order date; sort; page)",
        querystring: ListOrdersQuery,
        response: { 200: pageJson(OrderSummaryJson) },
      },
    },
    (request) => listOrders(deps, requireBss(request, "viewer"), request.query),
  );

  app.post(
    "/api/bss/orders",
    {
      schema: {
        tags,
        summary:
          "Place an order for a customer: pre-checked, submitted and executed at once (?dryRun=true previews)",
        querystring: DryRunQuery,
        body: BssOrderInput,
        response: { 200: PreviewJson, 201: OrderJson },
      },
    },
    async (request, reply) => {
      const dryRun = request.query.dryRun;
      const result = await placeBssOrder(deps, requireBss(request, "clerk"), request.body, { dryRun });
      if (result.preview)
        return reply.status(200).send({ preview: true, violations: result.violations, order: result.order });
      return reply.status(201).send(result.order);
    },
  );

  app.get(
    "/api/bss/orders/:id",
    {
      schema: {
        tags,
        summary: "Get an order with its lines, prices and status events",
        params: IdParams,
        response: { 200: OrderJson },
      },
    },
    (request) => getOrder(deps, requireBss(request, "viewer"), request.params.id),
  );

  app.post(
    "/api/bss/orders/:id/execute",
    {
      schema: {
        tags,
        summary: "Execute a submitted or in-progress order (creates its subscriptions, R-ORD-08)",
        params: IdParams,
        response: { 200: OrderJson },
      },
    },
    (request) => executeOrder(deps, requireBss(request, "clerk"), request.params.id),
  );

  app.post(
    "/api/bss/orders/:id/cancel",
    {
      schema: {
        tags,
        summary: "Cancel an order that is not executed yet",
        params: IdParams,
        body: CancelInput.nullish(),
        response: { 200: OrderJson },
      },
    },
    (request) => cancelOrder(deps, requireBss(request, "clerk"), request.params.id, request.body ?? {}),
  );

  app.post(
    "/api/bss/orders/:id/approve",
    {
      schema: {
        tags,
        summary: "Approve an order waiting for the reseller's approval (R-ORD-09); it is executed at once",
        params: IdParams,
        response: { 200: OrderJson },
      },
    },
    (request) => approveOrder(deps, requireBss(request, "clerk"), request.params.id),
  );

  app.post(
    "/api/bss/orders/:id/reject",
    {
      schema: {
        tags,
        summary: "Reject an order waiting for approval, with a reason (R-ORD-09)",
        params: IdParams,
        body: RejectInput,
        response: { 200: OrderJson },
      },
    },
    (request) => rejectOrder(deps, requireBss(request, "clerk"), request.params.id, request.body),
  );
}
