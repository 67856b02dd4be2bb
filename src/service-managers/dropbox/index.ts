import type { Provisioner, ServiceManager } from "../service-manager.ts";
import { ServicesDefinition } from "../services-definition.ts";
import { DropboxClient, type DropboxClientOptions } from "./connector/index.ts";
import { dropboxProductType } from "./dropbox.products.ts";
import { dropboxSignProductType } from "./dropbox-sign.products.ts";
import { createDropboxProvisioner } from "./provisioner.ts";

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

/** Where the connector talks to: the in-process sandbox (serve, tests) or the partner API. */
export interface DropboxConnection {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Sandbox only: its base URL, to make resellers known (accounts sync, reseller first). */
  sandboxControlUrl?: string;
  /** Client tuning (timeouts, retries); tests shorten them. */
  client?: Partial<Omit<DropboxClientOptions, "baseUrl" | "clientId" | "clientSecret">>;
}

/**
 * The Dropbox service manager. `connection` may be a function, resolved at the first vendor call,
 * so `serve` can wire a sandbox started on a free port; without one there is no provisioner.
 */
export function createDropboxServiceManager(
  options: { connection?: DropboxConnection | (() => DropboxConnection | undefined) } = {},
): ServiceManager {
  let cached: ServicesDefinition | undefined;
  const resolve = () =>
    typeof options.connection === "function" ? options.connection() : options.connection;
  let client: { conn: DropboxConnection; client: DropboxClient } | undefined;
  const current = (): DropboxClient => {
    const conn = resolve();
    if (!conn) throw new Error("No Dropbox connection is configured (DROPBOX_API_URL)");
    if (client?.conn !== conn)
      client = {
        conn,
        client: new DropboxClient({
          baseUrl: conn.baseUrl,
          clientId: conn.clientId,
          clientSecret: conn.clientSecret,
          ...conn.client,
        }),
      };
    return client.client;
  };
  const provisioner: Provisioner | undefined = options.connection
    ? createDropboxProvisioner({ client: current, sandboxControlUrl: () => resolve()?.sandboxControlUrl })
    : undefined;
  return {
    vendor: "dropbox",
    displayName: "Dropbox",
    ...(provisioner ? { provisioner } : {}),
    // The definition is static data; build and validate it once per process.
    getServicesDefinition: async () => {
      cached ??= buildDropboxServicesDefinition();
      return structuredClone(cached);
    },
  };
}

export { createDropboxProvisioner, toState } from "./provisioner.ts";
