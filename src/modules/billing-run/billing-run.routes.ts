import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss } from "../../http/auth.ts";
import { BillingRunJson, getBillingRun, listBillingRuns, runJson } from "../billing/index.ts";
import { AdvanceClockInput, advanceClock, clockView } from "./advance-clock.ts";
import { BillingRunInput, requestBillingRun } from "./request-billing-run.ts";

/**
 * The billing run from the API (queued, executed by the worker, polled through its run record)
 * and, in sandbox mode, the manual clock: read it, advance it by days or months (each day runs
 * every tenant's billing and drains the jobs).
 */
const IdParams = z.strictObject({ id: z.string().min(1).max(100) });
const RunsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const ClockJson = z.object({ kind: z.string(), now: z.string(), today: z.string() });

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
        summary: "Billing runs of the tenant, newest first, with their progress and summary",
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
  app.get(
    "/api/bss/clock",
    {
      schema: {
        tags,
        summary: "The business clock: manual (sandbox) or system, and today",
        response: { 200: ClockJson },
      },
    },
    async (request) => {
      requireBss(request, "viewer");
      return clockView(deps);
    },
  );
  app.post(
    "/api/bss/clock/advance",
    {
      schema: {
        tags,
        summary:
          "Sandbox: advance the manual clock by days or months; every day passed runs each tenant's billing and drains the jobs",
        body: AdvanceClockInput,
        response: {
          200: ClockJson.extend({
            from: z.string(),
            days: z.number(),
            runs: z.number(),
            documentsCreated: z.number(),
            jobsRun: z.number(),
          }),
        },
      },
    },
    async (request) => {
      requireBss(request, "clerk");
      const result = await advanceClock(deps, request.body, options.drain ? { drain: options.drain } : {});
      return {
        ...clockView(deps),
        from: result.from,
        days: result.days,
        runs: result.runs.length,
        documentsCreated: result.runs.reduce((a, r) => a + r.documentsCreated, 0),
        jobsRun: result.jobsRun,
      };
    },
  );
}
