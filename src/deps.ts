import type { Config } from "./config.ts";
import { createMailer, type Mailer } from "./modules/notifications/index.ts";
import { createDropboxServiceManager, type DropboxConnection } from "./service-managers/dropbox/index.ts";
import {
  createServiceManagerRegistry,
  type ServiceManagerRegistry,
} from "./service-managers/service-manager.ts";
import { type Clock, manualClock, systemClock } from "./shared/clock.ts";
import type { Database, Db } from "./shared/db.ts";
import { type IdGenerator, randomIds } from "./shared/ids.ts";
import type { Logger } from "./shared/log.ts";

/** Everything a use case may touch, wired by hand (no container). */
export interface Deps {
  readonly config: Config;
  readonly db: Db;
  readonly dbKind: Database["kind"];
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly log: Logger;
  readonly serviceManagers: ServiceManagerRegistry;
  /** Email transport: SMTP when SMTP_URL is set, else stored in the messages table only. */
  readonly mailer: Mailer;
  /**
   * Where each vendor's connector talks to, filled at start (`DROPBOX_API_URL`, or the in-process
   * sandbox that `serve` starts on a free port; tests point it at their sandbox).
   */
  readonly vendorConnections: VendorConnections;
}

export interface VendorConnections {
  dropbox?: DropboxConnection | undefined;
}

export function dropboxConnectionFromConfig(config: Config): DropboxConnection | undefined {
  if (!config.DROPBOX_API_URL) return undefined;
  return {
    baseUrl: config.DROPBOX_API_URL,
    clientId: config.DROPBOX_CLIENT_ID,
    clientSecret: config.DROPBOX_CLIENT_SECRET,
    client: { timeoutMs: config.DROPBOX_TIMEOUT_MS },
  };
}

export function createClock(config: Pick<Config, "OPENBSS_CLOCK" | "OPENBSS_CLOCK_START">): Clock {
  if (config.OPENBSS_CLOCK === "system") return systemClock();
  return manualClock(config.OPENBSS_CLOCK_START ? new Date(config.OPENBSS_CLOCK_START) : new Date());
}

export function buildDeps(input: { config: Config; database: Database; log: Logger; clock?: Clock }): Deps {
  const vendorConnections: VendorConnections = { dropbox: dropboxConnectionFromConfig(input.config) };
  return {
    config: input.config,
    db: input.database.db,
    dbKind: input.database.kind,
    clock: input.clock ?? createClock(input.config),
    ids: randomIds(),
    log: input.log,
    serviceManagers: createServiceManagerRegistry([
      createDropboxServiceManager({ connection: () => vendorConnections.dropbox }),
    ]),
    mailer: createMailer(input.config),
    vendorConnections,
  };
}
