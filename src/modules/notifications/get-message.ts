import type { Deps } from "../../deps.ts";
import { notFound } from "../../shared/errors.ts";
import type { BssActor, StorefrontActor } from "../tenancy/index.ts";
import { findMessage, type MessageRow } from "./notifications.repo.ts";

/** One email of the actor's tenant; another tenant's answers 404 like a missing one. */
export async function getMessage(deps: Deps, actor: BssActor, id: string): Promise<MessageRow> {
  const message = await findMessage(deps.db, actor.tenantId, id);
  if (!message) throw notFound("Message", id);
  return message;
}

/** One email sent to the Storefront user's own address; anyone else's answers 404. */
export async function getMyMessage(deps: Deps, actor: StorefrontActor, id: string): Promise<MessageRow> {
  const message = await findMessage(deps.db, actor.tenantId, id);
  if (!message || message.toAddress.toLowerCase() !== actor.email.toLowerCase())
    throw notFound("Message", id);
  return message;
}
