import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { AppError, notFound } from "../../shared/errors.ts";
import { noteAccountChange } from "./account-copies.ts";
import { updateAccountRow } from "./accounts.repo.ts";
import { assertApprovalChangeAllowed } from "./order-approval-lock.ts";
import { asResellerStorefront, parseInput } from "./tenancy.guards.ts";
import type { AccountRow } from "./tenancy.repo.ts";
import { getAccount } from "./tenancy.scope.ts";
import { type Actor, UpdateStorefrontCustomerInput } from "./tenancy.types.ts";

/**
 * R-PAY-02: a reseller's Storefront user switches Order Approval for one of its own end customers
 * (a Cash or Deposit reseller may switch it off; a Standard Edition reseller paying by Credit
 * Card may not). An end customer cannot switch its own (403); another reseller's customer, or the
 * reseller's own account, is not found.
 */
export async function updateStorefrontCustomer(
  deps: Deps,
  actor: Actor,
  input: { accountId: string; patch: UpdateStorefrontCustomerInput },
): Promise<AccountRow> {
  const sf = asResellerStorefront(actor);
  const patch = parseInput(UpdateStorefrontCustomerInput, input.patch);
  return transaction(deps.db, async (tx) => {
    const customer = await getAccount(tx, sf.tenantId, input.accountId).catch(() => undefined);
    if (customer?.kind !== "end_customer" || customer.parentAccountId !== sf.accountId)
      throw notFound("Account", input.accountId);
    const reseller = await getAccount(tx, sf.tenantId, sf.accountId);
    if (reseller.status !== "active") throw new AppError("forbidden", "This reseller account is inactive");
    await assertApprovalChangeAllowed(tx, customer, patch.orderApproval);
    if (customer.orderApproval === patch.orderApproval) return customer;
    const updated = await updateAccountRow(tx, sf.tenantId, customer.id, {
      orderApproval: patch.orderApproval,
      updatedAt: deps.clock.now(),
    });
    await noteAccountChange(deps, tx, updated);
    return updated;
  });
}
