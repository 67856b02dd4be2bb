import type { ServicesDefinition } from "./services-definition.ts";

/**
 * The contract every vendor's service manager implements (DESIGN.md). A new vendor is a new
 * services definition plus a connector — never a new branch in a module.
 * Provisioning (pre-check + calls) joins this contract with the provisioning issue.
 */
export interface ServiceManager {
  /** Stable vendor key, e.g. "dropbox". */
  readonly vendor: string;
  readonly displayName: string;
  /** The catalogue and its policies, as data (what "Get Services Definition" installs). */
  getServicesDefinition(): Promise<ServicesDefinition>;
}

export interface ServiceManagerRegistry {
  get(vendor: string): ServiceManager;
  find(vendor: string): ServiceManager | undefined;
  list(): readonly ServiceManager[];
}

export function createServiceManagerRegistry(managers: readonly ServiceManager[]): ServiceManagerRegistry {
  const byVendor = new Map(managers.map((m) => [m.vendor, m]));
  return {
    get(vendor) {
      const m = byVendor.get(vendor);
      if (!m) throw new Error(`No service manager for vendor "${vendor}"`);
      return m;
    },
    find: (vendor) => byVendor.get(vendor),
    list: () => [...byVendor.values()],
  };
}
