import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss } from "../../http/auth.ts";
import { getBackOrdering, setBackOrdering } from "./activate-back-ordering.ts";
import { checkConsistency } from "./check-consistency.ts";
import { listDistributionEvents } from "./list-distribution-events.ts";

/** Tenant resellers' copies in the distributor's BSS (issue 6): back ordering, consistency, events. */
const Params = z.strictObject({ tenantId: z.string().min(1).max(100) });
const BackOrderingJson = z.object({
  tenantId: z.string(),
  tenantName: z.string(),
  backOrdering: z.boolean(),
  activatedAt: z.string().nullable(),
  responsibleUserId: z.string().nullable(),
  activation: z.record(z.string(), z.unknown()),
});
const DifferenceJson = z.object({
  kind: z.enum(["subscription", "customer"]),
  sourceId: z.string().nullable(),
  copyId: z.string().nullable(),
  field: z.string(),
  tenant: z.unknown(),
  distributor: z.unknown(),
});
const ReportJson = z.object({
  tenantId: z.string(),
  tenantName: z.string(),
  backOrdering: z.boolean(),
  checkedAt: z.string(),
  pendingEvents: z.number(),
  compared: z.object({ subscriptions: z.number(), customers: z.number() }),
  differences: z.array(DifferenceJson),
});
const EventJson = z.object({
  id: z.string(),
  kind: z.string(),
  sourceId: z.string(),
  copyId: z.string().nullable(),
  outcome: z.string(),
  summary: z.string(),
  appliedAt: z.string(),
});
const EventsQuery = z.strictObject({
  sourceId: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export function registerDistributionRoutes(app: App, deps: Deps): void {
  const tags = ["bss: tenant resellers"];
  const base = "/api/bss/tenant-resellers/:tenantId";
  app.get(
    `${base}/back-ordering`,
    {
      schema: {
        tags,
        summary: "Back ordering of a tenant reseller (copies of its subscriptions here)",
        params: Params,
        response: { 200: BackOrderingJson },
      },
    },
    async (request) => getBackOrdering(deps, requireBss(request, "viewer"), request.params.tenantId),
  );
  app.put(
    `${base}/back-ordering`,
    {
      schema: {
        tags,
        summary:
          "Turn on back ordering: copies the tenant's customers with paid subscriptions and queues a copy of each subscription. It cannot be turned off again (409). Also sets the responsible user of new copies.",
        params: Params,
        body: z.strictObject({
          enabled: z.boolean(),
          /** The responsible user of new copies (R-TEN-02, "Use of API Options"); null clears it. */
          responsibleUserId: z.string().min(1).max(100).nullable().optional(),
        }),
        response: { 200: BackOrderingJson },
      },
    },
    async (request) =>
      setBackOrdering(deps, requireBss(request, "admin"), {
        tenantId: request.params.tenantId,
        enabled: request.body.enabled,
        responsibleUserId: request.body.responsibleUserId,
      }),
  );
  app.get(
    `${base}/consistency`,
    {
      schema: {
        tags,
        summary: "Compare the tenant's books with the distributor's copies: every difference",
        params: Params,
        response: { 200: ReportJson },
      },
    },
    async (request) => checkConsistency(deps, requireBss(request, "viewer"), request.params.tenantId),
  );
  app.get(
    `${base}/events`,
    {
      schema: {
        tags,
        summary: "Events of the tenant's books applied to the copies, oldest first",
        params: Params,
        querystring: EventsQuery,
        response: {
          200: z.object({
            items: z.array(EventJson),
            total: z.number(),
            limit: z.number(),
            offset: z.number(),
          }),
        },
      },
    },
    async (request) =>
      listDistributionEvents(deps, requireBss(request, "viewer"), {
        tenantId: request.params.tenantId,
        ...request.query,
      }),
  );
}
