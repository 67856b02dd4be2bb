import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss, requireStorefront } from "../../http/auth.ts";
import {
  ApproveRequestInput,
  approveCancellationRequest,
  type DecisionOutcome,
} from "./approve-cancellation-request.ts";
import { CancellationRequestJson, cancellationRequestJson } from "./cancellation-requests.json.ts";
import {
  getCancellationRequest,
  ListRequestsQuery,
  listCancellationRequests,
  viewOf,
} from "./list-cancellation-requests.ts";
import { RejectRequestInput, rejectCancellationRequest } from "./reject-cancellation-request.ts";
import { CommandOutcomeJson, outcomeJson } from "./subscriptions.json.ts";
import { withdrawCancellationRequest } from "./withdraw-cancellation-request.ts";

const IdParams = z.strictObject({ id: z.string().min(1) });
const DryRunQuery = z.strictObject({
  dryRun: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
});
const DecisionJson = z.object({
  preview: z.boolean(),
  request: CancellationRequestJson,
  /** Approval: the ordinary cancellation's outcome (a preview with ?dryRun=true, credit lines included). */
  cancellation: CommandOutcomeJson.nullable(),
  /** The confirmation email queued (R-CRQ-03 *Send confirmation email*), else null. */
  messageId: z.string().nullable(),
});
const page = z.object({
  items: z.array(CancellationRequestJson),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
});

/**
 * Cancellation requests (R-CRQ-02/03, D13). BSS: viewers list and view, clerks approve and reject.
 * Storefront: users list and view their subtree's requests and withdraw a pending one; a reseller
 * approves or rejects its customers' requests (an end customer: 403; outside the subtree: 404).
 */
export function registerCancellationRequestRoutes(app: App, deps: Deps): void {
  for (const area of ["bss", "storefront"] as const) {
    const tags = [area === "bss" ? "bss: cancellation requests" : "storefront: cancellation requests"];
    const base = `/api/${area}/cancellation-requests`;
    const actor = (request: FastifyRequest, write: boolean) =>
      area === "bss" ? requireBss(request, write ? "clerk" : "viewer") : requireStorefront(request);
    const decisionJson = async (d: DecisionOutcome) => ({
      preview: d.preview,
      request: cancellationRequestJson(await viewOf(deps, d.request)),
      cancellation: d.cancellation ? outcomeJson(d.cancellation, area) : null,
      messageId: d.messageId,
    });

    app.get(
      base,
      {
        schema: {
          tags,
          summary:
            area === "bss"
              ? "List the tenant's cancellation requests, newest first (filters: status, accountId, subscriptionId; paging) — R-CRQ-02"
              : "List my (and, for a reseller, my customers') cancellation requests (filters: status, accountId, subscriptionId; paging)",
          querystring: ListRequestsQuery,
          response: { 200: page },
        },
      },
      async (request) => {
        const result = await listCancellationRequests(deps, actor(request, false), request.query);
        return { ...result, items: result.items.map(cancellationRequestJson) };
      },
    );

    app.get(
      `${base}/:id`,
      {
        schema: {
          tags,
          summary:
            "View Request: who submitted it and when, quantity, mode, instructions, and its decision (R-CRQ-02)",
          params: IdParams,
          response: { 200: CancellationRequestJson },
        },
      },
      async (request) =>
        cancellationRequestJson(await getCancellationRequest(deps, actor(request, false), request.params.id)),
    );

    app.post(
      `${base}/:id/approve`,
      {
        schema: {
          tags,
          summary:
            "Approve: runs the ordinary cancellation as requested (window judged on the submission day, an Immediate one effective today — D13), once only (409 after a decision); sendConfirmationEmail emails the customer; ?dryRun=true previews the cancellation — R-CRQ-03",
          params: IdParams,
          querystring: DryRunQuery,
          body: ApproveRequestInput.nullish(),
          response: { 200: DecisionJson },
        },
      },
      async (request) =>
        decisionJson(
          await approveCancellationRequest(
            deps,
            actor(request, true),
            { requestId: request.params.id, ...(request.body ?? {}) },
            { dryRun: request.query.dryRun },
          ),
        ),
    );

    app.post(
      `${base}/:id/reject`,
      {
        schema: {
          tags,
          summary:
            "Reject with a reason; the subscription stays as it is; once only (409 after a decision); sendConfirmationEmail emails the customer — R-CRQ-03",
          params: IdParams,
          body: RejectRequestInput,
          response: { 200: DecisionJson },
        },
      },
      async (request) =>
        decisionJson(
          await rejectCancellationRequest(deps, actor(request, true), {
            requestId: request.params.id,
            ...request.body,
          }),
        ),
    );

    if (area === "storefront")
      app.post(
        `${base}/:id/withdraw`,
        {
          schema: {
            tags,
            summary:
              "Withdraw a pending cancellation request (the subscription was never changed) — R-CRQ-02",
            params: IdParams,
            body: z.strictObject({}).nullish(),
            response: { 200: CancellationRequestJson },
          },
        },
        async (request) => {
          const row = await withdrawCancellationRequest(deps, actor(request, true), {
            requestId: request.params.id,
          });
          return cancellationRequestJson(await viewOf(deps, row));
        },
      );
  }
}
