import type { Deps } from "../../deps.ts";
import type { Tx } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import { isStorefrontReseller } from "../catalog/index.ts";
import {
  type Account,
  type Actor,
  assertAccountVisible,
  createStorefrontCustomer,
  getAccount,
  type StorefrontActor,
} from "../tenancy/index.ts";
import type { CustomerChoice } from "./orders.types.ts";

/** Who orders in a Storefront, and whose Storefront it is. */
export interface StorefrontContext {
  /** The signed-in user's account (a reseller, or an end customer). */
  own: Account;
  /** The reseller whose Storefront it is: the account itself, or an end customer's reseller. */
  reseller: Account;
}

export function asStorefront(actor: Actor): StorefrontActor {
  if (actor.kind !== "storefront") throw new AppError("forbidden", "This is for Storefront users");
  return actor;
}

/** R-CAT-07: only a Standard Edition reseller has a Storefront; without one nothing can be ordered there. */
export async function storefrontContext(tx: Tx, actor: StorefrontActor): Promise<StorefrontContext> {
  const own = await getAccount(tx, actor.tenantId, actor.accountId);
  const resellerId =
    own.kind === "reseller" ? own.id : own.kind === "end_customer" ? own.parentAccountId : null;
  const reseller =
    resellerId === own.id ? own : resellerId ? await getAccount(tx, own.tenantId, resellerId) : null;
  if (!reseller || !isStorefrontReseller(reseller))
    throw new AppError(
      "R-CAT-07",
      "There is no Storefront to order from: only an active Standard Edition reseller's Storefront takes orders.",
      { accountId: own.id },
    );
  return { own, reseller };
}

export interface ChosenCustomer {
  account: Account;
  /** Created at this checkout (R-ORD-11): always its first order (R-ORD-06). */
  isNew: boolean;
}

/**
 * R-ORD-11: a reseller's user orders for its own account, for one of its end customers, or for a
 * new end customer; an end customer's user orders for itself only. `create` = false (pre-check,
 * preview) describes a new customer without creating it; the checkout creates it in its own
 * transaction (a savepoint of it), so a refused checkout leaves no customer behind.
 */
export async function chooseCustomer(
  deps: Deps,
  tx: Tx,
  actor: StorefrontActor,
  context: StorefrontContext,
  choice: CustomerChoice | undefined,
  create: boolean,
): Promise<ChosenCustomer> {
  const { own } = context;
  if (!choice || choice.kind === "self") return { account: own, isNew: false };
  if (own.kind !== "reseller")
    throw new AppError("forbidden", "Only a reseller's users can order for another account", {
      field: "customer",
    });
  if (choice.kind === "existing") {
    const account = await assertAccountVisible(tx, actor, choice.accountId);
    if (account.status !== "active")
      throw new AppError("conflict", `${account.name} is inactive and cannot order`, {
        field: "customer.accountId",
      });
    return { account, isNew: false };
  }
  if (!create) {
    const now = deps.clock.now();
    // The customer as it would be created: only what the rules read is needed.
    const preview: Account = {
      ...own,
      id: own.id,
      kind: "end_customer",
      parentAccountId: own.id,
      edition: null,
      storefrontAlias: null,
      name: choice.customer.name,
      email: choice.customer.email ?? null,
      orderApproval: choice.customer.orderApproval ?? true,
      createdAt: now,
      updatedAt: now,
    };
    return { account: preview, isNew: true };
  }
  const account = await createStorefrontCustomer({ ...deps, db: tx }, actor, choice.customer);
  return { account, isNew: true };
}
