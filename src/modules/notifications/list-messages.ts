import type { Deps } from "../../deps.ts";
import type { Page } from "../../shared/paging.ts";
import type { BssActor, StorefrontActor } from "../tenancy/index.ts";
import { type MessageView, withAttachments } from "./get-message.ts";
import { listMessages as listRows } from "./notifications.repo.ts";
import type { ListMessagesQuery } from "./notifications.types.ts";

/** The BSS mailbox: every email of the actor's tenant, newest first. */
export async function listMessages(
  deps: Deps,
  actor: BssActor,
  query: ListMessagesQuery,
): Promise<Page<MessageView>> {
  const { items, total } = await listRows(deps.db, actor.tenantId, query);
  return {
    items: await withAttachments(deps, actor.tenantId, items),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}

/**
 * A Storefront user's mailbox: only emails sent to the user's own address. The address, not the
 * account, is the scope: an order confirmation goes to whoever the order names, and a colleague's
 * mail is not the user's to read.
 */
export async function listMyMessages(
  deps: Deps,
  actor: StorefrontActor,
  query: Omit<ListMessagesQuery, "to">,
): Promise<Page<MessageView>> {
  const { items, total } = await listRows(deps.db, actor.tenantId, { ...query, to: actor.email });
  return {
    items: await withAttachments(deps, actor.tenantId, items),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}
