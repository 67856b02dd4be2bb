import type { Deps } from "../../deps.ts";
import type { ProvisioningTarget } from "../../service-managers/service-manager.ts";
import { loadTeamContext } from "../subscriptions/record-provisioning-result.ts";

/** What an order line would create, in the vendor's vocabulary (before any subscription exists). */
export interface NewSubscriptionSpec {
  productTypeCode: string;
  productTypeId: string;
  sku: string;
  quantity: number;
  addons: Array<{ sku: string; quantity: number }>;
  adminEmail: string;
  /** R-ORD-07: already cut to the vendor's length. */
  teamName: string;
  country: string;
  /** R-ORD-06: the vendor's reseller id given on the line; else the customer's earlier one. */
  resellerId: string | null;
  /** Used when neither the line nor an earlier order names the vendor's reseller id. */
  fallbackResellerId: string;
  resellerName: string;
  /** The customer, when it exists already (a customer created at checkout has no teams). */
  accountId: string | null;
}

export type NewSubscriptionCheck =
  | { outcome: "ok" }
  | { outcome: "refused"; message: string; code?: string }
  /** No provisioner for the product type, or the vendor did not answer in time: not blocking. */
  | { outcome: "skipped"; reason: string };

/**
 * R-PRV-02 before the subscription exists (issue 13): ask the service manager's validate-only call
 * whether it would create what the order line asks for. Runs outside any transaction (a network
 * call). A refusal (e.g. the admin email is on another customer's team, R-EXT-03) stops the order
 * with the vendor's message; a vendor that does not answer within VENDOR_PRECHECK_TIMEOUT_MS, or
 * fails transiently, does not block it — the provisioning job's own pre-check then applies.
 */
export async function precheckNewSubscription(
  deps: Deps,
  tenantId: string,
  spec: NewSubscriptionSpec,
  options: { timeoutMs?: number } = {},
): Promise<NewSubscriptionCheck> {
  const provisioner = deps.serviceManagers.provisionerFor(spec.productTypeCode);
  if (!provisioner) return { outcome: "skipped", reason: "no service manager provisions this product" };
  const timeoutMs = options.timeoutMs ?? deps.config.VENDOR_PRECHECK_TIMEOUT_MS;
  const check = async (): Promise<NewSubscriptionCheck> => {
    const team = await loadTeamContext(deps.db, tenantId, {
      accountId: spec.accountId,
      productTypeId: spec.productTypeId,
      adminEmail: spec.adminEmail || null,
    });
    const resellerId = spec.resellerId ?? team.earlierResellerId ?? spec.fallbackResellerId;
    await provisioner.syncReseller(resellerId, spec.resellerName);
    const restore =
      team.retainedExternalId &&
      (await provisioner.isRestorable({ resellerId, externalId: team.retainedExternalId }))
        ? team.retainedExternalId
        : null;
    const target: ProvisioningTarget = {
      subscriptionId: "(new)",
      productTypeCode: spec.productTypeCode,
      externalId: null,
      restoreExternalId: restore,
      foreignExternalIds: team.foreignExternalIds,
      sharesExternalObject: false,
      resellerId,
      adminEmail: spec.adminEmail,
      name: spec.teamName,
      country: spec.country,
      sku: spec.sku,
      quantity: spec.quantity,
      addons: spec.addons,
      renewal: null,
      status: "active",
    };
    const answer = await provisioner.precheckCreate(target);
    return answer.ok
      ? { outcome: "ok" }
      : { outcome: "refused", message: answer.message, ...(answer.code ? { code: answer.code } : {}) };
  };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<NewSubscriptionCheck>((resolve) => {
    timer = setTimeout(
      () => resolve({ outcome: "skipped", reason: `the vendor did not answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([
      check().catch((e: unknown): NewSubscriptionCheck => {
        deps.log.warn(
          { err: e },
          "vendor pre-check failed; the order goes on (the provisioning job checks again)",
        );
        return { outcome: "skipped", reason: "the vendor could not be asked" };
      }),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
