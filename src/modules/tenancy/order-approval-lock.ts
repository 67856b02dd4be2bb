import type { Deps } from "../../deps.ts";
import { queryOne, queryRows, sql, type Tx } from "../../shared/db.ts";
import type { AccountRow } from "./tenancy.repo.ts";
import { approvalLockError } from "./tenancy.rules.ts";

/**
 * R-PAY-02 in the database's terms: a reseller's generated `locks_customer_approval` cascades to
 * its end customers' `order_approval_locked` (accounts_parent_lock_fk, on update cascade), and
 * accounts_approval_lock_ck refuses a locked customer with Order Approval off. The use cases
 * below keep the rows in the order the constraints need and take the row locks that make two
 * concurrent changes queue instead of one of them failing on the constraint.
 */

/**
 * Before a reseller starts locking (it becomes Standard + Credit Card): switch every customer's
 * Order Approval on, in the caller's transaction — the cascade that follows the reseller's update
 * would otherwise hit accounts_approval_lock_ck. Lock order, always: the reseller's row (the caller
 * holds it FOR UPDATE), then its customers' rows. A concurrent switch-off takes the reseller FOR
 * SHARE first (resellerLocksApproval), so it either commits before us (and is undone here) or
 * waits and then sees the lock — no deadlock, no constraint error.
 * Returns the ids switched on; each is logged (accounts keep no history table).
 */
export async function switchOnCustomersApproval(
  deps: Deps,
  tx: Tx,
  reseller: Pick<AccountRow, "tenantId" | "id">,
  cause: string,
): Promise<string[]> {
  await queryRows(
    tx,
    sql`select id from accounts where tenant_id = ${reseller.tenantId} and parent_account_id = ${reseller.id}
        order by id for update`,
  );
  const switched = await queryRows<{ id: string }>(
    tx,
    sql`update accounts set order_approval = true, updated_at = ${deps.clock.now()}
        where tenant_id = ${reseller.tenantId} and parent_account_id = ${reseller.id} and not order_approval
        returning id`,
  );
  const ids = switched.map((r) => r.id).sort();
  if (ids.length > 0)
    deps.log.info(
      { tenantId: reseller.tenantId, resellerId: reseller.id, customerIds: ids, rule: "R-PAY-02" },
      `Order Approval switched on for ${ids.length} customer(s): ${cause}`,
    );
  return ids;
}

/**
 * Whether `parentId` (a reseller) locks its customers' Order Approval, read FOR SHARE so the
 * reseller cannot start locking until the caller's transaction ends.
 */
export async function resellerLocksApproval(tx: Tx, tenantId: string, parentId: string): Promise<boolean> {
  const row = await queryOne<{ locks: boolean }>(
    tx,
    sql`select locks_customer_approval as locks from accounts
        where tenant_id = ${tenantId} and id = ${parentId} for share`,
  );
  return row?.locks ?? false;
}

/** R-PAY-02 for one end customer's Order Approval change (BSS or Storefront); throws when locked. */
export async function assertApprovalChangeAllowed(
  tx: Tx,
  customer: Pick<AccountRow, "tenantId" | "kind" | "parentAccountId">,
  orderApproval: boolean | undefined,
): Promise<void> {
  if (orderApproval !== false || customer.kind !== "end_customer" || !customer.parentAccountId) return;
  const locked = await resellerLocksApproval(tx, customer.tenantId, customer.parentAccountId);
  const problem = approvalLockError(locked, orderApproval);
  if (problem) throw problem;
}
