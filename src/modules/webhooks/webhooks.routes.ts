import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss } from "../../http/auth.ts";
import { createEndpoint } from "./create-endpoint.ts";
import { deleteEndpoint } from "./delete-endpoint.ts";
import { getDelivery, listDeliveries } from "./list-deliveries.ts";
import { getEndpoint, listEndpoints } from "./list-endpoints.ts";
import { replayDelivery } from "./replay-delivery.ts";
import { rotateEndpointSecret } from "./rotate-endpoint-secret.ts";
import { updateEndpoint } from "./update-endpoint.ts";
import {
  DeliveryDetailJson,
  DeliveryJson,
  deliveryDetailJson,
  deliveryJson,
  EndpointJson,
  EndpointWithSecretJson,
  endpointJson,
} from "./webhooks.json.ts";
import { EVENT_TYPE_DESCRIPTIONS, WEBHOOK_EVENT_TYPES } from "./webhooks.rules.ts";
import {
  CreateEndpointInput,
  ListDeliveriesQuery,
  ListEndpointsQuery,
  UpdateEndpointInput,
} from "./webhooks.types.ts";

/**
 * Webhooks for integrators (issue 15.5). Integrations are an admin matter: admins create, change,
 * delete endpoints, rotate secrets and replay deliveries; viewers and clerks read endpoints and
 * the deliveries log (never a secret — it is shown once, in the create/rotate answer).
 */
const IdParams = z.strictObject({ id: z.string().min(1).max(100) });

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });

export function registerWebhookRoutes(app: App, deps: Deps): void {
  const tags = ["bss: webhooks"];

  app.get(
    "/api/bss/webhooks/event-types",
    {
      schema: {
        tags,
        summary: "The event types an endpoint can subscribe to",
        response: {
          200: z.object({ items: z.array(z.object({ type: z.string(), description: z.string() })) }),
        },
      },
    },
    async (request) => {
      requireBss(request, "viewer");
      return {
        items: WEBHOOK_EVENT_TYPES.map((type) => ({ type, description: EVENT_TYPE_DESCRIPTIONS[type] })),
      };
    },
  );

  app.get(
    "/api/bss/webhooks/endpoints",
    {
      schema: {
        tags,
        summary: "List the tenant's webhook endpoints, newest first (never their secrets)",
        querystring: ListEndpointsQuery,
        response: { 200: page(EndpointJson) },
      },
    },
    async (request) => {
      const result = await listEndpoints(deps, requireBss(request, "viewer"), request.query);
      return { ...result, items: result.items.map(endpointJson) };
    },
  );

  app.post(
    "/api/bss/webhooks/endpoints",
    {
      schema: {
        tags,
        summary: "Add a webhook endpoint (admin); the answer holds its signing secret, shown this once",
        body: CreateEndpointInput,
        response: { 201: EndpointWithSecretJson },
      },
    },
    async (request, reply) => {
      const { endpoint, secret } = await createEndpoint(deps, requireBss(request, "admin"), request.body);
      return reply.status(201).send({ ...endpointJson(endpoint), secret });
    },
  );

  app.get(
    "/api/bss/webhooks/endpoints/:id",
    {
      schema: {
        tags,
        summary: "One webhook endpoint (never its secret)",
        params: IdParams,
        response: { 200: EndpointJson },
      },
    },
    async (request) =>
      endpointJson(await getEndpoint(deps, requireBss(request, "viewer"), request.params.id)),
  );

  app.patch(
    "/api/bss/webhooks/endpoints/:id",
    {
      schema: {
        tags,
        summary: "Change an endpoint's URL, description, event types, or enable/disable it (admin)",
        params: IdParams,
        body: UpdateEndpointInput,
        response: { 200: EndpointJson },
      },
    },
    async (request) =>
      endpointJson(
        await updateEndpoint(deps, requireBss(request, "admin"), {
          endpointId: request.params.id,
          patch: request.body,
        }),
      ),
  );

  app.delete(
    "/api/bss/webhooks/endpoints/:id",
    {
      schema: {
        tags,
        summary: "Delete an endpoint and its deliveries log (admin)",
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteEndpoint(deps, requireBss(request, "admin"), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/api/bss/webhooks/endpoints/:id/rotate-secret",
    {
      schema: {
        tags,
        summary: "Replace the endpoint's signing secret (admin); the new secret is shown this once",
        params: IdParams,
        response: { 200: EndpointWithSecretJson },
      },
    },
    async (request) => {
      const { endpoint, secret } = await rotateEndpointSecret(
        deps,
        requireBss(request, "admin"),
        request.params.id,
      );
      return { ...endpointJson(endpoint), secret };
    },
  );

  app.get(
    "/api/bss/webhooks/endpoints/:id/deliveries",
    {
      schema: {
        tags,
        summary: "An endpoint's deliveries, newest first (filter by status, event type)",
        params: IdParams,
        querystring: ListDeliveriesQuery,
        response: { 200: page(DeliveryJson) },
      },
    },
    async (request) => {
      const result = await listDeliveries(
        deps,
        requireBss(request, "viewer"),
        request.params.id,
        request.query,
      );
      return { ...result, items: result.items.map(deliveryJson) };
    },
  );

  app.get(
    "/api/bss/webhooks/deliveries/:id",
    {
      schema: {
        tags,
        summary: "One delivery: the event's body and every attempt (status code, response, error, duration)",
        params: IdParams,
        response: { 200: DeliveryDetailJson },
      },
    },
    async (request) => {
      const { delivery, event, attempts } = await getDelivery(
        deps,
        requireBss(request, "viewer"),
        request.params.id,
      );
      return deliveryDetailJson(delivery, event, attempts);
    },
  );

  app.post(
    "/api/bss/webhooks/deliveries/:id/replay",
    {
      schema: {
        tags,
        summary: "Send the delivery's event again (same webhook-id) as a new delivery (admin)",
        params: IdParams,
        response: { 202: DeliveryJson },
      },
    },
    async (request, reply) => {
      const replay = await replayDelivery(deps, requireBss(request, "admin"), request.params.id);
      return reply.status(202).send(deliveryJson(replay));
    },
  );
}
