import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss } from "../../http/auth.ts";
import { transaction } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import { loadProvisioningSnapshot } from "../subscriptions/record-provisioning-result.ts";
import { findProvisioningState, listDrift, type ProvisioningStateRow } from "./provisioning.repo.ts";
import { retryProvisioning } from "./retry-provisioning.ts";
import { requestDriftCheck } from "./start-reconcile.ts";

const tags = ["bss: provisioning"];
const IdParams = z.strictObject({ id: z.string().min(1).max(100) });

const DriftItem = z.object({
  subscriptionId: z.string(),
  externalId: z.string().nullable(),
  differences: z.array(z.object({ field: z.string(), bss: z.unknown(), vendor: z.unknown() })),
  checkedAt: z.string().nullable(),
});

const driftJson = (r: ProvisioningStateRow): z.infer<typeof DriftItem> => ({
  subscriptionId: r.subscriptionId,
  externalId: r.externalId,
  differences: r.driftDifferences as z.infer<typeof DriftItem>["differences"],
  checkedAt: r.driftCheckedAt ? r.driftCheckedAt.toISOString() : null,
});

export function registerProvisioningRoutes(app: App, deps: Deps): void {
  app.post(
    "/api/bss/subscriptions/:id/provisioning/retry",
    {
      schema: {
        tags,
        summary: "Retry a failed provisioning (R-PRV-01): the subscription goes Pending and a job is queued",
        params: IdParams,
        response: { 202: z.object({ subscriptionId: z.string(), syncStatus: z.literal("pending") }) },
      },
    },
    async (request, reply) => {
      const actor = requireBss(request, "clerk");
      const out = await retryProvisioning(deps, actor, { subscriptionId: request.params.id });
      return reply.code(202).send(out);
    },
  );

  app.get(
    "/api/bss/subscriptions/:id/provisioning",
    {
      schema: {
        tags,
        summary:
          "A subscription's provisioning: sync status and reason, vendor id, last calls, last drift check",
        params: IdParams,
        response: {
          200: z.object({
            subscriptionId: z.string(),
            syncStatus: z.string(),
            syncError: z.string().nullable(),
            externalId: z.string().nullable(),
            lastAction: z.string().nullable(),
            lastCalls: z.array(z.string()),
            lastSyncedAt: z.string().nullable(),
            drift: z.enum(["in_sync", "drift"]).nullable(),
            differences: DriftItem.shape.differences,
            driftCheckedAt: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireBss(request, "viewer");
      const id = request.params.id;
      const snap = await transaction(deps.db, (tx) => loadProvisioningSnapshot(tx, actor.tenantId, id));
      if (!snap) throw notFound("Subscription", id);
      const state = await findProvisioningState(deps.db, actor.tenantId, id);
      const sub = snap.subscription;
      return {
        subscriptionId: id,
        syncStatus: sub.syncStatus,
        syncError: sub.syncError,
        externalId: sub.externalId,
        lastAction: state?.lastAction ?? null,
        lastCalls: state?.lastCalls ?? [],
        lastSyncedAt: state?.lastSyncedAt?.toISOString() ?? null,
        drift: (state?.driftStatus as "in_sync" | "drift" | null | undefined) ?? null,
        differences: (state?.driftDifferences ?? []) as z.infer<typeof DriftItem>["differences"],
        driftCheckedAt: state?.driftCheckedAt?.toISOString() ?? null,
      };
    },
  );

  app.get(
    "/api/bss/provisioning/drift",
    {
      schema: {
        tags,
        summary: "Subscriptions whose vendor object differs from the BSS at the last drift check",
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: {
          200: z.object({
            items: z.array(DriftItem),
            total: z.number().int(),
            limit: z.number().int(),
            offset: z.number().int(),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireBss(request, "viewer");
      const q = request.query;
      const { items, total } = await listDrift(deps.db, actor.tenantId, q);
      return { items: items.map(driftJson), total, limit: q.limit, offset: q.offset };
    },
  );

  app.post(
    "/api/bss/provisioning/drift/check",
    {
      schema: {
        tags,
        summary: "Check every synchronized subscription against the vendor now (a background job)",
        response: { 202: z.object({ jobId: z.string() }) },
      },
    },
    async (request, reply) => {
      const actor = requireBss(request, "admin");
      return reply.code(202).send(await requestDriftCheck(deps, actor.tenantId));
    },
  );
}
