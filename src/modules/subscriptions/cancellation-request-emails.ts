import type { Deps } from "../../deps.ts";
import type { Tx } from "../../shared/db.ts";
import { type CancellationRequestNoticeData, enqueueEmail } from "../notifications/index.ts";
import { type Account, findUserContact, getAccount } from "../tenancy/index.ts";
import type { CancellationRequestRow } from "./cancellation-requests.repo.ts";
import type { SubscriptionRow } from "./subscriptions.types.ts";

/**
 * Issue 15's cancellation-request emails, queued in the deciding transaction (outbox). Each has a
 * business key per request and kind, so a retried job or a repeated call sends it once. Language:
 * the recipient account's `language` (the end customer's, or the reseller's when it is written to).
 */

/** The Storefront of an account: its own alias (a reseller) or its reseller's. */
async function storefrontAliasOf(tx: Tx, account: Account): Promise<string | null> {
  if (account.storefrontAlias) return account.storefrontAlias;
  if (!account.parentAccountId) return null;
  return (await getAccount(tx, account.tenantId, account.parentAccountId)).storefrontAlias;
}

function storefrontSubscriptionLink(alias: string, subscriptionId: string): string {
  return `/store/${encodeURIComponent(alias)}/billing/subscriptions/${subscriptionId}`;
}

function noticeData(
  req: CancellationRequestRow,
  sub: SubscriptionRow,
  account: Account,
  extra: { addonName: string | null; totalQuantity: number },
): Omit<CancellationRequestNoticeData, "language" | "recipientName" | "link"> {
  return {
    requestId: req.id,
    subscriptionName: sub.name,
    customerName: account.name,
    addonName: extra.addonName,
    quantity: req.quantity,
    totalQuantity: extra.totalQuantity,
    mode: req.mode as CancellationRequestNoticeData["mode"],
    instructions: req.instructions,
    submittedBy: req.submittedByEmail,
    submittedAt: req.submittedAt.toISOString(),
  };
}

/**
 * R-CRQ-02: "the account's responsible user is emailed" — the subscription's responsible user (a
 * staff user of the BSS, linked to the request's back-office page); without one, the end
 * customer's reseller (its email, linked to the subscription in its Storefront, where it can
 * approve). Nobody known = no email.
 */
export async function emailRequestSubmitted(
  deps: Deps,
  tx: Tx,
  input: {
    request: CancellationRequestRow;
    subscription: SubscriptionRow;
    addonName: string | null;
    totalQuantity: number;
  },
): Promise<void> {
  const { request: req, subscription: sub } = input;
  const account = await getAccount(tx, sub.tenantId, req.accountId);
  const data = noticeData(req, sub, account, input);
  const responsible = sub.responsibleUserId
    ? await findUserContact(tx, sub.tenantId, sub.responsibleUserId)
    : undefined;
  let to: { email: string; name: string; language: string; link: string } | undefined;
  if (responsible)
    to = {
      email: responsible.email,
      name: responsible.name,
      language: account.language,
      link: `/bss/cancellation-requests/${req.id}`,
    };
  else if (account.parentAccountId) {
    const reseller = await getAccount(tx, sub.tenantId, account.parentAccountId);
    if (reseller.email && reseller.storefrontAlias)
      to = {
        email: reseller.email,
        name: reseller.name,
        language: reseller.language,
        link: storefrontSubscriptionLink(reseller.storefrontAlias, sub.id),
      };
    else if (reseller.email)
      to = {
        email: reseller.email,
        name: reseller.name,
        language: reseller.language,
        link: `/bss/cancellation-requests/${req.id}`,
      };
  }
  if (!to) return;
  await enqueueEmail(deps, tx, {
    tenantId: sub.tenantId,
    key: `cancellation-request-submitted:${req.id}`,
    to: to.email,
    template: "cancellation_request_submitted",
    data: { ...data, language: to.language, recipientName: to.name, link: to.link },
  });
}

/** R-CRQ-03: *Send confirmation email* — the decision, to the customer who asked (else the account's email). */
export async function emailRequestDecided(
  deps: Deps,
  tx: Tx,
  input: {
    request: CancellationRequestRow;
    subscription: SubscriptionRow;
    addonName: string | null;
    totalQuantity: number;
    decision: "approved" | "rejected";
    effectiveDate?: string | null;
  },
): Promise<{ messageId: string } | null> {
  const { request: req, subscription: sub } = input;
  const account = await getAccount(tx, sub.tenantId, req.accountId);
  const to = req.submittedByEmail ?? account.email;
  const alias = await storefrontAliasOf(tx, account);
  if (!to || !alias) return null;
  const template =
    input.decision === "approved" ? "cancellation_request_completed" : "cancellation_request_rejected";
  const { messageId } = await enqueueEmail(deps, tx, {
    tenantId: sub.tenantId,
    key: `${template.replaceAll("_", "-")}:${req.id}`,
    to,
    template,
    data: {
      ...noticeData(req, sub, account, input),
      language: account.language,
      recipientName: account.name,
      link: storefrontSubscriptionLink(alias, sub.id),
      effectiveDate: input.effectiveDate ?? null,
      reason: req.decisionReason,
    },
  });
  return { messageId };
}
