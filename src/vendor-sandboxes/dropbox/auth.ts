import type { FastifyInstance, FastifyRequest } from "fastify";
import { transaction } from "../../shared/db.ts";
import { randomToken, type SandboxContext } from "./context.ts";
import { findToken, recordEvent, saveToken } from "./store.ts";

/**
 * OAuth 2 as Dropbox does it: `POST /oauth2/token` (form or JSON; client credentials in the body
 * or a Basic header) and Bearer tokens on every API call. Access tokens expire on the sandbox
 * clock, so advancing it expires them and exercises the client's refresh.
 */
export class AuthFailure extends Error {
  constructor(readonly tag: "invalid_access_token" | "expired_access_token") {
    super(tag);
  }
}

export async function authenticate(ctx: SandboxContext, request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization ?? "";
  const m = /^Bearer (\S+)$/i.exec(header);
  if (!m) throw new AuthFailure("invalid_access_token");
  const token = await findToken(ctx.db, m[1]!);
  if (token?.kind !== "access") throw new AuthFailure("invalid_access_token");
  if (token.expiresAt && token.expiresAt.getTime() <= ctx.clock.now().getTime())
    throw new AuthFailure("expired_access_token");
}

export function authFailureBody(e: AuthFailure) {
  return { error_summary: `${e.tag}/...`, error: { ".tag": e.tag } };
}

type TokenBody = Record<string, string | undefined>;

function clientOf(request: FastifyRequest, body: TokenBody): { id?: string; secret?: string } {
  const basic = /^Basic (\S+)$/i.exec(request.headers.authorization ?? "");
  if (basic) {
    const [id, secret] = Buffer.from(basic[1]!, "base64").toString("utf8").split(":");
    return { id, secret };
  }
  return { id: body.client_id, secret: body.client_secret };
}

export function registerOAuth(app: FastifyInstance, ctx: SandboxContext): void {
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.post("/oauth2/token", async (request, reply) => {
    const body = (request.body ?? {}) as TokenBody;
    const client = clientOf(request, body);
    if (!client.id || ctx.clients.get(client.id) !== client.secret)
      return reply
        .code(401)
        .send({ error: "invalid_client", error_description: "Invalid client credentials" });
    const now = ctx.clock.now();
    const access = {
      token: `sl.${randomToken()}`,
      kind: "access" as const,
      clientId: client.id,
      expiresAt: new Date(now.getTime() + ctx.tokenTtlSeconds * 1000),
    };
    const grant = body.grant_type;
    if (grant === "client_credentials") {
      const refresh = {
        token: randomToken(32),
        kind: "refresh" as const,
        clientId: client.id,
        expiresAt: null,
      };
      await transaction(ctx.db, async (tx) => {
        await saveToken(tx, access);
        await saveToken(tx, refresh);
        await recordEvent(tx, {
          route: "oauth2/token",
          teamId: null,
          requestId: request.id,
          detail: { grant },
          at: now,
        });
      });
      return tokenResponse(ctx, access.token, refresh.token);
    }
    if (grant === "refresh_token") {
      const refresh = body.refresh_token ? await findToken(ctx.db, body.refresh_token) : undefined;
      if (refresh?.kind !== "refresh" || refresh.clientId !== client.id)
        return reply
          .code(400)
          .send({ error: "invalid_grant", error_description: "refresh token is invalid" });
      await transaction(ctx.db, async (tx) => {
        await saveToken(tx, access);
        await recordEvent(tx, {
          route: "oauth2/token",
          teamId: null,
          requestId: request.id,
          detail: { grant },
          at: now,
        });
      });
      return tokenResponse(ctx, access.token);
    }
    return reply
      .code(400)
      .send({ error: "unsupported_grant_type", error_description: `grant_type: ${grant}` });
  });
}

function tokenResponse(ctx: SandboxContext, accessToken: string, refreshToken?: string) {
  return {
    access_token: accessToken,
    token_type: "bearer",
    expires_in: ctx.tokenTtlSeconds,
    ...(refreshToken && { refresh_token: refreshToken }),
  };
}
