import { randomBytes } from "node:crypto";
import Fastify, { type FastifyInstance } from "fastify";
import type { Clock } from "../../shared/clock.ts";
import { type Db, transaction } from "../../shared/db.ts";
import { AuthFailure, authFailureBody, registerOAuth } from "./auth.ts";
import { type SandboxClock, sandboxClock } from "./clock.ts";
import { createHolds, type SandboxContext } from "./context.ts";
import { registerControlRoutes } from "./control.ts";
import { BadInput, RouteError, routeErrorBody } from "./errors.ts";
import { createFaults, type FaultConfigInput, type Faults } from "./faults.ts";
import { registerApiRoutes } from "./routes.ts";
import { ensureSandboxSchema, upsertReseller } from "./store.ts";
import { retentionMsOf } from "./teams.ts";

/**
 * The Dropbox vendor sandbox (spec/dropbox-vendor.md): its own fastify instance, its own clock,
 * its own tables in the `dropbox_sandbox` schema of whatever database it is given. The BSS
 * starts it in-process on port 0; `openbss sandbox dropbox` runs it alone.
 */
export interface DropboxSandboxOptions {
  db: Db;
  /** 0 (default) = a free port. */
  port?: number;
  host?: string;
  /** The base clock; the sandbox adds its own advanceable offset. Default: the system clock. */
  clock?: Clock;
  /** How long a cancelled team is retained before it is deleted (default 7 days). */
  retentionDays?: number;
  /** Access-token lifetime on the sandbox clock (default 4 h, like Dropbox's short-lived tokens). */
  tokenTtlSeconds?: number;
  clients?: { clientId: string; clientSecret: string }[];
  /** Resellers to seed at start (idempotent). */
  resellers?: { id: string; name?: string }[];
  faults?: FaultConfigInput;
  logger?: boolean;
}

export interface DropboxSandbox {
  url: string;
  port: number;
  clock: SandboxClock;
  faults: Faults;
  app: FastifyInstance;
  close(): Promise<void>;
}

export const DEFAULT_SANDBOX_CLIENT = { clientId: "openbss-sandbox", clientSecret: "openbss-sandbox-secret" };

export async function startDropboxSandbox(options: DropboxSandboxOptions): Promise<DropboxSandbox> {
  await ensureSandboxSchema(options.db);
  if (options.resellers?.length) {
    const resellers = options.resellers;
    await transaction(options.db, async (tx) => {
      for (const r of resellers) await upsertReseller(tx, r.id, r.name ?? r.id);
    });
  }
  const ctx: SandboxContext = {
    db: options.db,
    clock: sandboxClock(options.clock),
    faults: createFaults(options.faults),
    retentionMs: retentionMsOf(options.retentionDays ?? 7),
    tokenTtlSeconds: options.tokenTtlSeconds ?? 14_400,
    clients: new Map((options.clients ?? [DEFAULT_SANDBOX_CLIENT]).map((c) => [c.clientId, c.clientSecret])),
    holds: createHolds(),
  };
  const app = buildSandboxApp(ctx, options.logger ?? false);
  const host = options.host ?? "127.0.0.1";
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 0);
  const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return {
    url: `http://${shown.includes(":") ? `[${shown}]` : shown}:${port}`,
    port,
    clock: ctx.clock,
    faults: ctx.faults,
    app,
    async close() {
      ctx.holds.releaseAll(); // held (timeout) responses end now, not after their hold
      const closed = app.close();
      // A client that gave up on a held answer can leave its socket open for fastify's 72 s
      // keep-alive: once no handler runs any more, nothing is lost by cutting every connection.
      await ctx.holds.idle();
      app.server.closeAllConnections();
      await closed;
    },
  };
}

export function buildSandboxApp(ctx: SandboxContext, logger: boolean): FastifyInstance {
  const app = Fastify({
    logger,
    genReqId: () => randomBytes(16).toString("hex"),
  });
  // Behaviour: every response carries X-Dropbox-Request-Id (errors and 404s too).
  app.addHook("onRequest", async (request, reply) => {
    reply.header("X-Dropbox-Request-Id", request.id);
  });
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof RouteError) return reply.code(409).send(routeErrorBody(error));
    if (error instanceof AuthFailure) return reply.code(401).send(authFailureBody(error));
    const fn = request.url.replace(/^\/2\//, "").split("?")[0];
    const text = (message: string) =>
      reply
        .code(400)
        .type("text/plain; charset=utf-8")
        .send(`Error in call to API function "${fn}": ${message}`);
    if (error instanceof BadInput) return text(error.message);
    const status = (error as { statusCode?: number }).statusCode;
    // fastify's own refusals (malformed JSON, wrong content type…) are bad input too.
    if (status && status < 500) return text((error as Error).message);
    request.log.error(error);
    return reply.code(500).type("text/plain; charset=utf-8").send("Internal Server Error");
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type("text/plain; charset=utf-8")
      .send(`Unknown API function: ${request.method} ${request.url}`),
  );
  registerOAuth(app, ctx);
  registerApiRoutes(app, ctx);
  registerControlRoutes(app, ctx);
  return app;
}

export type { SandboxClock } from "./clock.ts";
export type { FaultConfig, FaultConfigInput, FaultKind } from "./faults.ts";
