import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { authenticate } from "./auth.ts";
import type { SandboxContext } from "./context.ts";
import { BadInput, RouteError } from "./errors.ts";
import type { FaultDecision } from "./faults.ts";
import { type Call, changeTeam, createTeam, getTeamInfo, listResellerTeams } from "./service.ts";
import { cancel, changePlan, setLicenses, suspend, teamJson, unsuspend } from "./teams.ts";

/** The reseller API: `POST /2/reseller/teams/<route>` with a JSON body (dropbox-vendor.md). */

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });
const TeamName = z
  .string()
  .min(1)
  .refine((s) => [...graphemes.segment(s)].length <= 20, "team_name is longer than 20 characters");
const Email = z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "admin_email is not an email address");
const Product = z.enum(["dropbox", "dropbox_sign"]);
const Licenses = z.number().int().positive().max(1_000_000);
const AddOns = z
  .array(z.strictObject({ sku: z.string().min(1), quantity: z.number().int().positive() }))
  .max(20);
const Ids = { reseller_id: z.string().min(1), team_id: z.string().min(1) };
const ValidateOnly = { validate_only: z.boolean().default(false) };

const Create = z.strictObject({
  reseller_id: z.string().min(1),
  product: Product,
  sku: z.string().min(1),
  licenses: Licenses,
  add_ons: AddOns.default([]),
  admin_email: Email,
  team_name: TeamName,
  country: z.string().regex(/^[A-Z]{2}$/, "country is not an ISO 3166 alpha-2 code"),
  trial: z.boolean().optional(),
  team_id: z.string().min(1).optional(),
  ...ValidateOnly,
});
const TeamRef = z.strictObject(Ids);
const TeamAction = z.strictObject({ ...Ids, ...ValidateOnly });
const List = z.strictObject({
  reseller_id: z.string().min(1),
  admin_email: z.string().min(1).optional(),
  product: Product.optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).optional(),
});
const ListContinue = z.strictObject({ reseller_id: z.string().min(1), cursor: z.string().min(1) });
const SetLicenses = z.strictObject({ ...Ids, licenses: Licenses, ...ValidateOnly });
const ChangePlan = z.strictObject({ ...Ids, sku: z.string().min(1), add_ons: AddOns, ...ValidateOnly });
const Cancel = z.strictObject({
  ...Ids,
  mode: z.enum(["immediate", "end_of_term", "revoke"]),
  ...ValidateOnly,
});

export function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  throw new BadInput(r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
}

interface Cursor {
  seq: number;
  email?: string;
  product?: z.infer<typeof Product>;
  limit: number;
}
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decodeCursor(text: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (typeof c.seq === "number" && typeof c.limit === "number") return c;
  } catch {
    // fall through
  }
  throw new BadInput("cursor: not a cursor returned by teams/list");
}

type Handler = (request: FastifyRequest, call: Omit<Call, "resellerId" | "validateOnly">) => Promise<unknown>;

/**
 * Every API route goes through the same pipeline: auth (401) → fault decision → latency →
 * faults that answer without doing anything (429, 5xx, dropped timeout) → the operation (400 /
 * 409 / result) → faults that lose an answer after the commit (commit-then-fail, held timeout).
 */
function apiRoute(
  app: FastifyInstance,
  ctx: SandboxContext,
  route: string,
  mutation: boolean,
  handler: Handler,
) {
  app.post(`/2/reseller/${route}`, (request, reply) => ctx.holds.track(() => pipeline(request, reply)));
  async function pipeline(request: FastifyRequest, reply: FastifyReply) {
    await authenticate(ctx, request);
    const fault = ctx.faults.decide(route, mutation);
    if (fault.latencyMs) await ctx.holds.hold(fault.latencyMs);
    if (answeredBefore(fault, reply)) return reply;
    // A scripted refusal: the vendor's 409, nothing applied (validate-only calls included).
    if (fault.refusal) throw new RouteError(fault.refusal.tag, fault.refusal.userMessage);
    if (fault.kind === "timeout" && !ctx.faults.config.timeoutApplies) {
      await ctx.holds.hold(ctx.faults.config.timeoutMs);
      return unavailable(reply);
    }
    const result = await handler(request, { route, requestId: request.id });
    if (fault.kind === "commit_then_fail") return unavailable(reply);
    if (fault.kind === "timeout") await ctx.holds.hold(ctx.faults.config.timeoutMs);
    return result;
  }
}

function answeredBefore(fault: FaultDecision, reply: FastifyReply): boolean {
  if (fault.kind === "rate_limit") {
    reply
      .code(429)
      .header("Retry-After", String(fault.retryAfterSeconds))
      .send({
        error_summary: "too_many_requests/...",
        error: { reason: { ".tag": "too_many_requests" }, retry_after: fault.retryAfterSeconds },
      });
    return true;
  }
  if (fault.kind === "transient_500") {
    reply.code(500).type("text/plain; charset=utf-8").send("Internal Server Error");
    return true;
  }
  if (fault.kind === "transient_503") {
    unavailable(reply);
    return true;
  }
  return false;
}

function unavailable(reply: FastifyReply) {
  return reply.code(503).type("text/plain; charset=utf-8").send("Service Unavailable");
}

export function registerApiRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  apiRoute(app, ctx, "teams/create", true, async (request, c) => {
    const b = parse(Create, request.body);
    const call = { ...c, resellerId: b.reseller_id, validateOnly: b.validate_only };
    const trialSku = b.sku.endsWith("-TRIAL");
    if (b.trial !== undefined && b.trial !== trialSku)
      throw new BadInput("trial: does not match the sku (trial SKUs end in -TRIAL)");
    const team = await createTeam(ctx, call, {
      resellerId: b.reseller_id,
      product: b.product,
      name: b.team_name,
      sku: b.sku,
      licenses: b.licenses,
      addOns: b.add_ons,
      adminEmail: b.admin_email,
      country: b.country,
      ...(b.team_id && { teamId: b.team_id }),
    });
    return teamJson(team);
  });

  apiRoute(app, ctx, "teams/get_info", false, async (request) => {
    const b = parse(TeamRef, request.body);
    return teamJson(await getTeamInfo(ctx, b.reseller_id, b.team_id));
  });

  const list = async (resellerId: string, cursor: Cursor | undefined, first?: z.infer<typeof List>) => {
    const filter = cursor ?? {
      seq: 0,
      email: first?.admin_email,
      product: first?.product,
      limit: first?.limit ?? 100,
    };
    const page = await listResellerTeams(ctx, {
      resellerId,
      limit: filter.limit,
      ...(filter.email !== undefined && { adminEmail: filter.email }),
      ...(filter.product !== undefined && { product: filter.product }),
      ...(filter.seq && { afterSeq: filter.seq }),
    });
    const next = page.lastSeq === undefined ? null : encodeCursor({ ...filter, seq: page.lastSeq });
    return { teams: page.teams.map(teamJson), cursor: next, has_more: page.hasMore };
  };
  apiRoute(app, ctx, "teams/list", false, async (request) => {
    const b = parse(List, request.body);
    return list(b.reseller_id, b.cursor ? decodeCursor(b.cursor) : undefined, b);
  });
  apiRoute(app, ctx, "teams/list/continue", false, async (request) => {
    const b = parse(ListContinue, request.body);
    return list(b.reseller_id, decodeCursor(b.cursor));
  });

  apiRoute(app, ctx, "teams/set_licenses", true, async (request, c) => {
    const b = parse(SetLicenses, request.body);
    const call = { ...c, resellerId: b.reseller_id, validateOnly: b.validate_only };
    return teamJson(await changeTeam(ctx, call, b.team_id, (t, now) => setLicenses(t, b.licenses, now)));
  });

  apiRoute(app, ctx, "teams/change_plan", true, async (request, c) => {
    const b = parse(ChangePlan, request.body);
    const call = { ...c, resellerId: b.reseller_id, validateOnly: b.validate_only };
    return teamJson(await changeTeam(ctx, call, b.team_id, (t, now) => changePlan(t, b.sku, b.add_ons, now)));
  });

  for (const [route, rule] of [
    ["teams/suspend", suspend],
    ["teams/unsuspend", unsuspend],
  ] as const) {
    apiRoute(app, ctx, route, true, async (request, c) => {
      const b = parse(TeamAction, request.body);
      const call = { ...c, resellerId: b.reseller_id, validateOnly: b.validate_only };
      return teamJson(await changeTeam(ctx, call, b.team_id, rule));
    });
  }

  apiRoute(app, ctx, "teams/cancel", true, async (request, c) => {
    const b = parse(Cancel, request.body);
    const call = { ...c, resellerId: b.reseller_id, validateOnly: b.validate_only };
    return teamJson(
      await changeTeam(ctx, call, b.team_id, (t, now) => cancel(t, b.mode, now, ctx.retentionMs)),
    );
  });
}
