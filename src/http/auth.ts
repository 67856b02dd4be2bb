import type { FastifyRequest } from "fastify";
import type { Deps } from "../deps.ts";
import type { Actor, BssActor, BssRole, StorefrontActor } from "../modules/tenancy/index.ts";
import { actorFromApiKey, actorFromSession, hasBssRole } from "../modules/tenancy/index.ts";
import { AppError } from "../shared/errors.ts";

export const SESSION_COOKIE = "openbss_session";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** Resolves the caller from a Bearer API key or the session cookie (once per request). */
export async function resolveActor(deps: Deps, request: FastifyRequest): Promise<Actor | null> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError("unauthenticated", "Authorization must be 'Bearer <api key>'");
    const actor = await actorFromApiKey(deps, match[1]!);
    if (!actor) throw new AppError("unauthenticated", "Unknown or revoked API key");
    return actor;
  }
  const token = request.cookies?.[SESSION_COOKIE];
  if (token) return (await actorFromSession(deps, token)) ?? null;
  return null;
}

/** The BSS area: tenant staff or an API key, with at least `role`. */
export function requireBss(request: FastifyRequest, role: BssRole = "viewer"): BssActor {
  const actor = request.actor;
  if (!actor) throw new AppError("unauthenticated", "Sign in to the BSS first");
  if (actor.kind !== "bss") throw new AppError("forbidden", "This endpoint is for BSS staff");
  if (!hasBssRole(actor, role)) throw new AppError("forbidden", `This needs the ${role} role or higher`);
  return actor;
}

/** The Storefront area: a user of an account (reseller, end customer or direct customer). */
export function requireStorefront(request: FastifyRequest): StorefrontActor {
  const actor = request.actor;
  if (!actor) throw new AppError("unauthenticated", "Sign in to the Storefront first");
  if (actor.kind !== "storefront") throw new AppError("forbidden", "This endpoint is for Storefront users");
  return actor;
}
