import type { Deps } from "../../deps.ts";
import { AppError } from "../../shared/errors.ts";
import { type InstanceRow, insertInstanceIfMissing } from "./service-managers.repo.ts";

/**
 * The tenant's instance of a vendor's service manager, created on first use (one per tenant and
 * vendor, a unique index). Used by the CLI, the demo seed and createServiceManagerInstance.
 */
export async function ensureServiceManagerInstance(
  deps: Deps,
  tenantId: string,
  vendor: string,
): Promise<{ instance: InstanceRow; created: boolean }> {
  const manager = deps.serviceManagers.find(vendor);
  if (!manager) {
    const known = deps.serviceManagers.list().map((m) => m.vendor);
    throw new AppError(
      "validation_failed",
      `Unknown vendor "${vendor}"; this installation knows ${known.join(", ")}.`,
      {
        field: "vendor",
        known,
      },
    );
  }
  const { row, created } = await insertInstanceIfMissing(deps.db, {
    id: deps.ids.next("smi"),
    tenantId,
    vendor,
    name: manager.displayName,
    createdAt: deps.clock.now(),
  });
  return { instance: row, created };
}
