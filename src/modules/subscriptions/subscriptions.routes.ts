import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss, requireStorefront } from "../../http/auth.ts";
import {
  ChargeJson,
  chargeJson,
  getInstallmentPlan,
  InstallmentPlanJson,
  installmentPlanJson,
  listSubscriptionCharges,
} from "../billing/index.ts";
import { CancelInput, cancelSubscription, StorefrontCancelInput } from "./cancel-subscription.ts";
import { ChangeQuantityInput, changeQuantity } from "./change-quantity.ts";
import { EditPricingInput, editPricing } from "./edit-pricing.ts";
import { EditSubscriptionInput, editSubscription } from "./edit-subscription.ts";
import { getSubscription } from "./get-subscription.ts";
import { HistoryQuery, listSubscriptionHistory } from "./list-subscription-history.ts";
import { ListSubscriptionsQuery, listSubscriptions } from "./list-subscriptions.ts";
import { ReactivateInput, reactivateSubscription } from "./reactivate-subscription.ts";
import {
  getRenewalAvailability,
  RenewalRequestInput,
  requestRenewalChange,
  revokeRenewalChange,
} from "./request-renewal-change.ts";
import { resumeSubscription } from "./resume-subscription.ts";
import { revokeCancellation } from "./revoke-cancellation.ts";
import { SetAutoRenewInput, setAutoRenew } from "./set-auto-renew.ts";
import { cancelOrRequest } from "./submit-cancellation-request.ts";
import { CommandHeaders, CommandQuery, etagOf, preconditionOf } from "./subscription-versions.ts";
import { todayFor } from "./subscriptions.core.ts";
import type { CommandOutcome } from "./subscriptions.guards.ts";
import {
  type Area,
  CommandOutcomeJson,
  detailsJson,
  HistoryJson,
  historyJson,
  listItemJson,
  outcomeJson,
  pageJson,
  SubscriptionDetailsJson,
  SubscriptionJson,
} from "./subscriptions.json.ts";
import type { CommandContext, CommandOptions } from "./subscriptions.types.ts";
import { SuspendInput, suspendSubscription } from "./suspend-subscription.ts";

const IdParams = z.strictObject({ id: z.string().min(1) });
/** Commands without required fields accept no body at all (null/absent) as well as `{}`. */
const EmptyBody = z.strictObject({}).nullish();

type Command<B> = (
  deps: Deps,
  ctx: CommandContext,
  input: { subscriptionId: string } & B,
  options: CommandOptions,
) => Promise<CommandOutcome>;

interface Action<B> {
  method: "POST" | "DELETE";
  path: string;
  summary: string;
  body?: z.ZodType;
  run: Command<B>;
}

/**
 * The subscription routes of both areas. BSS: viewers read, clerks act, on the whole tenant.
 * Storefront: any user of an account reads and acts on its subtree (a reseller: itself and its
 * customers; an end customer: itself), like the seeds' "I want to…" menu (R-DSH-06: buy licences,
 * cancel) plus Renew Automatically. Suspend, resume, re-activation, revoking a cancellation and
 * renewal requests are back-office actions: seed 003 lists them among the reseller's BSS actions,
 * seed 001 describes suspension without a Storefront step, and seed 004's Storefront menu has none
 * of them. The Storefront cancels Immediately or at the End of Billing Period only (seed 001's
 * cancel dialog); Specific Date is a BSS mode (seed 002).
 */
export function registerSubscriptionRoutes(app: App, deps: Deps): void {
  for (const area of ["bss", "storefront"] as const) registerReads(app, deps, area);

  const both = (area: Area) => [
    action<ChangeQuantityInput>({
      method: "POST",
      path: "quantity",
      summary:
        "Change the number of licences: more now (R-QTY-01), fewer at renewal per the product type (R-QTY-02, R-SGN-05); ?dryRun=true previews",
      body: ChangeQuantityInput,
      run: changeQuantity,
    }),
    action<CancelInput>({
      method: "POST",
      path: "cancel",
      summary:
        area === "bss"
          ? "Cancel fully or partly: Immediate, Specific Date or End of Billing Period (R-CAN-01/02/05); ?dryRun=true previews"
          : "Cancel fully or partly: Immediate or End of Billing Period (R-CAN-01/02/05); when the product type does not execute it automatically (R-CRQ-01) it becomes a cancellation request (R-CRQ-02, 202 with cancellationRequest); ?dryRun=true previews",
      body: (area === "bss" ? CancelInput : StorefrontCancelInput) as z.ZodType<CancelInput>,
      // R-CRQ-02: in the Storefront a cancellation the product type does not execute automatically
      // becomes a request (202 with `cancellationRequest`).
      run: area === "bss" ? cancelSubscription : cancelOrRequest,
    }),
    action<SetAutoRenewInput>({
      method: "POST",
      path: "auto-renew",
      summary: "Turn Renew Automatically on or off (R-REN-01; not for trials); ?dryRun=true previews",
      body: SetAutoRenewInput,
      run: setAutoRenew,
    }),
  ];
  const bssOnly = [
    action<object>({
      method: "POST",
      path: "cancellation/revoke",
      summary: "Revoke an End of Billing Period cancellation: Pending For Cancel → Active (R-CAN-02)",
      body: EmptyBody,
      run: revokeCancellation,
    }),
    action<SuspendInput>({
      method: "POST",
      path: "suspend",
      summary:
        "Suspend (Dropbox: start of a billing period or its first 14 days, R-SUS-01; never Sign, R-SGN-07)",
      body: SuspendInput.nullish(),
      run: suspendSubscription,
    }),
    action<object>({
      method: "POST",
      path: "resume",
      summary: "Resume a suspended subscription (any time, R-SUS-01)",
      body: EmptyBody,
      run: resumeSubscription,
    }),
    action<RenewalRequestInput>({
      method: "POST",
      path: "renewal-request",
      summary: "Request a new quantity for the next renewal (Manage Renewal, R-REN-02; one at a time)",
      body: RenewalRequestInput,
      run: requestRenewalChange,
    }),
    action<object>({
      method: "DELETE",
      path: "renewal-request",
      summary: "Revoke the pending renewal request (R-REN-02)",
      run: revokeRenewalChange,
    }),
    action<EditPricingInput>({
      method: "POST",
      path: "pricing",
      summary:
        "Edit Pricing Info: price list, unit price or discount, for the current billing cycle (re-billed) or from the next; ?dryRun=true previews",
      body: EditPricingInput,
      run: editPricing,
    }),
    action<EditSubscriptionInput>({
      method: "POST",
      path: "edit",
      summary:
        "Edit Subscription: name, responsible user, bill-to contact, subscription type, custom fields (on a tenant reseller's copy all but the name, R-TEN-05); ?dryRun=true previews",
      body: EditSubscriptionInput,
      run: editSubscription,
    }),
    action<ReactivateInput>({
      method: "POST",
      path: "reactivate",
      summary:
        "Re-activate an Inactive subscription with a new term from today (R-REN-01; never Canceled, R-CAN-04)",
      body: ReactivateInput.nullish(),
      run: reactivateSubscription,
    }),
  ];
  for (const a of both("bss")) registerAction(app, deps, "bss", a);
  for (const a of bssOnly) registerAction(app, deps, "bss", a);
  for (const a of both("storefront")) registerAction(app, deps, "storefront", a);
}

function action<B>(a: Action<B>): Action<unknown> {
  return a as unknown as Action<unknown>;
}

function tagsOf(area: Area) {
  return [area === "bss" ? "bss: subscriptions" : "storefront: subscriptions"];
}

/** The actor of a route: BSS viewers read and clerks act; any Storefront user of the subtree. */
function actorFor(request: FastifyRequest, area: Area, write: boolean) {
  return area === "bss" ? requireBss(request, write ? "clerk" : "viewer") : requireStorefront(request);
}

function registerReads(app: App, deps: Deps, area: Area): void {
  const tags = tagsOf(area);
  const base = `/api/${area}/subscriptions`;
  const who = area === "bss" ? "the tenant's" : "my (and, for a reseller, my customers')";
  app.get(
    base,
    {
      schema: {
        tags,
        summary: `List ${who} subscriptions (filters: status, productId, productTypeId, accountId, syncStatus, startFrom/startTo, q; sort; paging)`,
        querystring: ListSubscriptionsQuery,
        response: { 200: pageJson(SubscriptionJson) },
      },
    },
    async (request) => {
      const page = await listSubscriptions(deps, actorFor(request, area, false), request.query);
      return { ...page, items: page.items.map((i) => listItemJson(i, area)) };
    },
  );
  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary:
          'Get a subscription with its add-ons, scheduled changes, pending vendor operation and dates; ETag: "<version>" (send it back as If-Match with a command)',
        params: IdParams,
        response: { 200: SubscriptionDetailsJson },
      },
    },
    async (request, reply) => {
      const actor = actorFor(request, area, false);
      const details = await getSubscription(deps, actor, { subscriptionId: request.params.id });
      reply.header("etag", etagOf(details.subscription.version));
      if (area === "storefront") return detailsJson(details, area);
      // R-REN-02: Manage Renewal (a back-office action) with its reason when unavailable.
      const renewalRequest = await getRenewalAvailability(
        deps,
        { actor, channel: area },
        { subscriptionId: request.params.id },
      );
      return { ...detailsJson(details, area), availability: { renewalRequest } };
    },
  );
  app.get(
    `${base}/:id/history`,
    {
      schema: {
        tags,
        summary: "A subscription's history, oldest first (who, when, channel, what, effective date)",
        params: IdParams,
        querystring: HistoryQuery,
        response: { 200: pageJson(HistoryJson) },
      },
    },
    async (request) => {
      const page = await listSubscriptionHistory(deps, actorFor(request, area, false), {
        subscriptionId: request.params.id,
        ...request.query,
      });
      return { ...page, items: page.items.map(historyJson) };
    },
  );
  app.get(
    `${base}/:id/charges`,
    {
      schema: {
        tags,
        summary: "A subscription's billing lines (charges and credits) with their arithmetic and documents",
        params: IdParams,
        response: { 200: z.object({ items: z.array(ChargeJson) }) },
      },
    },
    async (request) => {
      const actor = actorFor(request, area, false);
      await getSubscription(deps, actor, { subscriptionId: request.params.id }); // scope: 404 outside it
      const rows = await listSubscriptionCharges(deps.db, actor.tenantId, request.params.id);
      return { items: rows.map(chargeJson) };
    },
  );
  app.get(
    `${base}/:id/installment-plan`,
    {
      schema: {
        tags,
        summary:
          "The installment plan summary of an AC1M subscription: installments, invoiced, excluded, remaining, next invoice date and amount (null for other terms)",
        params: IdParams,
        response: { 200: z.object({ plan: InstallmentPlanJson.nullable() }) },
      },
    },
    async (request) => {
      const actor = actorFor(request, area, false);
      await getSubscription(deps, actor, { subscriptionId: request.params.id }); // scope: 404 outside it
      const today = await todayFor(deps, deps.db, actor.tenantId);
      const plan = await getInstallmentPlan(deps.db, actor.tenantId, request.params.id, today);
      return { plan: plan && installmentPlanJson(plan) };
    },
  );
}

/**
 * One command route: 200 with the outcome (a preview, or the commit's result); 202 when a commit
 * waits for the vendor (R-CAN-05: poll the subscription for the answer); 422 with the rule ID as
 * code and every violation in details when a commit is refused; 412 when If-Match/expectedVersion
 * names a version the subscription no longer has (issue 12). A commit answers the new ETag.
 */
function registerAction(app: App, deps: Deps, area: Area, a: Action<unknown>): void {
  const schema = {
    tags: tagsOf(area),
    summary: a.summary,
    params: IdParams,
    querystring: CommandQuery,
    headers: CommandHeaders,
    ...(a.body ? { body: a.body } : {}),
    response: { 200: CommandOutcomeJson, 202: CommandOutcomeJson },
  };
  app.route({
    method: a.method,
    url: `/api/${area}/subscriptions/:id/${a.path}`,
    schema,
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const actor = actorFor(request, area, true);
      const params = request.params as z.infer<typeof IdParams>;
      const query = request.query as CommandQuery;
      const body = (request.body ?? {}) as object;
      const result = await a.run(
        deps,
        { actor, channel: area, expectedVersion: preconditionOf(params.id, request) },
        { ...body, subscriptionId: params.id },
        { dryRun: query.dryRun },
      );
      if (!result.preview) reply.header("etag", etagOf(result.subscription.subscription.version));
      const requested = "cancellationRequest" in result && Boolean(result.cancellationRequest);
      return reply
        .status((result.effect === "awaiting_vendor" || requested) && !result.preview ? 202 : 200)
        .send(outcomeJson(result, area));
    },
  });
}
