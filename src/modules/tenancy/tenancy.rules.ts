import { AppError } from "../../shared/errors.ts";
import { fieldError } from "./tenancy.guards.ts";
import type { AccountKind, PaymentMethod, ResellerEdition } from "./tenancy.types.ts";

/** Pure account rules: plain data in, an error (or nothing) out. */

/**
 * Only a Standard Edition reseller has a Storefront of its own, so only it may carry an alias;
 * Basic Edition resellers and customers never do (also the DB check accounts_alias_ck).
 */
export function aliasError(
  kind: AccountKind,
  edition: ResellerEdition | null,
  alias: string | null | undefined,
): AppError | undefined {
  if (alias == null) return undefined;
  if (kind !== "reseller")
    return fieldError("storefrontAlias", "Only a reseller can have a Storefront alias");
  if (edition !== "standard")
    return fieldError(
      "storefrontAlias",
      "A Storefront alias needs the Standard Edition (this reseller is Basic)",
    );
  return undefined;
}

/** The edition belongs to resellers only (accounts_edition_ck). */
export function editionError(kind: AccountKind, edition: ResellerEdition | undefined): AppError | undefined {
  if (edition !== undefined && kind !== "reseller")
    return fieldError("edition", "Only a reseller has an edition");
  return undefined;
}

/**
 * Standard → Basic takes the Storefront away, so the alias goes with it (it becomes free for
 * others). Returns the alias the account ends with.
 */
export function aliasAfterUpdate(
  current: { edition: ResellerEdition | null; storefrontAlias: string | null },
  patch: { edition?: ResellerEdition | undefined; storefrontAlias?: string | null | undefined },
): string | null {
  const edition = patch.edition ?? current.edition;
  if (patch.storefrontAlias !== undefined) return patch.storefrontAlias;
  return edition === "standard" ? current.storefrontAlias : null;
}

/** The payment method belongs to resellers only (accounts_payment_method_ck). */
export function paymentMethodError(
  kind: AccountKind,
  paymentMethod: PaymentMethod | undefined,
): AppError | undefined {
  if (paymentMethod !== undefined && kind !== "reseller")
    return fieldError("paymentMethod", "Only a reseller has a payment method");
  return undefined;
}

/**
 * R-PAY-02: a Standard Edition reseller paying by Credit Card has Order Approval locked on for
 * every end customer. The same expression is the generated column accounts.locks_customer_approval.
 */
export function locksCustomerApproval(
  edition: ResellerEdition | null,
  paymentMethod: PaymentMethod | null,
): boolean {
  return edition === "standard" && paymentMethod === "credit_card";
}

/** R-PAY-02: switching Order Approval off for a customer whose reseller locks it is refused. */
export function approvalLockError(locked: boolean, orderApproval: boolean | undefined): AppError | undefined {
  if (orderApproval !== false || !locked) return undefined;
  return new AppError(
    "R-PAY-02",
    "Order Approval cannot be switched off: this customer's reseller is a Standard Edition reseller paying by Credit Card, so every order of its customers waits for approval.",
    { field: "orderApproval" },
  );
}
