import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import { parseInput } from "../../shared/parse-input.ts";
import { type BssActor, hasBssRole } from "../tenancy/index.ts";
import {
  AllocateInput,
  type AllocationRow,
  allocate,
  allocationsOf,
  findPayment,
  type PaymentRow,
} from "./payments.core.ts";

/**
 * R-PAY-01: allocates what is left of a recorded payment (the account's credit) to invoices:
 * the listed ones, or oldest due first.
 */
export async function allocatePayment(
  deps: Deps,
  actor: BssActor,
  paymentId: string,
  raw: unknown,
): Promise<{ payment: PaymentRow; allocations: AllocationRow[] }> {
  if (!hasBssRole(actor, "clerk")) throw new AppError("forbidden", "This needs the clerk role or higher");
  const input = parseInput(AllocateInput, raw ?? {});
  return transaction(deps.db, async (tx) => {
    await allocate(deps, tx, paymentId, actor.tenantId, input);
    const payment = await findPayment(tx, actor.tenantId, paymentId);
    if (!payment) throw notFound("Payment", paymentId);
    return { payment, allocations: await allocationsOf(tx, actor.tenantId, paymentId) };
  });
}
