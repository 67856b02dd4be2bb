import type { Db } from "../../src/shared/db.ts";
import { queryRows, sql } from "../../src/shared/db.ts";

/**
 * A fingerprint of the database in one query: per business table count(*) and sum(xmin) (any
 * insert, update or delete changes one of them). Left out, because they legitimately change on a
 * refused request:
 * - idempotency_keys: a 4xx is stored for replay by design (src/http/idempotency.ts);
 * - openbss_migrations: not business data;
 * - login-attempt / rate-limit counters (tables named *login_attempt*, *rate_limit*), if present:
 *   a refused sign-in is exactly what they count.
 * Compared without their volatile columns (a row's other columns must not change):
 * - api_keys.last_used_at: every Bearer request touches it, refused or not;
 * - sessions.last_seen_at / last_used_at, if present: every cookie request may touch them.
 */
const EXCLUDED = /^(idempotency_keys|openbss_migrations)$|login_attempt|rate_limit/;
const VOLATILE: Record<string, string[]> = {
  api_keys: ["last_used_at"],
  sessions: ["last_seen_at", "last_used_at"],
};

export interface Fingerprinter {
  tables: string[];
  excluded: string[];
  take(): Promise<Map<string, string>>;
}

export async function fingerprinter(db: Db): Promise<Fingerprinter> {
  const all = await queryRows<{ t: string }>(
    db,
    sql`select table_name as t from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const tables = all.map((r) => r.t).filter((t) => !EXCLUDED.test(t));
  const part = (t: string) => {
    const volatile = VOLATILE[t];
    if (!volatile)
      return `select '${t}' as t, count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) as f from "${t}"`;
    const minus = volatile.map((c) => ` - '${c}'`).join("");
    return `select '${t}' as t, count(*) || ':' || coalesce(md5(string_agg((to_jsonb(x)${minus})::text, '|' order by (to_jsonb(x)${minus})::text)), '') as f from "${t}" x`;
  };
  const query = sql.raw(tables.map(part).join(" union all "));
  return {
    tables,
    excluded: all.map((r) => r.t).filter((t) => EXCLUDED.test(t)),
    async take() {
      const rows = await queryRows<{ t: string; f: string }>(db, query);
      return new Map(rows.map((r) => [r.t, r.f]));
    },
  };
}

/** The tables whose fingerprint differs. */
export function changedTables(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...a.keys()].filter((t) => a.get(t) !== b.get(t));
}
