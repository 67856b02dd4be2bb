import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../deps.ts";
import type { Actor } from "../modules/tenancy/index.ts";
import { queryOne, queryRows, sql } from "../shared/db.ts";
import { AppError } from "../shared/errors.ts";
import type { App } from "./app.ts";

/**
 * Idempotency-Key (issue 3): a client that retries a mutating request after a timeout must not
 * create the account, order or payment twice. The first request with a key claims it (an
 * `in_progress` row; the primary key (scope, key) lets exactly one of two concurrent requests
 * win); its response is stored when sent; a retry with the same key and the same request gets the
 * stored response (`Idempotent-Replayed: true`) without running the handler again.
 *
 * - Scope: the caller (user id or API key id), so two callers never see each other's keys.
 *   Unauthenticated requests (sign-in) have no scope and no idempotency.
 * - Same key, another method, path or body: 409 idempotency_conflict, never a silent replay.
 * - 4xx responses are stored (the replay repeats the refusal); a 5xx deletes the claim so the
 *   request can be retried. A response that is not JSON is not stored either.
 * - Keys live 24 hours by the database's now(); a caller's expired keys are deleted lazily when
 *   it next sends a key. A claim still `in_progress` after 5 minutes belongs to a request whose
 *   process died (requests hand long work to the outbox): the key becomes usable again.
 * - Stored: status and JSON body. Response headers (cookies, Location) are not replayed.
 */

declare module "fastify" {
  interface FastifyRequest {
    /** Set while this request holds an idempotency claim that onSend must settle. */
    idempotency: { scope: string; key: string } | null;
  }
}

export const IDEMPOTENCY_HEADER = "idempotency-key";
export const REPLAYED_HEADER = "idempotent-replayed";
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Visible ASCII (no spaces or control characters), as for other token-like headers. */
const VALID_KEY = /^[\x21-\x7e]{1,200}$/;

interface StoredKey {
  method: string;
  path: string;
  body_hash: string;
  status: "in_progress" | "completed";
  response_status: number | null;
  response_body: unknown;
}

export function registerIdempotency(app: App, deps: Deps): void {
  app.decorateRequest("idempotency", null);
  app.addHook("preHandler", (request, reply) => claimOrReplay(deps, request, reply));
  app.addHook("onSend", async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = null;
    try {
      await settle(deps, claim, reply, payload);
    } catch (err) {
      // The business change is done and the response is on its way: do not turn it into an error.
      // The claim stays in_progress and is released after 5 minutes.
      request.log.error({ err, idempotencyKey: claim.key }, "could not store the idempotent response");
    }
    return payload;
  });
}

function isApiPath(url: string): boolean {
  return /^\/api\/(bss|storefront)(\/|\?|$)/.test(url);
}

function scopeOf(actor: Actor): string | null {
  return actor.kind === "bss" ? (actor.userId ?? actor.apiKeyId) : actor.userId;
}

/** The path with its query, without a trailing slash (the router ignores it too). */
function requestPath(url: string): string {
  const at = url.indexOf("?");
  const path = (at < 0 ? url : url.slice(0, at)).replace(/(.)\/+$/, "$1");
  return at < 0 ? path : path + url.slice(at);
}

/** JSON with sorted keys: the same body sent with its fields in another order is the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function bodyHash(body: unknown): string {
  return createHash("sha256")
    .update(body === undefined ? "" : canonicalJson(body))
    .digest("hex");
}

async function claimOrReplay(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  if (!MUTATING.has(request.method) || !isApiPath(request.url)) return;
  const key = request.headers[IDEMPOTENCY_HEADER];
  if (key === undefined) return;
  if (typeof key !== "string" || !VALID_KEY.test(key))
    throw new AppError("bad_request", "Idempotency-Key must be 1–200 visible ASCII characters (no spaces)");
  const scope = request.actor ? scopeOf(request.actor) : null;
  if (!scope) return;

  const method = request.method;
  const path = requestPath(request.url);
  const hash = bodyHash(request.body);
  await queryRows(
    deps.db,
    sql`delete from idempotency_keys
        where scope = ${scope}
          and (created_at < now() - interval '24 hours'
               or (status = 'in_progress' and created_at < now() - interval '5 minutes'))`,
  );
  // Two rounds: the row we conflicted with may be deleted (a 5xx) before we can read it.
  for (let round = 0; round < 2; round++) {
    const claimed = await queryOne<{ key: string }>(
      deps.db,
      sql`insert into idempotency_keys (scope, key, method, path, body_hash, status)
          values (${scope}, ${key}, ${method}, ${path}, ${hash}, 'in_progress')
          on conflict do nothing
          returning key`,
    );
    if (claimed) {
      request.idempotency = { scope, key };
      return;
    }
    const stored = await queryOne<StoredKey>(
      deps.db,
      sql`select method, path, body_hash, status, response_status, response_body
          from idempotency_keys where scope = ${scope} and key = ${key}`,
    );
    if (!stored) continue;
    if (stored.method !== method || stored.path !== path || stored.body_hash !== hash)
      throw new AppError(
        "idempotency_conflict",
        "This Idempotency-Key was already used for a different request; use a new key",
      );
    if (stored.status === "in_progress")
      throw new AppError(
        "idempotency_conflict",
        "A request with this Idempotency-Key is still being processed",
      );
    reply.status(stored.response_status ?? 200).header(REPLAYED_HEADER, "true");
    if (stored.response_body === null || stored.response_body === undefined) reply.send();
    else reply.type("application/json; charset=utf-8").send(JSON.stringify(stored.response_body));
    return reply; // fastify: an async hook that answered returns the reply, so the handler is skipped
  }
  throw new AppError("idempotency_conflict", "A request with this Idempotency-Key is still being processed");
}

/** Stores the response of the claiming request, or releases the claim when it must not be replayed. */
async function settle(
  deps: Deps,
  claim: { scope: string; key: string },
  reply: FastifyReply,
  payload: unknown,
): Promise<void> {
  const body = storableBody(reply, payload);
  if (reply.statusCode >= 500 || body === undefined) {
    await queryRows(
      deps.db,
      sql`delete from idempotency_keys
          where scope = ${claim.scope} and key = ${claim.key} and status = 'in_progress'`,
    );
    return;
  }
  await queryRows(
    deps.db,
    sql`update idempotency_keys
        set status = 'completed', response_status = ${reply.statusCode}::int,
            response_body = ${body}::jsonb, completed_at = now()
        where scope = ${claim.scope} and key = ${claim.key} and status = 'in_progress'`,
  );
}

/** The JSON text to store, null for an empty body, undefined when the response cannot be replayed. */
function storableBody(reply: FastifyReply, payload: unknown): string | null | undefined {
  if (payload === null || payload === undefined || payload === "") return null;
  const type = String(reply.getHeader("content-type") ?? "");
  if (!type.includes("json")) return undefined;
  if (typeof payload === "string") return payload;
  if (Buffer.isBuffer(payload)) return payload.toString("utf8");
  return undefined; // a stream
}
