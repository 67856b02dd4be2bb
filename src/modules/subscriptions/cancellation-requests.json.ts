import { z } from "zod";
import { toMoneyJson } from "../../shared/money.ts";
import type { CancellationRequestRow } from "./cancellation-requests.repo.ts";
import type { RequestView } from "./list-cancellation-requests.ts";

const MoneyJson = z.object({ currency: z.string(), minor: z.string(), decimal: z.string() });

/** The ribbon's data (R-CRQ-02): a pending request on a subscription or one of its add-ons. */
export const PendingRequestJson = z.object({
  id: z.string(),
  addonId: z.string().nullable(),
  quantity: z.number().nullable(),
  mode: z.string(),
  submittedAt: z.string(),
  submittedOn: z.string(),
});

export function pendingRequestJson(r: CancellationRequestRow): z.infer<typeof PendingRequestJson> {
  return {
    id: r.id,
    addonId: r.addonId,
    quantity: r.quantity,
    mode: r.mode,
    submittedAt: r.submittedAt.toISOString(),
    submittedOn: r.submittedOn,
  };
}

/** *View Request* (R-CRQ-02) and its decision (R-CRQ-03). */
export const CancellationRequestJson = PendingRequestJson.extend({
  subscriptionId: z.string(),
  subscriptionName: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  addonName: z.string().nullable(),
  /** The licences the subscription (or add-on) has now; quantity null = all of them. */
  currentQuantity: z.number(),
  instructions: z.string().nullable(),
  status: z.enum(["pending", "approved", "rejected", "withdrawn"]),
  /** Why it waits: not_automatic (R-CRQ-01 option off) or above_threshold. */
  reason: z.string(),
  /** The credit the cancellation's preview produced at submission (what the threshold is compared with). */
  estimatedCredit: MoneyJson.nullable(),
  submittedBy: z.object({ userId: z.string().nullable(), email: z.string().nullable() }),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  version: z.number(),
});

export function cancellationRequestJson(r: RequestView): z.infer<typeof CancellationRequestJson> {
  return {
    ...pendingRequestJson(r),
    subscriptionId: r.subscriptionId,
    subscriptionName: r.subscriptionName,
    accountId: r.accountId,
    accountName: r.accountName,
    addonName: r.addonName,
    currentQuantity: r.currentQuantity,
    instructions: r.instructions,
    status: r.status as z.infer<typeof CancellationRequestJson>["status"],
    reason: r.reason,
    estimatedCredit: r.estimatedCredit === null ? null : toMoneyJson(r.estimatedCredit, r.currency),
    submittedBy: { userId: r.submittedByUserId, email: r.submittedByEmail },
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decidedBy: r.decidedBy,
    decisionReason: r.decisionReason,
    result: (r.result as Record<string, unknown> | null) ?? null,
    version: r.version,
  };
}

/** On a Storefront cancel's answer: the cancellation became a request (id null in a preview). */
export const RequestedJson = z.object({
  id: z.string().nullable(),
  reason: z.string(),
  status: z.literal("pending"),
});
