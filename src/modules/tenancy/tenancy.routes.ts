import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { App } from "../../http/app.ts";
import { SESSION_COOKIE } from "../../http/auth.ts";
import { AppError } from "../../shared/errors.ts";
import { registerAccountRoutes } from "./accounts.routes.ts";
import { registerAdminRoutes } from "./admin.routes.ts";
import { login, logout } from "./auth.ts";
import { registerStorefrontAccountRoutes } from "./storefront.routes.ts";
import type { Actor } from "./tenancy.types.ts";

const LoginBody = z.strictObject({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(200),
});

const ActorJson = z.object({
  kind: z.enum(["bss", "storefront"]),
  tenantId: z.string(),
  userId: z.string().nullable(),
  accountId: z.string().nullable(),
  role: z.string(),
  email: z.string().nullable(),
});

function actorJson(actor: Actor): z.infer<typeof ActorJson> {
  return {
    kind: actor.kind,
    tenantId: actor.tenantId,
    userId: actor.userId,
    accountId: actor.kind === "storefront" ? actor.accountId : null,
    role: actor.role,
    email: actor.email,
  };
}

/** Every tenancy route: sign-in for both areas, then the BSS and Storefront routes of the module. */
export function registerTenancyRoutes(app: App, deps: Deps): void {
  registerAdminRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerStorefrontAccountRoutes(app, deps);
  for (const area of ["bss", "storefront"] as const) {
    const tags = [area === "bss" ? "bss: auth" : "storefront: auth"];
    app.post(
      `/api/${area}/auth/login`,
      {
        schema: {
          tags,
          summary: `Sign in to the ${area === "bss" ? "BSS back office" : "Storefront"} (sets the session cookie)`,
          description:
            "Too many failed sign-ins for one email or from one address answer 429 rate_limited with Retry-After (seconds) until the window passes, the right password included.",
          body: LoginBody,
          response: { 200: z.object({ actor: ActorJson, expiresAt: z.string() }) },
        },
      },
      async (request, reply) => {
        // request.ip and request.protocol honour X-Forwarded-* only from TRUST_PROXY's proxies.
        const result = await login(deps, { ...request.body, area, address: request.ip });
        reply.setCookie(SESSION_COOKIE, result.token, {
          path: "/",
          httpOnly: true,
          sameSite: "lax",
          secure: deps.config.SECURE_COOKIES || request.protocol === "https",
          expires: result.expiresAt,
        });
        return { actor: actorJson(result.actor), expiresAt: result.expiresAt.toISOString() };
      },
    );
    app.post(
      `/api/${area}/auth/logout`,
      { schema: { tags, summary: "Sign out (ends the session)", response: { 204: z.null() } } },
      async (request, reply) => {
        const token = request.cookies[SESSION_COOKIE];
        if (token) await logout(deps, token);
        reply.clearCookie(SESSION_COOKIE, { path: "/" });
        return reply.status(204).send(null);
      },
    );
    app.get(
      `/api/${area}/auth/me`,
      { schema: { tags, summary: "Who am I", response: { 200: z.object({ actor: ActorJson }) } } },
      async (request) => {
        const actor = request.actor;
        if (!actor) throw new AppError("unauthenticated", "Not signed in");
        if (actor.kind !== area)
          throw new AppError("forbidden", `This session belongs to the ${actor.kind} area`);
        return { actor: actorJson(actor) };
      },
    );
  }
}
