import type { Deps } from "../../deps.ts";
import { transaction } from "../../shared/db.ts";
import { assertCopyEditable, noteAccountChange } from "./account-copies.ts";
import { findAccountForUpdate, updateAccountRow } from "./accounts.repo.ts";
import { assertApprovalChangeAllowed, switchOnCustomersApproval } from "./order-approval-lock.ts";
import { aliasTaken, asBss, parseInput, withUniqueConflicts } from "./tenancy.guards.ts";
import type { AccountRow } from "./tenancy.repo.ts";
import {
  aliasAfterUpdate,
  aliasError,
  editionError,
  locksCustomerApproval,
  paymentMethodError,
} from "./tenancy.rules.ts";
import { getAccount } from "./tenancy.scope.ts";
import {
  type AccountKind,
  type Actor,
  type PaymentMethod,
  type ResellerEdition,
  UpdateAccountInput,
} from "./tenancy.types.ts";

/**
 * A clerk edits an account. Kind and parent never change (an end customer's subscriptions and
 * orders hang off its reseller). Standard → Basic removes the Storefront alias.
 * R-PAY-02: an end customer's Order Approval cannot be switched off while its reseller locks it;
 * a reseller that starts locking (Standard + Credit Card) switches its customers' approval on in
 * the same transaction.
 */
export async function updateAccount(
  deps: Deps,
  actor: Actor,
  input: { accountId: string; patch: UpdateAccountInput },
): Promise<AccountRow> {
  const bss = asBss(actor, "clerk");
  const patch = parseInput(UpdateAccountInput, input.patch);
  return withUniqueConflicts({ accounts_storefront_alias_uq: aliasTaken(patch.storefrontAlias ?? "") }, () =>
    transaction(deps.db, async (tx) => {
      let current = await getAccount(tx, bss.tenantId, input.accountId);
      // R-PAY-02: lock order is reseller, then its customers (order-approval-lock.ts); re-read locked.
      if (current.kind === "reseller")
        current = (await findAccountForUpdate(tx, bss.tenantId, current.id)) ?? current;
      await assertCopyEditable(tx, current, patch);
      const kind = current.kind as AccountKind;
      const editionProblem = editionError(kind, patch.edition);
      if (editionProblem) throw editionProblem;
      const paymentProblem = paymentMethodError(kind, patch.paymentMethod);
      if (paymentProblem) throw paymentProblem;
      await assertApprovalChangeAllowed(tx, current, patch.orderApproval);
      const edition = (patch.edition ?? current.edition) as ResellerEdition | null;
      const alias = aliasAfterUpdate(
        { edition: current.edition as ResellerEdition | null, storefrontAlias: current.storefrontAlias },
        patch,
      );
      const aliasProblem = aliasError(kind, edition, alias);
      if (aliasProblem) throw aliasProblem;
      const paymentMethod = (patch.paymentMethod ?? current.paymentMethod) as PaymentMethod | null;
      if (
        kind === "reseller" &&
        !current.locksCustomerApproval &&
        locksCustomerApproval(edition, paymentMethod)
      )
        await switchOnCustomersApproval(
          deps,
          tx,
          current,
          "their reseller now pays by Credit Card at Standard Edition",
        );
      const updated = await updateAccountRow(tx, bss.tenantId, current.id, {
        ...definedOnly({
          name: patch.name,
          email: patch.email,
          address: patch.address,
          accountingNumber: patch.accountingNumber,
          vatId: patch.vatId,
          language: patch.language,
          orderApproval: patch.orderApproval,
          edition: patch.edition,
          paymentMethod: patch.paymentMethod,
          vendorResellerId: patch.vendorResellerId,
          currency: patch.currency,
          status: patch.status,
        }),
        storefrontAlias: alias,
        updatedAt: deps.clock.now(),
      });
      // A tenant reseller's customer: the distributor's copy follows (issue 6).
      await noteAccountChange(deps, tx, updated);
      return updated;
    }),
  );
}

/** Drops undefined values so an omitted field keeps its stored value (null still clears). */
function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
