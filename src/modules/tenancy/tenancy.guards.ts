import type { z } from "zod";
import { isUniqueViolation } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import {
  type Actor,
  type BssActor,
  type BssRole,
  hasBssRole,
  type StorefrontActor,
} from "./tenancy.types.ts";

/**
 * Checks every tenancy use case starts with. Routes check the same roles with requireBss; the
 * use cases repeat them because the CLI and other modules call use cases without HTTP.
 */

/** Parses a use case's input; a failure is a 400 naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    path: i.path.map(String).join(".") || "(input)",
    message: i.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  throw new AppError("validation_failed", `Invalid input — ${summary}`, { issues });
}

export function asBss(actor: Actor, role: BssRole): BssActor {
  if (actor.kind !== "bss") throw new AppError("forbidden", "This is for BSS staff");
  if (!hasBssRole(actor, role)) throw new AppError("forbidden", `This needs the ${role} role or higher`);
  return actor;
}

/** Storefront writes in tenancy (customers, contacts) belong to a reseller's users (R-ORD-11). */
export function asResellerStorefront(actor: Actor): StorefrontActor {
  if (actor.kind !== "storefront") throw new AppError("forbidden", "This is for Storefront users");
  if (actor.accountKind !== "reseller")
    throw new AppError("forbidden", "Only a reseller's Storefront users can do this");
  return actor;
}

/**
 * Runs `fn` and turns a unique violation of one of `conflicts`' constraints into a 409. The
 * constraint is the real guard (two requests may race past any pre-check); the message is ours.
 */
export async function withUniqueConflicts<T>(
  conflicts: Record<string, () => AppError>,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    for (const [constraint, make] of Object.entries(conflicts)) {
      if (isUniqueViolation(e, constraint)) throw make();
    }
    throw e;
  }
}

export const aliasTaken = (alias: string) => () =>
  new AppError("conflict", `The Storefront alias "${alias}" is already taken; choose another one`, {
    field: "storefrontAlias",
    storefrontAlias: alias,
  });

export const emailTaken = (email: string) => () =>
  new AppError("conflict", `A user with the email ${email} already exists`, { field: "email", email });

export const slugTaken = (slug: string) => () =>
  new AppError("conflict", `The tenant slug "${slug}" is already taken; choose another one`, {
    field: "slug",
    slug,
  });

/** A 400 about one field, shaped like a validation failure so clients handle both the same way. */
export function fieldError(path: string, message: string): AppError {
  return new AppError("validation_failed", `Invalid input — ${path}: ${message}`, {
    issues: [{ path, message }],
  });
}
