import type { ServiceManager } from "../service-manager.ts";
import { ServicesDefinition } from "../services-definition.ts";
import { dropboxProductType } from "./dropbox.products.ts";
import { dropboxSignProductType } from "./dropbox-sign.products.ts";

/** Bump when the generated catalogue changes, so runs log which definition they installed. */
export const DROPBOX_DEFINITION_VERSION = "2026.1";

/** The Dropbox + Dropbox Sign services definition, validated by the ServicesDefinition schema. */
export function buildDropboxServicesDefinition(): ServicesDefinition {
  return ServicesDefinition.parse({
    vendor: "dropbox",
    version: DROPBOX_DEFINITION_VERSION,
    currency: "EUR",
    productTypes: [dropboxProductType(), dropboxSignProductType()],
  });
}

export function createDropboxServiceManager(): ServiceManager {
  let cached: ServicesDefinition | undefined;
  return {
    vendor: "dropbox",
    displayName: "Dropbox",
    // The definition is static data; build and validate it once per process.
    getServicesDefinition: async () => {
      cached ??= buildDropboxServicesDefinition();
      return structuredClone(cached);
    },
  };
}
