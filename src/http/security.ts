import fastifyHelmet from "@fastify/helmet";
import type { FastifyRequest } from "fastify";
import type { Deps } from "../deps.ts";
import { AppError, isAppError } from "../shared/errors.ts";
import type { App } from "./app.ts";

/**
 * The browser-facing defences (ARCHITECTURE.md "Browser security"), registered by server.ts
 * before any route so every route — the API, the web app's files, Swagger UI, the 404 — gets them:
 * - security headers (helmet): a CSP the web app and Swagger UI pass, nosniff, no framing,
 *   Referrer-Policy same-origin; HSTS only on HTTPS requests;
 * - Cache-Control: no-store on API answers (they are per user);
 * - cross-origin refusal of state-changing requests that a browser could be tricked into sending;
 * - JSON-only bodies (no text/plain parser, so a cross-site form cannot post a body we accept);
 * - Retry-After on 429 rate_limited answers.
 */
const CSP_DIRECTIVES: Record<string, string[]> = {
  "default-src": ["'self'"],
  "base-uri": ["'self'"],
  "script-src": ["'self'"],
  "script-src-attr": ["'none'"],
  // Mantine (and Swagger UI) write <style> tags and style attributes at run time.
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:"],
  "font-src": ["'self'", "data:"],
  "connect-src": ["'self'"],
  "object-src": ["'none'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
};

/**
 * The headers of an error answered where no hook runs (the router's frameworkErrors, Node's
 * clientError): the same CSP, nosniff, framing and referrer policy helmet sets, and no-store.
 */
export const ERROR_ANSWER_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": Object.entries(CSP_DIRECTIVES)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join(";"),
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
  "cache-control": "no-store",
};

export async function registerSecurity(app: App, deps: Deps): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    xFrameOptions: { action: "deny" },
    referrerPolicy: { policy: "same-origin" },
    // Sent by hand below, only over HTTPS (on plain HTTP it means nothing and would mislead).
    strictTransportSecurity: false,
  });

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id); // also on a refusal below (server.ts sets it after us)
    if (request.protocol === "https") reply.header("strict-transport-security", "max-age=31536000");
    // Per-user answers must not be kept by browsers or shared caches; Swagger UI's files may be.
    if (request.url.startsWith("/api/") && !request.url.startsWith("/api/docs"))
      reply.header("cache-control", "no-store");
    assertSameOrigin(request, deps);
  });

  // Bodies are JSON only (415 otherwise): fastify's default text/plain parser would let a
  // cross-site <form enctype="text/plain"> post a body to a route that takes none.
  app.removeContentTypeParser("text/plain");

  app.addHook("onError", async (_request, reply, error) => {
    if (isAppError(error) && error.code === "rate_limited") {
      const seconds = error.details?.retryAfterSeconds;
      if (typeof seconds === "number") reply.header("retry-after", String(seconds));
    }
  });
}

/** Fastify's trustProxy from TRUST_PROXY (its types lack the hop count, proxy-addr's `hop < n`). */
export function trustProxyOption(
  config: Pick<Deps["config"], "TRUST_PROXY">,
): boolean | string | ((address: string, hop: number) => boolean) {
  const value = config.TRUST_PROXY;
  if (typeof value !== "number") return value;
  return (_address, hop) => hop < value;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery: the session cookie rides along on requests other sites make the
 * browser send (SameSite=Lax still sends it from same-site origins — another port, a sibling
 * subdomain). So a state-changing request must come from our own origin, as the browser reports
 * it: Sec-Fetch-Site (every current browser) must be same-origin or none (typed by the user);
 * without it, Origin (sent by browsers on every cross-origin POST) must be our host. A request
 * with neither is not from a browser (curl, scripts, API clients) and cannot be forged by a web
 * page. Bearer API keys are exempt: a page cannot attach an Authorization header cross-origin
 * (no CORS here), and the key, not a cookie, authenticates. This covers sign-in too (login CSRF).
 */
export function assertSameOrigin(request: FastifyRequest, deps: Pick<Deps, "config">): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (request.headers.authorization !== undefined) return;
  const site = header(request, "sec-fetch-site");
  if (site !== undefined) {
    if (site === "same-origin" || site === "none") return;
    throw crossOrigin(`Sec-Fetch-Site: ${site}`);
  }
  const origin = header(request, "origin");
  if (origin === undefined) return;
  if (isOwnOrigin(origin, request, deps.config.PUBLIC_URL)) return;
  throw crossOrigin(`Origin: ${origin}`);
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" ? value.trim().toLowerCase() : undefined;
}

/**
 * The Origin's host must be the one the request was sent to (request.host: the Host header, or
 * X-Forwarded-Host from a trusted proxy) or PUBLIC_URL's. Schemes are not compared: behind a TLS
 * proxy without TRUST_PROXY the request looks like http while the browser's Origin is https.
 */
function isOwnOrigin(origin: string, request: FastifyRequest, publicUrl: string): boolean {
  let host: string;
  try {
    host = new URL(origin).host; // "null" (sandboxed frames, privacy redirects) throws: refused
  } catch {
    return false;
  }
  if (withoutDefaultPort(host) === withoutDefaultPort(request.host.toLowerCase())) return true;
  try {
    return host === new URL(publicUrl).host;
  } catch {
    return false;
  }
}

function withoutDefaultPort(host: string): string {
  return host.replace(/:(80|443)$/, "");
}

function crossOrigin(seen: string): AppError {
  return new AppError("forbidden", "Cross-origin request refused: send it from this site's own pages", {
    reason: "cross_origin",
    seen,
  });
}
