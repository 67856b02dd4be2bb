import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { LogController } from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Deps } from "../deps.ts";
import { drainJobs } from "../jobs/index.ts";
import { registerJobsRoutes } from "../jobs/jobs.routes.ts";
import { jobHandlers } from "../jobs/registry.ts";
import { registerBillingRoutes } from "../modules/billing/billing.routes.ts";
import { registerBillingRunRoutes } from "../modules/billing-run/billing-run.routes.ts";
import { registerCatalogRoutes } from "../modules/catalog/catalog.routes.ts";
import { registerDistributionRoutes } from "../modules/distribution/index.ts";
import { registerNotificationRoutes } from "../modules/notifications/notifications.routes.ts";
import { registerOrderRoutes } from "../modules/orders/orders.routes.ts";
import { registerStorefrontDashboardRoutes } from "../modules/orders/orders-dashboard.routes.ts";
import { registerProvisioningRoutes } from "../modules/provisioning/provisioning.routes.ts";
import { registerRevenueRoutes } from "../modules/revenue/index.ts";
import { registerCancellationRequestRoutes } from "../modules/subscriptions/cancellation-requests.routes.ts";
import { registerPlanChangeRoutes } from "../modules/subscriptions/plan-changes.routes.ts";
import { registerSubscriptionRoutes } from "../modules/subscriptions/subscriptions.routes.ts";
import { registerTenancyRoutes } from "../modules/tenancy/tenancy.routes.ts";
import { registerWebhookRoutes } from "../modules/webhooks/webhooks.routes.ts";
import { newId } from "../shared/ids.ts";
import type { App } from "./app.ts";
import { resolveActor } from "./auth.ts";
import { errorBody, handleError } from "./errors.ts";
import { registerIdempotency } from "./idempotency.ts";
import { clientErrorHandler, frameworkErrors, registerInputGuard } from "./input-guard.ts";
import { registerSecurity, trustProxyOption } from "./security.ts";
import { registerSystemRoutes } from "./system.routes.ts";

const WEB_DIST = fileURLToPath(new URL("../../web/dist", import.meta.url));
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** A content hash in the file name (vite's `name-<hash>.ext`): the file never changes. */
const PRECOMPRESSED = /\.(br|gz)$/i;
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.br|\.gz)?$/;

/**
 * Hashed assets are cached for a year and never revalidated; anything else (index.html, which
 * names the current hashes, and the SPA fallback that serves it) is revalidated on every load,
 * so a release is picked up at once (ARCHITECTURE.md "Web assets").
 */
export function webCacheControl(path: string): string {
  return HASHED_ASSET.test(path) ? "public, max-age=31536000, immutable" : "no-cache";
}

export interface ServerOptions {
  /** Serve the built web app from web/dist (off in API tests). */
  serveWeb?: boolean;
}

export async function buildServer(deps: Deps, options: ServerOptions = {}): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.log,
    bodyLimit: deps.config.BODY_LIMIT_BYTES,
    genReqId: (req) => {
      const incoming = req.headers["x-request-id"];
      return typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : newId("req");
    },
    // Per-request lines only at debug/trace; errors are always logged by the error handler.
    logController: new LogController({
      disableRequestLogging: deps.config.LOG_LEVEL !== "debug" && deps.config.LOG_LEVEL !== "trace",
    }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    frameworkErrors, // malformed percent-encoding, over-long path parameters: the product's error shape
    clientErrorHandler, // what Node's HTTP parser refuses (431, 400, 408): the product's error shape too
    trustProxy: trustProxyOption(deps.config),
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);

  await app.register(fastifyCookie);
  await registerSecurity(app, deps); // before every route: headers, CSRF, JSON-only bodies
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "openbss API",
        description:
          "Business support system for selling cloud services through a channel. " +
          "BSS back office under /api/bss (session cookie or Bearer API key), Storefront under /api/storefront. " +
          "Errors: { error: { code, message, details?, requestId } }; rule violations use the rule ID as code. " +
          "Mutating requests may carry an Idempotency-Key header (1–200 visible ASCII characters, kept 24 h per caller): a retry with the same key and body returns the first response with Idempotent-Replayed: true, the same key with another request answers 409 idempotency_conflict.",
        version: "0.1.0",
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "openbss_session" },
          apiKey: { type: "http", scheme: "bearer" },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  // No validator badge: it would load an image from a third party (the CSP refuses it anyway).
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs", uiConfig: { validatorUrl: null } });

  registerInputGuard(app); // NUL, lone surrogates, JSON depth: refused before anything reads them
  app.decorateRequest("actor", null);
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
    if (request.url.startsWith("/api/bss") || request.url.startsWith("/api/storefront")) {
      request.actor = await resolveActor(deps, request);
    }
  });
  registerIdempotency(app, deps); // after the actor is known: keys are scoped to the caller

  registerSystemRoutes(app, deps);
  registerTenancyRoutes(app, deps);
  registerCatalogRoutes(app, deps);
  registerOrderRoutes(app, deps);
  registerStorefrontDashboardRoutes(app, deps);
  registerSubscriptionRoutes(app, deps);
  registerPlanChangeRoutes(app, deps);
  registerCancellationRequestRoutes(app, deps);
  registerNotificationRoutes(app, deps);
  registerJobsRoutes(app, deps);
  registerProvisioningRoutes(app, deps);
  registerBillingRoutes(app, deps);
  registerRevenueRoutes(app, deps);
  registerDistributionRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  // The manual clock drains the outbox after each day it advances (DESIGN.md "Clock and sandbox mode").
  registerBillingRunRoutes(app, deps, {
    drain: () => drainJobs(deps, jobHandlers, { includeDelayed: true }),
  });

  const hasWeb = options.serveWeb !== false && existsSync(`${WEB_DIST}/index.html`);
  if (hasWeb) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    // preCompressed: the build wrote <file>.br and <file>.gz (web/vite.config.ts), sent when accepted.
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: "/",
      wildcard: true,
      index: false,
      preCompressed: true,
      // The .br/.gz siblings are only sent in place of their file (Content-Encoding), never as
      // themselves: a direct request for one is a 404 (issue 16 review).
      allowedPath: (pathName) => !PRECOMPRESSED.test(pathName),
      cacheControl: false, // set below, per file: send's header would overwrite setHeaders'
      setHeaders: (res, path) => {
        res.setHeader("cache-control", webCacheControl(path));
        res.setHeader("vary", "accept-encoding");
      },
    });
    app.get("/", { schema: { hide: true } }, (_req, reply) => reply.redirect("/bss"));
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    // A path with a file extension is a missing asset (404), anything else is an SPA route.
    // Everything under /assets/ is a built file: unknown ones are 404 too (issue 16 review).
    const isAsset = /\.[a-z0-9]+$/i.test(path) || path === "/assets" || path.startsWith("/assets/");
    if (hasWeb && request.method === "GET" && !path.startsWith("/api/") && !isAsset) {
      return reply.type("text/html").sendFile("index.html"); // the SPA routes /bss/* and /store/*
    }
    return reply
      .status(404)
      .send(errorBody("not_found", `No route ${request.method} ${path}`, String(request.id)));
  });
  return app;
}
