import type { Deps } from "../../deps.ts";
import { countOpenJobs } from "../../jobs/index.ts";
import { transaction } from "../../shared/db.ts";
import { findProductsBySku, findSkus } from "../catalog/index.ts";
import { listMirrorRows, type MirrorRow, SUBSCRIPTION_CHANGED, todayFor } from "../subscriptions/index.ts";
import {
  ACCOUNT_CHANGED,
  type BssActor,
  LOCKED_ACCOUNT_FIELDS,
  listAccountCopies,
  listEndCustomers,
} from "../tenancy/index.ts";
import { childTenant } from "./activate-back-ordering.ts";
import { findSettings } from "./distribution.repo.ts";

export interface Difference {
  kind: "subscription" | "customer";
  /** The tenant's record (null: a copy without a source). */
  sourceId: string | null;
  /** The distributor's copy (null: missing). */
  copyId: string | null;
  field: string;
  tenant: unknown;
  distributor: unknown;
}

export interface ConsistencyReport {
  tenantId: string;
  tenantName: string;
  backOrdering: boolean;
  checkedAt: string;
  /** Events of the tenant still in the outbox: differences may be changes on their way. */
  pendingEvents: number;
  compared: { subscriptions: number; customers: number };
  differences: Difference[];
}

const LIVE = new Set(["active", "suspended", "pending_for_cancel"]);

/**
 * Compares a tenant reseller's books with the distributor's copies (issue 6): every paid
 * subscription the tenant holds live (or that was copied) must have a copy with the same status,
 * product, quantity, add-ons, renew-automatically, characteristics and sync status, billed to the
 * tenant reseller; every copied customer must carry its source's locked fields. Lists every
 * difference; none after any change has been applied.
 */
export async function checkConsistency(
  deps: Deps,
  actor: BssActor,
  tenantId: string,
): Promise<ConsistencyReport> {
  const tenant = await childTenant(deps, actor, tenantId);
  return transaction(deps.db, async (tx) => {
    const settings = await findSettings(tx, tenant.id);
    const distributorId = actor.tenantId;
    const resellerAccountId = tenant.parentAccountId ?? "";
    const today = (await todayFor(deps, tx, distributorId)).toString();
    const sources = await listMirrorRows(tx, tenant.id);
    const copies = await listMirrorRows(tx, distributorId, { managedByTenantId: tenant.id });
    const sourceSkus = await findSkus(tx, tenant.id, productIdsOf(sources));
    const copySkus = await findSkus(tx, distributorId, productIdsOf(copies));
    const offered = await findProductsBySku(tx, distributorId, [...new Set(sourceSkus.values())]);
    const customerCopies = await listAccountCopies(tx, distributorId, tenant.id);
    const copyOfCustomer = new Map(customerCopies.map((c) => [c.sourceAccountId, c]));
    const differences: Difference[] = [];
    const customers = new Map((await listEndCustomers(tx, tenant.id)).map((a) => [a.id, a]));
    const bySource = new Map(copies.map((c) => [c.sourceSubscriptionId ?? "", c]));
    const sourceIds = new Set(sources.map((s) => s.id));

    for (const s of sources) {
      const copy = bySource.get(s.id);
      const sku = sourceSkus.get(s.productId) ?? "";
      const expected =
        !s.isTrial && (LIVE.has(s.status) || s.awaitingStart) && offered.get(sku)?.status === "active";
      if (!copy) {
        if (settings?.backOrdering && expected)
          differences.push(diff("subscription", s.id, null, "copy", "exists", "missing"));
        continue;
      }
      const field = (name: string, a: unknown, b: unknown) => {
        if (JSON.stringify(a) !== JSON.stringify(b))
          differences.push(diff("subscription", s.id, copy.id, name, a, b));
      };
      // R-TEN-02: a copy waits Inactive for a start date still ahead.
      const waiting = copy.status === "inactive" && s.status === "active" && copy.startDate > today;
      if (!waiting) field("status", s.status, copy.status);
      // R-TEN-02's copied fields: dates, billing cycle, and the name "<End Customer Name> - <Product Name>".
      field("startDate", s.startDate, copy.startDate);
      field("activationDate", s.activationDate, copy.activationDate);
      field("billingPlan", s.billingPlan, copy.billingPlan);
      const customerName = customers.get(s.accountId)?.name ?? "";
      if (!copy.name.startsWith(`${customerName} - `))
        differences.push(diff("subscription", s.id, copy.id, "name", `${customerName} - …`, copy.name));
      field("product", sku, copySkus.get(copy.productId));
      field("quantity", s.quantity, copy.quantity);
      field("autoRenew", s.autoRenew, copy.autoRenew);
      field("characteristics", canonical(s.characteristics), canonical(copy.characteristics));
      field("syncStatus", s.syncStatus, copy.syncStatus);
      field("addons", addonsOf(s, sourceSkus), addonsOf(copy, copySkus));
      field("billTo", resellerAccountId, copy.billToAccountId);
      field("customer", copyOfCustomer.get(s.accountId)?.id ?? null, copy.accountId);
    }
    for (const c of copies)
      if (!sourceIds.has(c.sourceSubscriptionId ?? ""))
        differences.push(diff("subscription", null, c.id, "source", "missing", c.sourceSubscriptionId));

    for (const copy of customerCopies) {
      const source = customers.get(copy.sourceAccountId);
      if (!source) {
        differences.push(diff("customer", null, copy.id, "source", "missing", copy.sourceAccountId));
        continue;
      }
      for (const f of LOCKED_ACCOUNT_FIELDS) {
        const a = f === "address" ? canonical(source.address) : (source[f] ?? null);
        const b = f === "address" ? canonical(copy.address) : (copy[f] ?? null);
        if (JSON.stringify(a) !== JSON.stringify(b))
          differences.push(diff("customer", source.id, copy.id, f, a, b));
      }
    }
    return {
      tenantId: tenant.id,
      tenantName: tenant.name,
      backOrdering: settings?.backOrdering ?? false,
      checkedAt: deps.clock.now().toISOString(),
      pendingEvents: await countOpenJobs(tx, {
        tenantId: tenant.id,
        kinds: [SUBSCRIPTION_CHANGED, ACCOUNT_CHANGED],
      }),
      compared: { subscriptions: sources.length, customers: customerCopies.length },
      differences,
    };
  });
}

const diff = (
  kind: Difference["kind"],
  sourceId: string | null,
  copyId: string | null,
  field: string,
  tenant: unknown,
  distributor: unknown,
): Difference => ({ kind, sourceId, copyId, field, tenant, distributor });

const productIdsOf = (rows: MirrorRow[]) => [
  ...new Set(rows.flatMap((r) => [r.productId, ...r.addons.map((a) => a.productId)])),
];

/** Active add-ons as "SKU × quantity", sorted: the two BSSs' product ids differ, their SKUs do not. */
const addonsOf = (row: MirrorRow, skus: Map<string, string>) =>
  row.addons.map((a) => `${skus.get(a.productId) ?? a.productId} × ${a.quantity}`).sort();

/** JSON with sorted keys, so {a, b} and {b, a} compare equal. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value ?? null;
}
