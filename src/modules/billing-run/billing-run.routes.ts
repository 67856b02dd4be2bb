import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss } from "../../http/auth.ts";
import { Paging, sortParam } from "../../shared/paging.ts";
import {
  BILLING_RUN_SORTS,
  BillingRunJson,
  getBillingRun,
  listBillingRuns,
  runJson,
} from "../billing/index.ts";
import { AdvanceClockInput, clockView } from "./advance-clock.ts";
import {
  type ClockAdvanceRunRow,
  cancelClockAdvance,
  getClockAdvanceRun,
  isClockAdvancing,
  isClockOperator,
  ListClockRunsInput,
  listClockAdvanceRuns,
  startClockAdvance,
  stopClockAdvance,
} from "./clock-advance-runs.ts";
import { BillingRunInput, requestBillingRun } from "./request-billing-run.ts";

/**
 * The billing run from the API (queued, executed by the worker, polled through its run record)
 * and, in sandbox mode, the manual clock: read it (BSS viewers), advance it by days or months
 * (the installation's operator only: each day runs every tenant's billing and drains the jobs),
 * in the background with a run record to poll.
 */
const IdParams = z.strictObject({ id: z.string().min(1).max(100) });
const RunsQuery = z.strictObject({ ...Paging, sort: sortParam(BILLING_RUN_SORTS) });
const ClockJson = z.object({
  kind: z.enum(["system", "manual"]),
  now: z.string(),
  today: z.string(),
  /** The caller may advance it: a manual clock and an administrator of the root distributor. */
  canAdvance: z.boolean(),
  /** An advance is queued or running. */
  advancing: z.boolean(),
});
const ClockRunJson = z.object({
  id: z.string(),
  status: z.enum(["queued", "running", "succeeded", "failed", "canceled"]),
  unit: z.enum(["days", "months"]),
  amount: z.number(),
  from: z.string(),
  to: z.string(),
  currentDay: z.string(),
  daysDone: z.number(),
  daysTotal: z.number(),
  runs: z.number(),
  documentsCreated: z.number(),
  jobsRun: z.number(),
  error: z.string().nullable(),
  cancelRequested: z.boolean(),
  requestedBy: z.object({
    tenantId: z.string(),
    userId: z.string().nullable(),
    apiKeyId: z.string().nullable(),
  }),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

function clockRunJson(r: ClockAdvanceRunRow): z.infer<typeof ClockRunJson> {
  return {
    id: r.id,
    status: r.status as z.infer<typeof ClockRunJson>["status"],
    unit: r.unit as "days" | "months",
    amount: r.amount,
    from: r.fromInstant.toISOString(),
    to: r.toInstant.toISOString(),
    currentDay: r.currentDay,
    daysDone: r.daysDone,
    daysTotal: r.daysTotal,
    runs: r.runs,
    documentsCreated: r.documentsCreated,
    jobsRun: r.jobsRun,
    error: r.error,
    cancelRequested: r.cancelRequested,
    requestedBy: {
      tenantId: r.requestedByTenantId,
      userId: r.requestedByUserId,
      apiKeyId: r.requestedByApiKeyId,
    },
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

export function registerBillingRunRoutes(
  app: App,
  deps: Deps,
  options: { drain?: () => Promise<number> } = {},
): void {
  const tags = ["bss: billing"];
  app.post(
    "/api/bss/billing/runs",
    {
      schema: {
        tags,
        summary:
          "Run billing for a date (default today): scheduled changes, renewals, Inactive at term end, trials, due periods and invoices. 202: poll the run",
        body: BillingRunInput.nullish(),
        response: { 202: BillingRunJson },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(runJson(await requestBillingRun(deps, requireBss(request, "clerk"), request.body))),
  );
  app.get(
    "/api/bss/billing/runs",
    {
      schema: {
        tags,
        summary: "Billing runs of the tenant, newest first (sort; page), with their progress and summary",
        querystring: RunsQuery,
        response: {
          200: z.object({
            items: z.array(BillingRunJson),
            total: z.number(),
            limit: z.number(),
            offset: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireBss(request, "viewer");
      const page = await listBillingRuns(deps.db, actor.tenantId, request.query);
      return { ...page, items: page.items.map(runJson) };
    },
  );
  app.get(
    "/api/bss/billing/runs/:id",
    {
      schema: {
        tags,
        summary: "One billing run: status, progress, counts, error",
        params: IdParams,
        response: { 200: BillingRunJson },
      },
    },
    async (request) =>
      runJson(await getBillingRun(deps.db, requireBss(request, "viewer").tenantId, request.params.id)),
  );
  const clockTags = ["bss: sandbox clock"];
  app.get(
    "/api/bss/clock",
    {
      schema: {
        tags: clockTags,
        summary:
          "The business clock: manual (sandbox) or system, today, and whether the caller may advance it",
        response: { 200: ClockJson },
      },
    },
    async (request) => {
      const actor = requireBss(request, "viewer");
      const canAdvance = deps.clock.kind === "manual" && (await isClockOperator(deps, actor, "admin"));
      return { ...clockView(deps), canAdvance, advancing: await isClockAdvancing(deps) };
    },
  );
  app.post(
    "/api/bss/clock/advance",
    {
      schema: {
        tags: clockTags,
        summary:
          "Sandbox, installation operator only (an admin of the root distributor): advance the manual clock by days (≤ 3660) or months (≤ 120) in the background; every day passed runs each tenant's billing and drains the jobs. 202: poll the run. 409 while another advance runs or with OPENBSS_CLOCK=system",
        body: AdvanceClockInput,
        response: { 202: ClockRunJson },
      },
    },
    async (request, reply) => {
      const actor = requireBss(request, "admin");
      const run = await startClockAdvance(
        deps,
        actor,
        request.body,
        options.drain ? { drain: options.drain } : {},
      );
      return reply.status(202).send(clockRunJson(run));
    },
  );
  app.get(
    "/api/bss/clock/runs",
    {
      schema: {
        tags: clockTags,
        summary: "Clock advances, newest first (the operator's staff)",
        querystring: ListClockRunsInput,
        response: {
          200: z.object({
            items: z.array(ClockRunJson),
            total: z.number(),
            limit: z.number(),
            offset: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const page = await listClockAdvanceRuns(deps, requireBss(request, "viewer"), request.query);
      return { ...page, items: page.items.map(clockRunJson) };
    },
  );
  app.get(
    "/api/bss/clock/runs/:id",
    {
      schema: {
        tags: clockTags,
        summary:
          "One clock advance: status, the day reached, days done of total, billing runs, documents, jobs, error",
        params: IdParams,
        response: { 200: ClockRunJson },
      },
    },
    async (request) =>
      clockRunJson(await getClockAdvanceRun(deps, requireBss(request, "viewer"), request.params.id)),
  );
  app.post(
    "/api/bss/clock/runs/:id/cancel",
    {
      schema: {
        tags: clockTags,
        summary:
          "Stop an advance after the day in progress (operator only). 202: poll the run until it is canceled",
        params: IdParams,
        body: z.strictObject({}).nullish(),
        response: { 202: ClockRunJson },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(clockRunJson(await cancelClockAdvance(deps, requireBss(request, "admin"), request.params.id))),
  );
  // Closing the server stops this process's advance after the day in progress and records it.
  app.addHook("onClose", async () => stopClockAdvance(deps));
}
