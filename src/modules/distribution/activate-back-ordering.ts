import type { Deps } from "../../deps.ts";
import { enqueueJob } from "../../jobs/index.ts";
import { transaction } from "../../shared/db.ts";
import { AppError, conflict, notFound } from "../../shared/errors.ts";
import {
  listMirrorRows,
  listUncopiedOfReseller,
  SUBSCRIPTION_CHANGED,
  type SubscriptionChanged,
  snapshotOf,
  todayFor,
} from "../subscriptions/index.ts";
import {
  assertStaffUser,
  type BssActor,
  getAccount,
  getTenant,
  listEndCustomers,
  type Tenant,
  upsertAccountCopy,
} from "../tenancy/index.ts";
import {
  activateSettings,
  findSettings,
  lockSettings,
  type SettingsRow,
  setResponsibleUser,
} from "./distribution.repo.ts";

const LIVE = new Set(["active", "suspended", "pending_for_cancel"]);

export interface BackOrderingView {
  tenantId: string;
  tenantName: string;
  backOrdering: boolean;
  activatedAt: string | null;
  /** R-TEN-02: the responsible user of new copies ("Use of API Options"). */
  responsibleUserId: string | null;
  activation: Record<string, unknown>;
}

/** The tenant reseller as the distributor sees it: a child of the actor's tenant, else 404. */
export async function childTenant(deps: Deps, actor: BssActor, tenantId: string): Promise<Tenant> {
  const tenant = await getTenant(deps.db, tenantId).catch(() => undefined);
  if (!tenant || tenant.parentTenantId !== actor.tenantId) throw notFound("Tenant reseller", tenantId);
  return tenant;
}

export async function getBackOrdering(
  deps: Deps,
  actor: BssActor,
  tenantId: string,
): Promise<BackOrderingView> {
  const tenant = await childTenant(deps, actor, tenantId);
  return view(tenant, await findSettings(deps.db, tenant.id));
}

/**
 * Back ordering (issue 6): off for a new tenant reseller. Turning it on copies the tenant's
 * customers that have paid, live subscriptions, and queues one copy event per such subscription
 * (the outbox applies them in order with any later change). Refused while the distributor itself
 * has live subscriptions under the tenant's reseller account that the tenant's books lack.
 * It cannot be switched off again.
 */
export async function setBackOrdering(
  deps: Deps,
  actor: BssActor,
  input: { tenantId: string; enabled: boolean; responsibleUserId?: string | null | undefined },
): Promise<BackOrderingView> {
  const tenant = await childTenant(deps, actor, input.tenantId);
  return transaction(deps.db, async (tx) => {
    let settings = await lockSettings(tx, tenant.id, actor.tenantId);
    if (input.responsibleUserId !== undefined) {
      if (input.responsibleUserId) await assertStaffUser(tx, actor.tenantId, input.responsibleUserId);
      settings = await setResponsibleUser(tx, tenant.id, input.responsibleUserId);
    }
    if (!input.enabled) {
      if (settings.backOrdering)
        throw conflict(
          "Back ordering cannot be switched off once it is on: the distributor's copies would stop following the tenant's books.",
        );
      return view(tenant, settings);
    }
    if (settings.backOrdering) return view(tenant, settings);
    const resellerAccountId = tenant.parentAccountId ?? "";
    const uncopied = await listUncopiedOfReseller(tx, actor.tenantId, resellerAccountId);
    if (uncopied.length > 0)
      throw new AppError(
        "R-TEN-01",
        `${uncopied.length} subscription(s) in your BSS under ${tenant.name} are not in the tenant's books; copy or end them before turning on back ordering.`,
        { subscriptions: uncopied.slice(0, 50) },
      );
    const reseller = await getAccount(tx, actor.tenantId, resellerAccountId);
    const paid = (await listMirrorRows(tx, tenant.id)).filter((s) => !s.isTrial && LIVE.has(s.status));
    const customerIds = new Set(paid.map((s) => s.accountId));
    // Missing customers first (R-TEN-01: a customer before its subscriptions).
    let accountsCopied = 0;
    for (const source of await listEndCustomers(tx, tenant.id)) {
      if (!customerIds.has(source.id)) continue;
      const { outcome } = await upsertAccountCopy(deps, tx, { source, tenantResellerAccount: reseller });
      if (outcome === "created") accountsCopied++;
    }
    const today = (await todayFor(deps, tx, tenant.id)).toString();
    for (const s of paid) {
      const snapshot = await snapshotOf(tx, tenant.id, s.id);
      if (!snapshot) continue;
      const id = `backorder:${s.id}`;
      const event: SubscriptionChanged = {
        tenantId: tenant.id,
        subscriptionId: s.id,
        history: [
          {
            id,
            action: "back_ordering",
            summary: "Copied when back ordering was turned on",
            effectiveDate: today,
            channel: "tenant",
          },
        ],
        snapshot,
      };
      await enqueueJob(tx, deps.ids, {
        tenantId: tenant.id,
        kind: SUBSCRIPTION_CHANGED,
        key: id,
        queue: `subevents:${s.id}`,
        payload: event,
      });
    }
    const updated = await activateSettings(tx, tenant.id, {
      activatedAt: deps.clock.now(),
      activatedBy: actor.userId,
      activation: { accountsCopied, subscriptionsQueued: paid.length, on: today },
    });
    return view(tenant, updated);
  });
}

function view(tenant: Tenant, settings: SettingsRow | undefined): BackOrderingView {
  return {
    tenantId: tenant.id,
    tenantName: tenant.name,
    backOrdering: settings?.backOrdering ?? false,
    activatedAt: settings?.activatedAt?.toISOString() ?? null,
    responsibleUserId: settings?.responsibleUserId ?? null,
    activation: (settings?.activation ?? {}) as Record<string, unknown>,
  };
}
