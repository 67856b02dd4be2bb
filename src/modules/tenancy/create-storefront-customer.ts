import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import { insertNewAccount } from "./create-account.ts";
import { asResellerStorefront, parseInput } from "./tenancy.guards.ts";
import type { AccountRow } from "./tenancy.repo.ts";
import { getAccount } from "./tenancy.scope.ts";
import { type Actor, CreateStorefrontCustomerInput } from "./tenancy.types.ts";

/**
 * R-ORD-11: a reseller's Storefront user creates an end customer under its own account (ahead of
 * or during checkout). The parent is always the actor's account: a Storefront user cannot place
 * a customer under another reseller.
 */
export async function createStorefrontCustomer(
  deps: Deps,
  actor: Actor,
  rawInput: CreateStorefrontCustomerInput,
): Promise<AccountRow> {
  const sf = asResellerStorefront(actor);
  const input = parseInput(CreateStorefrontCustomerInput, rawInput);
  return transaction(deps.db, async (tx) => {
    // The session was resolved earlier; re-read so a reseller made inactive meanwhile cannot add customers.
    const reseller = await getAccount(tx, sf.tenantId, sf.accountId);
    if (reseller.status !== "active") throw new AppError("forbidden", "This reseller account is inactive");
    return insertNewAccount(deps, tx, sf.tenantId, {
      kind: "end_customer",
      edition: null,
      storefrontAlias: null,
      parent: reseller,
      name: input.name,
      email: input.email,
      address: input.address,
      vatId: input.vatId,
      language: input.language,
      orderApproval: input.orderApproval,
      vendorResellerId: input.vendorResellerId,
    });
  });
}
