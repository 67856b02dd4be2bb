import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Deps } from "../../deps.ts";
import type { PlainDate } from "../../shared/dates.ts";
import type { Tx } from "../../shared/db.ts";
import { recordHistory } from "./subscriptions.core.ts";
import { subscriptions } from "./subscriptions.schema.ts";
import { LIVE_STATUSES } from "./subscriptions.states.ts";
import type { CommandContext, SubscriptionRow } from "./subscriptions.types.ts";

/**
 * R-ORD-02 after a partial upgrade: the team's exclusive key (`<type>:<admin email>`) sits on ONE
 * of its live subscriptions — the origin; a partial upgrade's new subscription shares the team
 * and carries no key (the unique index allows one live row per key). When the key holder leaves
 * the live set while another subscription of the same team stays live, the key moves to that
 * subscription in the same transaction, so the team keeps exactly one key and a new plan for
 * the email is still refused. A subscription of the same team = same tenant, same product type,
 * same admin email (case-insensitive) — which is what the key itself encodes. The partial-upgrade
 * chain (parentSubscriptionId) is preferred, then the oldest.
 *
 * (Its SQL lives here rather than in subscriptions.repo.ts only while that file is being reworked
 * elsewhere; it reads only this module's table.)
 */
export async function handOverTeamKey(
  deps: Deps,
  tx: Tx,
  ctx: CommandContext,
  left: SubscriptionRow,
  effectiveDate: PlainDate | string,
): Promise<SubscriptionRow | undefined> {
  const key = left.exclusiveKey;
  const email = left.adminEmail?.trim().toLowerCase();
  if (!key || !email) return undefined;
  const s = subscriptions;
  const related = sql`(${s.parentSubscriptionId} = ${left.id} or ${s.id} = ${left.parentSubscriptionId ?? ""} or ${s.parentSubscriptionId} = ${left.parentSubscriptionId ?? ""})`;
  const [heir] = await tx
    .select()
    .from(s)
    .where(
      and(
        eq(s.tenantId, left.tenantId),
        eq(s.productTypeId, left.productTypeId),
        inArray(s.status, [...LIVE_STATUSES]),
        isNull(s.exclusiveKey),
        sql`lower(trim(${s.adminEmail})) = ${email}`,
        sql`${s.id} <> ${left.id}`,
      ),
    )
    .orderBy(sql`case when ${related} then 0 else 1 end`, asc(s.createdAt), asc(s.id))
    .limit(1)
    .for("update");
  if (!heir) return undefined;
  const [updated] = await tx
    .update(s)
    .set({ exclusiveKey: key, version: sql`${s.version} + 1`, updatedAt: deps.clock.now() })
    .where(and(eq(s.tenantId, heir.tenantId), eq(s.id, heir.id)))
    .returning();
  await recordHistory(deps, tx, ctx, heir.id, {
    action: "team_key_transferred",
    summary: `Now holds the team's one-plan key (${email}): ${left.id} left the live plans (R-ORD-02)`,
    effectiveDate,
    changes: { exclusiveKey: { from: null, to: key }, from: left.id },
  });
  return updated;
}
