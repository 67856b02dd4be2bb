import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { requireBss, requireStorefront } from "../../http/auth.ts";
import { AddAddonInput, addAddon } from "./add-addon.ts";
import { CancelAddonInput, cancelAddon } from "./cancel-addon.ts";
import { DowngradeInput, downgradeSubscription, revokeDowngrade } from "./downgrade-subscription.ts";
import { listUpgradeOptions } from "./list-upgrade-options.ts";
import {
  AddonOutcomeJson,
  addonOutcomeJson,
  DowngradeOutcomeJson,
  downgradeOutcomeJson,
  UpgradeOptionsJson,
  UpgradeOutcomeJson,
  upgradeOptionsJson,
  upgradeOutcomeJson,
} from "./plan-changes.json.ts";
import { cancelAddonOrRequest } from "./submit-cancellation-request.ts";
import { CommandHeaders, CommandQuery, etagOf, preconditionOf } from "./subscription-versions.ts";
import type { CommandOutcome } from "./subscriptions.guards.ts";
import { type Area, CommandOutcomeJson, outcomeJson } from "./subscriptions.json.ts";
import type { CommandContext } from "./subscriptions.types.ts";
import { UpgradeInput, upgradeSubscription } from "./upgrade-subscription.ts";

const IdParams = z.strictObject({ id: z.string().min(1) });
const AddonParams = IdParams.extend({ addonId: z.string().min(1) });
const OptionsQuery = z.strictObject({
  /**
   * Evaluate an upgrade of this many licences: fewer than now a partial upgrade (R-UPG-05), more a
   * full upgrade that raises the quantity (R-SGN-06); omitted = all.
   */
  quantity: z.coerce.number().int().min(1).max(1_000_000).optional(),
});

/**
 * Plan changes in both areas: upgrade (full or partial) with its options pop-up, add-on add and
 * cancel; downgrade and its revocation only in the BSS (R-DWN-01, D1: the Storefront has none).
 * BSS viewers read, clerks act; Storefront users act on their subtree (anything else is 404).
 * Commands answer 200 with the outcome (preview or commit); a refused commit is 422 with the
 * rule ID as code and every violation in details. The channel is the route's area (D1–D3).
 */
export function registerPlanChangeRoutes(app: App, deps: Deps): void {
  for (const area of ["bss", "storefront"] as const) {
    const base = `/api/${area}/subscriptions/:id`;
    const tags = [area === "bss" ? "bss: subscriptions" : "storefront: subscriptions"];
    const ctx = (request: FastifyRequest, write: boolean): CommandContext => ({
      actor: area === "bss" ? requireBss(request, write ? "clerk" : "viewer") : requireStorefront(request),
      channel: area,
    });
    /** A command's context: the clerk / Storefront user and the version it saw (If-Match, issue 12). */
    const command = (request: FastifyRequest, id: string): CommandContext => ({
      ...ctx(request, true),
      expectedVersion: preconditionOf(id, request),
    });

    app.get(
      `${base}/upgrade-options`,
      {
        schema: {
          tags,
          summary:
            "The upgrade pop-up: every product on the upgrade paths with its price, allowed or with the violations (R-UPG-01..06, R-SGN-06/07, R-TRL-01); ?quantity= evaluates that many licences (fewer: partial; more: a full upgrade raising the quantity)",
          params: IdParams,
          querystring: OptionsQuery,
          response: { 200: UpgradeOptionsJson },
        },
      },
      async (request) =>
        upgradeOptionsJson(
          await listUpgradeOptions(deps, ctx(request, false), {
            subscriptionId: request.params.id,
            quantity: request.query.quantity,
          }),
        ),
    );

    app.post(
      `${base}/upgrade`,
      {
        schema: {
          tags,
          summary:
            "Upgrade today, fully or partly (quantity below the current one = licences moved to a new subscription, R-UPG-05; above it = a full upgrade that raises the quantity, R-SGN-06) along the upgrade paths in the same term (R-UPG-01..04, R-SGN-06/07, R-TRL-01); ?dryRun=true previews",
          params: IdParams,
          querystring: CommandQuery,
          headers: CommandHeaders,
          body: UpgradeInput,
          response: { 200: UpgradeOutcomeJson },
        },
      },
      async (request, reply) =>
        upgradeOutcomeJson(
          withEtag(
            reply,
            await upgradeSubscription(
              deps,
              command(request, request.params.id),
              { ...request.body, subscriptionId: request.params.id },
              { dryRun: request.query.dryRun },
            ),
          ),
          area,
        ),
    );

    app.post(
      `${base}/addons`,
      {
        schema: {
          tags,
          summary:
            "Add an add-on (R-ORD-03, R-SGN-02/03/04, R-TRL-01; R-ORD-04: a held add-on is never changed); ?dryRun=true previews",
          params: IdParams,
          querystring: CommandQuery,
          headers: CommandHeaders,
          body: AddAddonInput,
          response: { 200: AddonOutcomeJson },
        },
      },
      async (request, reply) =>
        addonOutcomeJson(
          withEtag(
            reply,
            await addAddon(
              deps,
              command(request, request.params.id),
              { ...request.body, subscriptionId: request.params.id },
              { dryRun: request.query.dryRun },
            ),
          ),
          area,
        ),
    );

    app.post(
      `${base}/addons/:addonId/cancel`,
      {
        schema: {
          tags,
          summary:
            "Cancel an add-on whole within the change window, with free-text instructions (R-CAN-01, R-SGN-08, R-ORD-04); ?dryRun=true previews",
          params: AddonParams,
          querystring: CommandQuery,
          headers: CommandHeaders,
          body: CancelAddonInput,
          response: { 200: AddonOutcomeJson, 202: AddonOutcomeJson },
        },
      },
      async (request, reply) => {
        // R-CRQ-02: in the Storefront an add-on cancellation the product type does not execute
        // automatically becomes a cancellation request (202 with `cancellationRequest`).
        const result = await (area === "bss" ? cancelAddon : cancelAddonOrRequest)(
          deps,
          command(request, request.params.id),
          { ...request.body, subscriptionId: request.params.id, addonId: request.params.addonId },
          { dryRun: request.query.dryRun },
        );
        const requested = "cancellationRequest" in result && Boolean(result.cancellationRequest);
        if (requested && !result.preview) reply.status(202);
        return addonOutcomeJson(withEtag(reply, result), area);
      },
    );

    if (area === "bss") registerDowngradeRoutes(app, deps, base, tags, area);
  }
}

function registerDowngradeRoutes(app: App, deps: Deps, base: string, tags: string[], area: Area): void {
  app.post(
    `${base}/downgrade`,
    {
      schema: {
        tags,
        summary:
          "Downgrade to a lower plan or fewer features: immediate within 14 days of the order or renewal, otherwise scheduled for the next term (R-DWN-01, D1, D6); ?dryRun=true previews",
        params: IdParams,
        querystring: CommandQuery,
        headers: CommandHeaders,
        body: DowngradeInput,
        response: { 200: DowngradeOutcomeJson },
      },
    },
    async (request, reply) =>
      downgradeOutcomeJson(
        withEtag(
          reply,
          await downgradeSubscription(
            deps,
            {
              actor: requireBss(request, "clerk"),
              channel: area,
              expectedVersion: preconditionOf(request.params.id, request),
            },
            { ...request.body, subscriptionId: request.params.id },
            { dryRun: request.query.dryRun },
          ),
        ),
        area,
      ),
  );
  app.delete(
    `${base}/downgrade`,
    {
      schema: {
        tags,
        summary:
          "Revoke the scheduled downgrade (R-DWN-01); 404 when none is scheduled; ?dryRun=true previews",
        params: IdParams,
        querystring: CommandQuery,
        headers: CommandHeaders,
        response: { 200: CommandOutcomeJson },
      },
    },
    async (request, reply) =>
      outcomeJson(
        withEtag(
          reply,
          await revokeDowngrade(
            deps,
            {
              actor: requireBss(request, "clerk"),
              channel: area,
              expectedVersion: preconditionOf(request.params.id, request),
            },
            { subscriptionId: request.params.id },
            { dryRun: request.query.dryRun },
          ),
        ),
        area,
      ),
  );
}

/** A commit answers the subscription's new ETag (a preview changed nothing: none). */
function withEtag<T extends CommandOutcome>(reply: FastifyReply, outcome: T): T {
  if (!outcome.preview) reply.header("etag", etagOf(outcome.subscription.subscription.version));
  return outcome;
}
