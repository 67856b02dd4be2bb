import type { Deps } from "../../deps.ts";
import { conflict } from "../../shared/errors.ts";
import type { TenantScope } from "./catalog.types.ts";
import { ensureServiceManagerInstance } from "./ensure-service-manager-instance.ts";
import { type ServiceManagerView, toServiceManagerView } from "./list-service-managers.ts";

/** BSS admin: adds a vendor's service manager to the tenant (at most one per vendor). */
export async function createServiceManagerInstance(
  deps: Deps,
  actor: TenantScope,
  input: { vendor: string },
): Promise<ServiceManagerView> {
  const { instance, created } = await ensureServiceManagerInstance(deps, actor.tenantId, input.vendor);
  if (!created)
    throw conflict(`This tenant already has a ${instance.name} service manager.`, {
      id: instance.id,
      vendor: input.vendor,
    });
  return toServiceManagerView(deps, instance, undefined);
}
