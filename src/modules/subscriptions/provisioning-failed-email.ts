import type { Deps } from "../../deps.ts";
import type { Tx } from "../../shared/db.ts";
import { enqueueEmail } from "../notifications/index.ts";
import { findUserContact, getAccount } from "../tenancy/index.ts";
import type { SubscriptionRow } from "./subscriptions.types.ts";

/**
 * Issue 15 (R-PRV-01): the vendor refused a change — the subscription's responsible user is told,
 * with the vendor's reason and a link to the subscription in the back office; without one, the
 * end customer's reseller (its Storefront's subscription page). Keyed by the subscription's
 * version before the failure: a retried job that records the same failure sends it once.
 */
export async function emailProvisioningFailed(
  deps: Deps,
  tx: Tx,
  sub: SubscriptionRow,
  reason: string,
): Promise<void> {
  const account = await getAccount(tx, sub.tenantId, sub.accountId);
  const responsible = sub.responsibleUserId
    ? await findUserContact(tx, sub.tenantId, sub.responsibleUserId)
    : undefined;
  let to: { email: string; name: string; language: string; link: string } | undefined;
  if (responsible)
    to = {
      email: responsible.email,
      name: responsible.name,
      language: account.language,
      link: `/bss/subscriptions/${sub.id}`,
    };
  else if (account.parentAccountId) {
    const reseller = await getAccount(tx, sub.tenantId, account.parentAccountId);
    if (reseller.email)
      to = {
        email: reseller.email,
        name: reseller.name,
        language: reseller.language,
        link: reseller.storefrontAlias
          ? `/store/${encodeURIComponent(reseller.storefrontAlias)}/billing/subscriptions/${sub.id}`
          : `/bss/subscriptions/${sub.id}`,
      };
  }
  if (!to) return;
  await enqueueEmail(deps, tx, {
    tenantId: sub.tenantId,
    key: `provisioning-failed:${sub.id}:v${sub.version}`,
    to: to.email,
    template: "provisioning_failed",
    data: {
      language: to.language,
      recipientName: to.name,
      link: to.link,
      subscriptionId: sub.id,
      subscriptionName: sub.name,
      customerName: account.name,
      reason: reason.slice(0, 4000),
    },
  });
}
