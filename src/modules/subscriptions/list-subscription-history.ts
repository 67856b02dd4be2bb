import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { type Page, Paging } from "../../shared/paging.ts";
import type { Actor } from "../tenancy/index.ts";
import { findVisible } from "./get-subscription.ts";
import { type HistoryRow, listHistory } from "./subscriptions.repo.ts";

export const HistoryQuery = z.strictObject({ ...Paging });
export type HistoryQuery = z.infer<typeof HistoryQuery>;

/** A subscription's history, oldest first (who, when, channel, what, effective date), paged. */
export async function listSubscriptionHistory(
  deps: Deps,
  actor: Actor,
  input: { subscriptionId: string } & HistoryQuery,
): Promise<Page<HistoryRow>> {
  return transaction(deps.db, async (tx) => {
    await findVisible(tx, actor, input.subscriptionId);
    const page = { limit: input.limit, offset: input.offset };
    const { rows, total } = await listHistory(tx, actor.tenantId, input.subscriptionId, page);
    return { items: rows, total, ...page };
  });
}
