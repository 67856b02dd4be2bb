import { z } from "zod";
import { AppError, badRequest } from "../../shared/errors.ts";
import type { CommandContext, SubscriptionRow } from "./subscriptions.types.ts";

/**
 * No lost updates (hardening issue 12): every subscription command may name the version of the
 * subscription its caller saw — `If-Match: "<version>"` (the ETag of GET …/subscriptions/:id) and/or
 * `?expectedVersion=<version>`. The command checks it after it has row-locked the subscription
 * (loadForChange), so of two requests made from the same version at most one passes; the other
 * answers 412 `precondition_failed` with the current version and changes nothing. Without either
 * the command still runs serialised on the row lock, on the state it finds (backward compatible).
 * Each committed command advances the version by exactly one (`outcome` in subscriptions.guards.ts).
 */

/** The largest version the integer column holds. */
const MAX_VERSION = 2_147_483_647;
const VERSION = "(?:0|[1-9][0-9]{0,9})";
/** `*`, or one or more strong ETags of versions: `"7"` or `"7", "8"`. Weak tags (`W/"7"`) never match. */
const IF_MATCH = new RegExp(`^\\s*(?:\\*|"${VERSION}"(?:\\s*,\\s*"${VERSION}"){0,15})\\s*$`);

/** The ETag of a subscription at `version` (strong: it changes with every committed change). */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** Request headers of a command: If-Match is optional; every other header passes untouched. */
export const CommandHeaders = z.looseObject({
  "if-match": z
    .string()
    .max(200)
    .regex(IF_MATCH, 'must be the subscription\'s ETag as GET returned it, such as "7" (or * for any)')
    .optional()
    .describe(
      'The ETag of the subscription the caller saw (GET …/subscriptions/:id answers ETag: "<version>"); a subscription changed since answers 412. Integrators should always send it.',
    ),
});

/** `?expectedVersion=7`: the same precondition as If-Match, for clients that cannot set headers. */
export const ExpectedVersionParam = z
  .string()
  .regex(new RegExp(`^${VERSION}$`), "must be a version number such as 7")
  .transform(Number)
  .pipe(z.number().int().max(MAX_VERSION))
  .optional()
  .describe(
    "The subscription version the caller saw (as If-Match); a subscription changed since answers 412",
  );

/** The query of every command: `?dryRun=true` previews (DESIGN.md "Preview before commit"); `expectedVersion`. */
export const CommandQuery = z.strictObject({
  dryRun: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
  expectedVersion: ExpectedVersionParam,
});
export type CommandQuery = z.output<typeof CommandQuery>;

/** The versions If-Match accepts; undefined for none or `*` (any current version). */
export function parseIfMatch(value: string | undefined): number[] | undefined {
  if (value === undefined || value.trim() === "*") return undefined;
  return [...value.matchAll(/"([0-9]+)"/g)].map((m) => Number(m[1]));
}

/** The precondition of a command request on subscription `id` (headers and query as validated). */
export function preconditionOf(
  id: string,
  request: { headers: Record<string, unknown>; query: unknown },
): CommandContext["expectedVersion"] {
  const header = request.headers["if-match"];
  const query = request.query as CommandQuery;
  return expectedVersionOf(id, typeof header === "string" ? header : undefined, query.expectedVersion);
}

/**
 * The precondition of a command request: the versions the caller accepts, from If-Match and
 * `expectedVersion` together (both must hold, so they must share a version: 400 otherwise).
 */
export function expectedVersionOf(
  subscriptionId: string,
  ifMatch: string | undefined,
  expectedVersion: number | undefined,
): CommandContext["expectedVersion"] {
  const tags = parseIfMatch(ifMatch);
  if (tags === undefined && expectedVersion === undefined) return undefined;
  const versions =
    tags === undefined
      ? [expectedVersion as number]
      : expectedVersion === undefined
        ? tags
        : tags.filter((v) => v === expectedVersion);
  if (versions.length === 0)
    throw badRequest("If-Match and expectedVersion name different versions; send one of them", {
      issues: [
        { path: "querystring.expectedVersion", message: `is not among If-Match's versions (${ifMatch})` },
      ],
    });
  return { subscriptionId, versions };
}

/**
 * 412 unless the locked subscription is at a version the caller named. Runs after the scope check
 * (outside the caller's scope the subscription answers 404 first, so no version leaks).
 */
export function assertExpectedVersion(
  ctx: Pick<CommandContext, "expectedVersion">,
  sub: Pick<SubscriptionRow, "id" | "version">,
): void {
  const expected = ctx.expectedVersion;
  if (!expected || expected.subscriptionId !== sub.id || expected.versions.includes(sub.version)) return;
  throw new AppError(
    "precondition_failed",
    `Subscription ${sub.id} was changed since you read it (it is now at version ${sub.version}, you sent ${expected.versions.join(", ")}); nothing was changed. Reload it and decide again.`,
    {
      id: sub.id,
      currentVersion: sub.version,
      etag: etagOf(sub.version),
      expectedVersions: expected.versions,
    },
  );
}
