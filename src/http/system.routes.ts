import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Deps } from "../deps.ts";
import { queryOne } from "../shared/db.ts";
import type { App } from "./app.ts";

export function registerSystemRoutes(app: App, deps: Deps): void {
  app.get(
    "/api/health",
    {
      schema: {
        tags: ["system"],
        summary: "Liveness and database check",
        response: {
          200: z.object({
            status: z.literal("ok"),
            database: z.enum(["pglite", "postgres"]),
            clock: z.object({ kind: z.enum(["system", "manual"]), now: z.string() }),
            version: z.string(),
          }),
        },
      },
    },
    async () => {
      await queryOne(deps.db, sql`select 1 as ok`);
      return {
        status: "ok" as const,
        database: deps.dbKind,
        clock: { kind: deps.clock.kind, now: deps.clock.now().toISOString() },
        version: "0.1.0",
      };
    },
  );
}
