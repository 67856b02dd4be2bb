import { index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Provisioning's own record per subscription: the last sync (vendor id, calls made) and the last
 * drift check (part 4: the vendor compared with the BSS). The subscription's sync status itself is
 * the subscriptions module's (R-PRV-01); this table holds what only provisioning knows.
 */
export const provisioningStates = pgTable(
  "provisioning_states",
  {
    tenantId: text().notNull(),
    subscriptionId: text().notNull(),
    externalId: text(),
    lastAction: text(),
    lastCalls: jsonb().$type<string[]>().notNull().default([]),
    lastSyncedAt: timestamp({ withTimezone: true, mode: "date" }),
    /** null = never checked; `in_sync` / `drift`. */
    driftStatus: text(),
    driftDifferences: jsonb().$type<unknown[]>().notNull().default([]),
    driftCheckedAt: timestamp({ withTimezone: true, mode: "date" }),
  },
  (t) => [
    primaryKey({ name: "provisioning_states_pk", columns: [t.tenantId, t.subscriptionId] }),
    index("provisioning_states_drift_idx").on(t.tenantId, t.driftStatus),
  ],
);
