import { and, asc, count, desc, eq, gte, ilike, inArray, lte, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { DateString } from "../../shared/dates.ts";
import type { Db } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import { likePattern, type Page, Paging, sortParam } from "../../shared/paging.ts";
import { parseInput } from "../../shared/parse-input.ts";
import { type Actor, assertAccountVisible, getAccount, visibleAccountIds } from "../tenancy/index.ts";
import { findDocument, listChargesOf } from "./billing.repo.ts";
import { billingDocuments } from "./billing.schema.ts";
import type { ChargeRow, DocumentRow } from "./billing.types.ts";
import {
  countsSql,
  PAYMENT_STATUSES,
  type Settlement,
  settlementsOf,
  statusSql,
  tenantToday,
} from "./settlement.ts";

/** Invoices and credit notes: lists with filters, one document with its lines, a subscription's lines. */

const DOCUMENT_SORTS = ["issueDate", "number", "gross"] as const;
export const ListDocumentsQuery = z.strictObject({
  ...Paging,
  kind: z.enum(["invoice", "credit_note"]).optional(),
  accountId: z.string().min(1).optional(),
  from: DateString.optional(),
  to: DateString.optional(),
  /** Part of a document number, e.g. "000042". */
  number: z.string().trim().min(1).max(40).optional(),
  /** R-PAY-01: invoices by payment status (as of the tenant's today). */
  status: z.enum(PAYMENT_STATUSES).optional(),
  sort: sortParam(DOCUMENT_SORTS),
});
export type ListDocumentsQuery = z.input<typeof ListDocumentsQuery>;

/**
 * Documents visible to the actor: BSS staff see the tenant's; a Storefront user those billed to
 * its account (a reseller: also its customers').
 */
export async function listDocuments(
  deps: Deps,
  actor: Actor,
  rawQuery: unknown,
): Promise<Page<DocumentRow> & { settlements: Map<string, Settlement> }> {
  const q = parseInput(ListDocumentsQuery, rawQuery ?? {});
  const d = billingDocuments;
  const where: SQL[] = [eq(d.tenantId, actor.tenantId)];
  if (actor.kind === "storefront") where.push(inArray(d.accountId, await visibleAccountIds(deps.db, actor)));
  if (q.kind) where.push(eq(d.kind, q.kind));
  if (q.accountId) where.push(eq(d.accountId, q.accountId));
  if (q.from) where.push(gte(d.issueDate, q.from));
  if (q.to) where.push(lte(d.issueDate, q.to));
  if (q.number) where.push(ilike(d.number, likePattern(q.number)));
  where.push(countsSql("billing_documents"));
  if (q.status)
    where.push(
      sql`${statusSql("billing_documents", await tenantToday(deps, deps.db, actor.tenantId))} = ${q.status}`,
    );
  const field = (q.sort ?? "-issueDate").replace(/^-/, "") as (typeof DOCUMENT_SORTS)[number];
  const dir = (q.sort ?? "-issueDate").startsWith("-") ? desc : asc;
  const column = { issueDate: d.issueDate, number: d.number, gross: d.gross }[field];
  const items = await deps.db
    .select()
    .from(d)
    .where(and(...where))
    .orderBy(dir(column), dir(d.seq), dir(d.id))
    .limit(q.limit)
    .offset(q.offset);
  const [c] = await deps.db
    .select({ n: count() })
    .from(d)
    .where(and(...where));
  const settlements = await settlementsOf(deps, deps.db, actor.tenantId, items);
  return { items, total: Number(c?.n ?? 0), limit: q.limit, offset: q.offset, settlements };
}

export interface DocumentDetails {
  document: DocumentRow;
  account: { id: string; name: string; address: unknown; accountingNumber: string | null };
  lines: ChargeRow[];
  settlement: Settlement;
}

/** One document with its lines (each with its arithmetic); outside the caller's scope: 404. */
export async function getDocument(deps: Deps, actor: Actor, id: string): Promise<DocumentDetails> {
  const document = await findDocument(deps.db, actor.tenantId, id);
  if (!document) throw notFound("Document", id);
  if (actor.kind === "storefront") {
    try {
      await assertAccountVisible(deps.db, actor, document.accountId);
    } catch {
      throw notFound("Document", id);
    }
  }
  const account = await getAccount(deps.db, actor.tenantId, document.accountId);
  const lines = await listChargesOf(deps.db, actor.tenantId, { documentId: id });
  return {
    document,
    account: {
      id: account.id,
      name: account.name,
      address: account.address,
      accountingNumber: account.accountingNumber ?? null,
    },
    lines,
    settlement: (await settlementsOf(deps, deps.db, actor.tenantId, [document])).get(document.id)!,
  };
}

/** Every billing line of a subscription (charges and credits, invoiced or waiting), oldest first. */
export async function listSubscriptionCharges(
  db: Db,
  tenantId: string,
  subscriptionId: string,
): Promise<ChargeRow[]> {
  return listChargesOf(db, tenantId, { subscriptionId });
}
