import type { Deps } from "../../deps.ts";
import { type PlainDate, parseDate } from "../../shared/dates.ts";
import { type Tx, transaction } from "../../shared/db.ts";
import { documentNumber, loadOptionsMap, prorates } from "./billing.core.ts";
import { assignDocuments, takeNumbers } from "./billing.repo.ts";
import { lineTax } from "./billing.rules.ts";
import type { BillingOptions } from "./billing.types.ts";
import { queueDocumentDelivery } from "./deliver-documents.ts";
import {
  claimChunk,
  closePlan,
  dropStalePlans,
  finishChunk,
  hasPlan,
  planChunks,
} from "./invoice-due.chunks.ts";
import { lockDueRefs } from "./invoice-due.priced.sql.ts";
import { createPricer, type Pricer } from "./invoice-due.pricer.ts";
import {
  type CommonWork,
  emptyChargeColumns,
  type ItemProgress,
  insertDocumentRows,
  listDueAccounts,
  lockPendingCharges,
  type NewDocument,
  readDueItems,
  writeChargesAndProgress,
} from "./invoice-due.sql.ts";

export interface InvoiceDueResult {
  accounts: number;
  charges: number;
  documents: number;
}

export interface InvoiceDueOptions {
  runId: string | null;
  /** Accounts per transaction: a crash loses at most the chunk in progress (it rolls back). */
  chunkSize?: number;
  /**
   * Chunks in flight at once on this process (PostgreSQL; PGlite is one session and takes 1):
   * each lane is its own transaction on its own connection, so pricing, writing and the server's
   * work overlap on both cores. Numbers stay gapless: each chunk takes them as its last step.
   */
  lanes?: number;
  onProgress?: (p: {
    accountsDone: number;
    accountsTotal: number;
    charges: number;
    documents: number;
  }) => Promise<void> | void;
}

/** Paying accounts per transaction by default: ~2 subscriptions each, a few thousand lines per statement. */
const DEFAULT_CHUNK = 2000;

/**
 * The money part of the billing run for a tenant and a date: every billing item with a period
 * starting on or before the date is billed (renewals, AC1M installments, AC1Y years; a day missed
 * is caught up), and every uninvoiced charge due by then is invoiced — one invoice (and one
 * credit note) per paying account. Set-based: the due paying accounts are planned in chunks
 * (billing_run_chunks), and each chunk is one transaction of a handful of statements, never a
 * round trip per subscription; the chunks are claimed by this process's lanes and by any worker
 * process that joins the run (`joinInvoicing`). Exactly once: charges are unique per (item,
 * period), documents take only uninvoiced charges, and a chunk is marked done in the transaction
 * that writes it, so a rerun (after a crash at any point) completes the work and creates nothing twice.
 */
export async function invoiceDue(
  deps: Deps,
  tenantId: string,
  date: PlainDate,
  options: InvoiceDueOptions,
): Promise<InvoiceDueResult> {
  const day = date.toString();
  const accounts = await listDueAccounts(deps.db, tenantId, day);
  const size = options.chunkSize ?? DEFAULT_CHUNK;
  const runId = options.runId ?? deps.ids.next("brn");
  const chunks: string[][] = [];
  for (let i = 0; i < accounts.length; i += size) chunks.push(accounts.slice(i, i + size));
  await dropStalePlans(deps.db, tenantId);
  await planChunks(deps.db, { runId, tenantId, day, chunks });
  const mine = { accounts: 0, charges: 0, documents: 0 };
  await workChunks(deps, runId, options.lanes ?? 1, false, async (done) => {
    mine.accounts += done.accounts;
    mine.charges += done.charges;
    mine.documents += done.documents;
    await options.onProgress?.({ accountsDone: mine.accounts, accountsTotal: accounts.length, ...mine });
  });
  // Chunks other workers hold: wait for each, and do any one left open by a worker that failed.
  await workChunks(deps, runId, 1, true);
  const totals = await closePlan(deps.db, runId);
  return { accounts: accounts.length, charges: totals.charges, documents: totals.documents };
}

/**
 * A worker process's share of a run (issue 17): waits until the run has planned its invoicing
 * (or ends), then claims chunks with its lanes until none is left open. The run itself waits
 * for every chunk and records the totals. Returns the chunks this worker did.
 */
export async function joinInvoicing(
  deps: Deps,
  runId: string,
  options: { lanes?: number; isOver: () => Promise<boolean>; pollMs?: number },
): Promise<{ chunks: number; charges: number; documents: number }> {
  while (!(await hasPlan(deps.db, runId))) {
    if (await options.isOver()) return { chunks: 0, charges: 0, documents: 0 };
    await new Promise((r) => setTimeout(r, options.pollMs ?? 50));
  }
  const mine = { chunks: 0, charges: 0, documents: 0 };
  await workChunks(deps, runId, options.lanes ?? 1, false, (done) => {
    mine.chunks++;
    mine.charges += done.charges;
    mine.documents += done.documents;
  });
  return mine;
}

type ChunkDone = { accounts: number; charges: number; documents: number };

/** Runs `lanes` claim loops until no chunk is open (or one fails: the others stop after their chunk). */
async function workChunks(
  deps: Deps,
  runId: string,
  lanes: number,
  wait: boolean,
  onChunk?: (done: ChunkDone) => Promise<void> | void,
): Promise<void> {
  const n = deps.dbKind === "pglite" ? 1 : Math.max(1, lanes);
  const prices = new Map<string, Pricer>();
  let failed = false;
  const lane = async () => {
    while (!failed) {
      const done = await transaction(deps.db, async (tx) => {
        const chunk = await claimChunk(tx, runId, wait);
        if (!chunk) return undefined;
        let price = prices.get(chunk.run_date);
        if (!price) {
          price = createPricer(parseDate(chunk.run_date));
          prices.set(chunk.run_date, price);
        }
        const date = parseDate(chunk.run_date);
        const r = await invoiceChunk(deps, tx, chunk.tenant_id, date, chunk.account_ids, runId, price);
        await finishChunk(tx, runId, chunk.seq, r);
        return { accounts: chunk.account_ids.length, ...r };
      });
      if (!done) return;
      await onChunk?.(done);
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: n }, () =>
      lane().catch((e) => {
        failed = true;
        throw e;
      }),
    ),
  );
  const error = results.find((r) => r.status === "rejected");
  if (error) throw (error as PromiseRejectedResult).reason;
}

/** A document being put together in a chunk: the new lines due today and the charges that waited. */
interface Group {
  key: string;
  kind: "invoice" | "credit_note";
  id: string;
  accountId: string;
  currency: string;
  net: bigint;
  tax: bigint;
  lines: number;
  pendingIds: string[];
}

/**
 * One chunk, one transaction: lock the due items and the charges waiting to be invoiced, price the
 * due periods (billing.rules.ts), then write the charges — those due today straight onto the
 * documents they belong to — and advance the items in one statement, and issue the documents with
 * gapless numbers: one per (kind, paying account, currency), numbered in that order (as
 * `issueDocuments` does).
 */
async function invoiceChunk(
  deps: Deps,
  tx: Tx,
  tenantId: string,
  date: PlainDate,
  accounts: readonly string[],
  runId: string | null,
  price: Pricer,
): Promise<{ charges: number; documents: number }> {
  const day = date.toString();
  const refs = await lockDueRefs(tx, tenantId, accounts, day);
  const pending = await lockPendingCharges(tx, tenantId, accounts, day);
  if (refs.length === 0 && pending.length === 0) return { charges: 0, documents: 0 };
  // The common case (one whole period) is priced by SQL in the write; the rest here (duePeriods).
  const items = await readDueItems(
    tx,
    tenantId,
    refs.filter((r) => !r.common).map((r) => r.id),
  );
  const optionsByAccount =
    items.length > 0 ? await loadOptionsMap(tx, tenantId, accounts) : new Map<string, BillingOptions>();
  const now = deps.clock.now();
  const source = `billing run ${day}`;

  const groups = new Map<string, Group>();
  const groupOf = (kind: Group["kind"], accountId: string, currency: string): Group => {
    const key = `${kind}\u0000${accountId}\u0000${currency}`;
    let g = groups.get(key);
    if (!g) {
      const id = deps.ids.next(kind === "invoice" ? "inv" : "crn");
      g = { key, kind, id, accountId, currency, net: 0n, tax: 0n, lines: 0, pendingIds: [] };
      groups.set(key, g);
    }
    return g;
  };

  const common: CommonWork = { itemIds: [], chargeIds: [], documentIds: [] };
  for (const r of refs) {
    if (!r.common) continue;
    common.itemIds.push(r.id);
    common.chargeIds.push(deps.ids.next("chg"));
    common.documentIds.push(groupOf("invoice", r.bill_to_account_id, r.currency).id);
  }
  const c = emptyChargeColumns();
  const progress: ItemProgress = { id: [], next: [], ended: [] };
  for (const item of items) {
    const options = optionsByAccount.get(item.bill_to_account_id)!;
    const { lines, dates } = price(
      item,
      prorates(options, { productId: item.product_id, prorate: item.prorate }),
    );
    if (lines.length === 0) continue;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const d = dates[i]!;
      const partial = line.days < line.periodDays;
      const invoiceOn = partial && options.partialCharges === "billing_day" ? d.dayAfter : d.from;
      const group = invoiceOn <= day ? groupOf("invoice", item.bill_to_account_id, item.currency) : null;
      c.id.push(deps.ids.next("chg"));
      c.accountId.push(item.account_id);
      c.billToAccountId.push(item.bill_to_account_id);
      c.itemId.push(item.id);
      c.subscriptionId.push(item.subscription_id);
      c.addonId.push(item.addon_id);
      c.productId.push(item.product_id);
      c.description.push(item.description);
      c.periodStart.push(d.periodStart);
      c.periodEnd.push(d.periodEnd);
      c.fromDate.push(d.from);
      c.toDate.push(d.to);
      c.days.push(line.days);
      c.periodDays.push(line.periodDays);
      c.quantity.push(line.quantity);
      c.unitPrice.push(line.unitPrice);
      c.periodsPerTerm.push(line.periodsPerTerm);
      c.discountBasisPoints.push(line.discountBasisPoints);
      c.installmentNo.push(line.installmentNo);
      c.prorated.push(line.prorated);
      c.amount.push(line.amount);
      c.taxRateBasisPoints.push(options.taxRateBasisPoints);
      c.tax.push(lineTax(line.amount, options.taxRateBasisPoints));
      c.currency.push(item.currency);
      c.explanation.push(line.explanation);
      c.promotionId.push(line.promotion?.id ?? null);
      c.promotionName.push(line.promotion?.name ?? null);
      c.promotionValueType.push(line.promotion?.valueType ?? null);
      c.promotionValue.push(line.promotion?.value ?? null);
      c.dedupeKey.push(`rec:${item.id}:${d.periodStart}`);
      c.invoiceOn.push(invoiceOn);
      c.documentId.push(group?.id ?? null);
    }
    const next = dates.at(-1)!.dayAfter;
    progress.id.push(item.id);
    progress.next.push(next);
    progress.ended.push(item.ends_on !== null && next > item.ends_on);
  }

  const written = await writeChargesAndProgress(tx, {
    tenantId,
    kind: "recurring",
    source,
    now,
    charges: c,
    progress,
    common,
  });
  // What was actually inserted per document (a charge skipped as a duplicate — its period was
  // billed already — is on no document); nothing written is read back.
  const byId = new Map([...groups.values()].map((g) => [g.id, g]));
  let inserted = 0;
  for (const w of written) {
    inserted += w.lines;
    const g = w.document_id === null ? undefined : byId.get(w.document_id);
    if (!g) continue;
    g.net += BigInt(w.net);
    g.tax += BigInt(w.tax);
    g.lines += w.lines;
  }
  for (const p of pending) {
    const g = groupOf(p.kind === "credit" ? "credit_note" : "invoice", p.bill_to_account_id, p.currency);
    g.net += BigInt(p.amount);
    g.tax += BigInt(p.tax);
    g.lines++;
    g.pendingIds.push(p.id);
  }
  const documents = await issueChunkDocuments(deps, tx, tenantId, [...groups.values()], {
    issueDate: day,
    source,
    runId,
    now,
  });
  return { charges: inserted, documents };
}

/** Numbers the chunk's documents from the tenant's counters (in key order, like issueDocuments) and writes them. */
async function issueChunkDocuments(
  deps: Deps,
  tx: Tx,
  tenantId: string,
  all: Group[],
  input: { issueDate: string; source: string; runId: string | null; now: Date },
): Promise<number> {
  const groups = all.filter((g) => g.lines > 0).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (groups.length === 0) return 0;
  const counts = { invoice: 0, credit_note: 0 };
  for (const g of groups) counts[g.kind]++;
  const next = {
    invoice: counts.invoice ? await takeNumbers(tx, tenantId, "invoice", counts.invoice) : 0,
    credit_note: counts.credit_note ? await takeNumbers(tx, tenantId, "credit_note", counts.credit_note) : 0,
  };
  const documents: NewDocument[] = [];
  const pairs: Array<readonly [string, string]> = [];
  for (const g of groups) {
    const seq = next[g.kind]++;
    documents.push({
      id: g.id,
      kind: g.kind,
      seq,
      number: documentNumber(g.kind, seq),
      accountId: g.accountId,
      currency: g.currency,
      net: g.net,
      tax: g.tax,
      lineCount: g.lines,
    });
    for (const id of g.pendingIds) pairs.push([id, g.id] as const);
  }
  await insertDocumentRows(tx, { tenantId, ...input, documents });
  await assignDocuments(tx, tenantId, pairs);
  // R-DOC-03: the chunk's documents are emailed by ONE job, after this transaction commits.
  await queueDocumentDelivery(
    deps,
    tx,
    tenantId,
    documents.map((d) => d.id),
  );
  return documents.length;
}
