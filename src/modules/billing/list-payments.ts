import { and, count, desc, eq, gte, lte, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { DateString } from "../../shared/dates.ts";
import { notFound } from "../../shared/errors.ts";
import { type Page, Paging } from "../../shared/paging.ts";
import { parseInput } from "../../shared/parse-input.ts";
import type { BssActor } from "../tenancy/index.ts";
import { payments } from "./billing.schema.ts";
import { type AllocationRow, allocationsOf, findPayment, type PaymentRow } from "./payments.core.ts";

/** R-PAY-01: the tenant's payments (newest first; filters: account, paid from/to) and one with its allocations. */

export const ListPaymentsQuery = z.strictObject({
  ...Paging,
  accountId: z.string().min(1).max(100).optional(),
  from: DateString.optional(),
  to: DateString.optional(),
});

export async function listPayments(deps: Deps, actor: BssActor, raw: unknown): Promise<Page<PaymentRow>> {
  const q = parseInput(ListPaymentsQuery, raw ?? {});
  const p = payments;
  const where: SQL[] = [eq(p.tenantId, actor.tenantId)];
  if (q.accountId) where.push(eq(p.accountId, q.accountId));
  if (q.from) where.push(gte(p.paidOn, q.from));
  if (q.to) where.push(lte(p.paidOn, q.to));
  const items = await deps.db
    .select()
    .from(p)
    .where(and(...where))
    .orderBy(desc(p.paidOn), desc(p.createdAt), desc(p.id))
    .limit(q.limit)
    .offset(q.offset);
  const [c] = await deps.db
    .select({ n: count() })
    .from(p)
    .where(and(...where));
  return { items, total: Number(c?.n ?? 0), limit: q.limit, offset: q.offset };
}

export async function getPayment(
  deps: Deps,
  actor: BssActor,
  id: string,
): Promise<{ payment: PaymentRow; allocations: AllocationRow[] }> {
  const payment = await findPayment(deps.db, actor.tenantId, id);
  if (!payment) throw notFound("Payment", id);
  return { payment, allocations: await allocationsOf(deps.db, actor.tenantId, id) };
}
