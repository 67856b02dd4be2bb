import type { Deps } from "../../deps.ts";
import { type Tx, transaction } from "../../shared/db.ts";
import { insertAccount } from "./accounts.repo.ts";
import { resellerLocksApproval } from "./order-approval-lock.ts";
import { aliasTaken, asBss, fieldError, parseInput, withUniqueConflicts } from "./tenancy.guards.ts";
import type { AccountRow } from "./tenancy.repo.ts";
import { aliasError, approvalLockError } from "./tenancy.rules.ts";
import { getAccount } from "./tenancy.scope.ts";
import {
  type Actor,
  type Address,
  CreateAccountInput,
  DEFAULT_PAYMENT_METHOD,
  type PaymentMethod,
} from "./tenancy.types.ts";

/**
 * A clerk creates a reseller (Basic or Standard Edition; a Storefront alias only for Standard),
 * an end customer (under a reseller of the same tenant) or a direct customer.
 */
export async function createAccount(
  deps: Deps,
  actor: Actor,
  rawInput: CreateAccountInput,
): Promise<AccountRow> {
  const bss = asBss(actor, "clerk");
  const input = parseInput(CreateAccountInput, rawInput);
  if (input.kind === "reseller") {
    const problem = aliasError("reseller", input.edition, input.storefrontAlias);
    if (problem) throw problem;
  }
  const alias = input.kind === "reseller" ? (input.storefrontAlias ?? null) : null;
  return withUniqueConflicts({ accounts_storefront_alias_uq: aliasTaken(alias ?? "") }, () =>
    transaction(deps.db, async (tx) => {
      let parent: AccountRow | null = null;
      if (input.kind === "end_customer")
        parent = await assertResellerParent(tx, bss.tenantId, input.parentAccountId);
      return insertNewAccount(deps, tx, bss.tenantId, {
        kind: input.kind,
        edition: input.kind === "reseller" ? input.edition : null,
        paymentMethod: input.kind === "reseller" ? (input.paymentMethod ?? DEFAULT_PAYMENT_METHOD) : null,
        storefrontAlias: alias,
        parent,
        name: input.name,
        email: input.email,
        address: input.address,
        accountingNumber: input.accountingNumber,
        vatId: input.vatId,
        language: input.language,
        orderApproval: input.orderApproval,
        vendorResellerId: input.vendorResellerId,
        currency: input.currency,
      });
    }),
  );
}

/** An end customer's parent is a reseller of the same tenant (another tenant's id is not_found). */
export async function assertResellerParent(
  tx: Tx,
  tenantId: string,
  parentAccountId: string,
): Promise<AccountRow> {
  const parent = await getAccount(tx, tenantId, parentAccountId);
  if (parent.kind !== "reseller")
    throw fieldError("parentAccountId", `Account ${parentAccountId} is a ${parent.kind}, not a reseller`);
  return parent;
}

export interface NewAccount {
  kind: AccountRow["kind"];
  edition: "basic" | "standard" | null;
  /** Resellers only (R-PAY-02). */
  paymentMethod?: PaymentMethod | null | undefined;
  storefrontAlias: string | null;
  /** The reseller of an end customer (read in the caller's transaction). */
  parent: AccountRow | null;
  name: string;
  email?: string | undefined;
  address?: Address | undefined;
  accountingNumber?: string | undefined;
  vatId?: string | undefined;
  language?: string | undefined;
  orderApproval?: boolean | undefined;
  vendorResellerId?: string | undefined;
  currency?: string | undefined;
}

/** The one insert of an account, shared with the Storefront's customer creation. */
export async function insertNewAccount(
  deps: Deps,
  tx: Tx,
  tenantId: string,
  a: NewAccount,
): Promise<AccountRow> {
  const now = deps.clock.now();
  // R-PAY-02: under a reseller that locks Order Approval, a customer starts (and stays) with it on.
  // Read FOR SHARE: the reseller cannot start locking before this insert commits.
  const locked = a.parent ? await resellerLocksApproval(tx, tenantId, a.parent.id) : false;
  const lockProblem = approvalLockError(locked, a.orderApproval);
  if (lockProblem) throw lockProblem;
  return insertAccount(tx, {
    id: deps.ids.next("acc"),
    tenantId,
    kind: a.kind,
    edition: a.edition,
    paymentMethod: a.paymentMethod ?? null,
    storefrontAlias: a.storefrontAlias,
    parentAccountId: a.parent?.id ?? null,
    name: a.name,
    email: a.email ?? null,
    address: a.address ?? {},
    accountingNumber: a.accountingNumber ?? null,
    vatId: a.vatId ?? null,
    language: a.language ?? "en",
    orderApproval: a.orderApproval ?? true, // R-ORD-09: approval is on unless turned off
    orderApprovalLocked: locked, // must equal the parent's (accounts_parent_lock_fk)
    vendorResellerId: a.vendorResellerId ?? null,
    currency: a.currency ?? null,
    createdAt: now,
    updatedAt: now,
  });
}
