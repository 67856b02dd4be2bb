import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import { toMoneyJson } from "../../shared/money.ts";
import { parseInput } from "../../shared/parse-input.ts";
import { type BssActor, hasBssRole } from "../tenancy/index.ts";
import { emitWebhookEvent } from "../webhooks/index.ts";
import { payments } from "./billing.schema.ts";
import {
  type AllocationRow,
  allocate,
  allocationsOf,
  type PaymentRow,
  payingAccount,
  positiveAmount,
  RecordPaymentInput,
} from "./payments.core.ts";

/**
 * R-PAY-01: records a payment received from a paying account (bank transfer, cash or card; date,
 * amount in the account's currency, reference, note) and allocates it in the same transaction:
 * to the listed invoices, or oldest due first. What is not allocated stays the account's credit.
 */
export async function recordPayment(
  deps: Deps,
  actor: BssActor,
  raw: unknown,
): Promise<{ payment: PaymentRow; allocations: AllocationRow[] }> {
  if (!hasBssRole(actor, "clerk")) throw new AppError("forbidden", "This needs the clerk role or higher");
  const input = parseInput(RecordPaymentInput, raw ?? {});
  return transaction(deps.db, async (tx) => {
    const { account, currency } = await payingAccount(tx, actor.tenantId, input.accountId);
    const amount = positiveAmount(input.amount, currency, "amount");
    const row: PaymentRow = {
      id: deps.ids.next("pay"),
      tenantId: actor.tenantId,
      accountId: account.id,
      method: input.method,
      paidOn: input.paidOn,
      amount,
      allocated: 0n,
      currency,
      reference: input.reference,
      note: input.note ?? null,
      createdBy: actor.userId,
      createdAt: deps.clock.now(),
    };
    await tx.insert(payments).values(row);
    await allocate(deps, tx, row.id, actor.tenantId, { allocations: input.allocations, auto: input.auto });
    const allocations = await allocationsOf(tx, actor.tenantId, row.id);
    const allocated = allocations.reduce((a, x) => a + x.amount, 0n);
    // Issue 15 item 5: integrators hear of the payment when it commits.
    await emitWebhookEvent(deps, tx, {
      tenantId: actor.tenantId,
      type: "payment.recorded",
      data: () => ({
        id: row.id,
        accountId: row.accountId,
        method: row.method,
        paidOn: row.paidOn,
        amount: toMoneyJson(row.amount, currency),
        allocated: toMoneyJson(allocated, currency),
        reference: row.reference,
        allocations: allocations.map((a) => ({
          documentId: a.documentId,
          amount: toMoneyJson(a.amount, currency),
        })),
      }),
    });
    return { payment: { ...row, allocated }, allocations };
  });
}
