import { AppError } from "../../shared/errors.ts";
import { type Actor, type BssActor, type BssRole, hasBssRole } from "../tenancy/index.ts";

/** Webhooks are BSS staff's (admins write, viewers read); a Storefront user never reaches them. */
export function asBss(actor: Actor, role: BssRole): BssActor {
  if (actor.kind !== "bss") throw new AppError("forbidden", "This is for BSS staff");
  if (!hasBssRole(actor, role)) throw new AppError("forbidden", `This needs the ${role} role or higher`);
  return actor;
}
