import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { Tx } from "../../shared/db.ts";
import { subscriptions } from "./subscriptions.schema.ts";
import type { SubscriptionRow } from "./subscriptions.types.ts";

/**
 * The SQL of distributor copies (R-TEN-01..04) over the subscription tables: finding a copy,
 * the rows a consistency check compares, and the renames that follow a customer. Kept apart from
 * subscriptions.repo.ts, which holds the rest of the module's SQL.
 */

/** The distributor's copy of a tenant reseller's subscription, if there is one. */
export async function findCopyOf(
  tx: Tx,
  distributorTenantId: string,
  sourceSubscriptionId: string,
): Promise<SubscriptionRow | undefined> {
  const [row] = await tx
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.tenantId, distributorTenantId),
        eq(subscriptions.sourceSubscriptionId, sourceSubscriptionId),
      ),
    );
  return row;
}

/** What a consistency check compares of one subscription: its state with add-ons by product. */
export interface MirrorRow {
  id: string;
  name: string;
  accountId: string;
  billingPlan: string;
  startDate: string;
  activationDate: string | null;
  productId: string;
  status: string;
  /** R-TEN-02 / issue 13: Inactive until its start date. */
  awaitingStart: boolean;
  quantity: number;
  isTrial: boolean;
  autoRenew: boolean;
  characteristics: unknown;
  syncStatus: string;
  sourceSubscriptionId: string | null;
  billToAccountId: string | null;
  addons: Array<{ productId: string; quantity: number }>;
}

/** Every subscription of a tenant (or only the copies a tenant reseller manages there), set-based. */
export async function listMirrorRows(
  tx: Tx,
  tenantId: string,
  filter: { managedByTenantId?: string } = {},
): Promise<MirrorRow[]> {
  const rows = await tx.execute(sql`
    select s.id, s.name, s.account_id, s.billing_plan, s.start_date::text as start_date,
           s.activation_date::text as activation_date, s.product_id, s.status, s.awaiting_start, s.quantity, s.is_trial, s.auto_renew, s.characteristics,
           s.sync_status, s.source_subscription_id, s.bill_to_account_id,
           coalesce((select json_agg(json_build_object('productId', a.product_id, 'quantity', a.quantity)
                                     order by a.product_id)
                     from subscription_addons a
                     where a.tenant_id = s.tenant_id and a.subscription_id = s.id and a.status = 'active'), '[]') as addons
    from subscriptions s
    where s.tenant_id = ${tenantId}
      ${filter.managedByTenantId ? sql`and s.managed_by_tenant_id = ${filter.managedByTenantId}` : sql``}
    order by s.id`);
  return (rows as unknown as { rows: Array<Record<string, unknown>> }).rows.map((r) => ({
    id: r.id as string,
    name: r.name as string,
    accountId: r.account_id as string,
    billingPlan: r.billing_plan as string,
    startDate: r.start_date as string,
    activationDate: (r.activation_date as string | null) ?? null,
    productId: r.product_id as string,
    status: r.status as string,
    awaitingStart: r.awaiting_start === true,
    quantity: Number(r.quantity),
    isTrial: r.is_trial as boolean,
    autoRenew: r.auto_renew as boolean,
    characteristics: r.characteristics,
    syncStatus: r.sync_status as string,
    sourceSubscriptionId: (r.source_subscription_id as string | null) ?? null,
    billToAccountId: (r.bill_to_account_id as string | null) ?? null,
    addons: (typeof r.addons === "string" ? JSON.parse(r.addons) : r.addons) as MirrorRow["addons"],
  }));
}

/**
 * Live subscriptions a distributor sold under a reseller account itself (not copies): while a
 * tenant reseller's account has any, turning on back ordering would leave the two books apart.
 */
export async function listUncopiedOfReseller(
  tx: Tx,
  tenantId: string,
  resellerAccountId: string,
): Promise<Array<{ id: string; name: string; status: string }>> {
  return tx
    .select({ id: subscriptions.id, name: subscriptions.name, status: subscriptions.status })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.tenantId, tenantId),
        or(
          eq(subscriptions.resellerAccountId, resellerAccountId),
          eq(subscriptions.accountId, resellerAccountId),
        ),
        sql`${subscriptions.managedByTenantId} is null`,
        inArray(subscriptions.status, ["active", "suspended", "pending_for_cancel"]),
      ),
    )
    .orderBy(asc(subscriptions.id));
}

/**
 * R-TEN-02: a copy is named "<End Customer Name> - <Product Name>"; when the customer's name
 * changes in the tenant's BSS, its copies' names follow (the product part is kept).
 */
export async function renameCopiesOfCustomer(
  tx: Tx,
  tenantId: string,
  accountId: string,
  names: { from: string; to: string },
): Promise<number> {
  const rows = await tx.execute(sql`
    update subscriptions set name = ${names.to} || substr(name, ${names.from.length + 1}), version = version + 1
    where tenant_id = ${tenantId} and account_id = ${accountId} and managed_by_tenant_id is not null
      and left(name, ${names.from.length + 3}) = ${`${names.from} - `}
    returning id`);
  return (rows as unknown as { rows: unknown[] }).rows.length;
}
