import type { ServiceManager } from "../service-manager.ts";
export function createDropboxServiceManager(): ServiceManager {
  return {
    vendor: "dropbox",
    displayName: "Dropbox",
    getServicesDefinition: async () => ({ productTypes: [] }),
  };
}
