import type { Deps } from "../../deps.ts";
import { beforeCommit, COMMIT_PHASE, inCounterTurn, type Tx, txList } from "../../shared/db.ts";
import { AppError } from "../../shared/errors.ts";
import {
  assignDocuments,
  DEFAULT_PAYMENT_TERMS_DAYS,
  findBillingAccount,
  insertCharges,
  insertDocuments,
  insertOpening,
  listBillingAccounts,
  takeNumbers,
} from "./billing.repo.ts";
import { lineTax, MAX_TERM_AMOUNT, type PricedLine, termAmountProblem } from "./billing.rules.ts";
import type {
  BillingAccountRow,
  BillingItemRow,
  BillingOptions,
  ChargeKind,
  ChargeRow,
  DocumentRow,
} from "./billing.types.ts";
import { queueDocumentDelivery } from "./deliver-documents.ts";

/** What every billing use case shares: options with defaults, charge rows, document issuing. */

export function optionsOf(accountId: string, row: BillingAccountRow | undefined): BillingOptions {
  return {
    accountId,
    billingDay: (row?.billingDay as BillingOptions["billingDay"]) ?? "anniversary",
    prorate: row?.prorate ?? true,
    noProrationProductIds: row?.noProrationProductIds ?? [],
    partialCharges: (row?.partialCharges as BillingOptions["partialCharges"]) ?? "order_day",
    currency: row?.currency ?? null,
    taxRateBasisPoints: row?.taxRateBasisPoints ?? 0,
    paymentTermsDays: row?.paymentTermsDays ?? DEFAULT_PAYMENT_TERMS_DAYS,
    isDefault: !row,
  };
}

export async function loadOptions(tx: Tx, tenantId: string, accountId: string): Promise<BillingOptions> {
  return optionsOf(accountId, await findBillingAccount(tx, tenantId, accountId));
}

export async function loadOptionsMap(
  tx: Tx,
  tenantId: string,
  accountIds: readonly string[],
): Promise<Map<string, BillingOptions>> {
  const rows = await listBillingAccounts(tx, tenantId, [...new Set(accountIds)]);
  const byId = new Map(rows.map((r) => [r.accountId, r]));
  return new Map(accountIds.map((id) => [id, optionsOf(id, byId.get(id))]));
}

/**
 * Proration applies unless the account turned it off or lists this product, or the product is
 * excluded from proration in the catalogue (the item's flag).
 */
export function prorates(options: BillingOptions, item: { productId: string; prorate: boolean }): boolean {
  return options.prorate && item.prorate && !options.noProrationProductIds.includes(item.productId);
}

/**
 * Refuses (400) an item whose unit price × quantity would not fit the ledger (MAX_TERM_AMOUNT):
 * called wherever an item's price or quantity is set, inside the command's transaction, so the
 * command writes nothing and no later billing run meets an amount it cannot store (issue 12).
 */
export function assertBillable(
  items: ReadonlyArray<Pick<BillingItemRow, "unitPrice" | "quantity" | "currency" | "description">>,
): void {
  for (const item of items) {
    const problem = termAmountProblem(item);
    if (problem)
      throw new AppError("validation_failed", `Invalid input — ${problem}`, {
        quantity: item.quantity,
        unitPrice: item.unitPrice.toString(),
        maxTermAmount: MAX_TERM_AMOUNT.toString(),
      });
  }
}

export interface ChargeMeta {
  kind: ChargeKind;
  dedupeKey: string;
  invoiceOn: string;
  source: string;
  description?: string;
}

/** A charge row for a priced line of an item: the line's inputs, amount, tax and explanation. */
export function chargeRow(
  deps: Deps,
  item: BillingItemRow,
  line: PricedLine,
  options: BillingOptions,
  meta: ChargeMeta,
): ChargeRow {
  return {
    id: deps.ids.next("chg"),
    tenantId: item.tenantId,
    accountId: item.accountId,
    billToAccountId: item.billToAccountId,
    itemId: item.id,
    subscriptionId: item.subscriptionId,
    addonId: item.addonId,
    productId: item.productId,
    kind: meta.kind,
    description: meta.description ?? item.description,
    periodStart: line.periodStart.toString(),
    periodEnd: line.periodEnd.toString(),
    fromDate: line.from.toString(),
    toDate: line.to.toString(),
    days: line.days,
    periodDays: line.periodDays,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    periodsPerTerm: line.periodsPerTerm,
    discountBasisPoints: line.discountBasisPoints,
    installmentNo: line.installmentNo,
    prorated: line.prorated,
    amount: line.amount,
    taxRateBasisPoints: options.taxRateBasisPoints,
    tax: lineTax(line.amount, options.taxRateBasisPoints),
    currency: item.currency,
    explanation: line.explanation,
    promotionId: line.promotion?.id ?? null,
    promotionName: line.promotion?.name ?? null,
    promotionValueType: line.promotion?.valueType ?? null,
    promotionValue: line.promotion?.value ?? null,
    creditedAmount: 0n,
    creditsChargeId: null,
    dedupeKey: meta.dedupeKey,
    invoiceOn: meta.invoiceOn,
    documentId: null,
    source: meta.source,
    createdAt: deps.clock.now(),
  };
}

/** Writes charges (exactly once by their keys) and returns those actually written. */
export async function writeCharges(tx: Tx, rows: readonly ChargeRow[]): Promise<ChargeRow[]> {
  const inserted = await insertCharges(tx, rows);
  return rows.filter((r) => inserted.has(r.id));
}

export const DOCUMENT_PREFIX = { invoice: "INV", credit_note: "CN" } as const;

export function documentNumber(kind: DocumentRow["kind"], seq: number): string {
  return `${DOCUMENT_PREFIX[kind as keyof typeof DOCUMENT_PREFIX]}-${String(seq).padStart(6, "0")}`;
}

interface PlannedDocument {
  doc: DocumentRow;
  /** 1-based position among the documents of its kind in this batch (its number's offset). */
  ordinal: number;
}

/**
 * Groups charges into documents: one invoice per (bill-to account, currency) for the charges, one
 * credit note for the credits, in account order; sets each charge's documentId. Numbers come later.
 */
function planDocuments(
  deps: Deps,
  tenantId: string,
  charges: readonly ChargeRow[],
  input: { issueDate: string; source: string; runId?: string | null },
): PlannedDocument[] {
  const groups = new Map<string, ChargeRow[]>();
  for (const c of charges) {
    const kind = c.kind === "credit" ? "credit_note" : "invoice";
    const key = `${kind}\u0000${c.billToAccountId}\u0000${c.currency}`;
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  const ordinals = { invoice: 0, credit_note: 0 };
  const now = deps.clock.now();
  return [...groups.keys()].sort().map((key) => {
    const [kind, accountId, currency] = key.split("\u0000") as ["invoice" | "credit_note", string, string];
    const lines = groups.get(key)!;
    const net = lines.reduce((a, l) => a + l.amount, 0n);
    const tax = lines.reduce((a, l) => a + l.tax, 0n);
    const doc: DocumentRow = {
      id: deps.ids.next(kind === "invoice" ? "inv" : "crn"),
      tenantId,
      kind,
      seq: 0,
      number: "",
      accountId,
      issueDate: input.issueDate,
      dueDate: null, // set by the insert from the account's payment terms (R-PAY-01)
      currency,
      net,
      tax,
      gross: net + tax,
      lineCount: lines.length,
      runId: input.runId ?? null,
      source: input.source,
      status: "issued",
      creditsDocumentId: null,
      reason: null,
      createdBy: null,
      createdAt: now,
    };
    for (const l of lines) l.documentId = doc.id;
    return { doc, ordinal: ++ordinals[kind] };
  });
}

/**
 * Issues documents for `charges` (all uninvoiced, locked by the caller, already written): numbers
 * from the tenant's gapless counters in this transaction, then the documents, then the charges
 * are put on them.
 */
export async function issueDocuments(
  deps: Deps,
  tx: Tx,
  tenantId: string,
  charges: readonly ChargeRow[],
  input: { issueDate: string; source: string; runId?: string | null },
): Promise<DocumentRow[]> {
  if (charges.length === 0) return [];
  const planned = planDocuments(deps, tenantId, charges, input);
  const count = (kind: string) => planned.filter((p) => p.doc.kind === kind).length;
  const first = {
    invoice: count("invoice") ? await takeNumbers(tx, tenantId, "invoice", count("invoice")) : 0,
    credit_note: count("credit_note")
      ? await takeNumbers(tx, tenantId, "credit_note", count("credit_note"))
      : 0,
  };
  const documents = planned.map(({ doc, ordinal }) => {
    doc.seq = first[doc.kind as keyof typeof first] + ordinal - 1;
    doc.number = documentNumber(doc.kind, doc.seq);
    return doc;
  });
  await insertDocuments(tx, documents);
  await assignDocuments(
    tx,
    tenantId,
    charges.map((c) => [c.id, c.documentId!] as const),
  );
  // R-DOC-03: one delivery job for the documents issued here.
  await queueDocumentDelivery(
    deps,
    tx,
    tenantId,
    documents.map((d) => d.id),
  );
  return documents;
}

/**
 * New billing items, their charges and the invoice of those due, in ONE statement (the order
 * path). The invoice number is taken from the tenant's gapless counter inside that statement.
 *
 * `atCommit` (issue 17, an executed order): the statement is not run now but as the transaction's
 * tail, right before COMMIT (COMMIT_PHASE.invoiceNumbers), with every other opening of the same
 * transaction in it: the invoice counter row is then locked for that statement and the commit only,
 * not for the rest of the order — that lock was where concurrent orders of a tenant queued. The
 * returned documents get their seq, number and due date when the tail runs (the same objects), so
 * whatever is built from them after the commit shows the numbers; nothing in the transaction may
 * read these rows before then.
 */
export async function writeOpening(
  deps: Deps,
  tx: Tx,
  tenantId: string,
  items: readonly BillingItemRow[],
  charges: readonly ChargeRow[],
  due: readonly ChargeRow[],
  input: { issueDate: string; source: string; atCommit?: boolean },
): Promise<DocumentRow[]> {
  const planned = planDocuments(deps, tenantId, due, input);
  if (planned.some((p) => p.doc.kind !== "invoice")) throw new Error("an opening has no credits");
  const documents = planned.map((p) => p.doc);
  if (input.atCommit) {
    for (const d of documents) {
      d.seq = null;
      d.number = null;
    }
    txList<Opening>(tx, OPENINGS).push({ items, charges, documents });
    beforeCommit(tx, OPENINGS, (root) => writeOpenings(root, tenantId), COMMIT_PHASE.invoiceNumbers);
  } else {
    await insertNumbered(tx, tenantId, [{ items, charges, documents }]);
  }
  // R-DOC-03: one delivery job for the order's invoice(s).
  await queueDocumentDelivery(
    deps,
    tx,
    tenantId,
    documents.map((d) => d.id),
  );
  return documents;
}

interface Opening {
  items: readonly BillingItemRow[];
  charges: readonly ChargeRow[];
  documents: DocumentRow[];
}

const OPENINGS = "billing.openings";

/** The tail of an order's transaction: every opening it deferred, in one statement, in its counter turn. */
async function writeOpenings(tx: Tx, tenantId: string): Promise<void> {
  const openings = txList<Opening>(tx, OPENINGS).splice(0);
  if (openings.length === 0) return;
  // Once per transaction (a second turn while holding the counter row would wait on itself).
  await inCounterTurn(`invoice:${tenantId}`, () => insertNumbered(tx, tenantId, openings));
}

async function insertNumbered(tx: Tx, tenantId: string, openings: readonly Opening[]): Promise<void> {
  const documents = openings.flatMap((o) => o.documents);
  const numbered = await insertOpening(
    tx,
    tenantId,
    openings.flatMap((o) => o.items),
    openings.flatMap((o) => o.charges),
    documents.map((d, i) => ({ ...d, ordinal: i + 1 })),
    DOCUMENT_PREFIX.invoice,
  );
  for (const d of documents) {
    const n = numbered.get(d.id)!;
    d.seq = n.seq;
    d.number = documentNumber("invoice", n.seq);
    d.dueDate = n.dueDate;
  }
}
