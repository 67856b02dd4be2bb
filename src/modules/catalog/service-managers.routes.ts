import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss } from "../../http/auth.ts";
import {
  IdParams,
  PageQuery,
  pageJson,
  RunJson,
  runJson,
  ServiceManagerJson,
  serviceManagerJson,
} from "./catalog.http.ts";
import { createServiceManagerInstance } from "./create-service-manager-instance.ts";
import { getServiceManager } from "./get-service-manager.ts";
import { getServiceManagerRun } from "./get-service-manager-run.ts";
import { listServiceManagerRuns } from "./list-service-manager-runs.ts";
import { listServiceManagers } from "./list-service-managers.ts";
import { requestServicesDefinition } from "./request-services-definition.ts";

/** Service managers of the tenant and their runs (Get Services Definition, R-CAT-01). Admins act. */
export function registerServiceManagerRoutes(app: App, deps: Deps): void {
  const tags = ["bss: service managers"];

  app.get(
    "/api/bss/service-managers",
    {
      schema: {
        tags,
        summary: "List the tenant's service managers with their last run",
        response: { 200: z.object({ items: z.array(ServiceManagerJson) }) },
      },
    },
    async (request) => ({
      items: (await listServiceManagers(deps, requireBss(request, "viewer"))).map(serviceManagerJson),
    }),
  );

  app.post(
    "/api/bss/service-managers",
    {
      schema: {
        tags,
        summary: "Add a vendor's service manager to the tenant (one per vendor)",
        body: z.strictObject({ vendor: z.string().trim().min(1).max(50) }),
        response: { 201: ServiceManagerJson },
      },
    },
    async (request, reply) => {
      const sm = await createServiceManagerInstance(deps, requireBss(request, "admin"), request.body);
      return reply.status(201).send(serviceManagerJson(sm));
    },
  );

  app.get(
    "/api/bss/service-managers/:id",
    {
      schema: {
        tags,
        summary: "Get a service manager",
        params: IdParams,
        response: { 200: ServiceManagerJson },
      },
    },
    async (request) =>
      serviceManagerJson(await getServiceManager(deps, requireBss(request, "viewer"), request.params.id)),
  );

  app.post(
    "/api/bss/service-managers/:id/get-services-definition",
    {
      schema: {
        tags,
        summary:
          "Run Get Services Definition in the background (202 with the run to poll; an active run is returned instead of a second)",
        params: IdParams,
        response: { 202: z.object({ run: RunJson }) },
      },
    },
    async (request, reply) => {
      const run = await requestServicesDefinition(deps, requireBss(request, "admin"), request.params.id);
      return reply.status(202).send({ run: runJson(run) });
    },
  );

  app.get(
    "/api/bss/service-managers/:id/runs",
    {
      schema: {
        tags,
        summary: "List a service manager's runs, newest first",
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageJson(RunJson) },
      },
    },
    async (request) => {
      const page = await listServiceManagerRuns(
        deps,
        requireBss(request, "viewer"),
        request.params.id,
        request.query,
      );
      return { ...page, items: page.items.map(runJson) };
    },
  );

  app.get(
    "/api/bss/service-manager-runs/:runId",
    {
      schema: {
        tags,
        summary: "Get a run: status, progress, log and summary",
        params: z.strictObject({ runId: z.string().min(1) }),
        response: { 200: RunJson },
      },
    },
    async (request) =>
      runJson(await getServiceManagerRun(deps, requireBss(request, "viewer"), request.params.runId)),
  );
}
