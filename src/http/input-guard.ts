import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../shared/errors.ts";
import { newId } from "../shared/ids.ts";
import type { App } from "./app.ts";
import { errorBody } from "./errors.ts";
import { ERROR_ANSWER_HEADERS } from "./security.ts";

/**
 * Input that no schema should have to think about (issue 12): refused for every route before
 * validation, so it never reaches a use case, the idempotency hash or PostgreSQL.
 *
 * - NUL (U+0000) anywhere — path, query, body string or object key: PostgreSQL's text and jsonb
 *   cannot hold it (it answered 500).
 * - Lone UTF-16 surrogates (`"x\ud800y"` in JSON): not Unicode text; the pg driver would store
 *   U+FFFD instead, silently changing what was sent, and jsonb refuses them. Refused, never repaired.
 * - JSON nested deeper than MAX_JSON_DEPTH: no request of this API needs more than a few levels,
 *   and recursive walkers (the idempotency body hash, zod) must never see unbounded depth.
 * - Malformed percent-encoding and over-long path parameters: Fastify's router answers those itself
 *   (`frameworkErrors`), now in the product's error shape.
 * Each refusal is a 400 naming where the bad input is.
 */
export const MAX_JSON_DEPTH = 32;

const NUL = "\u0000";

function describeBad(text: string): string | null {
  if (text.includes(NUL)) return "contains a NUL character (U+0000), which is not accepted";
  if (!(text as string & { isWellFormed(): boolean }).isWellFormed())
    return "contains a lone UTF-16 surrogate (not valid Unicode text)";
  return null;
}

function refuse(where: string, problem: string): never {
  // Shown escaped: a NUL or a lone surrogate must not reach the log or the JSON answer raw.
  const path = [...where]
    .map((ch) => {
      const code = ch.charCodeAt(0);
      const isControl = code < 0x20;
      const isLoneSurrogate = ch.length === 1 && code >= 0xd800 && code <= 0xdfff;
      return isControl || isLoneSurrogate ? `\\u${code.toString(16).padStart(4, "0")}` : ch;
    })
    .join("");
  throw new AppError("validation_failed", `Invalid request — ${path}: ${problem}`, {
    issues: [{ path, message: problem }],
  });
}

/** Walks parsed JSON without recursion (so depth itself cannot overflow the stack). */
export function checkValue(root: unknown, rootPath: string): void {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value: root, path: rootPath, depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === "string") {
      const bad = describeBad(value);
      if (bad) refuse(path, bad);
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth >= MAX_JSON_DEPTH) refuse(rootPath, `nested deeper than ${MAX_JSON_DEPTH} levels`);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++)
        stack.push({ value: value[i], path: `${path}.${i}`, depth: depth + 1 });
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      const bad = describeBad(key);
      if (bad) refuse(`${path}.${key}`, `field name ${bad}`);
      stack.push({ value: child, path: `${path}.${key}`, depth: depth + 1 });
    }
  }
}

/** The raw URL: `%00` and percent-sequences that do not decode to UTF-8 text are refused. */
export function checkUrl(url: string): void {
  const at = url.indexOf("?");
  const path = at < 0 ? url : url.slice(0, at);
  const query = at < 0 ? "" : url.slice(at + 1);
  checkUrlPart(path, "path");
  for (const pair of query.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = eq < 0 ? pair : pair.slice(0, eq);
    checkUrlPart(name, "query");
    checkUrlPart(eq < 0 ? "" : pair.slice(eq + 1), `query.${safeDecode(name) ?? "?"}`);
  }
}

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part.replaceAll("+", " "));
  } catch {
    return null;
  }
}

function checkUrlPart(part: string, where: string): void {
  const decoded = safeDecode(part);
  if (decoded === null) refuse(where, "malformed percent-encoding (not UTF-8 text)");
  const bad = describeBad(decoded);
  if (bad) refuse(where, bad);
}

export function registerInputGuard(app: App): void {
  app.addHook("onRequest", async (request) => {
    checkUrl(request.url);
  });
  app.addHook("preValidation", async (request) => {
    if (request.body !== undefined) checkValue(request.body, "body");
  });
}

/**
 * Fastify's router refuses a few URLs before any hook or error handler runs; answer them in
 * the product's error shape (Fastify's `frameworkErrors` option).
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const requestId = String(request.id);
  // No hook runs for these answers (helmet's included): the security headers are set here.
  reply.headers(ERROR_ANSWER_HEADERS).header("x-request-id", requestId);
  if (error.code === "FST_ERR_MAX_PARAM_LENGTH") {
    void reply
      .status(414)
      .send(errorBody("uri_too_long", "A path segment is too long (at most 200 characters)", requestId));
    return;
  }
  if (error.code === "FST_ERR_BAD_URL") {
    void reply
      .status(400)
      .send(errorBody("bad_request", "The path has malformed percent-encoding (not UTF-8 text)", requestId));
    return;
  }
  request.log.error({ err: error }, "router error");
  void reply.status(500).send(errorBody("internal", "Internal error", requestId));
}

/**
 * What Node's HTTP parser refuses before Fastify sees a request — headers (URL, cookies) over Node's
 * 16 KiB limit (431), a request that is not HTTP or is ambiguous (400), one that did not arrive in
 * time (408) — answered on the raw socket (Fastify's `clientErrorHandler`), in the product's error
 * shape instead of Fastify's `{ error, message, statusCode }`. No hook runs for these, so the
 * security headers are written here (ERROR_ANSWER_HEADERS: CSP, nosniff, no-store…).
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: NodeJS.ErrnoException,
  socket: Socket,
): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, message] =
    error.code === "ERR_HTTP_REQUEST_TIMEOUT"
      ? [408, "The request did not arrive in time"]
      : error.code === "HPE_HEADER_OVERFLOW"
        ? [431, "The request's headers are too large (the URL and cookies included)"]
        : [400, "Malformed HTTP request"];
  const requestId = newId("req");
  this.log.debug({ err: error, requestId }, "client error");
  const body = JSON.stringify(errorBody("bad_request", message, requestId));
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        "Content-Type: application/json; charset=utf-8\r\n" +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        Object.entries(ERROR_ANSWER_HEADERS)
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join("") +
        `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}
