import type { Deps } from "../../deps.ts";
import { addDays, compareDates, type PlainDate, parseDate } from "../../shared/dates.ts";
import { queryRows, sql, type Tx, transaction } from "../../shared/db.ts";
import { chargeRow, issueDocuments, loadOptionsMap, prorates, writeCharges } from "./billing.core.ts";
import { lockDueItems, lockUninvoiced, updateItemsProgress } from "./billing.repo.ts";
import { duePeriods, type Term } from "./billing.rules.ts";
import type { BillingItemRow, ChargeRow } from "./billing.types.ts";

export interface InvoiceDueResult {
  accounts: number;
  charges: number;
  documents: number;
}

export interface InvoiceDueOptions {
  runId: string | null;
  /** Accounts per transaction: a crash loses at most the chunk in progress (it rolls back). */
  chunkSize?: number;
  onProgress?: (p: {
    accountsDone: number;
    accountsTotal: number;
    charges: number;
    documents: number;
  }) => Promise<void> | void;
}

/**
 * The money part of the billing run for a tenant and a date: every billing item with a period
 * starting on or before the date is billed (renewals, AC1M installments, AC1Y years; a day missed
 * is caught up), and every uninvoiced charge due by then is invoiced — one invoice (and one
 * credit note) per paying account. Set-based: accounts are taken in chunks, and each chunk is
 * one transaction of a handful of statements, never a round trip per subscription. Exactly once:
 * charges are unique per (item, period) and documents take only uninvoiced charges, so a rerun
 * (after a crash at any point) completes the work and creates nothing twice.
 */
export async function invoiceDue(
  deps: Deps,
  tenantId: string,
  date: PlainDate,
  options: InvoiceDueOptions,
): Promise<InvoiceDueResult> {
  const day = date.toString();
  const accounts = await dueAccounts(deps, tenantId, day);
  const size = options.chunkSize ?? 500;
  const result: InvoiceDueResult = { accounts: accounts.length, charges: 0, documents: 0 };
  for (let i = 0; i < accounts.length; i += size) {
    const chunk = accounts.slice(i, i + size);
    const done = await transaction(deps.db, (tx) =>
      invoiceChunk(deps, tx, tenantId, date, chunk, options.runId),
    );
    result.charges += done.charges;
    result.documents += done.documents;
    await options.onProgress?.({
      accountsDone: Math.min(i + size, accounts.length),
      accountsTotal: accounts.length,
      charges: result.charges,
      documents: result.documents,
    });
  }
  return result;
}

/** Paying accounts with a period to bill or a charge to invoice on `day`, in a stable order. */
async function dueAccounts(deps: Deps, tenantId: string, day: string): Promise<string[]> {
  const rows = await queryRows<{ account: string }>(
    deps.db,
    sql`select bill_to_account_id as account from billing_items
          where tenant_id = ${tenantId} and status = 'active' and next_period_start <= ${day}::date
            and (ends_on is null or next_period_start <= ends_on)
        union
        select bill_to_account_id from billing_charges
          where tenant_id = ${tenantId} and document_id is null and invoice_on <= ${day}::date
        order by 1`,
  );
  return rows.map((r) => r.account);
}

async function invoiceChunk(
  deps: Deps,
  tx: Tx,
  tenantId: string,
  date: PlainDate,
  accounts: readonly string[],
  runId: string | null,
): Promise<{ charges: number; documents: number }> {
  const day = date.toString();
  const items = await lockDueItems(tx, tenantId, accounts, day);
  const optionsByAccount = await loadOptionsMap(tx, tenantId, accounts);
  const rows: ChargeRow[] = [];
  const progress: Array<{ id: string; next: string; ended: boolean }> = [];
  const source = `billing run ${day}`;
  for (const item of items) {
    const options = optionsByAccount.get(item.billToAccountId)!;
    const lines = duePeriods(priceable(item), date, { prorate: prorates(options, item.productId) });
    if (lines.length === 0) continue;
    for (const line of lines) {
      const partial = line.days < line.periodDays;
      const invoiceOn =
        partial && options.partialCharges === "billing_day"
          ? addDays(line.to, 1).toString()
          : line.from.toString();
      rows.push(
        chargeRow(deps, item, line, options, {
          kind: "recurring",
          dedupeKey: `rec:${item.id}:${line.periodStart}`,
          invoiceOn,
          source,
        }),
      );
    }
    const next = addDays(lines.at(-1)!.to, 1);
    const ended = item.endsOn !== null && compareDates(next, parseDate(item.endsOn)) > 0;
    progress.push({ id: item.id, next: next.toString(), ended });
  }
  const written = await writeCharges(tx, rows);
  await updateItemsProgress(tx, tenantId, progress, deps.clock.now());
  const uninvoiced = await lockUninvoiced(tx, tenantId, { accountIds: accounts, date: day });
  const documents = await issueDocuments(deps, tx, tenantId, uninvoiced, { issueDate: day, source, runId });
  return { charges: written.length, documents: documents.length };
}

function priceable(item: BillingItemRow) {
  // Edit Pricing Info for the next cycle: the new price applies from its date on.
  const useNext = item.nextPriceFrom !== null && item.nextPeriodStart >= item.nextPriceFrom;
  return {
    ...item,
    unitPrice: useNext && item.nextUnitPrice !== null ? item.nextUnitPrice : item.unitPrice,
    discountBasisPoints:
      useNext && item.nextDiscountBasisPoints !== null
        ? item.nextDiscountBasisPoints
        : item.discountBasisPoints,
    term: item.term as Term,
    cycleAnchor: parseDate(item.cycleAnchor),
    nextPeriodStart: parseDate(item.nextPeriodStart),
    endsOn: item.endsOn ? parseDate(item.endsOn) : null,
  };
}
