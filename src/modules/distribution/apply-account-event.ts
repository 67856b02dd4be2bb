import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { renameCopiesOfCustomer } from "../subscriptions/index.ts";
import {
  type AccountChanged,
  findAccountCopy,
  getAccount,
  getTenant,
  upsertAccountCopy,
} from "../tenancy/index.ts";
import type { EventOutcome } from "./apply-subscription-event.ts";
import { claimEvent, findSettings, setEventOutcome } from "./distribution.repo.ts";

/**
 * issue 6 (customer copy): an end customer's locked fields (name, accounting number, email,
 * address) changed in a tenant reseller's BSS are copied to the distributor's copy of it. A
 * customer not copied yet is left alone — it is copied with its first paid subscription.
 * Replay-safe by the event's row, like subscription events.
 */
export async function applyAccountEvent(
  deps: Deps,
  event: AccountChanged,
  key: string,
): Promise<EventOutcome> {
  return transaction(deps.db, async (tx) => {
    const tenant = await getTenant(tx, event.tenantId);
    if (!tenant.parentTenantId || !tenant.parentAccountId) return "off";
    if (!(await findSettings(tx, tenant.id))?.backOrdering) return "off";
    const id = `account:${key}`;
    const claimed = await claimEvent(tx, {
      id,
      distributorTenantId: tenant.parentTenantId,
      sourceTenantId: tenant.id,
      kind: "account",
      sourceId: event.accountId,
      outcome: "unchanged",
      summary: "customer details",
      appliedAt: deps.clock.now(),
    });
    if (!claimed) return "replayed";
    const copy = await findAccountCopy(tx, tenant.parentTenantId, event.accountId);
    if (!copy) {
      await setEventOutcome(tx, id, { outcome: "skipped", summary: "customer not copied yet", copyId: null });
      return "skipped";
    }
    const source = await getAccount(tx, tenant.id, event.accountId);
    const reseller = await getAccount(tx, tenant.parentTenantId, tenant.parentAccountId);
    const { outcome, account } = await upsertAccountCopy(deps, tx, {
      source,
      tenantResellerAccount: reseller,
    });
    if (copy.name !== account.name)
      await renameCopiesOfCustomer(tx, tenant.parentTenantId, copy.id, { from: copy.name, to: account.name });
    await setEventOutcome(tx, id, { outcome, summary: `customer details ${outcome}`, copyId: copy.id });
    return outcome;
  });
}
