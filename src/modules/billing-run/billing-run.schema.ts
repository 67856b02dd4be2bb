import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The manual (sandbox) clock's current time, so that a restart does not send the business date
 * back to the real today after months were advanced. One row, id "manual".
 */
export const sandboxClock = pgTable("sandbox_clock", {
  id: text().primaryKey(),
  instant: timestamp({ withTimezone: true }).notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});
