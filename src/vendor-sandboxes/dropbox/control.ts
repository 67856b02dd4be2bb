import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { transaction } from "../../shared/db.ts";
import type { SandboxContext } from "./context.ts";
import { FaultConfig } from "./faults.ts";
import { parse } from "./routes.ts";
import { deleteOutsideChannel } from "./service.ts";
import { listResellers, listTeams, readEvents, readOutbox, resetSandbox, upsertReseller } from "./store.ts";
import { settle, teamJson } from "./teams.ts";

/**
 * Control routes under /__sandbox/ (behaviour 6): what a test or a demo does to the vendor that
 * a reseller cannot. No auth and no faults: the sandbox is a development tool; never expose it.
 */
const Reset = z.strictObject({ keep_resellers: z.boolean().default(false) });
const Seed = z.strictObject({
  resellers: z.array(z.strictObject({ id: z.string().min(1), name: z.string().min(1).optional() })).min(1),
});
const Advance = z.strictObject({
  days: z.number().min(0).optional(),
  hours: z.number().min(0).optional(),
  minutes: z.number().min(0).optional(),
  seconds: z.number().min(0).optional(),
});
const TeamQuery = z.strictObject({
  reseller_id: z.string().optional(),
  admin_email: z.string().optional(),
  product: z.enum(["dropbox", "dropbox_sign"]).optional(),
  status: z.enum(["active", "suspended", "cancelled", "deleted"]).optional(),
});

export function registerControlRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post("/__sandbox/reset", async (request) => {
    const b = parse(Reset, request.body);
    await resetSandbox(ctx.db, b.keep_resellers);
    ctx.clock.reset();
    ctx.faults.set({});
    return { ok: true };
  });

  app.post("/__sandbox/seed", async (request) => {
    const b = parse(Seed, request.body);
    await transaction(ctx.db, async (tx) => {
      for (const r of b.resellers) await upsertReseller(tx, r.id, r.name ?? r.id);
    });
    return { resellers: await listResellers(ctx.db) };
  });

  app.get("/__sandbox/clock", async () => ({
    now: ctx.clock.now().toISOString(),
    offset_ms: ctx.clock.offsetMs,
  }));
  app.post("/__sandbox/clock/advance", async (request) => {
    const b = parse(Advance, request.body);
    const now = ctx.clock.advance(b);
    return { now: now.toISOString(), offset_ms: ctx.clock.offsetMs };
  });

  app.get("/__sandbox/faults", async () => ctx.faults.config);
  app.put("/__sandbox/faults", async (request) => ctx.faults.set(parse(FaultConfig, request.body)));

  app.get("/__sandbox/outbox", async (request) => {
    const q = parse(z.strictObject({ to: z.string().optional() }), request.query);
    return { messages: await readOutbox(ctx.db, q.to) };
  });

  app.get("/__sandbox/events", async (request) => {
    const q = parse(z.strictObject({ team_id: z.string().optional() }), request.query);
    return { events: await readEvents(ctx.db, q.team_id) };
  });

  /** Every team as of the sandbox's now, deleted ones included (the vendor's own view). */
  app.get("/__sandbox/teams", async (request) => {
    const q = parse(TeamQuery, request.query);
    const now = ctx.clock.now();
    const teams = (
      await listTeams(ctx.db, {
        ...(q.reseller_id !== undefined && { resellerId: q.reseller_id }),
        ...(q.admin_email !== undefined && { adminEmail: q.admin_email }),
        ...(q.product !== undefined && { product: q.product }),
      })
    )
      .map((t) => settle(t, now, ctx.retentionMs))
      .filter((t) => !q.status || t.status === q.status);
    return { teams: teams.map((t) => ({ ...teamJson(t), deleted_reason: t.deletedReason })) };
  });

  app.delete<{ Params: { teamId: string } }>("/__sandbox/teams/:teamId", async (request, reply) => {
    const team = await deleteOutsideChannel(ctx, request.id, request.params.teamId);
    if (!team) return reply.code(404).type("text/plain; charset=utf-8").send("no such team");
    return { ...teamJson(team), deleted_reason: team.deletedReason };
  });
}
