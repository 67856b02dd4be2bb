import { and, asc, count, desc, eq, gte, ilike, inArray, lte, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import { DateString } from "../../shared/dates.ts";
import type { Db } from "../../shared/db.ts";
import { notFound } from "../../shared/errors.ts";
import { likePattern, type Page, Paging, sortParam } from "../../shared/paging.ts";
import { parseInput } from "../../shared/parse-input.ts";
import {
  type Actor,
  assertAccountVisible,
  getAccount,
  getTenant,
  visibleAccountIds,
} from "../tenancy/index.ts";
import {
  findDelivery,
  findDocument,
  listChargesOf,
  listCreditedDocuments,
  listCreditingDocuments,
} from "./billing.repo.ts";
import { billingDocuments } from "./billing.schema.ts";
import type { ChargeRow, DocumentDelivery, DocumentRow } from "./billing.types.ts";
import { PAYMENT_STATUSES, type Settlement, settlementsOf, statusSql, tenantToday } from "./settlement.ts";

/** Invoices and credit notes: lists with filters, one document with its lines, a subscription's lines. */

const DOCUMENT_SORTS = ["issueDate", "number", "gross"] as const;
export const ListDocumentsQuery = z.strictObject({
  ...Paging,
  kind: z.enum(["invoice", "credit_note"]).optional(),
  /** draft: hand-made credit notes not issued yet (R-DOC-01; BSS only). */
  status: z.enum(["draft", "issued"]).optional(),
  accountId: z.string().min(1).optional(),
  from: DateString.optional(),
  to: DateString.optional(),
  /** Part of a document number, e.g. "000042". */
  number: z.string().trim().min(1).max(40).optional(),
  /** R-PAY-01: invoices by payment status (as of the tenant's today). */
  paymentStatus: z.enum(PAYMENT_STATUSES).optional(),
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
  if (actor.kind === "storefront") {
    where.push(inArray(d.accountId, await visibleAccountIds(deps.db, actor)));
    // A draft is the back office's work in progress: never shown to the buyer (R-DOC-01).
    where.push(eq(d.status, "issued"));
  }
  if (q.status) where.push(eq(d.status, q.status));
  if (q.kind) where.push(eq(d.kind, q.kind));
  if (q.accountId) where.push(eq(d.accountId, q.accountId));
  if (q.from) where.push(gte(d.issueDate, q.from));
  if (q.to) where.push(lte(d.issueDate, q.to));
  if (q.number) where.push(ilike(d.number, likePattern(q.number)));
  if (q.paymentStatus)
    where.push(
      sql`${statusSql("billing_documents", await tenantToday(deps, deps.db, actor.tenantId))} = ${q.paymentStatus}`,
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

/**
 * The names of the accounts documents are billed to (issue 16: a reseller's list names its
 * customers), one lookup per distinct account of the page.
 */
export async function accountNamesOf(
  deps: Deps,
  tenantId: string,
  accountIds: string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(accountIds)) names.set(id, (await getAccount(deps.db, tenantId, id)).name);
  return names;
}

/** A party on a document (R-DOC-02): the seller (the tenant) or the buyer (the paying account). */
export interface DocumentParty {
  name: string;
  address: Record<string, string>;
  vatId: string | null;
}

/** A document line as printed: the charge (with the promotion that set its price, if any). */
export type DocumentLine = ChargeRow;

export interface DocumentDetails {
  document: DocumentRow;
  seller: DocumentParty;
  account: DocumentParty & { id: string; accountingNumber: string | null };
  /** A credit note: the invoices whose lines it credits (number order). Empty for an invoice. */
  credits: Array<{ id: string; number: string }>;
  lines: DocumentLine[];
  /** R-DOC-03: where the document was emailed, or why not; null until its delivery job ran. */
  delivery: DocumentDelivery | null;
  /** The invoice a hand-made credit note credits (R-DOC-01). */
  creditsDocument: { id: string; number: string | null } | null;
  /** Hand-made credit notes of this invoice (BSS: drafts too; the Storefront: issued ones). */
  creditNotes: Array<{ id: string; number: string | null; status: string; gross: bigint }>;
  /** R-PAY-01: what settles an invoice (payments, credit notes) and its status. */
  settlement: Settlement;
}

/** One document with its lines (each with its arithmetic); outside the caller's scope: 404. */
export async function getDocument(deps: Deps, actor: Actor, id: string): Promise<DocumentDetails> {
  const document = await findDocument(deps.db, actor.tenantId, id);
  if (!document) throw notFound("Document", id);
  if (actor.kind === "storefront") {
    if (document.status !== "issued") throw notFound("Document", id);
    try {
      await assertAccountVisible(deps.db, actor, document.accountId);
    } catch {
      throw notFound("Document", id);
    }
  }
  return loadDocumentDetails(deps, deps.db, document, actor);
}

/**
 * Everything a document prints (R-DOC-02) and its references, read inside `db` (a transaction or
 * the pool). Without an actor (delivery, PDFs for email) or for a Storefront actor, only issued
 * credit notes of an invoice are listed; the BSS sees drafts too.
 */
export async function loadDocumentDetails(
  deps: Deps,
  db: Db,
  document: DocumentRow,
  actor?: Actor,
): Promise<DocumentDetails> {
  const tenantId = document.tenantId;
  const tenant = await getTenant(db, tenantId);
  const account = await getAccount(db, tenantId, document.accountId);
  const lines = await listChargesOf(db, tenantId, { documentId: document.id, documentStatus: "any" });
  const credits =
    document.kind === "credit_note" ? await listCreditedDocuments(db, tenantId, document.id) : [];
  const delivery = await findDelivery(db, tenantId, document.id);
  const credited = document.creditsDocumentId
    ? await findDocument(db, tenantId, document.creditsDocumentId)
    : undefined;
  const creditNotes = (await listCreditingDocuments(db, tenantId, document.id)).filter(
    (c) => actor?.kind === "bss" || c.status === "issued",
  );
  return {
    document,
    seller: { name: tenant.name, address: addressOf(tenant.address), vatId: tenant.vatId ?? null },
    account: {
      id: account.id,
      name: account.name,
      address: addressOf(account.address),
      vatId: account.vatId ?? null,
      accountingNumber: account.accountingNumber ?? null,
    },
    credits,
    lines,
    delivery: delivery ?? null,
    creditsDocument: credited ? { id: credited.id, number: credited.number } : null,
    creditNotes: creditNotes.map((c) => ({ id: c.id, number: c.number, status: c.status, gross: c.gross })),
    settlement: (await settlementsOf(deps, db, tenantId, [document])).get(document.id)!,
  };
}

/** The stored address jsonb as strings only (its fields are the tenancy `Address`). */
function addressOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      if (typeof v === "string" && v.trim()) out[k] = v;
  return out;
}

/** Every billing line of a subscription (charges and credits, invoiced or waiting), oldest first. */
export async function listSubscriptionCharges(
  db: Db,
  tenantId: string,
  subscriptionId: string,
): Promise<ChargeRow[]> {
  return listChargesOf(db, tenantId, { subscriptionId });
}
