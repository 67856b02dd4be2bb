import { z } from "zod";
import type { Deps } from "../deps.ts";
import type { App } from "../http/app.ts";
import { requireBss } from "../http/auth.ts";
import { conflict, notFound } from "../shared/errors.ts";
import { findJob, type JobRow, listJobs, retryDeadJob } from "./jobs.repo.ts";
import { JOB_STATUSES } from "./jobs.types.ts";

/**
 * Operator views of the outbox: BSS admins see their tenant's jobs (jobs without a tenant are
 * system jobs and not listed), inspect one, and put a dead-lettered job back in line.
 */
const tags = ["bss: jobs"];

const JobSummary = z.object({
  id: z.string(),
  tenantId: z.string().nullable(),
  kind: z.string(),
  key: z.string(),
  queue: z.string().nullable(),
  status: z.enum(JOB_STATUSES),
  attempts: z.number().int(),
  maxAttempts: z
    .number()
    .int()
    .nullable()
    .describe("null until the first failure: the handler's default applies"),
  runAt: z.string().describe("earliest next start (database server time)"),
  lockedBy: z.string().nullable(),
  lockedUntil: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
const JobDetail = JobSummary.extend({ payload: z.unknown(), result: z.unknown() });

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function summaryJson(j: JobRow): z.infer<typeof JobSummary> {
  return {
    id: j.id,
    tenantId: j.tenantId,
    kind: j.kind,
    key: j.key,
    queue: j.queue,
    status: j.status as z.infer<typeof JobSummary>["status"],
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    runAt: j.runAt.toISOString(),
    lockedBy: j.lockedBy,
    lockedUntil: iso(j.lockedUntil),
    lastError: j.lastError,
    createdAt: j.createdAt.toISOString(),
    updatedAt: j.updatedAt.toISOString(),
    finishedAt: iso(j.finishedAt),
  };
}

const detailJson = (j: JobRow) => ({ ...summaryJson(j), payload: j.payload, result: j.result ?? null });

const ListQuery = z.strictObject({
  status: z.enum(JOB_STATUSES).optional(),
  kind: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  sort: z
    .enum(["createdAt", "-createdAt", "runAt", "-runAt", "updatedAt", "-updatedAt"])
    .default("-createdAt"),
});
const IdParams = z.strictObject({ id: z.string().min(1).max(100) });

export function registerJobsRoutes(app: App, deps: Deps): void {
  app.get(
    "/api/bss/jobs",
    {
      schema: {
        tags,
        summary: "List the tenant's background jobs (outbox), newest first",
        querystring: ListQuery,
        response: {
          200: z.object({
            items: z.array(JobSummary),
            total: z.number().int(),
            limit: z.number().int(),
            offset: z.number().int(),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireBss(request, "admin");
      const q = request.query;
      const { items, total } = await listJobs(deps.db, actor.tenantId, q);
      return { items: items.map(summaryJson), total, limit: q.limit, offset: q.offset };
    },
  );

  app.get(
    "/api/bss/jobs/:id",
    {
      schema: {
        tags,
        summary: "One background job with its payload, result and last error",
        params: IdParams,
        response: { 200: JobDetail },
      },
    },
    async (request) => {
      const actor = requireBss(request, "admin");
      const job = await findJob(deps.db, actor.tenantId, request.params.id);
      if (!job) throw notFound("Job", request.params.id);
      return detailJson(job);
    },
  );

  app.post(
    "/api/bss/jobs/:id/retry",
    {
      schema: {
        tags,
        summary: "Retry a dead-lettered job now, with a fresh attempt budget (409 unless it is dead)",
        params: IdParams,
        response: { 202: JobDetail },
      },
    },
    async (request, reply) => {
      const actor = requireBss(request, "admin");
      const { id } = request.params;
      const retried = await retryDeadJob(deps.db, actor.tenantId, id);
      if (retried) {
        request.log.info(
          { jobId: id, kind: retried.kind, by: actor.userId ?? actor.apiKeyId },
          "dead job retried",
        );
        return reply.status(202).send(detailJson(retried));
      }
      const job = await findJob(deps.db, actor.tenantId, id);
      if (!job) throw notFound("Job", id);
      throw conflict(`Job ${id} is ${job.status}; only a dead job can be retried`, { status: job.status });
    },
  );
}
